"""Verified upper bound on the Nash gap of the Gaussian f-GAN game in d = k = 2 (Theorem 1, f-GAN), at an
isotropic generator G(z) = s z + v e_1 (W = s I_2, u = (v, 0)), and hence on the minimal gap.

Data P = N(0, sigma^2 I_2), feasible set sigma_max(W') <= 1, ||u'|| <= t. With R_G = log p/q_G and
J(G'; G) = E_{Q_G'}[psi(R_G)] (eqs. (2), (7); :mod:`gantheory.certify.fgan2d`) the gap at (G, D_G) is
sup_G' J(G'; G) - J(G; G). At an isotropic G, R_G(x) = alpha |x - x0|^2 + const, alpha = 1/(2 s^2) -
1/(2 sigma^2) > 0 (s <= 1 < sigma), x0 = v sigma^2/(sigma^2 - s^2) e_1. The supremum is obtained exactly:

* psi convex (every f of the table but Neyman's): psi is non-decreasing (psi'(r) = e^{2r} f''(e^r) >= 0)
  and R_G is convex, so z -> psi(R_G(W' z + u')) is jointly convex in (W', u') and so is J(., G). A convex
  function on the compact convex feasible set is bounded by its values at the extreme points: W' orthogonal
  (W' W'^T = I) and ||u'|| = t, where Q_G' = N(u', I). J then depends on |u' - x0| only, through the
  non-central chi-square |u' + Z - x0|^2 which is stochastically increasing in |u' - x0|; so the maximiser
  is u' = -t e_1, W' = I, one 2-D enclosure (:func:`gantheory.certify.fgan2d.expectation_2d`).
* psi = scale e^{kappa r} + shift with kappa < 0 < -scale (Neyman, concave psi) at v = 0: R_G is
  invariant under rotations about 0, which fix P and the feasible set, so W' = diag(s1', s2') (the
  singular-value reduction of ``proofs/theorem_1_fgan_2d``). J factorises into 1-D closed forms
  (:func:`gantheory.certify.fgan_enclosures.exp_enclosure`) and its supremum is at one of eight
  deviations (:func:`_sup_exp_concave`).

The bound is the upper end of the supremum minus the lower end of J(G; G), rounded outward.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from gantheory.certify.fgan2d import _dev, _own, expectation_2d
from gantheory.certify.fgan_enclosures import deviation_coefficients, exp_enclosure
from gantheory.certify.interval import Interval
from gantheory.certify.quadrature import CellGrid
from gantheory.exact.fgan import divergence_is_finite
from gantheory.games.divergences import FDivergence


@dataclass(frozen=True)
class GapUpper2D:
    """A verified upper bound on the Nash gap at (G, D_G) of the 2-D Gaussian f-GAN game (eq. (7), Theorem 1).

    ``upper`` bounds the gap from above (``inf`` where the gap is infinite or the case is not covered);
    ``sup_deviation`` is the upper end of the enclosure of sup over feasible G' of the generator's payoff
    J(G'; G) against D_G, ``own_lower`` the lower end of J(G; G); ``method`` names how the supremum was
    enclosed, ``converged`` whether it was, ``seconds`` the time taken.
    """

    upper: float  # verified: gap(G) <= upper (inf where infinite or not resolved)
    sup_deviation: float  # upper end of sup_G' J(G'; G)
    own_lower: float  # lower end of J(G; G)
    method: str  # "extreme-point" | "endpoint-enumeration" | "infinite" | "unsupported"
    converged: bool
    seconds: float


def _point(x: float) -> Interval:
    return Interval(np.array([float(x)]))


def _sup_exp_concave(div: FDivergence, sigma: float, t: float, s: float) -> float:
    """Upper end of sup_G' J(G'; G) at G = (s I, 0) for psi = scale e^{kappa r} + shift, kappa < 0 < -scale.

    By the reduction, J = scale F(s1', u1') F(s2', u2') + shift with F(s', u) = E[e^{kappa r(u + s' Z)}] =
    e^{kappa c} g^{-1/2} e^{kappa alpha u^2/g}, g = 1 - 2 kappa alpha s'^2 >= 1. log F as a function of g,
    -log(g)/2 - |kappa| alpha u^2/g, rises then falls, so its minimum over s' in [0, 1] sits at s' in {0, 1};
    for fixed g_i, sum_i -|kappa| alpha u_i^2/g_i is linear in (u_1^2, u_2^2) with negative coefficients,
    so its minimum over the disc puts u^2 = t^2 on one axis. The supremum is the largest of the eight
    deviations (s1', s2') in {0, 1}^2, u' = t e_j, each enclosed in closed form.
    """
    T = div.psi
    S = _point(s)
    best = -math.inf
    for s1 in (0.0, 1.0):
        for s2 in (0.0, 1.0):
            for j in (0, 1):
                E = None
                for i, si in enumerate((s1, s2)):
                    a, b, c = deviation_coefficients(sigma, S, _point(0.0), _point(si), _point(t if i == j else 0.0))
                    Ei = exp_enclosure(T.kappa, a, b, c)
                    E = Ei if E is None else E * Ei
                best = max(best, float((E * T.scale + T.shift).hi[0]))
    return best


def gap_upper_2d(div: FDivergence, sigma: float, t: float, s: float, v: float = 0.0, *, n_inner: int = 512,
                 n_outer: int = 256) -> GapUpper2D:
    """A verified upper bound on the Nash gap at (G, D_G) for G(z) = s z + v e_1 in d = k = 2.

    Parameters
    ----------
    div : FDivergence
        Row of the f-table (eq. (7)).
    sigma : float
        Data scale, sigma > 1 (P = N(0, sigma^2 I_2)).
    t : float
        Mean budget ||u'|| <= t of the deviations.
    s, v : float
        The generator: W = s I_2 (0 < s <= 1), u = (v, 0) with 0 <= v <= t.
    n_inner, n_outer : int
        Cells of the inner and outer grids of the nested 2-D enclosure (softplus psi).

    Returns
    -------
    GapUpper2D
        ``upper`` = inf where the gap is infinite, or where no exact supremum is available (psi neither
        convex nor of the form scale e^{kappa r} + shift with kappa < 0 < -scale, or v != 0 for the latter:
        method "unsupported").

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (7), Theorem 1 (f-GAN part, d = k = 2).
    """
    if not (sigma > 1 and t > 0 and 0 < s <= 1 and 0 <= v <= t):
        raise ValueError(f"needs sigma > 1, t > 0, 0 < s <= 1, 0 <= v <= t; got sigma = {sigma:g}, t = {t:g}, "
                         f"s = {s:g}, v = {v:g}")
    t0 = time.perf_counter()
    if not divergence_is_finite(div, sigma, s):
        return GapUpper2D(math.inf, math.inf, math.nan, "infinite", True, time.perf_counter() - t0)
    gin, gout = CellGrid.make(n_inner), CellGrid.make(n_outer)
    S, V, Z = _point(s), _point(v), _point(0.0)
    own_lo = float(expectation_2d(div, _own(sigma, S, V), _own(sigma, S, Z), True, gin, gout)[0])
    converged = True
    if div.psi_convex:
        method = "extreme-point"
        # G' = (I, -t e_1): _dev's coordinate is N(-shift, 1)
        sup_hi = float(expectation_2d(div, _dev(sigma, S, V, t), _dev(sigma, S, Z, 0.0), False, gin, gout)[0])
    elif div.psi.kind == "exp" and div.psi.kappa < 0 < -div.psi.scale and v == 0.0:
        method = "endpoint-enumeration"
        sup_hi = _sup_exp_concave(div, sigma, t, s)
    else:
        return GapUpper2D(math.inf, math.nan, own_lo, "unsupported", False, time.perf_counter() - t0)
    if math.isnan(sup_hi) or math.isnan(own_lo) or sup_hi == math.inf:
        return GapUpper2D(math.inf, sup_hi, own_lo, method, converged, time.perf_counter() - t0)
    gap = sup_hi - own_lo
    gap = math.nextafter(gap + 4 * np.finfo(float).eps * (abs(sup_hi) + abs(own_lo)), math.inf)
    return GapUpper2D(max(gap, 0.0), sup_hi, own_lo, method, converged, time.perf_counter() - t0)
