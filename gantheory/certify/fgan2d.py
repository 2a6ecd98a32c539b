"""Certified lower bound on the minimal Nash gap of the Gaussian f-GAN game in d = k = 2 (Theorem 1, f-GAN).

Data P = N(0, sigma^2 I_2), generator G(z) = W z + u, Z ~ N(0, I_2), sigma_max(W) <= 1, ||u|| <= t.

Reduction (proved in ``proofs/theorem_1_fgan_2d``): with W = U diag(s1, s2) V^T, the rotation x -> U^T x
fixes P and the feasible set and maps Q_G to N(v, diag(s1^2, s2^2)), v = U^T u; reflections of single
axes and the swap of the axes are symmetries too. So the gap is a function of (s1, s2, v1, v2) with
1 >= s1 >= s2 >= 0, v1, v2 >= 0, v1^2 + v2^2 <= t^2, and the log density ratio separates,
R_G(x) = r_1(x_1) + r_2(x_2), r_i the 1-D log ratio of N(0, sigma^2) to N(v_i, s_i^2).

A lower bound on the gap at G is J(G'; G) - J(G; G) for any feasible deviation G' (J(G'; G) = E_{Q_G'}
[psi(R_G)], :mod:`gantheory.exact.fgan`); we use G' = (I, -t e_1) and (I, -t e_2). With x_i = m_i + tau_i
Z_i each r_i is a quadratic q_i(Z_i) = a_i Z_i^2 + b_i Z_i + c_i, and E[psi(q_1(Z_1) + q_2(Z_2))] is enclosed

* exp psi (KL, Pearson, Neyman, squared Hellinger): it factorises, scale E[e^{k q_1}] E[e^{k q_2}] + shift,
  each factor an exact 1-D range (:func:`gantheory.certify.fgan._exp_enclosure`);
* linear psi (reverse KL): E = scale k (a_1 + c_1 + a_2 + c_2) + shift, exactly;
* softplus psi (JS, GAN): no factorisation. Psi(c) = E[psi(q_1(Z_1) + c)] is non-decreasing and convex in c
  (psi is), so E[Psi(q_2(Z_2))] is enclosed by the 1-D cell enclosure with psi replaced by rigorous
  lower / upper bounds of Psi, themselves 1-D cell enclosures (nested; second order in both variables).

Near s_i = 0 the direct bound degenerates; there every box also gets the data-processing bound
gap(G) >= V(G, D_G) - V(G_ref, D_G) >= D(G) - D(G_ref) (D(G) = int q f(p/q), G_ref = (I, 0)), with D(G)
bounded below after convolving P and Q_G with N(0, diag(s_i,hi^2 - s_i^2)):
D(G) >= inf over sigma_i'^2 in [sigma^2, sigma^2 + s_i,hi^2 - s_i,lo^2] of
D_f(N(0, diag sigma'^2) || N(v, diag s_hi^2)),
a 2-D cell lower bound of E_Q[F(R)], F(v) = f(e^v) - f(1) - f'(1)(e^v - 1) >= 0 unimodal.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from gantheory.certify import interval as iv
from gantheory.certify.branch_and_bound import branch_and_bound
from gantheory.certify.fgan_enclosures import exp_enclosure, ftilde
from gantheory.certify.interval import Interval
from gantheory.certify.quadrature import CellGrid, _quad_max, _quad_min, expectation_enclosure
from gantheory.games.divergences import Envelope, FDivergence

_EPS = 2.3e-16


@dataclass(frozen=True)
class FGAN2DCertificate:
    """Certified lower bound on the minimal Nash gap of the f-GAN game in d = k = 2 (eq. (7), Theorem 1).

    Generators G(z) = W z + u reduced to (s1, s2, v1, v2): the singular values of W and v = U^T u.

    Attributes
    ----------
    lower : float
        Certified lower bound of inf over feasible G of gap(G).
    upper : float
        The deviation bound at the incumbent (a lower bound of the gap there).
    argmin : tuple of float
        The incumbent (s1, s2, v1, v2).
    boxes : int
        Boxes evaluated.
    converged : bool
        Whether the branch and bound met its tolerance.
    seconds : float
        Wall time spent.
    timed_out : bool
        Whether the time budget stopped the search.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (7) and Theorem 1.
    """
    lower: float
    upper: float  # the deviation bound at the incumbent (a lower bound of the gap there)
    argmin: tuple[float, float, float, float]  # (s1, s2, v1, v2)
    boxes: int
    converged: bool
    seconds: float
    timed_out: bool


# -- coefficients of q_i(Z_i) for one coordinate ----------------------------------------------------
def _own(sigma: float, S: Interval, V: Interval):
    """G' = G: x = v + s Z; a = 1/2 - s^2/(2 sigma^2), b = -v s/sigma^2, c = log(s/sigma) - v^2/(2 sigma^2)."""
    a = 0.5 - S.square() * (0.5 / sigma**2)
    b = (V * S) * (-1.0 / sigma**2)
    c = iv.log(S * (1.0 / sigma)) - V.square() * (0.5 / sigma**2)
    return a, b, c


