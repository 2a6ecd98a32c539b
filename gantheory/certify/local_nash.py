"""Certificates that no feasible generator is a local Nash equilibrium (Sec. 1: "no local Nash equilibria").

Local Nash equilibrium (G, D): D is a local maximiser of V(G, .) and G a local minimiser of V(., D) over
the feasible generator parameters. In the three games below V(G, .) is concave in D (eq. (7): f* is
convex; eq. (8): linear; eq. (9): D -> D^c is convex, a supremum of affine maps) over a convex set, so a
local maximiser in D is a global one: D must be a best response D_G (unique up to what V does not see:
a.e. for the f-GAN, up to a constant for WGAN / W2GAN). Hence (G, D) is a local Nash equilibrium iff
G is a local minimiser of V(., D_G), i.e. a local maximiser of the generator's payoff J(G'; G)
(V(G', D_G) = const - J(G'; G)).

For every feasible G we certify one of two non-optimality conditions, each using only moves inside the
feasible set (the tangent cone is respected):

(i)  second order, u interior (||u|| < t): the payoff is strictly convex along the u'-line through G
     (d^2 J / du'^2 > 0 at G' = G). A line on which J is strictly convex at an interior point has no local
     maximum there, whatever the first derivative; every other coordinate is held fixed, so the move is
     feasible at sigma_max(W) = 1 too.
(ii) first order, u != 0: the directional derivative of J along -u/||u|| is > 0. Moving u' towards 0 is
     feasible from every feasible G (including ||u|| = t), so G is not a KKT point.

Points where D_G is not attained (s = 0 in the f-GAN, an infinite divergence) have no best response at
all, hence no local Nash equilibrium; they are excluded analytically, as is s = 0 in the WGAN (the payoff
|u' - u| has a strict local minimum at u' = u) and a rank-deficient W in the W2GAN (a feasible
perturbation leaves the affine support of D_G^c, where D_G^c = +inf, so V(G', D_G) = -inf).

The margins of (i) and (ii) are normalised by positive factors (so they stay O(1) as s -> 0), enclosed
by interval arithmetic over boxes of the reduced parameters (s, u) (1-D: s = |w|, u >= 0 by the
reflection x -> -x; W2GAN: s = sigma_max(W), r = ||u||), and :func:`branch_and_bound` refines the boxes
until the smallest certified margin is positive (or the budget runs out).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from gantheory.certify import interval as iv
from gantheory.certify.branch_and_bound import branch_and_bound
from gantheory.certify.interval import Interval
from gantheory.certify.local_nash_softplus import _fgan_boxes_softplus
from gantheory.games.divergences import FDivergence

_SQRT2PI = math.sqrt(2 * math.pi)




@dataclass(frozen=True)
class LocalNashCertificate:
    """Result: ``margin_lower > 0`` certifies that no feasible generator is a local Nash equilibrium."""

    game: str
    margin_lower: float  # certified lower bound of the per-point non-optimality margin
    margin_upper: float  # the smallest margin evaluated at a point (incumbent)
    # where that smallest margin sits (reduced parameters); None when no box is left to bound (every
    # feasible generator excluded analytically: the margins are then infima over an empty set, +inf)
    argmin: tuple[float, float] | None
    boxes: int
    converged: bool
    excluded: tuple[str, ...] = field(default=())  # regions decided analytically

    @property
    def certified(self) -> bool:
        return self.margin_lower > 0


def _combine(m_i: np.ndarray, ok_i: np.ndarray, m_ii: np.ndarray, ok_ii: np.ndarray) -> np.ndarray:
    a = np.where(ok_i, m_i, -np.inf)
    b = np.where(ok_ii, m_ii, -np.inf)
    out = np.maximum(a, b)
    return np.where(np.isnan(out), -np.inf, out)


def _run(game, lower, lo, hi, *, max_boxes: int, excluded: tuple[str, ...]) -> LocalNashCertificate:
    def point(x):
        return lower(x, x)

    res = branch_and_bound(lower, point, lo, hi, rel_tol=0.99, abs_tol=0.0, max_boxes=max_boxes,
                           min_rel_width=1e-13)
    return LocalNashCertificate(game, res.lower, res.upper, (float(res.argmin[0]), float(res.argmin[1])),
                                res.boxes_evaluated, res.converged, excluded)


# -- f-GAN, d = k = 1 ------------------------------------------------------------------------------
# Q_G = N(u, s^2). In y = (x - x0)/s, x0 = u sigma^2/(sigma^2 - s^2) the centre of the log ratio R_G,
# R_G(x0 + s y) = a y^2 + c', a = 1/2 - s^2/(2 sigma^2), c' = log(s/sigma) - u^2/(2 (sigma^2 - s^2)),
# and under Q_G, y = Z - m with m = u s/(sigma^2 - s^2) >= 0. J(G'; G) = E[psi(R_G(u' + s' Z))], so at G' = G
#   s   dJ/du'     = E[k1(Z - m)],  k1(y) = d/dy   psi(a y^2 + c') = psi'(v) 2 a y            (odd),
#   s^2 d2J/du'^2  = E[k2(Z - m)],  k2(y) = d2/dy2 psi(a y^2 + c') = psi''(v)(2 a y)^2 + 2 a psi'(v) (even).
# Pairing y and -y:  E[k1(Z - m)] = -int_0^inf k1(y) phi(y - m)(1 - e^{-2 y m}) dy  (< 0 for m > 0),
#                    E[k2(Z - m)] =  int_0^inf k2(y) (phi(y - m) + phi(y + m)) dy.
# exp / linear psi: closed forms by tilting (E[e^{kappa q} p(Z)] = E0 E_{N(kappa b/g, 1/g)}[p], g = 1 - 2 kappa a):
#   sign(dJ/du') = sign(-u/(sigma^2 g)),  sign(d2J/du'^2) = sign(kappa ((b/g)^2 + 4 a^2/g) + 2 a), b = -u s/sigma^2.

def _fgan_boxes_closed(div: FDivergence, sigma: float, t: float, S: Interval, U: Interval):
    T = div.psi
    kappa = T.kappa if T.kind == "exp" else 0.0
    a = 0.5 - S.square() * (0.5 / sigma**2)
    g = 1.0 - a * (2.0 * kappa)
    # g = 1 - kappa + kappa s^2/sigma^2 > 0 exactly for s above the infinite-divergence threshold (the
    # caller's boxes start there): remove the rounding below 0 at the threshold itself
    g = Interval._make(np.maximum(g.lo, 0.0), g.hi)
    b = (U * S) * (-1.0 / sigma**2)
    bg = b / g
    # interval multiplication by kappa < 0 swaps the ends, so one expression serves every sign
    m_i = (bg.square() + a.square() * 4.0 / g) * kappa + a * 2.0
    m_ii = U / g * (1.0 / sigma**2)
    return m_i, m_ii, g


def fgan_margins(div: FDivergence, sigma: float, t: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Certified lower bound of the normalised non-optimality margin over boxes [lo, hi] of (s, u).

    Generators G(z) = w z + u with s = |w| (f-GAN, eq. (7)); a positive margin certifies that no G in
    the box is a local Nash equilibrium.

    Parameters
    ----------
    div : FDivergence
        The f-divergence.
    sigma : float
        Data scale, P = N(0, sigma^2).
    t : float
        Bound on the shift, ``|u| <= t``.
    lo, hi : numpy.ndarray
        Box corners, shape ``(m, 2)``, columns (s, u).

    Returns
    -------
    numpy.ndarray
        Margin lower bound per box, shape ``(m,)``.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (7) and Theorem 1.
    """
    S = Interval(lo[:, 0], hi[:, 0])
    U = Interval(lo[:, 1], hi[:, 1])
    interior = hi[:, 1] < t  # (i) needs both u-directions feasible
    off_axis = lo[:, 1] > 0  # (ii) needs u > 0
    if div.psi.kind == "softplus":
        m_i, m_ii = _fgan_boxes_softplus(div, sigma, S, U)
        return _combine(m_i, interior, m_ii, off_axis)
    m_i, m_ii, _ = _fgan_boxes_closed(div, sigma, t, S, U)
    # J(G; G) is finite for s above the threshold of :func:`_infinite_s2` (g > 0 there), where the boxes live
    return _combine(m_i.lo, interior, m_ii.lo, off_axis)


