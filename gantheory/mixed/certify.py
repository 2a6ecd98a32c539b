"""A rigorous upper bound on the Nash gap of (mu, D) in the mixed extension of the 1-D WGAN game.

gap(mu, D) = max_D' V(mu, D') - min_G V(G, D) = W1(P, Q_mu) - E_P[D] + max_(s,u) h(s, u),
h(s, u) = E[D(u + s Z)], for the piecewise-linear D = sum_j kappa_j |x - c_j| + beta x of
:mod:`gantheory.mixed.wgan`. Every term is enclosed in interval arithmetic
(:mod:`gantheory.certify.interval`):

* W1 <= V(mu, D) + 2 int_{D' (F_Q - F_P) < 0} |F_Q - F_P| dx (eq. (8) integrated by parts): on the
  cells of a partition of [-L, L] refined around the kinks, F_Q - F_P is enclosed by monotonicity
  (both CDFs increase), a cell where the sign of D' is certified to agree with it adds nothing, every
  other cell adds 2 width max|enclosure|, and the tails beyond +-L add 2 (sigma phi(L/sigma) +
  sum_i w_i s_i phi((L -+ u_i)/s_i)) (a bound on int of the tail CDFs);
* E[D(u + s Z)] = sum_j kappa_j m(u - c_j, s) + beta u with m(a, s) = 2 s phi(a/s) + |a| (1 - 2 Phi(-|a|/s));
* max h over [0, 1] x [-t, t] by branch and bound (gantheory.certify.branch_and_bound) with the
  mean-value form h(mid) + grad h(box) . (box - mid) (dh/du = sum_j kappa_j (2 Phi((u - c_j)/s) - 1) + beta,
  dh/ds = sum_j kappa_j 2 phi((u - c_j)/s); Lebourg's mean-value theorem covers s = 0) intersected
  with the monotone bound (m increases in |a| and in s).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from gantheory.certify import interval as iv
from gantheory.certify.branch_and_bound import branch_and_bound
from gantheory.certify.interval import Interval
from gantheory.mixed.support import Mixture
from gantheory.mixed.wgan import W1Potential, window

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


@dataclass(frozen=True)
class GapBound:
    """Certified gap(mu, D) <= upper, with its parts."""

    upper: float
    w1_slack: float  # upper bound on W1(P, Q_mu) - V(mu, D)
    deviation_upper: float  # upper bound on max h - int h dmu
    boxes: int
    converged: bool


def _phi(r: Interval) -> Interval:
    return iv.exp(-0.5 * r.square()) * _INV_SQRT_2PI


def folded_mean_enclosure(a: Interval, s: Interval) -> Interval:
    """Enclosure of m(a, s) = E|a + s Z| over boxes (monotone in |a| and s; s = 0 gives |a|)."""
    abs_lo = np.where((a.lo <= 0) & (a.hi >= 0), 0.0, np.minimum(np.abs(a.lo), np.abs(a.hi)))
    abs_hi = np.maximum(np.abs(a.lo), np.abs(a.hi))

    def point(x, sv):
        X, S = Interval(x), Interval(sv)
        pos = sv > 0
        r = X / Interval(np.where(pos, sv, 1.0))
        val = S * _phi(r) * 2.0 + X * (1.0 - 2.0 * iv.ndtr(-r))
        return Interval._make(np.where(pos, val.lo, x), np.where(pos, val.hi, x))

    lo, hi = point(abs_lo, s.lo), point(abs_hi, s.hi)
    return Interval._make(lo.lo, hi.hi)


def expectation_enclosure(D: W1Potential, S: Interval, U: Interval) -> Interval:
    """Enclosure of h(s, u) = E[D(u + s Z)] over boxes S x U (monotone form, termwise)."""
    out = U * D.beta
    for c, k in zip(D.c, D.kappa, strict=True):
        out = out + folded_mean_enclosure(U - float(c), S) * float(k)
    return out


def _gradient_enclosure(D: W1Potential, S: Interval, U: Interval) -> tuple[Interval, Interval]:
    g_s = Interval(np.zeros_like(S.lo))
    g_u = Interval(np.full_like(S.lo, D.beta))
    for c, k in zip(D.c, D.kappa, strict=True):
        r = (U - float(c)) / S
        g_s = g_s + _phi(r) * (2.0 * float(k))
        g_u = g_u + (iv.ndtr(r) * 2.0 - 1.0) * float(k)
    return g_s, g_u


def h_upper(D: W1Potential, S: Interval, U: Interval) -> np.ndarray:
    """Upper bound of h over boxes: the smaller of the monotone and the mean-value enclosures."""
    mono = expectation_enclosure(D, S, U).hi
    sm, um = Interval(S.mid), Interval(U.mid)
    g_s, g_u = _gradient_enclosure(D, S, U)
    mv = expectation_enclosure(D, sm, um) + g_s * (S - sm) + g_u * (U - um)
    return np.minimum(mono, mv.hi)


def max_h_upper(D: W1Potential, t: float, mix: Mixture, *, abs_tol: float = 1e-10,
                max_boxes: int = 200000, max_seconds: float = 30.0) -> tuple[float, int, bool]:
    """Certified upper bound on max of h over [0, 1] x [-t, t] (branch and bound on -h)."""
    def lower(lo, hi):
        return -h_upper(D, Interval(lo[:, 0], hi[:, 0]), Interval(lo[:, 1], hi[:, 1]))

    def point(x):
        return -D.expectation(x[:, 0], x[:, 1])

    pts = np.array([[1.0, t], [1.0, -t], [0.0, t], [0.0, -t], *zip(mix.s, mix.u, strict=True)])
    lo = np.vstack([[0.0, -t], pts])
    hi = np.vstack([[1.0, t], pts])
    res = branch_and_bound(lower, point, lo, hi, abs_tol=abs_tol, rel_tol=0.0, max_boxes=max_boxes,
                           min_rel_width=1e-12, batch=256, max_seconds=max_seconds)
    return -res.lower, res.boxes_evaluated, res.converged


def _cdf_enclosure(sigma: float, mix: Mixture, x: np.ndarray) -> tuple[Interval, Interval]:
    """Enclosures of F_Q(x) and F_P(x) at points x."""
    X = Interval(x)
    FP = iv.ndtr(X / sigma)
    FQ = Interval(np.zeros_like(x))
    for s, u, w in zip(mix.s, mix.u, mix.w, strict=True):
        if s > 0:
            FQ = FQ + iv.ndtr((X - float(u)) / float(s)) * float(w)
        else:
            FQ = FQ + Interval((x >= u).astype(float)) * float(w)
    return FQ, FP


def w1_slack(sigma: float, mix: Mixture, D: W1Potential, n_cells: int = 4000, depth: int = 60,
             cell_tol: float = 1e-14, max_cells: int = 400_000, max_seconds: float = 30.0) -> float:
    """Upper bound on W1(P, Q_mu) - V(mu, D) >= 0 (see the module docstring); cells whose contribution is
    at most ``cell_tol`` are not split further (their contribution is added). Refinement also stops when the
    next level would hold more than ``max_cells`` cells or after ``max_seconds``: the remaining cells then add
    their whole contribution, so the bound stays an upper bound and is only looser (where F_Q is close to F_P
    on a wide range, e.g. sigma -> 1, the sign of F_Q - F_P is undecided on many cells at every depth)."""
    t_end = time.perf_counter() + max_seconds
    L = window(sigma, mix)
    edges = np.unique(np.concatenate([np.linspace(-L, L, n_cells + 1), D.c, mix.u[mix.s == 0]]))
    slopes = D.slopes()
    a, b = edges[:-1], edges[1:]
    total = 0.0
    for _ in range(depth):
        FQa, FPa = _cdf_enclosure(sigma, mix, a)
        FQb, FPb = _cdf_enclosure(sigma, mix, b)
        lo = FQa.lo - FPb.hi  # F_Q - F_P on [a, b], by monotonicity of both CDFs
        hi = FQb.hi - FPa.lo
        d = slopes[np.searchsorted(D.c, 0.5 * (a + b))]
        agree = ((d > 0) & (lo >= 0)) | ((d < 0) & (hi <= 0))
        bad = ~agree
        contrib = 2.0 * (b - a) * np.maximum(np.abs(lo), np.abs(hi))
        # kept whole: below the bound's resolution, or the sign is certified and disagrees with D' (the
        # discriminator is not a best response there; the cell's bound is final)
        undecided = (lo < 0) & (hi > 0)
        small = bad & ((contrib <= cell_tol) | ~undecided)
        total += float(np.sum(contrib[small]))
        split = bad & ~small
        if not np.any(split):
            break
        if 2 * int(np.count_nonzero(split)) > max_cells or time.perf_counter() > t_end:
            total += float(np.sum(contrib[split]))  # unsplit: the cell's whole bound
            break
        a, b = a[split], b[split]
        m = 0.5 * (a + b)
        a, b = np.concatenate([a, m]), np.concatenate([m, b])
    else:
        FQa, FPa = _cdf_enclosure(sigma, mix, a)
        FQb, FPb = _cdf_enclosure(sigma, mix, b)
        total += float(np.sum(2.0 * (b - a) * np.maximum(np.abs(FQa.lo - FPb.hi), np.abs(FQb.hi - FPa.lo))))
    s_pos = np.where(mix.s > 0, mix.s, 1.0)
    tails = sigma * math.exp(-0.5 * (L / sigma) ** 2) * _INV_SQRT_2PI + float(np.sum(
        mix.w * np.where(mix.s > 0, s_pos * (np.exp(-0.5 * ((L - np.abs(mix.u)) / s_pos) ** 2)) * _INV_SQRT_2PI, 0.0)))
    return float(np.nextafter(total + 4.0 * tails * (1 + 1e-12) + 1e-300, np.inf))


def gap_upper(sigma: float, t: float, mix: Mixture, D: W1Potential, **kw) -> GapBound:
    """Certified upper bound on the Nash gap of (mu, D) in the mixed extension of the WGAN game (8).

    Parameters
    ----------
    sigma, t : float
        Data scale and the bound |u| <= t.
    mix : Mixture
        The generator's mixed strategy mu.
    D : W1Potential
        The discriminator (any piecewise-linear 1-Lipschitz D; the best response makes the bound small).
    **kw
        Passed to the branch and bound over the generator set (``abs_tol``, ``max_boxes``, ``max_seconds``);
        ``max_seconds`` also bounds the refinement of the W1 slack.

    Returns
    -------
    GapBound
    """
    slack = w1_slack(sigma, mix, D, max_seconds=kw.get("max_seconds", 30.0))
    h_max, boxes, conv = max_h_upper(D, t, mix, **kw)
    mean = expectation_enclosure(D, Interval(mix.s), Interval(mix.u))
    mean_lo = float(np.sum(np.minimum(mean.lo * mix.w, mean.lo * mix.w)))
    # int h dmu >= sum_i w_i lo_i minus the rounding of the sum (|terms| relative 1e-15 per addition)
    mean_lo -= 1e-15 * len(mix) * float(np.sum(np.abs(mean.lo) * mix.w)) + 1e-300
    dev = h_max - mean_lo
    return GapBound(float(np.nextafter(slack + max(dev, 0.0) * (1 + 1e-15), np.inf)), slack, dev, boxes, conv)
