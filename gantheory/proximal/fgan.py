"""lambda-proximal equilibria (Definition 1, eq. (11)-(12)) of the one-dimensional Gaussian f-GAN game, eq. (7),
with the Sobolev seminorm of eq. (15), ||D||^2 = E_P[D'(X)^2].

Data P = N(0, sigma^2), sigma > 1; generators G(z) = w z + u with s = |w| <= 1, |u| <= t (Theorem 1), Q_G = N(u, s^2).
Convention of :mod:`gantheory.games.divergences`: max_D V(G, D) = M(G) = int q f(p/q), attained at D_G = f'(p/q).

Discriminator family (``FAMILY``): D_theta = chi(R_theta), chi(v) = f'(e^v), R_theta(x) = a x^2 + b x + c -- it contains
every D_G (R_G = log(p/q_G) is quadratic), and V(G, D_theta) = E_P[chi(R_theta)] - E_Q[psi(R_theta)] with
psi = f* o chi in closed form (:func:`gantheory.exact.fgan.transform_expectation`).

* ``prox_value``: V_prox over the family (a lower bound on V_prox over every D), by L-BFGS from D and D_G.
* ``worst_generator`` / ``pe_gap``: min over feasible G of V_prox(G, D*) - M(G*); by Proposition 2's sufficient
  direction (which holds for f-GANs, proofs/fgan_proximal), gap >= 0 makes (G*, D*) a lambda-PE over the family, and
  then over every D (V_prox over every D is larger, M is the same).
* ``local_threshold_family`` / ``local_threshold_all``: the lambda at which the u-curvature of V_prox(G_u, D*) at
  G* = (1, 0) vanishes, over the family (3 x 3 linear algebra) and over every D (the Sturm-Liouville problem
  W h - 2 lam (p h')' = p x, W = q*/f''(p/q*), by finite differences). For KL both equal sigma^2/(2 (sigma^2 - 1)).
* bounds on V_prox over *every* D are in :mod:`gantheory.proximal.fgan_bounds`.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import numpy as np
from scipy import linalg, optimize, special

from gantheory.exact import fgan as ex
from gantheory.games.divergences import FDivergence, Transform, get_divergence

FAMILY = "D = f'(exp(a x^2 + b x + c)) (contains every D_G)"

_GH_X, _GH_W = np.polynomial.hermite_e.hermegauss(160)
_GH_W = _GH_W / _GH_W.sum()


def _div(div: str | FDivergence) -> FDivergence:
    return div if isinstance(div, FDivergence) else get_divergence(div)


def _d1(T: Transform, v):
    """T'(v) for v -> scale * B(kappa v) + shift."""
    k = T.kappa
    if T.kind == "linear":
        return np.full_like(np.asarray(v, float), T.scale * k)
    if T.kind == "exp":
        return T.scale * k * np.exp(k * v)
    return T.scale * k * special.expit(k * v)


def _d2(T: Transform, v):
    k = T.kappa
    if T.kind == "linear":
        return np.zeros_like(np.asarray(v, float))
    if T.kind == "exp":
        return T.scale * k * k * np.exp(k * v)
    e = special.expit(k * v)
    return T.scale * k * k * e * (1 - e)


def theta_of(sigma: float, s: float, u: float) -> np.ndarray:
    """theta = (a, b, c) of D_G = chi(log p/q_G) for Q_G = N(u, s^2), s > 0.

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2).
    s : float
        Generator scale s = |w| > 0 (G(z) = w z + u).
    u : float
        Generator shift.

    Returns
    -------
    numpy.ndarray
        (a, b, c) with R_G(x) = log(p/q_G)(x) = a x^2 + b x + c.
    """
    return np.array(ex.log_ratio_coefficients(sigma, s, u))


def value(div: str | FDivergence, sigma: float, s: float, u: float, theta) -> float:
    """V(G, D_theta) of eq. (7) in closed form (-inf where E_Q[f*(D_theta)] diverges).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence (name or object).
    sigma : float
        Data scale, P = N(0, sigma^2).
    s, u : float
        Generator G(z) = w z + u with s = |w|, Q_G = N(u, s^2).
    theta : array_like
        (a, b, c) of D_theta = chi(a x^2 + b x + c).

    Returns
    -------
    float
        V(G, D_theta) = E_P[chi(R_theta)] - E_Q[psi(R_theta)].

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (7).
    """
    F = _div(div)
    a, b, c = (float(x) for x in theta)
    EP = ex.transform_expectation(F.chi, *ex._compose(a, b, c, 0.0, sigma))
    EQ = ex.transform_expectation(F.psi, *ex._compose(a, b, c, u, s))
    return float(EP - EQ)