def _infinite_s2(div: FDivergence, sigma: float) -> float:
    g = div.growth
    return 0.0 if g <= 1 else (g - 1) * sigma**2 / g


def certify_fgan(div: FDivergence, sigma: float, t: float, *, max_boxes: int = 20000) -> LocalNashCertificate:
    """No local Nash equilibrium in the 1-D Gaussian f-GAN game (eq. (7)), sigma > 1, |w| <= 1, |u| <= t.

    Parameters
    ----------
    div : FDivergence
        Row of the f-table (eq. (7)).
    sigma, t : float
        Data scale (> 1) and mean budget (> 0).
    max_boxes : int
        Branch-and-bound budget.

    Returns
    -------
    LocalNashCertificate
        Whether every box of (s, u), s = |w|, has a positive margin (no local Nash equilibrium).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7), Theorem 1 (local Nash equilibria).
    """
    if not (sigma > 1 and t > 0):
        raise ValueError(f"needs sigma > 1 and t > 0, got sigma = {sigma:g}, t = {t:g}")
    excluded = ["s = 0: the supremum over D is not attained (no best response, no local Nash equilibrium)"]
    s_inf = math.sqrt(_infinite_s2(div, sigma))
    s_edges = np.linspace(0.0, 1.0, 9)
    if 0 < s_inf < 1:
        excluded.append(f"s <= {s_inf:.6g}: int q f(p/q) = +inf, no attained best response")
        s_edges = np.unique(np.concatenate([[s_inf], s_edges[s_edges > s_inf]]))
    elif s_inf >= 1:
        # the whole feasible set s = |w| <= 1 lies at or below the threshold: nothing is left to bound, the
        # certificate is the analytic exclusion alone (margins: infima over an empty set; no argmin)
        excluded.append(f"every s <= 1 (threshold s = {s_inf:.6g} >= 1): int q f(p/q) = +inf, no attained best "
                        "response")
        return LocalNashCertificate(div.key, math.inf, math.inf, None, 0, True, tuple(excluded))
    u_edges = np.linspace(0.0, t, 5)
    lo = np.array([[s_edges[i], u_edges[j]] for i in range(len(s_edges) - 1) for j in range(4)])
    hi = np.array([[s_edges[i + 1], u_edges[j + 1]] for i in range(len(s_edges) - 1) for j in range(4)])
    if s_inf > 0:  # the closed boxes start just above the threshold: nudge the lower edge by one ulp
        lo[:, 0] = np.where(lo[:, 0] == s_inf, np.nextafter(s_inf, 2.0), lo[:, 0])

    def lower(lo_, hi_):
        return fgan_margins(div, sigma, t, lo_, hi_)

    return _run(div.key, lower, lo, hi, max_boxes=max_boxes, excluded=tuple(excluded))