def _dev(sigma: float, S: Interval, V: Interval, shift: float):
    """G' coordinate N(-shift, 1): a = (1/s^2 - 1/sigma^2)/2, b = -(shift + v)/s^2 + shift/sigma^2,
    c = log(s/sigma) + (shift + v)^2/(2 s^2) - shift^2/(2 sigma^2)."""
    inv_s2 = S.square().reciprocal()
    a = (inv_s2 - 1.0 / sigma**2) * 0.5
    tv = V + shift
    b = -(tv * inv_s2) + shift / sigma**2
    c = iv.log(S * (1.0 / sigma)) + tv.square() * inv_s2 * 0.5 - 0.5 * shift * shift / sigma**2
    return a, b, c


def _flat(x: Interval, n: int) -> Interval:
    return Interval._make(np.repeat(x.lo, n), np.repeat(x.hi, n))


class _Psi:
    """Psi(v) = E[psi(a Z^2 + b Z + c + v)] bounded from one side (``lower`` True / False), rows = boxes."""

    def __init__(self, T, env, a: Interval, b: Interval, c: Interval, grid: CellGrid, lower: bool, convex: bool):
        self.T, self.env, self.a, self.b, self.c, self.grid = T, env, a, b, c, grid
        self.lower, self.convex = lower, convex

    def __call__(self, v):
        v = np.asarray(v, dtype=float)
        m = len(self.a.lo)
        shape = v.shape
        v2 = v.reshape(m, -1)
        n = v2.shape[1]
        vf = v2.reshape(-1)
        with np.errstate(invalid="ignore"):
            c = Interval._make(np.nextafter(np.repeat(self.c.lo, n) + vf, -np.inf),
                               np.nextafter(np.repeat(self.c.hi, n) + vf, np.inf))
        enc = expectation_enclosure(lambda x: self.T(x), self.env, _flat(self.a, n), _flat(self.b, n), c, self.grid,
                                    convex=self.convex)
        out = enc.lo if self.lower else enc.hi
        return out.reshape(shape)