def sobolev_sq(div: str | FDivergence, sigma: float, theta, theta_ref) -> float:
    """||D_theta - D_ref||^2 = E_P[(D_theta' - D_ref')^2] (eq. (15)), Gauss-Hermite (160 nodes) under P.

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence (its chi gives D_theta = chi(R_theta)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    theta, theta_ref : array_like
        (a, b, c) of the two discriminators.

    Returns
    -------
    float
        The squared Sobolev seminorm of the difference.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (15).
    """
    F = _div(div)
    x = sigma * _GH_X
    a, b, c = theta
    a0, b0, c0 = theta_ref
    d = _d1(F.chi, a * x * x + b * x + c) * (2 * a * x + b) - _d1(F.chi, a0 * x * x + b0 * x + c0) * (2 * a0 * x + b0)
    return float(np.sum(_GH_W * d * d))


@dataclass(frozen=True)
class Prox:
    """The proximal value V_prox_lam(G, D_ref) over the family (eq. (11)) and its maximiser.

    Attributes
    ----------
    value : float
        max over D' in the family of V(G, D') - lam ||D' - D_ref||^2 (a feasible D''s value).
    theta : numpy.ndarray
        (a, b, c) of the maximiser D' of (11) in the family.
    family : str
        Description of the discriminator family.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (11).
    """
    value: float
    theta: np.ndarray  # the maximiser D' of (11) in the family
    family: str = FAMILY


def _a_cap(F: FDivergence, s: float) -> float:
    """E_Q[psi(R)] < inf needs 1 - 2 kappa a s^2 > 0 when psi grows like exp(kappa v), kappa > 0."""
    if F.psi.kind == "exp" and F.psi.kappa > 0 and s > 0:
        return 1.0 / (2 * F.psi.kappa * s * s)
    return math.inf


def prox_value(div: str | FDivergence, sigma: float, lam: float, s: float, u: float, theta_ref) -> Prox:
    """V_prox_lam(G, D_ref) over the family (eq. (11)); lam > 0. BFGS from D_ref and from D_G (when attained); the
    value is that of a feasible D', so it is a lower bound on V_prox over the family whatever the solver reached.

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    lam : float
        Proximal weight lambda > 0.
    s, u : float
        Generator G(z) = w z + u with s = |w|.
    theta_ref : array_like
        (a, b, c) of the reference discriminator D_ref.

    Returns
    -------
    Prox
        The value and the maximiser found.

    Raises
    ------
    ValueError
        If ``lam`` is not > 0.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (11) with the seminorm of eq. (15).
    """
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam}")
    F = _div(div)
    ref = np.asarray(theta_ref, float)
    cap = _a_cap(F, s)

    def neg(th):
        if th[0] >= cap * (1 - 1e-9):
            return 1e30
        v = value(F, sigma, s, u, th)
        if not math.isfinite(v):
            return 1e30
        return -(v - lam * sobolev_sq(F, sigma, th, ref))

    starts = [ref]
    if s > 0 and ex.divergence_is_finite(F, sigma, s):
        starts.append(theta_of(sigma, s, u))
    best = None
    for x0 in starts:
        x0 = np.array(x0, float)
        if x0[0] >= cap:
            x0[0] = 0.5 * cap
        r = optimize.minimize(neg, x0, method="BFGS", options={"gtol": 1e-10, "maxiter": 500})
        if best is None or r.fun < best.fun:
            best = r
    return Prox(-float(best.fun), np.asarray(best.x, float))


def divergence(div: str | FDivergence, sigma: float, s: float, u: float) -> float:
    """M(G) = max_D V(G, D) = int q f(p/q).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    s, u : float
        Generator G(z) = w z + u with s = |w|, Q_G = N(u, s^2).

    Returns
    -------
    float
        D_f(P || Q_G) (+inf where not attained).

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (7).
    """
    return ex.divergence(_div(div), sigma, s, u)


