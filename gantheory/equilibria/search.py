"""Global searches for the minimal Nash gap that use no closed form.

Each search takes a game and sees it only through its objective V(G, D) (``game.value``: the
definition of eqs. (7)-(9), evaluated by quadrature or Gaussian moments) and the best responses of the
responder it is given -- by default the numerical ones of :mod:`gantheory.equilibria.numerical`. The gap
at a generator G is

    gap(G) = V(G, D) - min_G' V(G', D),   D = the responder's discriminator best response to G,

(eq. (2) at (G, D)) with the generator's best response also from the responder. The minimum over
generators is then searched on a grid plus a local refinement. The value returned is the gap at the
generator found *as estimated with these approximate best responses* (reported as ``search_gap``): not a
bound. The claims turn it into a verified upper bound by evaluating the gap at the generator found with
exact or enclosed best responses (gantheory.certify). This module must not import :mod:`gantheory.exact`
(a test checks it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from gantheory.equilibria.numerical import FGANNumerical, W2GANNumerical, WGANNumerical
from gantheory.games.base import Responder, ZeroSumGame
from gantheory.games.fgan import FGANGame
from gantheory.games.gaussian import LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import W2GANGame
from gantheory.games.wgan import WGANGame


@dataclass(frozen=True)
class SearchResult:
    """The best generator a search found and the gap there (as estimated by the responder)."""

    upper: float  #: gap at the best generator found (``search_gap``; not a bound)
    generator: tuple  #: its parameters: (s, u) with s = |w| in 1-D, (W.tolist(), u.tolist()) in the W2GAN
    evaluations: int  #: gap evaluations


def gap_at_response(game: ZeroSumGame, responder: Responder, G) -> float:
    """V(G, D) - min_G' V(G', D) with D and the minimiser from ``responder`` (eq. (2) at (G, D)).

    Parameters
    ----------
    game : ZeroSumGame
        The game (only ``game.value`` is used).
    responder : Responder
        Supplies the discriminator's best response D to G and the generator's best response to D.
    G
        A feasible generator.

    Returns
    -------
    float
        The gap; ``inf`` when the discriminator's best response is not attained, or is NaN.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (2).
    """
    br = responder.discriminator_best_response(G)
    if not br.attained or br.value == math.inf:
        return math.inf
    D = br.strategies[0]
    own = game.value(G, D)
    low = responder.generator_best_response(D).value
    gap = own - low
    return math.inf if math.isnan(gap) else float(gap)


def _search_1d(game: ZeroSumGame, responder: Responder, s_starts: tuple[float, ...], options: dict) -> SearchResult:
    """A 3 x 3 grid of (s, u) starts (u in {-t/2, 0, t}) and a Nelder-Mead refinement of the best."""
    t = game.generators.t
    n = 0

    def gap(p):
        nonlocal n
        n += 1
        s, u = float(np.clip(p[0], 0, 1)), float(np.clip(p[1], -t, t))
        return gap_at_response(game, responder, LinearGenerator.scalar(s, u))

    pts = [(s, u) for s in s_starts for u in (-t / 2, 0.0, t)]
    vals = [gap(p) for p in pts]
    k = int(np.argmin(vals))
    res = optimize.minimize(gap, pts[k], method="Nelder-Mead", options=options)
    x = (float(np.clip(res.x[0], 0, 1)), float(np.clip(res.x[1], -t, t)))
    fx = gap(x)
    if fx <= vals[k]:
        return SearchResult(fx, x, n)
    return SearchResult(vals[k], pts[k], n)


def search_min_gap_fgan(game: FGANGame, responder: Responder | None = None) -> SearchResult:
    """Search for inf_G of the Nash gap at (G, D_G) in the 1-D f-GAN game (eq. (7)), closed-form-free.

    Parameters
    ----------
    game : FGANGame
        One-dimensional game (data N(0, sigma^2), generators G(z) = w z + u, s = |w| <= 1, |u| <= t).
    responder : Responder, optional
        Best responses; default :class:`~gantheory.equilibria.numerical.FGANNumerical`.

    Returns
    -------
    SearchResult
        The gap at the best generator found, as (s, u) with s = |w|; an estimate, not a bound.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (7), Theorem 1 (f-GAN part).
    """
    return _search_1d(game, responder or FGANNumerical(game), (0.3, 0.7, 1.0),
                      {"xatol": 1e-4, "fatol": 1e-7, "maxfev": 25})


def search_min_gap_wgan(game: WGANGame, responder: Responder | None = None) -> SearchResult:
    """Search for inf_G of the Nash gap at (G, D_G) in the 1-D WGAN game (eq. (8)), closed-form-free.

    Parameters
    ----------
    game : WGANGame
        The game (data N(0, sigma^2), generators s = |w| <= 1, |u| <= t).
    responder : Responder, optional
        Best responses; default :class:`~gantheory.equilibria.numerical.WGANNumerical`.

    Returns
    -------
    SearchResult
        The gap at the best generator found, as (s, u) with s = |w|; an estimate, not a bound.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (8), Theorem 1 (WGAN part).
    """
    return _search_1d(game, responder or WGANNumerical(game), (0.0, 0.5, 1.0), {"xatol": 1e-4, "maxfev": 40})


def search_min_gap_w2gan(game: W2GANGame, seed: int = 0, samples: int = 3,
                         responder: Responder | None = None) -> SearchResult:
    """Search for inf_G of the Nash gap at (G, D_G) in the W2GAN game over quadratic D (eq. (9)).

    Parameters
    ----------
    game : W2GANGame
        The game (data N(0, sigma^2 I_d), generators W z + u with sigma_max(W) <= 1, ||u|| <= t).
    seed : int
        Seed of the random starts; a responder with a ``reseed`` method is reseeded with seed + n before
        the n-th gap evaluation.
    samples : int
        Random starts besides the four structured ones.
    responder : Responder, optional
        Best responses; default :class:`~gantheory.equilibria.numerical.W2GANNumerical`.

    Returns
    -------
    SearchResult
        The gap at the best generator found, as (W.tolist(), u.tolist()); an estimate, not a bound.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (9), Theorem 1 (W2GAN part).
    """
    rng = np.random.default_rng(seed)
    responder = responder or W2GANNumerical(game, seed)
    reseed = getattr(responder, "reseed", None)
    gens: LinearGeneratorSet = game.generators
    d, k = gens.dim, gens.latent_dim
    n = 0

    def gap_of(x):
        nonlocal n
        n += 1
        if reseed is not None:
            reseed(seed + n)
        return gap_at_response(game, responder, gens.project_vector(x))

    # a small grid of structured starts (scaled identities, means 0 or t/2 e_1) plus random ones
    starts = [gens.project(a * np.eye(d, k), b * np.eye(d)[0]) for a in (0.5, 1.0) for b in (0.0, 0.5 * gens.t)]
    starts += [gens.sample(rng) for _ in range(samples)]
    xs = [G.to_vector() for G in starts]
    vals = [gap_of(x) for x in xs]
    j = int(np.argmin(vals))
    res = optimize.minimize(gap_of, xs[j], method="Nelder-Mead", options={"maxfev": 20, "xatol": 1e-3})
    G = gens.project_vector(res.x)
    fx = gap_of(G.to_vector())
    if fx <= vals[j]:
        return SearchResult(fx, (G.W.tolist(), G.u.tolist()), n)
    Gj = gens.project_vector(xs[j])
    return SearchResult(vals[j], (Gj.W.tolist(), Gj.u.tolist()), n)