def expectation_2d(div: FDivergence, q1, q2, lower: bool, grid_in: CellGrid, grid_out: CellGrid) -> np.ndarray:
    """One-sided bound (``lower``) of E[psi(q_1(Z_1) + q_2(Z_2))], q_i = (a_i, b_i, c_i) Interval triples.

    Here q_i(z) = a_i z^2 + b_i z + c_i and Z_1, Z_2 are independent N(0, 1).

    Parameters
    ----------
    div : FDivergence
        The f-divergence of the f-GAN (eq. (7)); its transform ``psi`` is integrated.
    q1, q2 : tuple of Interval
        Coefficient boxes (a_i, b_i, c_i), vectorised over boxes.
    lower : bool
        True for a lower bound, False for an upper bound.
    grid_in, grid_out : CellGrid
        Cell grids of the inner (Z_1) and outer (Z_2) Gaussian integrals.

    Returns
    -------
    numpy.ndarray
        The bound per box.
    """
    T = div.psi
    (a1, b1, c1), (a2, b2, c2) = q1, q2
    if T.kind == "exp":
        E = exp_enclosure(T.kappa, a1, b1, c1) * exp_enclosure(T.kappa, a2, b2, c2)
        J = E * T.scale + T.shift
        return J.lo if lower else J.hi
    if T.kind == "linear":
        J = (a1 + c1 + a2 + c2) * (T.scale * T.kappa) + T.shift
        return J.lo if lower else J.hi
    cvx = div.psi_convex
    inner = _Psi(T, div.psi_envelope, a1, b1, c1, grid_in, lower, cvx)
    env = div.psi_envelope
    if env.kappa > 0:  # Psi(v) <= C E[e^{k q_1}] e^{k v} + B
        E1 = exp_enclosure(env.kappa, a1, b1, c1).hi
        env_out = Envelope(env.C * E1, env.kappa, env.B)
    else:
        env_out = env
    enc = expectation_enclosure(inner, env_out, a2, b2, c2, grid_out, convex=cvx)
    return enc.lo if lower else enc.hi


def _direct_lower(div, sigma, t, S1, S2, V1, V2, gin, gout) -> np.ndarray:
    own_hi = expectation_2d(div, _own(sigma, S1, V1), _own(sigma, S2, V2), False, gin, gout)
    best = np.full(len(S1.lo), -np.inf)
    for e in ((t, 0.0), (0.0, t)):
        dev_lo = expectation_2d(div, _dev(sigma, S1, V1, e[0]), _dev(sigma, S2, V2, e[1]), True, gin, gout)
        best = np.maximum(best, dev_lo)
    with np.errstate(invalid="ignore"):
        out = np.where(best == np.inf, np.inf, best - own_hi)
    return np.where(np.isnan(out), -np.inf, out)


# -- data-processing bound ---------------------------------------------------------------------------
def _qrange(A: Interval, B: Interval, C: Interval, grid: CellGrid):
    e = grid.edges
    z0, z1 = e[None, :-1], e[None, 1:]
    right = z0 >= 0
    b_min = np.where(right, B.lo[:, None], B.hi[:, None])
    b_max = np.where(right, B.hi[:, None], B.lo[:, None])
    return (_quad_min(A.lo[:, None], b_min, C.lo[:, None], z0, z1),
            _quad_max(A.hi[:, None], b_max, C.hi[:, None], z0, z1))


def divergence_lower_2d(div: FDivergence, sig2: tuple[Interval, Interval], s: tuple[np.ndarray, np.ndarray],
                        V: tuple[Interval, Interval], grid: CellGrid) -> np.ndarray:
    """Lower bound of int q f(p/q) for P = N(0, diag(sig2)), Q = N(v, diag(s^2)) (s > 0 per box):
    f(1) + E_Q[F(R)], R = sum_i log(s_i/sigma_i') + Z_i^2/2 - (v_i + s_i Z_i)^2/(2 sigma_i'^2).

    Parameters
    ----------
    div : FDivergence
        The f-divergence (eq. (7)).
    sig2 : tuple of Interval
        Ranges of the data variances sigma_i'^2 per axis.
    s : tuple of numpy.ndarray
        Generator scales s_i per box (singular values of W).
    V : tuple of Interval
        Ranges of the generator means v_i per box.
    grid : CellGrid
        Cell grid of the Gaussian integrals.

    Returns
    -------
    numpy.ndarray
        Lower bound of D_f(P || Q) per box.
    """
    F = ftilde(div)
    qs = []
    for sg2, si, Vi in zip(sig2, s, V, strict=True):
        inv = sg2.reciprocal()
        a = 0.5 - inv * (0.5 * si * si)
        b = -(Vi * inv) * si
        c = iv.log(iv.sqrt(sg2).reciprocal() * si) - Vi.square() * inv * 0.5
        qs.append(_qrange(a, b, c, grid))
    (lo1, hi1), (lo2, hi2) = qs
    qlo = lo1[:, :, None] + lo2[:, None, :]
    qhi = hi1[:, :, None] + hi2[:, None, :]
    qlo = qlo - 4 * _EPS * np.abs(qlo)
    qhi = qhi + 4 * _EPS * np.abs(qhi)
    with np.errstate(over="ignore", invalid="ignore"):
        fl = F(np.clip(0.0, qlo, qhi))
    fl = np.where(np.isnan(fl), 0.0, np.maximum(fl, 0.0))
    p = grid.prob_lo
    terms = fl * p[None, :, None] * p[None, None, :]
    lo = terms.sum(axis=(1, 2))
    return lo * (1 - terms.shape[1] * terms.shape[2] * _EPS) + float(div.f(np.array(1.0)))