def stackelberg_generator(div: str | FDivergence, sigma: float, t: float, n: int = 41) -> tuple[float, float, float]:
    """argmin of M(G) over s in [0, 1], |u| <= t on an n x n grid refined by L-BFGS-B: (M, s, u).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    t : float
        Bound on the shift, ``|u| <= t``.
    n : int
        Grid size per axis.

    Returns
    -------
    tuple of float
        (M(G), s, u) at the best generator found.
    """
    F = _div(div)
    S, U = np.meshgrid(np.linspace(0, 1, n), np.linspace(-t, t, n))
    vals = np.array([divergence(F, sigma, a, b) for a, b in zip(S.ravel(), U.ravel(), strict=True)])
    k = int(np.argmin(vals))
    r = optimize.minimize(lambda p: divergence(F, sigma, p[0], p[1]), [S.ravel()[k], U.ravel()[k]],
                          method="L-BFGS-B", bounds=[(1e-6, 1), (-t, t)])
    if r.fun < vals[k]:
        return float(r.fun), float(r.x[0]), float(r.x[1])
    return float(vals[k]), float(S.ravel()[k]), float(U.ravel()[k])


@dataclass(frozen=True)
class Worst:
    """The worst generator of a proximal-equilibrium search.

    Attributes
    ----------
    gap : float
        min_G V_prox(G, D*) - M(G*) found.
    s, u : float
        The generator (s = |w|, u) attaining it.
    """
    gap: float  # min_G V_prox(G, D*) - M(G*)
    s: float
    u: float


def worst_generator(div: str | FDivergence, sigma: float, t: float, lam: float, n_s: int = 9, n_u: int = 9,
                    refine: int = 2) -> Worst:
    """min over s in [0, 1], 0 <= u <= t of V_prox_lam(G, D*) - M(G*), G* = (1, 0), D* = D_G* (the game is even in u
    at D*: P and D* are even). Grid n_s x n_u (u-nodes dense near 0, where the u-curvature decides), then L-BFGS-B
    from the ``refine`` best nodes. A search, not a certificate.

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    t : float
        Bound on the shift, ``0 <= u <= t``.
    lam : float
        Proximal weight lambda > 0.
    n_s, n_u : int
        Grid sizes in s and u.
    refine : int
        Number of best grid nodes refined by L-BFGS-B.

    Returns
    -------
    Worst
        The smallest gap found and its generator; gap >= 0 indicates a lambda-PE (Definition 1).

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), Definition 1, eq. (11), Proposition 2.
    """
    F = _div(div)
    ref = theta_of(sigma, 1.0, 0.0)
    m_star = divergence(F, sigma, 1.0, 0.0)
    us = np.unique(np.concatenate([np.linspace(0, t, n_u), t * np.geomspace(1e-3, 1, n_u)]))
    pts = [(float(s), float(u)) for s in np.linspace(0, 1, n_s) for u in us]
    vals = np.array([prox_value(F, sigma, lam, s, u, ref).value - m_star for s, u in pts])
    order = np.argsort(vals)[:refine]
    best = Worst(float(vals[order[0]]), *pts[order[0]])
    for k in order:
        r = optimize.minimize(lambda p: prox_value(F, sigma, lam, p[0], p[1], ref).value - m_star, pts[k],
                              method="L-BFGS-B", bounds=[(0, 1), (0, t)], options={"maxiter": 60})
        if r.fun < best.gap:
            best = Worst(float(r.fun), float(r.x[0]), float(r.x[1]))
    return best


@functools.lru_cache(maxsize=8)
def _hermite(n: int) -> tuple[np.ndarray, np.ndarray]:
    z, w = np.polynomial.hermite_e.hermegauss(n)
    return z, w / w.sum()


