"""Certified bounds on the minimal Nash gap of the 1-D Gaussian WGAN game (Theorem 1, WGAN).

For sigma > 1 >= s, D_G = |x - c| with c = u sigma/(sigma - s), and by the symmetry x -> -x we take
u >= 0 (so c >= u >= 0). The generator's best reply takes s' = 1 and u' = -t (exact.wgan), so with
m(mu, tau) = E|mu + tau Z|

    gap(s, u) = m(t + c, 1) - m(c - u, s)        (c - u = u s/(sigma - s) >= 0).

Writing m(mu, tau) = mu + tau g(mu/tau) for mu >= 0, with g(r) = 2 (phi(r) - r Phi(-r)) > 0
decreasing, the large means cancel exactly:

    gap(s, u) = t + u + g(t + c) - s g(u/(sigma - s)).

Every term is bounded (0 < g <= g(0) = sqrt(2/pi)), so no cancellation of c ~ 1/(sigma - 1) is left
as sigma -> 1+ and the enclosure over a box stays as narrow as the box. Over [s_lo, s_hi] x [u_lo,
u_hi] the gap is at least t + u_lo + g(t + c_hi) - s_hi g(u_lo/(sigma - s_lo)) (g decreasing, c and
u/(sigma - s) non-decreasing in s and u), evaluated in interval arithmetic; g itself is enclosed by
the direct formula with its rounding error and by the Mills-ratio bounds
2/(r + sqrt(r^2 + 4)) <= Phi(-r)/phi(r) <= 4/(3 r + sqrt(r^2 + 8)) (Birnbaum 1942, Sampford 1953),
which stay accurate where the direct formula cancels (large r). The gap is >= 0 by definition (G
itself is a feasible deviation), so a box bound below 0 is replaced by 0, a fact, not a clamp of
an error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from gantheory.certify.branch_and_bound import branch_and_bound
from gantheory.certify.interval import Interval

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_NDTR_REL = 1e-12  # scipy's ndtr: relative error below ~2.3e-13 (as in certify.interval)
_REL = 1e-13  # the few-ulp error of exp, sqrt and the Mills-ratio bound expressions


@dataclass(frozen=True)
class WGANCertificate:
    """Certified bounds on the minimal Nash gap of the 1-D Gaussian WGAN game (eq. (8), Theorem 1).

    Generators G(z) = w z + u, reduced by symmetry to s = |w| in [0, 1], u in [0, t].

    Attributes
    ----------
    lower : float
        Certified lower bound of inf over feasible G of gap(s, u).
    upper : float
        The gap at the incumbent (argmin), enclosed from above.
    argmin_s, argmin_u : float
        The incumbent (s, u).
    boxes : int
        Boxes evaluated.
    converged : bool
        Whether the branch and bound met its tolerance.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (8) and Theorem 1.
    """
    lower: float
    upper: float  # the gap at the incumbent (argmin), enclosed from above
    argmin_s: float
    argmin_u: float
    boxes: int
    converged: bool


def _g_bounds(r: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper bounds of g(r) = 2 (phi(r) - r Phi(-r)) at points r >= 0 (vectorised)."""
    r = np.asarray(r, dtype=float)
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        phi = np.exp(-0.5 * r * r) * _INV_SQRT_2PI
        tail = special.ndtr(-r)
        direct = 2.0 * (phi - r * tail)
        err = 2.0 * (8e-15 * phi + _NDTR_REL * r * tail) + 1e-300
        root4, root8 = np.sqrt(r * r + 4.0), np.sqrt(r * r + 8.0)
        # 1 - r R with the Mills-ratio bounds on R, in forms free of cancellation
        ana_hi = 2.0 * phi * (root4 - r) / (r + root4) * (1 + _REL)
        ana_lo = 2.0 * phi * (root8 - r) / (3.0 * r + root8) * (1 - _REL)
    ana_hi = np.where(np.isfinite(r), ana_hi, 0.0)
    ana_lo = np.where(np.isfinite(r), ana_lo, 0.0)
    lo = np.maximum(np.maximum(direct - err, ana_lo), 0.0)
    hi = np.minimum(direct + err, ana_hi)
    hi = np.maximum(hi, lo)
    return np.where(np.isnan(lo), 0.0, lo), np.where(np.isnan(hi), math.sqrt(2 / math.pi) * (1 + _REL), hi)


def _g(x: Interval) -> Interval:
    """Enclosure of the decreasing g over the interval x (x >= 0)."""
    lo, _ = _g_bounds(np.maximum(x.hi, 0.0))
    _, hi = _g_bounds(np.maximum(x.lo, 0.0))
    return Interval._make(lo, hi)


def gap_enclosure(sigma: float, t: float, S: Interval, U: Interval) -> Interval:
    """Enclosure of gap(s, u) = t + u + g(t + c) - s g(u/(sigma - s)) over boxes S x U (0 <= s <= 1,
    u >= 0); the lower end is floored at 0 (the Nash gap is non-negative).

    Parameters
    ----------
    sigma, t : float
        Data scale (> 1) and mean budget.
    S, U : Interval
        Boxes of s = |w| in [0, 1] and u >= 0.

    Returns
    -------
    Interval
        Enclosures of the gap at (G, D_G).

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (8), Theorem 1 (WGAN part).
    """
    dist = Interval(np.asarray(sigma, dtype=float)) - S  # sigma - s > 0
    return _gap_r(sigma, t, S, U / dist, U)


