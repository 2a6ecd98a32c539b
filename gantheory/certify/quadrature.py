"""Rigorous enclosures of one-dimensional Gaussian expectations E[psi(a Z^2 + b Z + c)], Z ~ N(0, 1).

Used by the certificates of Theorem 1 (f-GAN part): the generator's payoff against the optimal
f-GAN discriminator is E[psi(log(p/q)(x))] with a quadratic log-density ratio, so under a Gaussian
generator it is a Gaussian expectation of a non-decreasing function of a quadratic in Z.

The enclosure splits the line at cell edges ``-L = e_0 < ... < e_n = L`` (0 is an edge), bounds the
quadratic exactly on every cell for *all* coefficients in the given intervals (it is linear in the
coefficients, so the extremes sit at interval ends chosen by the sign of z), applies the monotone psi,
and weighs by the exact cell probabilities. The tails |z| > L are bounded below by psi at the
quadratic's minimum there and above through a stated envelope psi(v) <= C exp(kappa v) + B, whose
Gaussian tail integral has a closed form (or is +inf when the exponent's quadratic form is not
negative definite).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import special

from gantheory.certify.interval import Interval
from gantheory.games.divergences import Envelope

_EPS = 2.3e-16


def _quad_min(A, B, C, z0, z1):
    """min over z in [z0, z1] of A z^2 + B z + C (arrays; z0 <= z1 finite)."""

    def ev(z):
        with np.errstate(invalid="ignore", over="ignore"):
            v = np.where(z == 0, 0.0, A * z * z) + np.where(z == 0, 0.0, B * z) + C
            err = 8 * _EPS * (np.abs(np.where(z == 0, 0.0, A * z * z)) + np.abs(np.where(z == 0, 0.0, B * z))
                              + np.abs(C))
        return np.where(np.isnan(v), -np.inf, v - err)

    m = np.minimum(ev(z0), ev(z1))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # |zv| = inf is excluded just below
        zv = -B / (2 * A)
    inside = (A > 0) & np.isfinite(zv) & (zv > z0) & (zv < z1)
    zv = np.where(inside, zv, z0)
    return np.where(inside, np.minimum(m, ev(zv)), m)


def _quad_max(A, B, C, z0, z1):
    return -_quad_min(-A, -B, -C, z0, z1)


@dataclass(frozen=True)
class CellGrid:
    """Cells of the real line for the enclosure: edges (n+1,), exact cell probabilities, tails."""

    edges: np.ndarray
    prob_lo: np.ndarray
    prob_hi: np.ndarray
    L: float
    tail_prob: float  # P(Z > L) (each side)
    cond_mean: np.ndarray  # E[Z | cell]
    chord_w1: np.ndarray  # (E[Z | cell] - z0) / (z1 - z0)

    @staticmethod
    def make(n_cells: int = 1024, L: float = 8.5) -> CellGrid:
        # half the edges uniform in z, half uniform in probability (narrow cells where the mass is)
        m = max(n_cells // 4, 2)
        uni = np.linspace(0.0, L, m + 1)
        quant = -special.ndtri(np.linspace(0.5, special.ndtr(-L), m + 1)[1:-1])
        # drop quantile edges that would cut sliver cells next to a uniform edge
        gap = np.min(np.abs(quant[:, None] - uni[None, :]), axis=1)
        quant = quant[gap > 0.25 * (L / m)]
        half = np.unique(np.concatenate([uni, quant]))
        edges = np.concatenate([-half[::-1], half[1:]])
        # P(cell) computed from the nearer tail to keep relative accuracy; widened by 64 ulp.
        neg = edges[1:] <= 0
        big = np.where(neg, special.ndtr(edges[1:]), special.ndtr(-edges[:-1]))
        small = np.where(neg, special.ndtr(edges[:-1]), special.ndtr(-edges[1:]))
        p = big - small
        # rounding is relative to the operands (and scipy's ndtr is accurate to ~2.3e-13 relative)
        slop = 1e-12 * big + 1e-300
        pdf = np.exp(-0.5 * edges**2) / np.sqrt(2 * np.pi)
        cm = (pdf[:-1] - pdf[1:]) / p
        cm = np.clip(cm, edges[:-1], edges[1:])
        w1 = (cm - edges[:-1]) / (edges[1:] - edges[:-1])
        return CellGrid(edges, np.maximum(p - slop, 0.0), p + slop, L, float(special.ndtr(-L)), cm, w1)


def unimodal_lower_bound(
    F: Callable[[np.ndarray], np.ndarray],
    a: Interval,
    b: Interval,
    c: Interval,
    grid: CellGrid,
) -> np.ndarray:
    """Lower bound of E[F(a Z^2 + b Z + c)] for F >= 0, non-increasing on (-inf, 0] and
    non-decreasing on [0, inf) (so the minimum of F over [q_lo, q_hi] is F(clip(0, q_lo, q_hi)));
    the tails contribute >= 0.

    Parameters
    ----------
    F : callable
        Vectorised unimodal non-negative function.
    a, b, c : Interval
        Coefficient boxes, shape ``(m,)``, of the quadratic in Z ~ N(0, 1).
    grid : CellGrid
        Cell grid of the Gaussian integral.

    Returns
    -------
    numpy.ndarray
        Lower bound per box, shape ``(m,)``.
    """
    e = grid.edges
    z0 = e[None, :-1]
    z1 = e[None, 1:]
    right = z0 >= 0
    b_min = np.where(right, b.lo[:, None], b.hi[:, None])
    b_max = np.where(right, b.hi[:, None], b.lo[:, None])
    qmin = _quad_min(a.lo[:, None], b_min, c.lo[:, None], z0, z1)
    qmax = _quad_max(a.hi[:, None], b_max, c.hi[:, None], z0, z1)
    with np.errstate(over="ignore", invalid="ignore"):
        fl = F(np.clip(0.0, qmin, qmax))
    fl = np.where(np.isnan(fl), 0.0, np.maximum(fl, 0.0))
    terms = fl * grid.prob_lo
    lo = terms.sum(axis=1)
    return lo - terms.shape[1] * _EPS * lo


def expectation_enclosure(
    psi: Callable[[np.ndarray], np.ndarray],
    envelope: Envelope,
    a: Interval,
    b: Interval,
    c: Interval,
    grid: CellGrid,
    convex: bool = False,
) -> Interval:
    """Enclosure of E[psi(a Z^2 + b Z + c)] for all coefficients in the intervals (vectorised over boxes).

    ``psi`` must be non-decreasing on the extended real line (``psi(-inf)``, ``psi(inf)`` defined).
    ``a``, ``b``, ``c`` are Interval arrays of shape (m,); the result has shape (m,).

    With ``convex=True`` (the caller asserts psi is convex) the cells where every a >= 0 -- so that
    g(z) = psi(a z^2 + b z + c) is convex in z -- get second-order bounds: Jensen's inequality from
    below, E[g(Z) | cell] >= g(E[Z | cell]), and the chord from above, E[g | cell] <= w0 g(z0) + w1 g(z1)
    with the weights that reproduce E[Z | cell]; their error is O(cell width^2) instead of O(width).

    Parameters
    ----------
    psi : callable
        Non-decreasing vectorised function.
    envelope : Envelope
        Growth envelope of psi for the tails.
    a, b, c : Interval
        Coefficient boxes, shape ``(m,)``.
    grid : CellGrid
        Cell grid of the Gaussian integral.
    convex : bool
        Whether psi is convex.

    Returns
    -------
    Interval
        Enclosure of the expectation, shape ``(m,)``.
    """
    e = grid.edges
    z0 = e[None, :-1]
    z1 = e[None, 1:]
    right = z0 >= 0  # cell lies in z >= 0
    alo, ahi = a.lo[:, None], a.hi[:, None]
    blo, bhi = b.lo[:, None], b.hi[:, None]
    clo, chi = c.lo[:, None], c.hi[:, None]
    b_min = np.where(right, blo, bhi)  # b*z minimal
    b_max = np.where(right, bhi, blo)  # b*z maximal
    qmin = _quad_min(alo, b_min, clo, z0, z1)
    qmax = _quad_max(ahi, b_max, chi, z0, z1)
    with np.errstate(over="ignore", invalid="ignore"):
        plo, phi_ = psi(qmin), psi(qmax)
    if convex:
        cvx = (alo >= 0) & np.ones_like(z0, dtype=bool)
        # E[Z | cell] is a difference of densities over p (accurate to ~1e-12 absolute on the narrowest
        # cells): bound q over an interval of +-1e-9 around it, and widen the chord weights alike
        dz = 1e-9 * (1.0 + np.abs(grid.cond_mean[None, :]))
        za = np.maximum(grid.cond_mean[None, :] - dz, z0)
        zc = np.minimum(grid.cond_mean[None, :] + dz, z1)
        q_at_mean = _quad_min(alo, b_min, clo, za, zc)
        qmax0 = _quad_max(ahi, b_max, chi, z0, z0)
        qmax1 = _quad_max(ahi, b_max, chi, z1, z1)
        w1 = grid.chord_w1[None, :]
        with np.errstate(over="ignore", invalid="ignore"):
            jensen = psi(q_at_mean)
            g0, g1 = psi(qmax0), psi(qmax1)
            chord = (1 - w1) * g0 + w1 * g1 + (dz / (z1 - z0)) * np.abs(g1 - g0)
        chord = np.where(np.isnan(chord), np.inf, chord)
        jensen = np.where(np.isnan(jensen), -np.inf, jensen)
        plo = np.where(cvx, np.maximum(plo, jensen), plo)
        phi_ = np.where(cvx, np.minimum(phi_, chord * (1 + 8 * _EPS) + 8 * _EPS * np.abs(chord)), phi_)
    with np.errstate(invalid="ignore"):
        lo_terms = np.where(plo >= 0, plo * grid.prob_lo, plo * grid.prob_hi)
        hi_terms = np.where(phi_ >= 0, phi_ * grid.prob_hi, phi_ * grid.prob_lo)
    lo_terms = np.where(np.isnan(lo_terms), -np.inf, lo_terms)
    hi_terms = np.where(np.isnan(hi_terms), np.inf, hi_terms)
    lo = lo_terms.sum(axis=1)
    hi = hi_terms.sum(axis=1)
    # summation error of n terms: bounded by n * eps * sum |terms|
    n = lo_terms.shape[1]
    with np.errstate(invalid="ignore", over="ignore"):
        lo = lo - n * _EPS * np.abs(lo_terms).sum(axis=1)
        hi = hi + n * _EPS * np.abs(hi_terms).sum(axis=1)

    # tails
    L, pt = grid.L, grid.tail_prob
    tlo = []
    for side in (1.0, -1.0):
        bsel = b.lo if side > 0 else b.hi  # minimising b*z for z of this sign
        # substitute z = side * y, y >= L: a y^2 + side*b y + c
        A, B, C = a.lo, side * bsel, c.lo
        with np.errstate(invalid="ignore", divide="ignore", over="ignore"):  # -inf is a valid lower bound
            at_L = A * L * L + B * L + C
            yv = -B / (2 * A)
            vert = C - B * B / (4 * A)
        m = np.where(A > 0, np.where(yv > L, vert, at_L), np.where((A == 0) & (B >= 0), at_L, -np.inf))
        m = np.where(np.isnan(m), -np.inf, m)
        m = m - 8 * _EPS * (np.abs(A) * L * L + np.abs(B) * L + np.abs(C))
        with np.errstate(over="ignore", invalid="ignore"):
            pv = psi(np.where(np.isnan(m), -np.inf, m))
        tlo.append(np.where(pv >= 0, pv * pt * 0.999999, pv * pt * 1.000001))
    lo = lo + tlo[0] + tlo[1]

    env = envelope
    if env.kappa == 0:
        t_up = 2 * pt * (env.C + env.B) * np.ones_like(hi)
    else:
        alpha = env.kappa * a.hi
        beta = env.kappa * np.maximum(np.abs(b.lo), np.abs(b.hi))
        gamma = env.kappa * c.hi
        g = 1.0 - 2.0 * alpha
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            logT = gamma + beta * beta / (2 * g) - 0.5 * np.log(g) + special.log_ndtr(
                -(np.sqrt(g) * L - beta / np.sqrt(g)))
            T = np.exp(logT) * (1 + 1e-10)
        T = np.where((g > 0) & np.isfinite(gamma) & np.isfinite(beta), T, np.inf)
        t_up = 2 * env.C * T + 2 * pt * env.B * (1.000001 if env.B >= 0 else 0.999999)
    hi = hi + t_up
    lo = np.where(np.isnan(lo), -np.inf, lo)
    hi = np.where(np.isnan(hi), np.inf, hi)
    return Interval._make(lo, hi)
