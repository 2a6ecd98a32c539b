"""Numerical best responses (no closed form) for the Gaussian games of eqs. (7)-(9).

Each responder sees its game through V(G, D) (``game.value``), the data law and the feasible sets, and
computes every best response numerically:

* f-GAN (1-D): D_G(x_i) = argmax_v p(x_i) v - q(x_i) f*(v) pointwise on a grid (bisection on the
  monotone derivative of the concave objective), interpolated (a
  :class:`~gantheory.games.discriminators.PiecewiseLinearDiscriminator`);
* WGAN (1-D): D_G by the linear program max_g sum_j g_j (F_Q - F_P)(x_j) dx_j, |g_j| <= 1 over slopes
  (HiGHS), integrated to a piecewise-linear D;
* W2GAN (any d): D_G by L-BFGS over quadratics A = eta I - L L^T (c-concave by construction);
* the generator's reply: in 1-D a 9 x 9 grid over (s', u') refined by bounded L-BFGS-B on V(G', D)
  (an upper bound on min_G' V(G', D)); in the W2GAN projected gradient descent from several starts.

This module must not import :mod:`gantheory.exact` (the searches built on it are closed-form-free).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special

from gantheory.equilibria.numerical_w2gan import W2GANNumerical as W2GANNumerical
from gantheory.equilibria.numerical_w2gan import w2gan_generator_reply as w2gan_generator_reply

#: the f-GAN grid reaches 2 tau 10 sigma with tau = 2 (the tail scale of the games' quadrature, with margin)
from gantheory.equilibria.numerical_w2gan import w2gan_numeric_discriminator as w2gan_numeric_discriminator
from gantheory.games.base import BestResponse, Responder, ZeroSumGame
from gantheory.games.discriminators import PiecewiseLinearDiscriminator
from gantheory.games.divergences import FDivergence
from gantheory.games.fgan import FGANGame
from gantheory.games.gaussian import LinearGenerator, LinearGeneratorSet
from gantheory.games.wgan import WGANGame

_TAU = 2.0

#: generators with s below this are point masses to the f-GAN discriminator search (D_G is not attained)
_S_MIN = 1e-6


def grid_generator_response(game: ZeroSumGame, D, gens: LinearGeneratorSet, n_grid: int = 9) -> BestResponse:
    """min over feasible 1-D generators (s', u') of V(G', D): an n_grid x n_grid grid over [0, 1] x [-t, t]
    (s' = 1 only under Remark 1) refined by bounded L-BFGS-B from the best node; an upper bound on the
    infimum (``complete=False``).

    Parameters
    ----------
    game : ZeroSumGame
        A 1-D game (only ``game.value`` is used).
    D
        The discriminator.
    gens : LinearGeneratorSet
        The feasible generators (s' = |w'| <= 1, |u'| <= t).
    n_grid : int
        Grid nodes per parameter.

    Returns
    -------
    BestResponse
        The smallest V found and the generator attaining it.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (2).
    """

    def obj(p):
        return game.value(LinearGenerator.scalar(p[0], p[1]), D)

    s_grid = [1.0] if gens.remark1 else np.linspace(0, 1, n_grid)
    u_grid = np.linspace(-gens.t, gens.t, n_grid)
    pts = [(s, u) for s in s_grid for u in u_grid]
    vals = [obj(p) for p in pts]
    best = int(np.argmin(vals))
    s_lo = 1.0 if gens.remark1 else 0.0
    res = optimize.minimize(obj, pts[best], method="L-BFGS-B", bounds=[(s_lo, 1.0), (-gens.t, gens.t)])
    if res.fun < vals[best]:
        return BestResponse(float(res.fun), [LinearGenerator.scalar(*res.x)], complete=False)
    return BestResponse(float(vals[best]), [LinearGenerator.scalar(*pts[best])], complete=False)


# ----------------------------------------------------------------------------------------------
# f-GAN (1-D)
# ----------------------------------------------------------------------------------------------
def fgan_numeric_discriminator(div: FDivergence, sigma: float, s: float, u: float, grid: np.ndarray) -> np.ndarray:
    """D on the grid maximising p v - q f*(v) pointwise (q = N(u, s^2) density, s > 0).

    The objective is concave in v with derivative p - q (f*)'(v); we bisect on the sign of
    (f*)'(v) - p/q, with p/q from the log densities (so +inf where q underflows) and v = sinh(y),
    y in [-700, 700], to reach the huge values D takes in the tails. (f*)' is a central difference.

    Parameters
    ----------
    div : FDivergence
        Row of the f-table.
    sigma : float
        Data scale.
    s, u : float
        Generator, s = |w| > 0.
    grid : numpy.ndarray
        Nodes.

    Returns
    -------
    numpy.ndarray
        D at the nodes.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7).
    """
    log_r = (-0.5 * (grid / sigma) ** 2 - math.log(sigma)) - (-0.5 * ((grid - u) / s) ** 2 - math.log(s))
    with np.errstate(over="ignore"):
        r = np.exp(log_r)
    # stay strictly inside an open dom f*: the top of the bracket is 1e-12 below its supremum
    top = math.asinh(div.dom_sup - 1e-12 * max(1.0, abs(div.dom_sup))) if math.isfinite(div.dom_sup) else 700.0
    lo = np.full_like(grid, -700.0)
    hi = np.full_like(grid, top)
    for _ in range(64):  # bracket width 1400 / 2^64: below the resolution of sinh at every scale
        mid = 0.5 * (lo + hi)
        v = np.sinh(mid)
        h = 1e-6 * np.maximum(1.0, np.abs(v))
        if math.isfinite(div.dom_sup):
            h = np.minimum(h, 0.5 * (div.dom_sup - v))
        with np.errstate(over="ignore", invalid="ignore"):
            deriv = (div.conj(v + h) - div.conj(v - h)) / (2 * h)
        up = deriv < r  # objective still increasing at v
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    return np.sinh(0.5 * (lo + hi))


def fgan_grid(sigma: float, t: float) -> np.ndarray:
    """Nodes resolving the data's scale (sigma, over +-41 sigma) and the generators' (s <= 1, |u| <= t,
    reached by the games' Gauss-Hermite rule out to ~ +-28: spacing <= 0.04 over [-t - 30, t + 30]).

    Used by the numerical f-GAN responder (eq. (7)), with generators G(z) = s z + u.

    Parameters
    ----------
    sigma : float
        Standard deviation of the 1-D Gaussian data.
    t : float
        Bound on the generator's shift, ``|u| <= t``.

    Returns
    -------
    numpy.ndarray
        Sorted unique nodes: a 3001-point coarse grid outside [-t - 30, t + 30], a fine one inside.
    """
    A = (2 * _TAU * 10 + 1) * sigma + t
    coarse = np.linspace(-A, A, 3001)
    h = min(coarse[1] - coarse[0], 0.04)
    B = t + 30.0
    fine = np.linspace(-B, B, int(min(math.ceil(2 * B / h), 6000)) + 1)
    return np.unique(np.concatenate([coarse[np.abs(coarse) > B], fine]))


class FGANNumerical(Responder):
    """Numerical best responses of a one-dimensional :class:`~gantheory.games.fgan.FGANGame` (eq. (7)).

    The discriminator's: the pointwise maximiser on :func:`fgan_grid` (not attained, value inf, for
    s <= 1e-6), with the value V(G, D) of the game. The generator's: :func:`grid_generator_response`.
    """

    def __init__(self, game: FGANGame, grid: np.ndarray | None = None) -> None:
        self.game = game
        self._grid = grid

    @property
    def grid(self) -> np.ndarray:
        if self._grid is None:
            self._grid = fgan_grid(self.game.data.sigma, self.game.generators.t)
        return self._grid

    def discriminator_best_response(self, G: LinearGenerator) -> BestResponse:
        s, u = abs(float(G.W[0, 0])), float(G.u[0])
        if s <= _S_MIN:
            return BestResponse(math.inf, [])
        game = self.game
        D = PiecewiseLinearDiscriminator(self.grid, fgan_numeric_discriminator(game.div, game.data.sigma, s, u,
                                                                               self.grid))
        return BestResponse(game.value(G, D), [D], complete=False)

    def generator_best_response(self, D) -> BestResponse:
        if self.game.data.dim != 1:
            raise ValueError("f-GAN generator best responses are implemented for dim = 1")
        return grid_generator_response(self.game, D, self.game.generators)


# ----------------------------------------------------------------------------------------------
# WGAN (1-D)
# ----------------------------------------------------------------------------------------------
def _cdf_difference(mid, sigma, s, u):
    """(F_Q - F_P) at the cell midpoints, from the nearer tail of each law (no 1 - 1 cancellation); where
    both tails underflow, a signed tiny value whose sign compares the logarithms of the tails."""
    if s > 0:
        zq, zp = (mid - u) / s, mid / sigma
        left = mid < 0.5 * u
        diff = np.where(left, special.ndtr(zq) - special.ndtr(zp), special.ndtr(-zp) - special.ndtr(-zq))
        lq = np.where(left, special.log_ndtr(zq), -special.log_ndtr(-zq))
        lp = np.where(left, special.log_ndtr(zp), -special.log_ndtr(-zp))
        # underflow (diff = 0 exactly) although the tails differ: keep the sign, at a negligible size
        tie = (diff == 0) & (lq != lp)
        return np.where(tie, np.sign(lq - lp) * 1e-300, diff)
    right = mid >= u  # a point mass at u: F_Q - F_P = 1 - F_P right of u, -F_P left of it
    diff = np.where(right, special.ndtr(-mid / sigma), -special.ndtr(mid / sigma))
    return np.where(diff == 0, np.where(right, 1e-300, -1e-300), diff)


def wgan_numeric_discriminator(sigma: float, s: float, u: float, grid: np.ndarray) -> np.ndarray:
    """Values on the grid of the piecewise-linear D whose slopes g_j in [-1, 1] maximise
    V = sum_j g_j (F_Q - F_P)(x_j) dx_j, by linear programming (HiGHS; the grid may be non-uniform).

    Parameters
    ----------
    sigma : float
        Data scale.
    s, u : float
        Generator, s = |w|.
    grid : numpy.ndarray
        Cell edges (increasing).

    Returns
    -------
    numpy.ndarray
        D at the edges (D = 0 at the first).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (8).
    """
    dx = np.diff(grid)
    mid = grid[:-1] + 0.5 * dx
    c = _cdf_difference(mid, sigma, s, u) * dx
    res = optimize.linprog(-c, bounds=[(-1, 1)] * len(c), method="highs")
    if res.status != 0:
        raise RuntimeError(f"WGAN discriminator LP failed: {res.message}")
    x = np.asarray(res.x)
    # coefficients below the solver's tolerance (underflowed tails) get the slope of their sign
    x = np.where(np.abs(c) < 1e-12 * np.abs(c).max(), np.sign(c), x)
    return np.concatenate([[0.0], np.cumsum(x * dx)])


def wgan_grid(sigma: float, t: float) -> np.ndarray:
    """Cell edges resolving both scales of the game: the data's (sigma, over +-12 sigma) and the
    generators' (s <= 1, |u| <= t: spacing <= 0.06 over [-t - 13, t + 13]), whatever their ratio.

    Used by the numerical WGAN responder (eq. (8)), with generators G(z) = s z + u.

    Parameters
    ----------
    sigma : float
        Standard deviation of the 1-D Gaussian data.
    t : float
        Bound on the generator's shift, ``|u| <= t``.

    Returns
    -------
    numpy.ndarray
        Sorted unique cell edges: a 1601-point coarse grid outside [-t - 13, t + 13], a fine one inside.
    """
    coarse = np.linspace(-12 * sigma - t - 1, 12 * sigma + t + 1, 1601)
    h = min(coarse[1] - coarse[0], 0.06)
    B = t + 13.0
    fine = np.linspace(-B, B, int(min(math.ceil(2 * B / h), 4000)) + 1)
    return np.unique(np.concatenate([coarse[np.abs(coarse) > B], fine]))


class WGANNumerical(Responder):
    """Numerical best responses of a :class:`~gantheory.games.wgan.WGANGame` (eq. (8)): the LP
    discriminator on :func:`wgan_grid` and :func:`grid_generator_response`."""

    def __init__(self, game: WGANGame, grid: np.ndarray | None = None) -> None:
        self.game = game
        self.grid = wgan_grid(game.data.sigma, game.generators.t) if grid is None else grid

    def discriminator_best_response(self, G: LinearGenerator) -> BestResponse:
        s, u = abs(float(G.W[0, 0])), float(G.u[0])
        D = PiecewiseLinearDiscriminator(self.grid, wgan_numeric_discriminator(self.game.data.sigma, s, u, self.grid))
        return BestResponse(self.game.value(G, D), [D], complete=False)

    def generator_best_response(self, D) -> BestResponse:
        return grid_generator_response(self.game, D, self.game.generators)

