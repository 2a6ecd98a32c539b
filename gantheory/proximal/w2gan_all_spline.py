"""Splines D = D* + h for V_prox over all c-concave discriminators in the 1-D Gaussian W2GAN game
(:mod:`gantheory.proximal.w2gan_all`): the exact c-transform and the objective of eq. (11) by independent
quadrature.

P = N(0, sigma^2), Q = N(u, s^2), cost eta (x - y)^2 (eq. (9)); D* = a* x^2 is the best response to G* = (1, 0)
and h is a C^1 piecewise-quadratic spline, affine outside [-L, L]; D is c-concave iff h'' <= 2 eta / sigma.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = ["Spline", "a_star", "c_transform", "objective", "quadratic_spline", "v_star"]

_GL_X, _GL_W = np.polynomial.legendre.leggauss(8)


def a_star(sigma: float, eta: float) -> float:
    """D* = a* x^2, the best response to the W2 minimiser G* = (1, 0).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1.
    eta : float
        Cost weight of eq. (9).

    Returns
    -------
    float
        eta (1 - 1/sigma).

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).
    """
    return eta * (1.0 - 1.0 / sigma)


def v_star(sigma: float, eta: float) -> float:
    """V(G*, D*) = eta W2^2(P, N(0, 1)) = eta (sigma - 1)^2.

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1.
    eta : float
        Cost weight of eq. (9).

    Returns
    -------
    float
        eta (sigma - 1)^2.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).
    """
    return eta * (sigma - 1.0) ** 2


@dataclass(frozen=True)
class Spline:
    """h on nodes x_0 = -L < ... < x_N = L: values h_k, slopes p_k, cell curvatures g_k; affine outside."""

    L: float
    h: np.ndarray  # (N + 1,)
    p: np.ndarray  # (N + 1,)
    g: np.ndarray  # (N,)

    @property
    def nodes(self) -> np.ndarray:
        return np.linspace(-self.L, self.L, len(self.h))

    @staticmethod
    def from_params(L: float, h0: float, p0: float, g: np.ndarray) -> Spline:
        N = len(g)
        dx = 2 * L / N
        p = p0 + dx * np.concatenate([[0.0], np.cumsum(g)])
        h = h0 + np.concatenate([[0.0], np.cumsum(p[:-1] * dx + g * dx * dx / 2)])
        return Spline(L, h, p, np.asarray(g, float))

    def __call__(self, x):
        """h(x) (vectorised)."""
        x = np.asarray(x, float)
        xs = self.nodes
        N = len(self.g)
        k = np.clip(np.searchsorted(xs, x, side="right") - 1, 0, N - 1)
        t = x - xs[k]
        inside = self.h[k] + self.p[k] * t + 0.5 * self.g[k] * t * t
        left = self.h[0] + self.p[0] * (x + self.L)
        right = self.h[-1] + self.p[-1] * (x - self.L)
        return np.where(x < -self.L, left, np.where(x > self.L, right, inside))


def c_transform(sp_: Spline, astar: float, eta: float, y: np.ndarray) -> np.ndarray:
    """D^c(y) = sup_x a* x^2 + h(x) - eta (x - y)^2, exactly (cell-wise and half-line maximisation).

    Parameters
    ----------
    sp_ : Spline
        The perturbation h of D = D* + h.
    astar : float
        a* of D* = a* x^2.
    eta : float
        Cost weight.
    y : numpy.ndarray
        Points.

    Returns
    -------
    numpy.ndarray
        D^c(y).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9).
    """
    y = np.asarray(y, float)[:, None]
    xs = sp_.nodes[:-1][None, :]
    dx = 2 * sp_.L / len(sp_.g)
    A = astar + 0.5 * sp_.g[None, :] - eta
    B = 2 * astar * xs + sp_.p[None, :-1] - 2 * eta * (xs - y)
    C = astar * xs * xs + sp_.h[None, :-1] - eta * (xs - y) ** 2

    def qmax(A, B, C, t0, t1):
        v = np.maximum(A * t0 * t0 + B * t0 + C, A * t1 * t1 + B * t1 + C)
        with np.errstate(divide="ignore", invalid="ignore"):
            tv = -B / (2 * A)
        ok = (A < 0) & (tv > t0) & (tv < t1)
        return np.where(ok, np.maximum(v, C - B * B / (4 * np.where(A < 0, A, -1.0))), v)

    cell = qmax(A, B, C, 0.0, dx).max(axis=1)
    y = y[:, 0]
    out = [cell]
    # half-lines: x = -L - t or L + t, t >= 0: (a* - eta) t^2 + B t + C
    for sgn, hk, pk in ((-1.0, sp_.h[0], sp_.p[0]), (1.0, sp_.h[-1], sp_.p[-1])):
        xe = sgn * sp_.L
        A2 = astar - eta
        B2 = sgn * (2 * astar * xe + pk - 2 * eta * (xe - y))
        C2 = astar * xe * xe + hk - eta * (xe - y) ** 2
        tv = np.maximum(-B2 / (2 * A2), 0.0)
        out.append(A2 * tv * tv + B2 * tv + C2)
    return np.max(np.stack(out), axis=0)


def _gl_grid(lo: float, hi: float, n: int) -> tuple[np.ndarray, np.ndarray]:
    e = np.linspace(lo, hi, n + 1)
    mid, half = 0.5 * (e[:-1] + e[1:]), 0.5 * (e[1:] - e[:-1])
    return (mid[:, None] + half[:, None] * _GL_X[None, :]).ravel(), (half[:, None] * _GL_W[None, :]).ravel()


def _pdf(x, m, sd):
    return np.exp(-0.5 * ((x - m) / sd) ** 2) / (sd * math.sqrt(2 * math.pi))


def objective(sp_: Spline, sigma: float, eta: float, lam: float, s: float, u: float, *, n_y: int = 3000) -> float:
    """V(G, D* + h) - lam E_P[h'^2] by independent quadrature (composite Gauss-Legendre, 8 points per cell).

    Parameters
    ----------
    sp_ : Spline
        The perturbation h.
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1.
    eta : float
        Cost weight of eq. (9).
    lam : float
        lambda of eq. (11) (Sobolev norm (15) under P).
    s, u : float
        The generator Q_G = N(u, s^2).
    n_y : int
        Gauss-Legendre cells on the Q side.

    Returns
    -------
    float
        The objective of eq. (11) at D' = D* + h.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).
    """
    astar = a_star(sigma, eta)
    # P-side on [-12 sigma, 12 sigma], split at the spline's nodes inside
    x, w = _gl_grid(-12 * sigma, 12 * sigma, 4000)
    px = _pdf(x, 0.0, sigma) * w
    xs = sp_.nodes
    N = len(sp_.g)
    k = np.clip(np.searchsorted(xs, x, side="right") - 1, 0, N - 1)
    t = x - xs[k]
    dh = np.where(x < -sp_.L, sp_.p[0], np.where(x > sp_.L, sp_.p[-1], sp_.p[k] + sp_.g[k] * t))
    EPh = float(np.sum(sp_(x) * px))
    pen = float(np.sum(dh * dh * px))
    sd = max(s, 1e-12)
    y, wy = _gl_grid(u - 12 * sd, u + 12 * sd, n_y)
    EQ = float(np.sum(c_transform(sp_, astar, eta, y) * _pdf(y, u, sd) * wy))
    return astar * sigma**2 + EPh - EQ - lam * pen


def quadratic_spline(a: float, b: float, sigma: float, eta: float, L: float, N: int) -> Spline:
    """D = a x^2 + b x on [-L, L] (affine continuation outside), as a spline h = D - D*.

    Parameters
    ----------
    a, b : float
        D = a x^2 + b x.
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1.
    eta : float
        Cost weight of eq. (9).
    L : float
        Half-width of the spline's interval.
    N : int
        Cells.

    Returns
    -------
    Spline
        h = D - D*.
    """
    da = a - a_star(sigma, eta)
    xs = np.linspace(-L, L, N + 1)
    return Spline(L, da * xs * xs + b * xs, 2 * da * xs + b, np.full(N, 2 * da))
