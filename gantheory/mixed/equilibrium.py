"""Mixed equilibria of the three games of Theorem 1, one function per game: mu* by column generation
(:mod:`gantheory.mixed.program`), D* the exact best response to Q_mu*, the Nash gap of (mu*, D*) in the
mixed extension, and the pure game's minimal Nash gap at the same parameters beside it.

The generator's feasible set is {(w, u) : |w| <= 1, |u| <= t}; the generator mixes mu over it and the
discriminator plays a pure D (eq. (7) f-GAN, eq. (8) WGAN, eq. (9) W2GAN). Existence of a mixed equilibrium,
and the equilibria in closed form where they are known, are proved in proofs/mixed_equilibrium.py:

* WGAN, t <= sqrt(2 ln sigma): mu* = (delta_(1,-t) + delta_(1,t))/2, D* = |x|, value
  sigma sqrt(2/pi) - E|t + Z|; beyond, where it exists, the corners plus a plateau of point masses
  (:mod:`gantheory.mixed.wgan_plateau`), with an interval-arithmetic gap bound;
* W2GAN, KL and JS, t^2 <= 1 - 1/sigma^2 (:func:`log_concave_regime`): the same corner mixture with its
  exact best response has Nash gap 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gantheory.certify.fgan_cache import certify_min_gap_by_key
from gantheory.certify.wgan import certify_min_gap as certify_min_gap_wgan
from gantheory.exact import fgan as exact_fgan
from gantheory.exact import w2gan as exact_w2gan
from gantheory.exact import wgan as exact_wgan
from gantheory.games.discriminators import SQRT_2_OVER_PI, folded_mean
from gantheory.games.divergences import F_TABLE
from gantheory.mixed.certify import GapBound, gap_upper
from gantheory.mixed.fgan import FGANMixedGame
from gantheory.mixed.program import price, solve
from gantheory.mixed.support import Mixture
from gantheory.mixed.w2gan import W2GANMixedGame
from gantheory.mixed.wgan import W1Potential, WGANMixedGame, best_response
from gantheory.mixed.wgan_plateau import PlateauEquilibrium, solve_plateau
from gantheory.mixed.wgan_plateau import gap_upper as plateau_gap_upper

#: 8 ulp: the margin for the rounding of the two sides of t^2 <= 1 - 1/sigma^2
_ULP8 = 8 * 2.0**-53


def corner_mixture(t: float) -> Mixture:
    """The corner mixture mu = (delta_(1, -t) + delta_(1, t))/2 (the start of the column generation).

    Parameters
    ----------
    t : float
        The bound |u| <= t of Theorem 1.

    Returns
    -------
    Mixture
    """
    return Mixture(np.array([1.0, 1.0]), np.array([-t, t]), np.array([0.5, 0.5]))


def log_concave_regime(sigma: float, t: float) -> bool:
    """Whether t^2 <= 1 - 1/sigma^2 (with a margin of 8 ulp on each side for their rounding).

    There the corner mixture with its exact best response is a mixed Nash equilibrium of the W2GAN (9), KL and
    JS (7) games: the log-density of Q_mu is (1 - t^2)-concave (proofs/mixed_equilibrium.py).

    Parameters
    ----------
    sigma, t : float
        Data scale and the bound |u| <= t.

    Returns
    -------
    bool
    """
    return t * t * (1 + _ULP8) <= (1.0 - 1.0 / (sigma * sigma)) * (1 - _ULP8)


def wgan_corner_regime(sigma: float, t: float) -> bool:
    """Whether t <= sqrt(2 ln sigma): there the corner mixture with D* = |x| is the mixed equilibrium of the
    WGAN game (8) (proofs/mixed_equilibrium.py).

    Parameters
    ----------
    sigma, t : float
        Data scale (> 1) and the bound |u| <= t.

    Returns
    -------
    bool
    """
    return t <= math.sqrt(2.0 * math.log(sigma))


def wgan_corner_value(sigma: float, t: float) -> float:
    """The WGAN mixed value at the corner mixture: V(mu, |x|) of eq. (8), E_P|x| - E_{Q_mu}|x|.

    Parameters
    ----------
    sigma, t : float
        Data scale and the bound |u| <= t.

    Returns
    -------
    float
        sigma sqrt(2/pi) - E|t + Z| (the folded-normal mean of :mod:`gantheory.games.discriminators`).
    """
    return sigma * SQRT_2_OVER_PI - float(folded_mean(t, 1.0))


@dataclass(frozen=True)
class ProvenGap:
    """The Nash gap of a computed mu* where proofs/mixed_equilibrium.py proves the corner mixture is an equilibrium.

    upper: 0 in the proven regime (when the computation agrees with the proof), inf otherwise;
    consistent: the computation agrees with the proof (its gap estimate <= tol, its value the corner's);
    estimate_ok, value_ok: the two checks behind ``consistent``; corner_value: the value at the corner mixture.
    """

    regime: bool
    upper: float
    consistent: bool
    estimate_ok: bool
    value_ok: bool
    corner_value: float


def proven_gap(regime: bool, estimate: float, value: float, corner_value: float, tol: float) -> ProvenGap:
    """Combine the proof (gap 0 at the corner mixture in the regime) with the column generation's numbers.

    Parameters
    ----------
    regime : bool
        :func:`log_concave_regime` at the game's parameters.
    estimate : float
        The column generation's last pricing gain (a quadrature estimate of the mixed Nash gap).
    value, corner_value : float
        The computed mixed value and the value at the corner mixture.
    tol : float
        The gap tolerance.

    Returns
    -------
    ProvenGap
    """
    if not regime:
        return ProvenGap(False, math.inf, False, bool(estimate <= tol), False, corner_value)
    estimate_ok = bool(estimate <= tol)
    value_ok = bool(abs(value - corner_value) <= 1e-8 * max(1.0, abs(corner_value)))
    return ProvenGap(True, 0.0, estimate_ok and value_ok, estimate_ok, value_ok, corner_value)


@dataclass(frozen=True)
class WGANMixedEquilibrium:
    """The mixed equilibrium of the 1-D WGAN game (8) with its certified Nash-gap bound."""

    mixture: Mixture
    value: float
    discriminator: W1Potential
    bound: GapBound
    iterations: int
    corner_regime: bool
    closed_form_value: float | None
    pure_min_gap_lower: float
    pure_min_gap_upper: float
    pure_min_value: float
    plateau: PlateauEquilibrium | None = None  # beyond t^2 = 2 ln sigma: the exact mu* (mixture: its discretisation)
    plateau_note: str | None = None  # why the plateau form was not used (beyond t^2 = 2 ln sigma)


def wgan_mixed_equilibrium(sigma: float, t: float, max_seconds: float = math.inf) -> WGANMixedEquilibrium:
    """mu* of the WGAN game (8): for t^2 > 2 ln sigma the corners-plus-plateau equilibrium of
    :func:`gantheory.mixed.wgan_plateau.solve_plateau` with its certified gap, where that form exists; otherwise
    column generation from the pure W1 minimiser (1, 0), D* = the exact W1 potential of Q_mu* and the certified gap
    bound of :func:`gantheory.mixed.certify.gap_upper`. Beside it, the pure game's certified minimal gap
    (:func:`gantheory.certify.wgan.certify_min_gap`) and minimal value W1(P, N(0, 1)).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1 (Theorem 1).
    t : float
        The bound |u| <= t.
    max_seconds : float
        Wall-time limit of the column generation (and, capped at 60 s, of the plateau's branch and bound).

    Returns
    -------
    WGANMixedEquilibrium
    """
    pure = certify_min_gap_wgan(sigma, t, abs_tol=0.0, rel_tol=1e-6, max_boxes=5000)
    corner = wgan_corner_regime(sigma, t)
    note = None
    if not corner:
        try:
            pl = solve_plateau(sigma, t)
        except ValueError as e:
            note = str(e)
        else:
            pg = plateau_gap_upper(pl, max_seconds=min(60.0, max_seconds))
            bound = GapBound(pg.upper, pg.w1_slack, pg.deviation_upper, pg.boxes, pg.converged)
            return WGANMixedEquilibrium(pl.discretised(), pl.value, pl.D, bound, 0, False, None, pure.lower,
                                        pure.upper, exact_wgan.w1(sigma, 1.0, 0.0), pl)
    sol = solve(WGANMixedGame(sigma, t), max_seconds=max_seconds)
    D = best_response(sigma, sol.mixture)
    bound = gap_upper(sigma, t, sol.mixture, D, max_seconds=min(30.0, max_seconds))
    return WGANMixedEquilibrium(sol.mixture, sol.value, D, bound, sol.iterations, corner,
                                wgan_corner_value(sigma, t) if corner else None, pure.lower, pure.upper,
                                exact_wgan.w1(sigma, 1.0, 0.0), None, note)


def full_box_gain(game: W2GANMixedGame | FGANMixedGame, mix: Mixture, gain: float) -> float:
    """The quadrature gap estimate over the whole generator set [0, 1] x [-t, t]: the column generation prices only
    s >= the responder's s_min (its atoms need a density), but narrower generators and point masses may deviate too
    (their payoff against D* is defined: E psi(u + s Z) -> psi(u) as s -> 0).

    Parameters
    ----------
    game : W2GANMixedGame or FGANMixedGame
        The responder.
    mix : Mixture
        The computed mu*.
    gain : float
        The column generation's last gain (over s >= s_min).

    Returns
    -------
    float
        The larger of ``gain`` and the pricing gain over s in [0, 1].
    """
    return max(gain, price(game.payoff(mix), mix, game.t, 0.0, n_s=41, n_u=81, refine=6).gain)


@dataclass(frozen=True)
class W2GANMixedEquilibrium:
    """The mixed equilibrium of the 1-D W2GAN game (9): value, quadrature gap estimate, the proven gap."""

    mixture: Mixture
    value: float
    gap_estimate: float
    gap: ProvenGap
    iterations: int
    pure_min_gap_lower: float
    pure_min_value: float


def _from_the_corners(game: W2GANMixedGame | FGANMixedGame, sigma: float, t: float, tol: float,
                      max_seconds: float) -> tuple:
    """Column generation started at the corner mixture, the gap estimate (over the whole generator set outside
    :func:`log_concave_regime`, :func:`full_box_gain`) and :func:`proven_gap`: ``(solution, estimate, gap)``."""
    start = corner_mixture(t)
    sol = solve(game, start=start, max_seconds=max_seconds)
    regime = log_concave_regime(sigma, t)
    estimate = sol.gain if regime else full_box_gain(game, sol.mixture, sol.gain)
    return sol, estimate, proven_gap(regime, estimate, sol.value, game.value(start), tol)


def w2gan_mixed_equilibrium(sigma: float, t: float, eta: float, tol: float,
                            max_seconds: float = math.inf) -> W2GANMixedEquilibrium:
    """mu* of the W2GAN game (9) by column generation from the corner mixture; D* = the Brenier pair of
    Q_mu* -> P; the gap by quadrature (an estimate; outside :func:`log_concave_regime` over the whole generator set,
    :func:`full_box_gain`), proven 0 in :func:`log_concave_regime`; the pure game's
    minimal gap eta (sigma - 1) t^2 (:func:`gantheory.exact.w2gan.min_nash_gap`, lowered by 8 ulp) and minimal
    value eta W2^2(P, N(0, 1)).

    Parameters
    ----------
    sigma, t, eta : float
        Data scale (> 1), the bound |u| <= t, the cost eta (x - x')^2.
    tol : float
        The gap tolerance of :func:`proven_gap`.
    max_seconds : float
        Wall-time limit of the column generation.

    Returns
    -------
    W2GANMixedEquilibrium
    """
    sol, estimate, gap = _from_the_corners(W2GANMixedGame(sigma, t, eta), sigma, t, tol, max_seconds)
    pure_value = exact_w2gan.divergence(eta, sigma, np.zeros(1), np.ones((1, 1)))
    return W2GANMixedEquilibrium(sol.mixture, sol.value, estimate, gap, sol.iterations,
                                 exact_w2gan.min_nash_gap(eta, sigma, t, 1, 1) * (1 - _ULP8), pure_value)


@dataclass(frozen=True)
class FGANMixedEquilibrium:
    """The mixed equilibrium of the 1-D f-GAN game (7) for one f of the f-table."""

    key: str
    mixture: Mixture
    value: float
    gap_estimate: float
    gap: ProvenGap
    iterations: int
    pure_min_gap_lower: float | None
    pure_min_value: float


def fgan_mixed_equilibrium(key: str, sigma: float, t: float, tol: float, max_seconds: float = math.inf,
                           pure_certificate: bool = True) -> FGANMixedEquilibrium:
    """mu* of the f-GAN game (7) by column generation from the corner mixture; D* = f'(p/q_mu*); the gap by
    quadrature (an estimate; outside :func:`log_concave_regime` over the whole generator set, :func:`full_box_gain`),
    proven 0 in :func:`log_concave_regime`; the pure game's certified minimal gap
    (:func:`gantheory.certify.fgan_cache.certify_min_gap_by_key`) and minimal value D_f(P, N(0, 1)).

    Parameters
    ----------
    key : str
        The f of :data:`gantheory.games.divergences.F_TABLE` ("kl", "js", ...).
    sigma, t : float
        Data scale (> 1) and the bound |u| <= t.
    tol : float
        The gap tolerance of :func:`proven_gap`.
    max_seconds : float
        Wall-time limit of the column generation.
    pure_certificate : bool
        Whether to run the pure game's branch and bound (else ``pure_min_gap_lower`` is None).

    Returns
    -------
    FGANMixedEquilibrium
    """
    sol, estimate, gap = _from_the_corners(FGANMixedGame(key, sigma, t), sigma, t, tol, max_seconds)
    pure = certify_min_gap_by_key(key, sigma, t).lower if pure_certificate else None
    return FGANMixedEquilibrium(key, sol.mixture, sol.value, estimate, gap, sol.iterations, pure,
                                float(exact_fgan.divergence(F_TABLE[key], sigma, 1.0, 0.0)))