def reference_divergence_upper(div: FDivergence, sigma: float, gin: CellGrid, gout: CellGrid) -> float:
    """Upper bound of D(G_ref) = int q f(p/q), G_ref = (I, 0): E_P[chi(R)] - E_Q[psi(R)], both 2-D.

    Parameters
    ----------
    div : FDivergence
        The f-divergence (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2 I_2).
    gin, gout : CellGrid
        Inner and outer cell grids of the 2-D Gaussian integrals.

    Returns
    -------
    float
        Upper bound of D_f(P || N(0, I_2)).
    """
    one = Interval([1.0])
    zero = Interval([0.0])
    # under Q = N(0, I): the own-payoff coefficients at s = 1, v = 0
    q = _own(sigma, one, zero)
    EQ_lo = expectation_2d(div, q, q, True, gin, gout)[0]
    # under P = N(0, sigma^2 I): x = sigma z, r(x) = (1/2 - 1/(2 sigma^2)) x^2 + log(1/sigma) -> a = (sigma^2 - 1)/2
    aP = Interval([0.5 * sigma**2 - 0.5]) * 1.0
    cP = iv.log(Interval([1.0 / sigma]))
    chi_div = FDivergence(div.key, div.name, div.f, div.f_prime, div.f_conj, div.dom_sup, div.chi, div.chi,
                          div.chi_envelope, div.chi_envelope, div.growth, div.f_at_0, div.f_prime_inf,
                          psi_convex=False)
    qP = (aP, zero, cP)
    EP_hi = expectation_2d(chi_div, qP, qP, False, gin, gout)[0]
    return float(np.nextafter(EP_hi - EQ_lo, np.inf))


def _infinite_s2(div: FDivergence, sigma: float) -> float:
    g = div.growth
    return 0.0 if g <= 1 else (g - 1) * sigma**2 / g


