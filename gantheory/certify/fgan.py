"""Certified lower bound on the minimal Nash gap of the 1-D Gaussian f-GAN game (Theorem 1, f-GAN).

The quantity is  inf over feasible G of  gap(G) = sup_G' J(G'; G) - J(G; G)  (see
:mod:`gantheory.exact.fgan`), with gap(G) = +inf where the discriminator's best response is not
attained. Reductions used (each proved in ``proofs/theorem_1_fgan``):

1. Symmetry: Q_G = N(u, s^2) depends on w only through s = |w|, and the reflection x -> -x maps the
   game to itself, so the domain is s in [0, 1], u in [0, t].
2. Any single deviation G' bounds sup_G' from below; we use G' = (s' = 1, u' = -t) and
   G' = (s' = s, u' = -t) and keep the larger bound.
3. Near s = 0 the direct bound degenerates, so every box also gets the data-processing bound
   gap(G) >= V(G, D_G) - V(G_ref, D_G) >= D(G) - D(G_ref), and, convolving P and Q_G with
   N(0, s_hi^2 - s^2),  D(G) >= inf over sigma'^2 in [sigma^2, sigma^2 + s_hi^2 - s_lo^2] of
   D_f(N(0, sigma'^2) || N(u, s_hi^2)).
Every expectation is enclosed rigorously by :func:`gantheory.certify.quadrature.expectation_enclosure`
and the boxes are refined by :func:`gantheory.certify.branch_and_bound.branch_and_bound`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gantheory.certify import interval as iv
from gantheory.certify.branch_and_bound import BnBResult, branch_and_bound
from gantheory.certify.interval import Interval
from gantheory.certify.quadrature import CellGrid, expectation_enclosure, unimodal_lower_bound
from gantheory.games.divergences import FDivergence


@dataclass(frozen=True)
class FGANCertificate:
    lower: float
    upper: float  # incumbent of the branch and bound (closed-form gap at a point)
    argmin_s: float
    argmin_u: float
    boxes: int
    converged: bool


def _infinite_threshold(div: FDivergence, sigma: float) -> float:
    """s^2 at or below which int q f(p/q) = inf (0 when it is finite for every s > 0)."""
    g = div.growth
    if g <= 1:
        return 0.0
    return (g - 1) * sigma**2 / g


_REL = 1e-13  # rounding allowance (relative) of the closed-form evaluations below


def _exp_enclosure(kappa: float, a: Interval, b: Interval, c: Interval) -> Interval:
    """Exact range of E[exp(kappa (a Z^2 + b Z + c))] = exp(kappa c + kappa^2 b^2/(2g)) / sqrt(g),
    g = 1 - 2 kappa a (+inf when g <= 0), over the coefficient boxes: the expression is monotone in
    a, in b^2 and in c separately (directions set by the sign of kappa), so its extremes sit at
    corners."""
    b2 = b.square()

    def E(av, b2v, cv):
        g = 1.0 - 2.0 * kappa * av
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            val = np.exp(kappa * cv + kappa * kappa * b2v / (2 * g) - 0.5 * np.log(g))
        return np.where(g > 0, val, np.inf)

    if kappa > 0:
        lo, hi = E(a.lo, b2.lo, c.lo), E(a.hi, b2.hi, c.hi)
    else:
        lo, hi = E(a.hi, b2.lo, c.hi), E(a.lo, b2.hi, c.lo)
    lo = np.where(np.isnan(lo), 0.0, lo) * (1 - _REL)
    hi = np.where(np.isnan(hi), np.inf, hi) * (1 + _REL)
    return Interval._make(lo, hi)


def _transform_enclosure(T, envelope, a: Interval, b: Interval, c: Interval, grid: CellGrid,
                         convex: bool) -> Interval:
    """Enclosure of E[T(a Z^2 + b Z + c)]: closed-form ranges for the exp and linear transforms, the
    cell-wise Gaussian enclosure (second order when T is convex) for softplus."""
    if T.kind == "exp":
        E = _exp_enclosure(T.kappa, a, b, c)
        return E * T.scale + T.shift
    if T.kind == "linear":
        return (a + c) * (T.scale * T.kappa) + T.shift
    return expectation_enclosure(lambda v: T(v), envelope, a, b, c, grid, convex=convex)


def _direct_lower(div, sigma, t, S: Interval, Uv: Interval, grid: CellGrid) -> np.ndarray:
    inv_s2 = S.square().reciprocal()
    s2 = S.square()
    log_s = iv.log(S * (1.0 / sigma))
    tu = Uv + t
    # own payoff J(G; G)
    a0 = 0.5 - s2 * (0.5 / sigma**2)
    b0 = -(Uv * S) * (1.0 / sigma**2)
    c0 = log_s - Uv.square() * (0.5 / sigma**2)
    cvx = div.psi_convex
    own = _transform_enclosure(div.psi, div.psi_envelope, a0, b0, c0, grid, cvx)
    # deviation (1, -t)
    a1 = (inv_s2 - 1.0 / sigma**2) * 0.5
    b1 = -(tu * inv_s2) + t / sigma**2
    c1 = log_s + tu.square() * inv_s2 * 0.5 - 0.5 * t * t / sigma**2
    dev1 = _transform_enclosure(div.psi, div.psi_envelope, a1, b1, c1, grid, cvx)
    # deviation (s, -t)
    b2 = -(tu / S) + S * (t / sigma**2)
    dev2 = _transform_enclosure(div.psi, div.psi_envelope, a0, b2, c1, grid, cvx)
    best = np.maximum(dev1.lo, dev2.lo)
    with np.errstate(invalid="ignore"):
        out = np.where(best == np.inf, np.inf, best - own.hi)
    return np.where(np.isnan(out), -np.inf, out)


def divergence_enclosure(div, sig2: Interval, s, Uv: Interval, grid: CellGrid) -> Interval:
    """Enclosure of int q f(p/q) for P = N(0, sig2), Q = N(u, s^2) over the boxes (s > 0 per box)."""
    s = np.asarray(s, dtype=float)
    sigp = iv.sqrt(sig2)
    inv_sig2 = sig2.reciprocal()
    log_r = iv.log(sigp.reciprocal() * s)
    # under P: x = sigma' z
    aP = sig2 * (0.5 / s**2) - 0.5
    bP = -(Uv * sigp) * (1.0 / s**2)
    cP = log_r + Uv.square() * (0.5 / s**2)
    EP = _transform_enclosure(div.chi, div.chi_envelope, aP, bP, cP, grid, convex=False)
    # under Q: x = u + s z
    aQ = 0.5 - inv_sig2 * (0.5 * s * s)
    bQ = -(Uv * inv_sig2) * s
    cQ = log_r - Uv.square() * inv_sig2 * 0.5
    EQ = _transform_enclosure(div.psi, div.psi_envelope, aQ, bQ, cQ, grid, convex=div.psi_convex)
    return EP - EQ


def _ftilde(div: FDivergence):
    """F(v) = f(e^v) - f(1) - f'(1)(e^v - 1) >= 0: non-increasing for v <= 0, non-decreasing for v >= 0."""
    fp1 = float(div.f_prime(np.array(1.0)))
    f1 = float(div.f(np.array(1.0)))

    def F(v):
        v = np.asarray(v, dtype=float)
        r = np.exp(np.clip(v, -700.0, 700.0))
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            val = div.f(r) - f1 - fp1 * (r - 1.0)
        val = np.where(v > 700.0, np.inf, val)
        # rounding of the subtraction: at most a few ulp of the terms
        return val - 1e-13 * (1.0 + r + np.abs(div.f(r)))

    return F