def fgan_point_derivatives(div: FDivergence, sigma: float, s: float, u: float) -> tuple[float, float]:
    """(dJ/du', d2J/du'^2) at G' = G = (s, u), un-normalised, by the closed forms (exp / linear psi) --
    for tests against finite differences.

    Parameters
    ----------
    div : FDivergence
        The f-divergence (eq. (7)); its transform psi must be exp or linear.
    sigma : float
        Data scale, P = N(0, sigma^2).
    s : float
        Generator scale s = |w|.
    u : float
        Generator shift.

    Returns
    -------
    tuple of float
        The first and second derivatives of J(G'; G) in u'.

    Raises
    ------
    ValueError
        If psi is neither exp nor linear.
    """
    T = div.psi
    kappa = T.kappa
    a = 0.5 - s * s / (2 * sigma**2)
    b = -u * s / sigma**2
    c = math.log(s / sigma) - u * u / (2 * sigma**2)
    if T.kind == "linear":
        return T.scale * kappa * b / s, T.scale * kappa * 2 * a / s**2
    if T.kind != "exp":
        raise ValueError("closed-form derivatives exist for exp / linear psi only")
    g = 1 - 2 * kappa * a
    E0 = math.exp(kappa * c + kappa**2 * b * b / (2 * g)) / math.sqrt(g)
    d1 = T.scale * kappa * E0 * (b / g) / s
    d2 = T.scale * kappa * E0 * (kappa * ((b / g) ** 2 + 4 * a * a / g) + 2 * a) / s**2
    return d1, d2


# -- WGAN, 1-D -------------------------------------------------------------------------------------
# D_G = |x - c|, c = u sigma/(sigma - s); the payoff E_{Q'}|x - c| = m(u' - c, s') (folded-normal mean):
#   d/du' m = erf(mu/(s sqrt 2)) = 2 Phi(mu/s) - 1, mu/s = -u/(sigma - s) -> margin (ii) 2 Phi(u/(sigma - s)) - 1
#   d2/du'2 m = 2 phi(mu/s)/s                                          -> margin (i) s * that = 2 phi(u/(sigma - s))