def _local_pieces(F: FDivergence, sigma: float, n: int = 200):
    """At G* = (1, 0), D* = D_G*: c0 = d^2/du^2 E_{Q_u}[psi(R*)], and on the family the Hessian H = -grad^2 V,
    the mixed derivative g = d/du grad_theta V and the penalty Hessian K = (1/2) grad^2 ||D_theta - D*||^2."""
    z, w = _hermite(n)
    a, b, c = theta_of(sigma, 1.0, 0.0)
    xq = z  # Q* = N(0, 1)
    xp = sigma * z
    Rq, Rp = a * xq * xq + b * xq + c, a * xp * xp + b * xp + c
    phi_q = np.stack([xq * xq, xq, np.ones_like(xq)])
    phi_p = np.stack([xp * xp, xp, np.ones_like(xp)])
    c0 = float(np.sum(w * F.psi(Rq) * (xq * xq - 1)))
    hess = (phi_p * (w * _d2(F.chi, Rp))) @ phi_p.T - (phi_q * (w * _d2(F.psi, Rq))) @ phi_q.T
    g = -(phi_q * (w * _d1(F.psi, Rq) * xq)) @ np.ones_like(xq)
    dR = 2 * a * xp + b
    dphi = np.stack([2 * xp, np.ones_like(xp), np.zeros_like(xp)])
    J = _d2(F.chi, Rp) * dR * phi_p + _d1(F.chi, Rp) * dphi  # d/dtheta of D_theta'
    K = (J * w) @ J.T
    return c0, -hess, g, K


def u_curvature_family(div: str | FDivergence, sigma: float, lam: float, pieces=None) -> float:
    """d^2/du^2 V_prox_lam(G_u, D*) at u = 0 over the family: -c0 + g^T (H + 2 lam K)^{-1} g.

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    lam : float
        Proximal weight lambda.
    pieces : tuple, optional
        Precomputed (c0, H, g, K) of the local expansion; computed when None.

    Returns
    -------
    float
        The u-curvature at G* = (1, 0).

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (11) and (15).
    """
    c0, H, g, K = _local_pieces(_div(div), sigma) if pieces is None else pieces
    return -c0 + float(g @ np.linalg.solve(H + 2 * lam * K, g))


def _half_width(sigma: float, r_max: float, cap: float) -> float:
    """min(cap sigma, the x where R*(x) = log(p/q*)(x) reaches r_max): grids stop where the density ratio would
    overflow or f*' be evaluated at the rounding edge of dom f*."""
    a, _, c = theta_of(sigma, 1.0, 0.0)
    return min(cap * sigma, math.sqrt(max(r_max - c, 0.0) / a))


def _weight(F: FDivergence, sigma: float, x: np.ndarray) -> np.ndarray:
    """W = q* f*''(D*(x)) = q*/f''(r) = p r / (r^2 f''(r)), r = p/q* = e^R (f*'' o f' = 1/f''), with
    r^2 f''(r) = psi'(R) in closed form (:mod:`gantheory.games.divergences`): no f* at the edge of its domain."""
    a, b, c = theta_of(sigma, 1.0, 0.0)
    R = a * x * x + b * x + c
    p = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    return p * np.exp(R) / _d1(F.psi, R)


def second_order_maximiser(div: str | FDivergence, sigma: float, lam: float, x: np.ndarray) -> np.ndarray:
    """h solving (W + 2 lam K) h = p x on the uniform grid x, K h = -(p h')' with natural ends, by conservative
    finite differences (the second-order maximiser of (11) at G_u = (1, u) is -u h).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    lam : float
        Proximal weight lambda.
    x : numpy.ndarray
        Uniform grid.

    Returns
    -------
    numpy.ndarray
        h on the grid.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (11) and (15).
    """
    F = _div(div)
    n, dx = len(x), x[1] - x[0]
    p = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    xm = 0.5 * (x[1:] + x[:-1])
    pm = np.exp(-0.5 * (xm / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi)) * 2 * lam / dx**2
    ab = np.zeros((3, n))
    ab[0, 1:], ab[2, :-1] = -pm, -pm
    ab[1] = _weight(F, sigma, x)
    ab[1, :-1] += pm
    ab[1, 1:] += pm
    return linalg.solve_banded((1, 1), ab, p * x)


def u_curvature_all(div: str | FDivergence, sigma: float, lam: float, n: int = 2001, L: float | None = None,
                    c0: float | None = None) -> float:
    """d^2/du^2 V_prox_lam(G_u, D*) at u = 0 over every D (second-order expansion of (11) in h = D' - D*):
    -c0 + int p x h with h of :func:`second_order_maximiser` on [-L, L] (L: 12 sigma, or less where p/q* would
    exceed e^600).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    lam : float
        Proximal weight lambda.
    n : int
        Grid nodes.
    L : float, optional
        Half-width of the grid.
    c0 : float, optional
        Precomputed constant term; computed when None.

    Returns
    -------
    float
        The u-curvature at G* = (1, 0).

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (11) and (15).
    """
    F = _div(div)
    L = _half_width(sigma, 600.0, 12.0) if L is None else L
    x = np.linspace(-L, L, n)
    dx = x[1] - x[0]
    p = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    h = second_order_maximiser(F, sigma, lam, x)
    c0 = _local_pieces(F, sigma)[0] if c0 is None else c0
    wts = np.full(n, dx)
    wts[[0, -1]] = dx / 2
    return -c0 + float(np.sum(wts * p * x * h))


