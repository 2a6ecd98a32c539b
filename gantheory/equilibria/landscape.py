"""Nash-gap landscapes of Theorem 1's 1-D Gaussian games, and Remark 1's zero.

For X ~ N(0, sigma^2), sigma > 1, and G(z) = w z + u with s = |w| <= 1, |u| <= t, the Nash gap at the
best response D_G, gap(s, u) = sup_G' V(G, D_G) - V(G', D_G), in closed form (:mod:`gantheory.exact`) for
the f-GAN (eq. (7)), WGAN (eq. (8)) and W2GAN (eq. (9)) games, evaluated on an (s, u) grid whose minimiser
is refined by bounded L-BFGS-B, beside a certified or proven lower bound on inf_G gap (Theorem 1: > 0).
Remark 1: with sigma < 1 and sigma_min(W) >= 1 (s = 1) the WGAN and W2GAN gaps reach 0 at u = 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from gantheory.certify import fgan as certify_fgan
from gantheory.certify import wgan as certify_wgan
from gantheory.exact import fgan as exact_fgan
from gantheory.exact import w2gan as exact_w2gan
from gantheory.exact import wgan as exact_wgan
from gantheory.games.divergences import F_TABLE

#: the f-divergences of the f-GAN landscapes (keys of :data:`gantheory.games.divergences.F_TABLE`)
LANDSCAPE_FGANS = ("kl", "js")

GapFunction = Callable[[float, float], float]


@dataclass(frozen=True)
class LandscapeGame:
    """A Theorem 1 game: its Nash gap at a best response ``gap(s, u)`` (closed form), a lower bound
    ``lower`` on inf_G gap and how that bound was obtained (``lower_kind``)."""

    gap: GapFunction
    lower: float
    lower_kind: str


@dataclass(frozen=True)
class Landscape:
    """A gap landscape on the grid ``S, U`` (``np.meshgrid(s_grid, u_grid)``): values ``G`` (rows: u,
    columns: s) and the refined minimum ``minimum`` at (``s``, ``u``)."""

    s_grid: np.ndarray
    u_grid: np.ndarray
    S: np.ndarray
    U: np.ndarray
    G: np.ndarray
    minimum: float
    s: float
    u: float


def landscape_games(sigma: float, t: float, eta: float,
                    fgans: tuple[str, ...] = LANDSCAPE_FGANS) -> dict[str, LandscapeGame]:
    """The Theorem 1 games of the landscape figure.

    Parameters
    ----------
    sigma : float
        The data's scale (X ~ N(0, sigma^2)), sigma > 1.
    t : float
        The generator's mean bound |u| <= t.
    eta : float
        The W2GAN cost eta |x - x'|^2 (eq. (9)).
    fgans : tuple of str
        The f-GAN divergences (keys of :data:`gantheory.games.divergences.F_TABLE`).

    Returns
    -------
    dict of str to LandscapeGame
        The f-GANs (eq. (7), lower bound certified by :func:`gantheory.certify.fgan.certify_min_gap`), then
        ``"wgan"`` (eq. (8), :func:`gantheory.certify.wgan.certify_min_gap`) and ``"w2gan"`` (eq. (9), the
        proven eta (sigma - 1) t^2 of :func:`gantheory.exact.w2gan.min_nash_gap`).
    """
    games: dict[str, LandscapeGame] = {}
    for key in fgans:
        div = F_TABLE[key]
        games[key] = LandscapeGame(lambda s, u, div=div: exact_fgan.nash_gap_at_best_response(div, sigma, s, u, t),
                                   certify_fgan.certify_min_gap(div, sigma, t).lower, "certified (interval B&B)")
    games["wgan"] = LandscapeGame(lambda s, u: exact_wgan.nash_gap_at_best_response(sigma, s, u, t),
                                  certify_wgan.certify_min_gap(sigma, t).lower, "certified (monotone B&B)")
    games["w2gan"] = LandscapeGame(
        lambda s, u: exact_w2gan.nash_gap_at_best_response(eta, sigma, W=np.array([[s]]), u=np.array([u]), t=t),
        exact_w2gan.min_nash_gap(eta, sigma, t, 1, 1), "proven eta (sigma - 1) t^2")
    return games


def refine_min(f: GapFunction, S: np.ndarray, U: np.ndarray, G: np.ndarray, t: float) -> tuple[float, float, float]:
    """The grid minimiser of a gap landscape, refined by bounded L-BFGS-B on the closed form.

    Parameters
    ----------
    f : callable
        gap(s, u), possibly +inf.
    S, U : numpy.ndarray
        The grid's s and u values (same shape as ``G``).
    G : numpy.ndarray
        f on the grid.
    t : float
        The bound |u| <= t (the search keeps s in [1e-6, 1]).

    Returns
    -------
    tuple of float
        (minimum, s, u): the refined point when it is lower than the grid's finite minimum, else that one.
    """
    k = int(np.nanargmin(np.where(np.isfinite(G), G, np.nan)))
    s0, u0, g0 = float(S.ravel()[k]), float(U.ravel()[k]), float(G.ravel()[k])

    def obj(q):
        v = f(float(q[0]), float(q[1]))
        return v if math.isfinite(v) else 1e300

    res = optimize.minimize(obj, [s0, u0], method="L-BFGS-B", bounds=[(1e-6, 1.0), (-t, t)])
    if res.fun < g0:
        return float(res.fun), float(res.x[0]), float(res.x[1])
    return g0, s0, u0


def gap_landscape(f: GapFunction, t: float, n: int) -> Landscape:
    """A gap function on the n x n grid of s in [0, 1], u in [-t, t], with its minimum (:func:`refine_min`).

    Parameters
    ----------
    f : callable
        gap(s, u) (:attr:`LandscapeGame.gap`).
    t : float
        The generator's mean bound.
    n : int
        Grid points per axis.

    Returns
    -------
    Landscape
        The grid, the values and the refined minimiser.
    """
    s_grid = np.linspace(0.0, 1.0, n)
    u_grid = np.linspace(-t, t, n)
    S, U = np.meshgrid(s_grid, u_grid)
    G = np.array([[f(float(s), float(u)) for s in s_grid] for u in u_grid])
    gmin, smin, umin = refine_min(f, S, U, G, t)
    return Landscape(s_grid, u_grid, S, U, G, gmin, smin, umin)


def remark1_gaps(sigma: float, t: float, eta: float, n: int) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Remark 1's gaps along u at s = 1 (sigma < 1, sigma_min(W) >= 1).

    Parameters
    ----------
    sigma : float
        The data's scale, sigma < 1.
    t : float
        The generator's mean bound.
    eta : float
        The W2GAN cost (eq. (9)).
    n : int
        Points of u in [-t, t].

    Returns
    -------
    tuple
        The u grid and {"wgan": gaps (eq. (8)), "w2gan": gaps (eq. (9))}; both reach 0 at u = 0.
    """
    us = np.linspace(-t, t, n)
    gaps = {"wgan": np.array([exact_wgan.nash_gap_at_best_response(sigma, 1.0, float(u), t, remark1=True)
                              for u in us]),
            "w2gan": np.array([exact_w2gan.nash_gap_at_best_response(eta, sigma, W=np.array([[1.0]]),
                                                                     u=np.array([u]), t=t, remark1=True) for u in us])}
    return us, gaps
