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

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

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