def wgan_margins(sigma: float, t: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Certified lower bound of the normalised non-optimality margin over boxes [lo, hi] of (s, u), s = |w|
    (WGAN, eq. (8)).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2).
    t : float
        Bound on the shift, ``|u| <= t``.
    lo, hi : numpy.ndarray
        Box corners, shape ``(m, 2)``, columns (s, u).

    Returns
    -------
    numpy.ndarray
        Margin lower bound per box, shape ``(m,)``.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (8) and Theorem 1.
    """
    S = Interval(lo[:, 0], hi[:, 0])
    U = Interval(lo[:, 1], hi[:, 1])
    r = U / ((S * -1.0) + sigma)
    m_ii = iv.ndtr(r) * 2.0 - 1.0
    m_i = 2.0 * np.exp(-0.5 * r.hi**2) / _SQRT2PI * (1 - 1e-14)
    return _combine(m_i, hi[:, 1] < t, m_ii.lo, lo[:, 1] > 0)


def certify_wgan(sigma: float, t: float, *, max_boxes: int = 40000) -> LocalNashCertificate:
    """No local Nash equilibrium in the 1-D Gaussian WGAN game (eq. (8)), sigma > 1, |w| <= 1, |u| <= t.

    Parameters
    ----------
    sigma, t : float
        Data scale (> 1) and mean budget (> 0).
    max_boxes : int
        Branch-and-bound budget.

    Returns
    -------
    LocalNashCertificate
        Whether every box of (s, u), s = |w|, has a positive margin.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (8), Theorem 1 (local Nash equilibria).
    """
    if not (sigma > 1 and t > 0):
        raise ValueError(f"needs sigma > 1 and t > 0, got sigma = {sigma:g}, t = {t:g}")
    excluded = ("s = 0: the payoff |u' - u| against D_G = |x - u| has a strict local minimum at u' = u",)
    return _run("wgan", lambda lo, hi: wgan_margins(sigma, t, lo, hi), np.array([[0.0, 0.0]]),
                np.array([[1.0, t]]), max_boxes=max_boxes, excluded=excluded)


# -- W2GAN, c-concave D, any d with k >= d ---------------------------------------------------------------
# D_G(x) = x^T A x + b^T x, A = eta (I - S/sigma), b = -2 eta u, S = (W W^T)^{1/2} (exact.w2gan); with
# M = eta I - A = eta S/sigma and K = eta^2 M^{-1} - eta I = eta (sigma S^{-1} - I), the payoff is
# E[D_G^c(W' Z + u')] = tr(K W' W'^T) + u'^T K u' + eta u'^T M^{-1} b + const, so at G' = G
#   grad_u' = 2 K u + eta M^{-1} b = -2 eta u          -> margin (ii): 2 eta ||u||
#   Hess_u' = 2 K >= 2 eta (sigma/sigma_max(W) - 1) I   -> margin (i):  2 eta (sigma/s_max - 1)

def w2gan_margins(sigma: float, eta: float, t: float, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Certified lower bound of the non-optimality margin over boxes [lo, hi] of (sigma_max(W), ||u||)
    (W2GAN, eq. (9)).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2 I).
    eta : float
        The W2GAN quadratic cost weight.
    t : float
        Bound on the shift, ``||u|| <= t``.
    lo, hi : numpy.ndarray
        Box corners, shape ``(m, 2)``, columns (sigma_max(W), ||u||).

    Returns
    -------
    numpy.ndarray
        Margin lower bound per box, shape ``(m,)``.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (9) and Theorem 1.
    """
    Smax = Interval(lo[:, 0], hi[:, 0])
    R = Interval(lo[:, 1], hi[:, 1])
    m_i = (Smax.reciprocal() * sigma - 1.0) * (2 * eta)
    m_ii = R * (2 * eta)
    return _combine(m_i.lo, hi[:, 1] < t, m_ii.lo, lo[:, 1] > 0)


def certify_w2gan(sigma: float, eta: float, t: float, *, max_boxes: int = 40000) -> LocalNashCertificate:
    """No local Nash equilibrium in the Gaussian W2GAN game (eq. (9), cost eta ||x - x'||^2, c-concave D),
    sigma > 1, sigma_max(W) <= 1, ||u|| <= t, k >= d; reduced parameters (sigma_max(W), ||u||).

    Parameters
    ----------
    sigma, eta, t : float
        Data scale (> 1), cost scale, mean budget.
    max_boxes : int
        Branch-and-bound budget.

    Returns
    -------
    LocalNashCertificate
        Whether every box of (sigma_max(W), ||u||) has a positive margin.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9), Theorem 1 (local Nash equilibria).
    """
    if not (sigma > 1 and t > 0 and eta > 0):
        raise ValueError(f"needs sigma > 1, t > 0, eta > 0, got sigma = {sigma:g}, t = {t:g}, eta = {eta:g}")
    excluded = ("rank-deficient W (k < d always): a feasible perturbation leaves the affine support of D_G^c, "
                "so V(G', D_G) = -inf",)
    return _run("w2gan", lambda lo, hi: w2gan_margins(sigma, eta, t, lo, hi), np.array([[0.0, 0.0]]),
                np.array([[1.0, t]]), max_boxes=max_boxes, excluded=excluded)