def _gap_r(sigma: float, t: float, S: Interval, R: Interval, U: Interval) -> Interval:
    """The gap in the variables (s, r = u/(sigma - s)): t + u + g(t + sigma r) - s g(r), floored at 0.

    Its lower end is also bounded by a sum of non-negative terms (no cancellation, so it stays
    positive and tight as t -> 0 near the minimiser s = 1, r = 0): g is convex with g' = -2 Phi(-r)
    and g'' = 2 phi, so with D = t + (sigma - 1) r,
    g(t + sigma r) >= g(r) - 2 Phi(-r) D + phi(t + sigma r) D^2, and regrouping,

        gap >= t erf(r/sqrt 2) + r ((1 - s) + (sigma - 1) erf(r/sqrt 2)) + (1 - s) g(r)
               + phi(t + sigma r) D^2,

    each term monotone in (s, r) over a box.
    """
    out = (U + t) + _g(R * sigma + t) - S * _g(R)
    r_lo, r_hi = np.maximum(R.lo, 0.0), R.hi
    one_minus_s = np.maximum(1.0 - S.hi, 0.0)  # exact: s_hi <= 1 is a float near 1 or exactly 1
    with np.errstate(over="ignore", under="ignore", invalid="ignore"):
        e = special.erf(r_lo / math.sqrt(2.0))
        g_lo, _ = _g_bounds(r_hi)
        big_d = t + (sigma - 1.0) * r_lo
        curv = np.exp(-0.5 * (t + sigma * r_hi) ** 2) * _INV_SQRT_2PI * big_d * big_d
        second = t * e + r_lo * (one_minus_s + (sigma - 1.0) * e) + one_minus_s * g_lo + curv
    second = np.where(np.isnan(second), 0.0, second) * (1 - 1e-12)
    lo = np.maximum(np.maximum(out.lo, second), 0.0)
    return Interval._make(lo, np.maximum(out.hi, lo))


def gap_upper(sigma: float, t: float, s: float, u: float) -> float:
    """A rigorous upper bound on the Nash gap at (G, D_G) for G = (w, u), s = |w| (exact best responses).

    Parameters
    ----------
    sigma, t : float
        Data scale (> 1) and mean budget.
    s, u : float
        Generator G(z) = w z + u, s = |w|.

    Returns
    -------
    float
        An upper bound on the gap.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (8), Theorem 1 (WGAN part).
    """
    S, U = Interval(np.array([abs(s)])), Interval(np.array([abs(u)]))
    return float(gap_enclosure(sigma, t, S, U).hi[0])


def certify_min_gap(sigma: float, t: float, *, rel_tol: float = 1e-3, abs_tol: float = 1e-7,
                    max_boxes: int = 20000) -> WGANCertificate:
    """Certified lower bound (branch and bound) on inf_G gap(G) and an enclosed incumbent.

    Parameters
    ----------
    sigma : float
        Data scale, sigma > 1.
    t : float
        Mean budget.
    rel_tol, abs_tol, max_boxes : optional
        Branch-and-bound stopping rules.

    Returns
    -------
    WGANCertificate
        ``lower`` (certified), ``upper`` (enclosed at the incumbent), the incumbent (s, u) with s = |w|.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (8), Theorem 1 (WGAN part).
    """
    if not sigma > 1:
        raise ValueError(f"Theorem 1 (WGAN) needs sigma > 1, got sigma = {sigma:g}")

    # variables (s, v) with r = u/(sigma - s) = v/(1 - v): the gap varies on the scale r ~ 1 (the
    # discriminator's kink c = sigma r crosses the data's bulk), which as sigma -> 1+ is u ~ sigma - 1;
    # bisecting v resolves that scale whatever sigma is. Feasibility: u = r (sigma - s) <= t.
    sig = Interval(np.asarray(sigma, dtype=float))

    def boxes(lo, hi):
        S = Interval(lo[:, 0], hi[:, 0])
        v_lo, v_hi = lo[:, 1], hi[:, 1]
        with np.errstate(divide="ignore"):
            R = Interval(v_lo, np.where(v_hi < 1, v_hi, 1.0)) / (1.0 - Interval(v_lo, np.minimum(v_hi, 1.0)))
        R = Interval._make(np.maximum(R.lo, 0.0), R.hi)
        return S, R, R * (sig - S)

    def lower(lo, hi):
        S, R, U = boxes(lo, hi)
        out = _gap_r(sigma, t, S, R, U).lo
        return np.where(U.lo > t, np.inf, out)  # boxes with no feasible generator

    def point(x):
        s_, v_ = x[:, 0], x[:, 1]
        u_ = v_ / (1.0 - v_) * (sigma - s_)
        ok = u_ <= t
        up = gap_enclosure(sigma, t, Interval(s_), Interval(np.where(ok, u_, 0.0))).hi
        return np.where(ok, up, np.inf)

    r_max = t / (sigma - 1.0)
    v_max = r_max / (1.0 + r_max) if math.isfinite(r_max) else 1.0
    v_max = min(float(np.nextafter(v_max, 2.0)), 1.0)
    # the box, plus the corners as degenerate boxes (exact incumbents from the start)
    lo = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 0.0]])
    hi = np.array([[1.0, v_max], [1.0, 0.0], [0.0, 0.0]])
    res = branch_and_bound(lower, point, lo, hi, rel_tol=rel_tol, abs_tol=abs_tol, max_boxes=max_boxes,
                           min_rel_width=1e-7)
    s_best = float(res.argmin[0])
    u_best = min(float(res.argmin[1] / (1.0 - res.argmin[1]) * (sigma - s_best)), t)
    cands = np.array([[s_best, u_best], [1.0, 0.0], [0.0, 0.0], [1.0, t], [0.0, t]])
    vals = gap_enclosure(sigma, t, Interval(cands[:, 0]), Interval(cands[:, 1])).hi
    j = int(np.argmin(vals))
    return WGANCertificate(max(res.lower, 0.0), float(vals[j]), float(cands[j, 0]), float(cands[j, 1]),
                           res.boxes_evaluated, res.converged)