def certify_min_gap_2d(div: FDivergence, sigma: float, t: float, *, max_seconds: float = 600.0,
                       max_boxes: int = 2000000, rel_tol: float = 0.05, n_inner: int = 64,
                       n_outer: int = 32) -> FGAN2DCertificate:
    """Certified lower bound on inf_G gap(G) over feasible 2-D generators (d = k = 2, sigma > 1).

    Stops at ``rel_tol`` or after ``max_seconds`` (the bound reached so far is still certified).

    Parameters
    ----------
    div : FDivergence
        Row of the f-table (eq. (7)).
    sigma : float
        Data scale, sigma > 1 (P = N(0, sigma^2 I_2)).
    t : float
        Mean budget ||u|| <= t.
    max_seconds, max_boxes, rel_tol : optional
        Stopping rules of the branch and bound.
    n_inner, n_outer : int
        Cells of the inner and outer enclosure grids.

    Returns
    -------
    FGAN2DCertificate
        The certified lower bound and the incumbent.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (7), Theorem 1 (f-GAN part, d = k = 2).
    """
    if not (sigma > 1 and t > 0):
        raise ValueError(f"needs sigma > 1 and t > 0, got sigma = {sigma:g}, t = {t:g}")
    t0 = time.perf_counter()
    gin, gout = CellGrid.make(n_inner), CellGrid.make(n_outer)
    gdpi = CellGrid.make(48)
    D_ref = reference_divergence_upper(div, sigma, CellGrid.make(512), CellGrid.make(256))  # once: fine grids
    s_inf2 = _infinite_s2(div, sigma)

    def lower(lo, hi):
        m = len(lo)
        out = np.full(m, -np.inf)
        S1, S2 = Interval(lo[:, 0], hi[:, 0]), Interval(lo[:, 1], hi[:, 1])
        V1, V2 = Interval(lo[:, 2], hi[:, 2]), Interval(lo[:, 3], hi[:, 3])
        # symmetry s1 >= s2 and the disc v1^2 + v2^2 <= t^2: boxes outside are not feasible points
        outside = (hi[:, 0] < lo[:, 1]) | (lo[:, 2] ** 2 + lo[:, 3] ** 2 > t * t)
        # infinite divergence (either axis below the threshold): no attained best response, gap = +inf
        inf_box = (hi[:, 0] ** 2 <= s_inf2) | (hi[:, 1] ** 2 <= s_inf2)
        pos = (lo[:, 1] > 0) & ~outside & ~inf_box
        if np.any(pos):
            out[pos] = _direct_lower(div, sigma, t, S1[pos], S2[pos], V1[pos], V2[pos], gin, gout)
        weak = ~outside & ~inf_box & (out < 1.0) & (hi[:, 1] > 0)
        if np.any(weak):
            sig2 = tuple(Interval(np.full(weak.sum(), sigma**2), sigma**2 + hi[weak, i] ** 2 - lo[weak, i] ** 2)
                         for i in (0, 1))
            dpi = divergence_lower_2d(div, sig2, (hi[weak, 0], hi[weak, 1]), (V1[weak], V2[weak]), gdpi) - D_ref
            out[weak] = np.maximum(out[weak], dpi)
        out = np.where(inf_box, np.inf, out)
        return np.where(outside, np.inf, out)

    def point(x):
        x = np.asarray(x, dtype=float).copy()
        # keep the point feasible and in the reduced domain
        x[:, 1] = np.minimum(x[:, 1], x[:, 0])
        r = np.hypot(x[:, 2], x[:, 3])
        scale = np.where(r > t, t / np.maximum(r, 1e-300), 1.0)
        x[:, 2] *= scale
        x[:, 3] *= scale
        val = lower(x, x)
        return np.where(np.isnan(val), np.inf, val)

    s_edges = np.linspace(0.0, 1.0, 5)
    if 0 < math.sqrt(s_inf2) < 1:
        s_edges = np.unique(np.concatenate([s_edges, [math.sqrt(s_inf2)]]))
    v_edges = np.linspace(0.0, t, 3)
    lo_b, hi_b = [], []
    for i in range(len(s_edges) - 1):
        for j in range(len(s_edges) - 1):
            if s_edges[i + 1] < s_edges[j]:
                continue
            for k in range(len(v_edges) - 1):
                for m in range(len(v_edges) - 1):
                    lo_b.append([s_edges[i], s_edges[j], v_edges[k], v_edges[m]])
                    hi_b.append([s_edges[i + 1], s_edges[j + 1], v_edges[k + 1], v_edges[m + 1]])
    res = branch_and_bound(lower, point, np.array(lo_b), np.array(hi_b), rel_tol=rel_tol, max_boxes=max_boxes,
                           min_rel_width=1e-4, batch=32, max_seconds=max(max_seconds - (time.perf_counter() - t0), 0.0))
    seconds = time.perf_counter() - t0
    return FGAN2DCertificate(res.lower, res.upper, tuple(float(v) for v in res.argmin), res.boxes_evaluated,
                             res.converged, seconds, not res.converged and seconds >= max_seconds)
