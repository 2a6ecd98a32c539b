"""Certified lower bound on the minimal Nash gap of the 1-D Gaussian WGAN game (Theorem 1, WGAN).

For sigma > 1 >= s, D_G = |x - c| with c = u sigma/(sigma - s), and by the symmetry x -> -x we take
u >= 0 (so c >= u >= 0). The generator's best reply takes s' = 1 and u' = -t, so (exact.wgan)

    gap(s, u) = m(t + c, 1) - m(u s/(sigma - s), s),    m(mu, tau) = E|mu + tau Z|.

m is non-decreasing in mu >= 0 and in tau >= 0, and c and u s/(sigma - s) are non-decreasing in
s and u, so over a box [s_lo, s_hi] x [u_lo, u_hi] the gap is at least
m(t + c(s_lo, u_lo), 1) - m(mu(s_hi, u_hi), s_hi): an exact monotone bound, widened for rounding.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gantheory.certify.branch_and_bound import branch_and_bound
from gantheory.exact.wgan import folded_mean

_REL = 1e-13  # rounding allowance of the closed-form evaluation (relative)


@dataclass(frozen=True)
class WGANCertificate:
    lower: float
    upper: float
    argmin_s: float
    argmin_u: float
    boxes: int
    converged: bool


def certify_min_gap(sigma: float, t: float, *, rel_tol: float = 1e-3, max_boxes: int = 20000) -> WGANCertificate:
    if not sigma > 1:
        raise ValueError(f"Theorem 1 (WGAN) needs sigma > 1, got sigma = {sigma:g}")

    def gap(s, u):
        c = u * sigma / (sigma - s)
        return folded_mean(t + c, 1.0) - folded_mean(u * s / (sigma - s), s)

    def lower(lo, hi):
        c_lo = lo[:, 1] * sigma / (sigma - lo[:, 0]) * (1 - _REL)
        mu_hi = hi[:, 1] * hi[:, 0] / (sigma - hi[:, 0]) * (1 + _REL)
        first = folded_mean(t + c_lo, 1.0) * (1 - _REL)
        second = folded_mean(mu_hi, hi[:, 0]) * (1 + _REL)
        return first - second

    def point(x):
        return gap(x[:, 0], x[:, 1])

    lo = np.array([[0.0, 0.0]])
    hi = np.array([[1.0, t]])
    res = branch_and_bound(lower, point, lo, hi, rel_tol=rel_tol, max_boxes=max_boxes, min_rel_width=1e-6)
    # the incumbent is refined at the corner the search points to
    cands = np.array([res.argmin, [1.0, 0.0], [0.0, 0.0], [1.0, t], [0.0, t]])
    vals = point(cands)
    j = int(np.argmin(vals))
    return WGANCertificate(res.lower, float(vals[j]), float(cands[j, 0]), float(cands[j, 1]),
                           res.boxes_evaluated, res.converged)
