"""Best responses in the mixed extension of the 1-D Gaussian W2GAN game (eq. (9), Theorem 1).

Cost c(x, y) = eta (x - y)^2, P = N(0, sigma^2), Q_mu = sum_i w_i N(u_i, s_i^2) with s_i > 0;
V(mu, D) = E_P[D] - E_{Q_mu}[D^c] over c-concave D, linear in mu.

* max_D V(mu, D) = eta W2^2(P, Q_mu) = eta int_0^1 (F_P^{-1}(q) - F_{Q_mu}^{-1}(q))^2 dq
  = eta E[(sigma Z - F_{Q_mu}^{-1}(Phi(Z)))^2] (the monotone coupling), by Gauss-Hermite in Z.
* The best response is the Brenier pair: with the monotone map T(y) = sigma Phi^{-1}(F_{Q_mu}(y)) from
  Q_mu to P, the c-transform psi = D*^c satisfies psi'(y) = 2 eta (T(y) - y) (envelope theorem on
  D^c(y) = sup_x D(x) - eta (x - y)^2); psi is its integral (Gauss-Legendre on each cell of a grid,
  cubic Hermite between the nodes with the exact psi').
* Against D* a pure generator (s, u) pays E_P[D*] - h(s, u), h(s, u) = E[psi(u + s Z)], with
  dh/du = E[psi'(u + s Z)] and dh/ds = E[Z psi'(u + s Z)] (Gauss-Hermite).

These are quadrature values (accurate to about 1e-10 at moderate parameters), not enclosures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import interpolate, special

from gantheory import _validation as v
from gantheory._numerics import gauss_hermite
from gantheory.mixed.support import Mixture

#: Gauss-Hermite orders: the payoff h and its gradient; W2^2, which integrates F_Q^{-1}(Phi(z)), less smooth for
#: components of unequal spread (80 nodes are off by ~1e-6, 200 by ~3e-4 relative at spreads 0.05 and 0.9)
_GH_PAYOFF, _GH_W2 = 120, 300


@lru_cache(maxsize=1)
def _gauss_hermite_w2() -> tuple[np.ndarray, np.ndarray]:
    """The 300-node Gauss-Hermite rule for E[g(Z)] from scipy's asymptotic root finder: numpy's eigenvalue route
    (:func:`gantheory._numerics.gauss_hermite`) costs about 1 s at this order under a multithreaded BLAS on a
    loaded machine, against 2 ms; the two rules' W2^2 values agree to 5e-15 relative
    (tests/mixed/test_w2gan.py)."""
    x, w = special.roots_hermite(_GH_W2)
    return math.sqrt(2.0) * x, w / math.sqrt(math.pi)
_GL_X, _GL_W = np.polynomial.legendre.leggauss(8)


def quantile(mix: Mixture, q_z: np.ndarray) -> np.ndarray:
    """F_{Q_mu}^{-1}(Phi(z)) at the points z (bisection inside [min_i(u_i + s_i z), max_i(u_i + s_i z)])."""
    z = np.asarray(q_z, dtype=float)
    lo = np.min(mix.u + mix.s * z[:, None], axis=1)
    hi = np.max(mix.u + mix.s * z[:, None], axis=1)
    target_lo, target_up = special.log_ndtr(z), special.log_ndtr(-z)  # log Phi(z), log Phi(-z)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        left = z < 0  # compare on the side that keeps the tail's precision
        below = np.where(left, _log_cdf(mix, mid) < target_lo, _log_sf(mix, mid) > target_up)
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    return 0.5 * (lo + hi)


def _log_cdf(mix: Mixture, y: np.ndarray) -> np.ndarray:
    return special.logsumexp(special.log_ndtr((y[:, None] - mix.u) / mix.s), b=mix.w, axis=1)


def _log_sf(mix: Mixture, y: np.ndarray) -> np.ndarray:
    return special.logsumexp(special.log_ndtr(-(y[:, None] - mix.u) / mix.s), b=mix.w, axis=1)


def transport_map(sigma: float, mix: Mixture, y) -> np.ndarray:
    """T(y) = sigma Phi^{-1}(F_{Q_mu}(y)), the monotone map pushing Q_mu onto P (tails in log space)."""
    y = np.atleast_1d(np.asarray(y, dtype=float))
    left = -sigma * special.ndtri(np.exp(_log_sf(mix, y)))
    right = sigma * special.ndtri(np.exp(_log_cdf(mix, y)))
    return np.where(y > np.sum(mix.w * mix.u), left, right)


def w2_squared(sigma: float, mix: Mixture) -> float:
    """W2^2(P, Q_mu) = E[(sigma Z - F_{Q_mu}^{-1}(Phi(Z)))^2] by 300-node Gauss-Hermite."""
    z, p = _gauss_hermite_w2()
    return float(np.sum(p * (sigma * z - quantile(mix, z)) ** 2))


@dataclass(frozen=True)
class BrenierPayoff:
    """psi = D*^c on a grid (cubic Hermite with the exact psi'), and h(s, u) = E[psi(u + s Z)]."""

    eta: float
    sigma: float
    mix: Mixture
    spline: interpolate.CubicHermiteSpline

    def psi_prime(self, y) -> np.ndarray:
        y = np.asarray(y, dtype=float)
        return 2.0 * self.eta * (transport_map(self.sigma, self.mix, y.ravel()).reshape(y.shape) - y)

    def expectation(self, s, u) -> np.ndarray:
        s, u = np.broadcast_arrays(np.asarray(s, dtype=float), np.asarray(u, dtype=float))
        z, p = gauss_hermite(_GH_PAYOFF)
        return np.sum(self.spline(u[..., None] + s[..., None] * z) * p, axis=-1)

    def gradient(self, s, u) -> tuple[np.ndarray, np.ndarray]:
        s, u = np.broadcast_arrays(np.asarray(s, dtype=float), np.asarray(u, dtype=float))
        z, p = gauss_hermite(_GH_PAYOFF)
        g = self.spline(u[..., None] + s[..., None] * z, 1)
        return np.sum(g * z * p, axis=-1), np.sum(g * p, axis=-1)


def best_response(eta: float, sigma: float, mix: Mixture, t: float, h: float = 0.02) -> BrenierPayoff:
    """The c-transform psi of the Brenier potential of Q_mu -> P on [-t - 20, t + 20] (the reach of the
    120 Gauss-Hermite nodes for s <= 1), normalised by psi(0) = 0."""
    eta, sigma = v.positive("eta", eta), v.positive("sigma", sigma)
    if np.any(mix.s <= 0):
        raise ValueError("mixture: the W2GAN responder needs s > 0 on every atom")
    Y = t + 20.0
    n = int(math.ceil(2 * Y / h))
    y = np.linspace(-Y, Y, n + 1)
    a, b = y[:-1], y[1:]
    nodes = 0.5 * (a + b)[:, None] + 0.5 * (b - a)[:, None] * _GL_X
    g = 2.0 * eta * (transport_map(sigma, mix, nodes.ravel()).reshape(nodes.shape) - nodes)
    cell = 0.5 * (b - a) * np.sum(g * _GL_W, axis=1)
    psi = np.concatenate([[0.0], np.cumsum(cell)])
    psi -= np.interp(0.0, y, psi)
    dpsi = 2.0 * eta * (transport_map(sigma, mix, y) - y)
    return BrenierPayoff(eta, sigma, mix, interpolate.CubicHermiteSpline(y, psi, dpsi))


@dataclass(frozen=True)
class W2GANMixedGame:
    """The mixed extension of the 1-D W2GAN game (responder of :mod:`gantheory.mixed.program`).

    Parameters
    ----------
    sigma, t, eta : float
        Data scale, the bound |u| <= t, and the cost eta (x - y)^2.
    s_min : float
        The smallest spread of mu's atoms (> 0: Brenier's map needs a density).
    """

    sigma: float
    t: float
    eta: float
    s_min: float = 1e-3

    def value(self, mix: Mixture) -> float:
        return self.eta * w2_squared(self.sigma, mix)

    def payoff(self, mix: Mixture) -> BrenierPayoff:
        return best_response(self.eta, self.sigma, mix, self.t)