def _root(fun, lo: float = 1e-6, hi: float = 1e6) -> float:
    """The lam where a decreasing curvature crosses 0 (brentq on log lam); inf / 0 when it does not cross."""
    if fun(hi) > 0:
        return math.inf
    if fun(lo) < 0:
        return 0.0
    return math.exp(optimize.brentq(lambda y: fun(math.exp(y)), math.log(lo), math.log(hi), xtol=1e-13, rtol=1e-13))


def local_threshold_family(div: str | FDivergence, sigma: float) -> float:
    """lam where the family's u-curvature of V_prox(G_u, D*) at u = 0 vanishes.

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).

    Returns
    -------
    float
        The threshold lambda.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), Definition 1 and eq. (11).
    """
    pieces = _local_pieces(_div(div), sigma)
    return _root(lambda lam: u_curvature_family(div, sigma, lam, pieces))


def local_threshold_all(div: str | FDivergence, sigma: float, n: int = 2001) -> float:
    """lam where the u-curvature over every D vanishes (finite differences, ``n`` nodes).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    n : int
        Grid nodes of :func:`u_curvature_all`.

    Returns
    -------
    float
        The threshold lambda.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), Definition 1 and eq. (11).
    """
    c0 = _local_pieces(_div(div), sigma)[0]
    return _root(lambda lam: u_curvature_all(div, sigma, lam, n, c0=c0))


def kl_threshold(sigma: float) -> float:
    """KL closed form (proofs/fgan_proximal): lambda* = sigma^2 / (2 (sigma^2 - 1)).

    Parameters
    ----------
    sigma : float
        Data scale, sigma > 1.

    Returns
    -------
    float
        lambda*.
    """
    return sigma**2 / (2 * (sigma**2 - 1))


def shifted_value(div: str | FDivergence, sigma: float, s: float, u: float, shift: float) -> float:
    """V(G, D* + shift) for D* = D_G* (G* = (1, 0)) by Gauss-Hermite quadrature (160 nodes under P and under Q);
    -inf where D* + shift leaves dom f*. The seminorm (15) does not see the shift, so V_prox(G, D* + shift) =
    V_prox(G, D*) for every G, while V(G*, D* + shift) < M(G*) for shift != 0 (proofs/fgan_proximal).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    s, u : float
        Generator G(z) = w z + u with s = |w|.
    shift : float
        Constant added to D*.

    Returns
    -------
    float
        V(G, D* + shift).

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (7) and (15).
    """
    F = _div(div)
    a, b, c = theta_of(sigma, 1.0, 0.0)
    xp, xq = sigma * _GH_X, u + s * _GH_X
    Dp = F.chi(a * xp * xp + b * xp + c) + shift
    Dq = F.chi(a * xq * xq + b * xq + c) + shift
    conj = F.conj(Dq) if shift != 0 else F.psi(a * xq * xq + b * xq + c)
    if not np.all(np.isfinite(conj)):
        return -math.inf
    return float(np.sum(_GH_W * Dp) - np.sum(_GH_W * conj))


def threshold_scan(div: str | FDivergence, sigma: float, t: float, lam_below: float, n_s: int = 5,
                   n_u: int = 6) -> dict:
    """The family's worst generator over s in [0, 1], 0 <= u <= t at ``lam_below`` (gap >= 0: a PE there over the
    family, hence over every D). A search, not a certificate (minutes; ``--set global=1``).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    t : float
        Bound on the shift.
    lam_below : float
        Proximal weight lambda tested.
    n_s, n_u : int
        Grid sizes of :func:`worst_generator`.

    Returns
    -------
    dict
        ``lam_below``, ``family_worst_gap`` and ``family_worst_generator`` ([s, u]).

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), Definition 1.
    """
    w = worst_generator(_div(div), sigma, t, lam_below, n_s=n_s, n_u=n_u, refine=1)
    return {"lam_below": lam_below, "family_worst_gap": w.gap, "family_worst_generator": [w.s, w.u]}
