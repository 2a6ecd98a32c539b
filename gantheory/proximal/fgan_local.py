"""Local thresholds of the f-GAN proximal game (Definition 1 with the seminorm (15), Gaussian data): the
u-curvature of V_prox at G* = (1, 0) over the family f'(exp(quadratic)) and over every D (the second-order
maximiser), the thresholds lambda* where it changes sign, the KL closed form, and the constant-shift value
behind the replacement of Proposition 2's "only if"; built on :mod:`gantheory.proximal.fgan`."""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import linalg, optimize

from gantheory.games.divergences import FDivergence
from gantheory.proximal.fgan import _GH_W, _GH_X, _d1, _d2, _div, theta_of, worst_generator


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
