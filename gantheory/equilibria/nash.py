"""Nash gaps (NashConv) of a zero-sum game, eq. (2).

nash_gap(G, D) = max_D' V(G, D') - min_G' V(G', D) >= 0, zero exactly at a Nash equilibrium:
(G, D) is a Nash equilibrium iff V(G, D') <= V(G, D) <= V(G', D) for all G', D' (eq. (2)), i.e. iff
both best-response values equal V(G, D). Infinite values are returned as ``math.inf``.

Convention shared by every ``nash_gap_at_best_response`` of the library: the game first, then the
generator, then (closed forms only) the generator set's budget. Here the game is an object and the
best responses come from a :class:`~gantheory.games.base.Responder` (default: :func:`default_responder`);
the closed forms of :mod:`gantheory.exact` take the game's plain parameters instead --
``(div, sigma, s, u, t)`` (f-GAN), ``(sigma, s, u, t)`` (WGAN), ``(eta, sigma, W, u, t)`` (W2GAN), with
s = |w| in one dimension and G(z) = W z + u in d dimensions.
"""

from __future__ import annotations

import math
from typing import Any

from gantheory.equilibria.numerical import FGANNumerical
from gantheory.exact.fgan import FGANClosedForm
from gantheory.exact.w2gan import W2GANClosedForm
from gantheory.exact.wgan import WGANClosedForm
from gantheory.games.base import Responder, ZeroSumGame
from gantheory.games.fgan import FGANGame
from gantheory.games.w2gan import W2GANGame
from gantheory.games.wgan import WGANGame


def default_responder(game: ZeroSumGame) -> Responder:
    """The closed-form responder of a library game (f-GAN: with the numerical generator reply for a
    discriminator that is not some D_G), or the game itself when it is its own :class:`Responder`.

    Parameters
    ----------
    game : ZeroSumGame
        An :class:`~gantheory.games.fgan.FGANGame`, :class:`~gantheory.games.wgan.WGANGame`,
        :class:`~gantheory.games.w2gan.W2GANGame`, or a user's game that subclasses Responder.

    Returns
    -------
    Responder
        Best responses for ``game``.
    """
    if isinstance(game, Responder):
        return game
    if isinstance(game, FGANGame):
        return FGANClosedForm(game, fallback=FGANNumerical(game))
    if isinstance(game, WGANGame):
        return WGANClosedForm(game)
    if isinstance(game, W2GANGame):
        return W2GANClosedForm(game)
    raise ValueError(f"no default responder for {type(game).__name__}: pass responder=")


def nash_gap(game: ZeroSumGame, G: Any, D: Any, responder: Responder | None = None) -> float:
    """max_D' V(G, D') - min_G' V(G', D), eq. (2).

    Parameters
    ----------
    game : ZeroSumGame
        The game.
    G, D
        The pair of strategies.
    responder : Responder, optional
        Best responses (default :func:`default_responder`).

    Returns
    -------
    float
        The gap, ``inf`` when either side is unbounded.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (1)-(2).
    """
    responder = responder or default_responder(game)
    up = responder.discriminator_best_response(G).value
    low = responder.generator_best_response(D).value
    if up == math.inf or low == -math.inf:
        return math.inf
    if math.isnan(up) or math.isnan(low):
        raise ValueError("a best-response value is NaN")
    return float(up - low)


def nash_gap_at_best_response(game: ZeroSumGame, G: Any, responder: Responder | None = None) -> float:
    """inf over best responses D of G of nash_gap(G, D).

    Parameters
    ----------
    game : ZeroSumGame
        The game.
    G
        The generator.
    responder : Responder, optional
        Best responses (default :func:`default_responder`).

    Returns
    -------
    float
        The gap; ``inf`` when no best response is attained.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (2).
    """
    responder = responder or default_responder(game)
    br = responder.discriminator_best_response(G)
    if not br.attained or br.value == math.inf:
        return math.inf
    return min(nash_gap(game, G, D, responder) for D in br.strategies)


def deviation_gains(game: ZeroSumGame, G: Any, D: Any, generators, discriminators) -> tuple[float, float]:
    """Largest gains of sampled unilateral deviations at (G, D).

    Parameters
    ----------
    game : ZeroSumGame
        The game (only V is used).
    G, D
        The pair.
    generators, discriminators
        Iterables of deviations.

    Returns
    -------
    (float, float)
        (max_D' V(G, D') - V(G, D), V(G, D) - min_G' V(G', D)) over the given samples (an independent,
        sampling-based lower bound on each half of the Nash gap).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (2).
    """
    v0 = game.value(G, D)
    d_gain = max((game.value(G, Dp) - v0 for Dp in discriminators), default=-math.inf)
    g_gain = max((v0 - game.value(Gp, D) for Gp in generators), default=-math.inf)
    return float(d_gain), float(g_gain)