def divergence_lower(div, sig2: Interval, s, Uv: Interval, grid: CellGrid) -> np.ndarray:
    """Lower bound of int q f(p/q) = f(1) + E_Q[f(p/q) - f(1) - f'(1)(p/q - 1)], P = N(0, sig2), Q = N(u, s^2).

    Written under Q the log ratio is R(u + s z) = log(s/sigma') + z^2/2 - (u + s z)^2/(2 sigma'^2),
    whose coefficients stay bounded as s -> 0 (unlike the form under P).
    """
    s = np.asarray(s, dtype=float)
    inv_sig2 = sig2.reciprocal()
    log_r = iv.log(iv.sqrt(sig2).reciprocal() * s)
    aQ = 0.5 - inv_sig2 * (0.5 * s * s)
    bQ = -(Uv * inv_sig2) * s
    cQ = log_r - Uv.square() * inv_sig2 * 0.5
    f1 = float(div.f(np.array(1.0)))
    return unimodal_lower_bound(_ftilde(div), aQ, bQ, cQ, grid) + f1


def certify_min_gap(div: FDivergence, sigma: float, t: float, *, n_cells: int = 1024, rel_tol: float = 0.05,
                    max_boxes: int = 6000, gap_at=None) -> FGANCertificate:
    """Certified lower bound on inf_G gap(G) for the Theorem 1 f-GAN game (d = k = 1, sigma > 1).

    ``gap_at(s, u)`` evaluates the gap at points for the incumbent (the closed form by default).
    """
    if gap_at is None:
        from gantheory.exact.fgan import nash_gap_at_best_response

        def gap_at(s, u):  # the incumbent only steers the refinement: the grid-only reply suffices
            return nash_gap_at_best_response(div, sigma, s, u, t, refine=False)

    grid = CellGrid.make(n_cells)
    s_inf2 = _infinite_threshold(div, sigma)
    # reference generator for the data-processing bound: (s, u) = (1, 0)
    ref = divergence_enclosure(div, Interval([sigma**2]), np.array([1.0]), Interval([0.0]), grid)
    D_ref_hi = float(ref.hi[0])

    def lower(lo, hi):
        S = Interval(lo[:, 0], hi[:, 0])
        Uv = Interval(lo[:, 1], hi[:, 1])
        out = np.full(len(lo), -np.inf)
        pos = lo[:, 0] > 0
        if np.any(pos):
            out[pos] = _direct_lower(div, sigma, t, S[pos], Uv[pos], grid)
        # data-processing bound, with s fixed at the box's s_hi
        # (only where the direct bound is weak: it is a second, optional bound)
        s_hi = hi[:, 0]
        ok = (s_hi > 0) & (out < 1.0)
        if np.any(ok):
            sig2 = Interval(np.full(ok.sum(), sigma**2), sigma**2 + s_hi[ok] ** 2 - lo[ok, 0] ** 2)
            dpi = divergence_lower(div, sig2, s_hi[ok], Uv[ok], grid) - D_ref_hi
            g = div.growth
            certainly_inf = (1 - g) / s_hi[ok] ** 2 + g / sig2.lo <= 0
            dpi = np.where(certainly_inf, np.inf, dpi)
            out[ok] = np.maximum(out[ok], dpi)
        # boxes where the divergence is certainly infinite: gap = +inf by convention
        inf_box = hi[:, 0] ** 2 <= s_inf2
        return np.where(inf_box, np.inf, out)

    def point(x):
        return np.array([gap_at(float(s), float(u)) for s, u in x])

    # initial boxes: split s at the infinite-divergence threshold so no box straddles it
    s_edges = [0.0, 1.0]
    if 0 < s_inf2 < 1:
        s_edges = [0.0, math.sqrt(s_inf2), 1.0]
    s_edges = np.unique(np.concatenate([np.array(s_edges), np.linspace(0, 1, 9)]))
    u_edges = np.linspace(0, t, 5) if t > 0 else np.array([0.0, 0.0])
    lo_b, hi_b = [], []
    for i in range(len(s_edges) - 1):
        for j in range(len(u_edges) - 1):
            lo_b.append([s_edges[i], u_edges[j]])
            hi_b.append([s_edges[i + 1], u_edges[j + 1]])
    res: BnBResult = branch_and_bound(lower, point, np.array(lo_b), np.array(hi_b), rel_tol=rel_tol,
                                      max_boxes=max_boxes, min_rel_width=1e-5)
    return FGANCertificate(res.lower, res.upper, float(res.argmin[0]), float(res.argmin[1]),
                           res.boxes_evaluated, res.converged)
