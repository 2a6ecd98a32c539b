"""Exact best responses in the mixed extension of the 1-D Gaussian WGAN game (eq. (8), Theorem 1).

P = N(0, sigma^2); the generator mixes Q_mu = sum_i w_i N(u_i, s_i^2) (:mod:`gantheory.mixed.support`);
V(mu, D) = E_P[D] - E_{Q_mu}[D] over 1-Lipschitz D, linear in mu.

* Integrating by parts, V(mu, D) = int D'(x) (F_{Q_mu}(x) - F_P(x)) dx, so the discriminator's best
  response is D*' = sign(F_{Q_mu} - F_P): D* is piecewise linear with slopes +-1 and kinks at the
  crossings c_j of the two CDFs, D*(x) = sum_j kappa_j |x - c_j| + beta x (+ any constant), and
  max_D V(mu, D) = W1(P, Q_mu) = int |F_P - F_{Q_mu}| dx.
* Against D* a pure generator (s, u) pays V((s, u), D*) = E_P[D*] - h(s, u) with
  h(s, u) = E[D*(u + s Z)] = sum_j kappa_j m(u - c_j, s) + beta u, m(a, s) = E|a + s Z| the folded-normal
  mean (gantheory.games.discriminators.folded_mean), dh/du = sum_j kappa_j erf((u - c_j)/(s sqrt 2)) + beta and
  dh/ds = sum_j kappa_j 2 phi((u - c_j)/s).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from gantheory import _validation as v
from gantheory.games.discriminators import folded_mean
from gantheory.mixed.support import Mixture

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _psi(z):
    """Psi(z) = int_{-inf}^z Phi = z Phi(z) + phi(z)."""
    z = np.asarray(z, dtype=float)
    return z * special.ndtr(z) + np.exp(-0.5 * z * z) * _INV_SQRT_2PI


def window(sigma: float, mix: Mixture) -> float:
    """A half-width L with the CDF crossings inside [-L, L] (both laws are within 12 sd of the origin's
    reach there: F_P and F_Q differ by less than Phi(-12) beyond it)."""
    return float(12.0 * sigma + np.max(np.abs(mix.u)) + 12.0)


def cdf_difference(sigma: float, mix: Mixture, x) -> np.ndarray:
    """F_{Q_mu}(x) - F_P(x)."""
    return mix.cdf(x) - special.ndtr(np.asarray(x, dtype=float) / sigma)


def crossings(sigma: float, mix: Mixture, n: int = 4001) -> np.ndarray:
    """The sign changes of F_{Q_mu} - F_P, located by brentq inside the brackets of an n-point grid."""
    L = window(sigma, mix)
    x = np.linspace(-L, L, n)
    x = np.unique(np.concatenate([x, mix.u]))  # a point mass's step is a grid point
    d = cdf_difference(sigma, mix, x)
    nz = np.flatnonzero(np.sign(d) != 0)  # a zero on the grid is bracketed by its non-zero neighbours
    sgn = np.sign(d[nz])
    out = []
    for k in np.flatnonzero(sgn[:-1] * sgn[1:] < 0):
        a, b = x[nz[k]], x[nz[k + 1]]
        if np.any((mix.s == 0) & (mix.u > a) & (mix.u <= b)):  # a jump of a point mass: the kink sits at it
            out.append(float(mix.u[(mix.s == 0) & (mix.u > a) & (mix.u <= b)][0]))
            continue
        out.append(optimize.brentq(lambda y: float(cdf_difference(sigma, mix, y)), a, b, xtol=1e-15, rtol=1e-15))
    return np.array(out)


@dataclass(frozen=True)
class W1Potential:
    """D(x) = sum_j kappa_j |x - c_j| + beta x, a 1-Lipschitz discriminator.

    Parameters
    ----------
    c : numpy.ndarray
        Kinks (sorted).
    kappa : numpy.ndarray
        Half the slope change at each kink.
    beta : float
        The mean of the two tail slopes.
    """

    c: np.ndarray
    kappa: np.ndarray
    beta: float

    def __call__(self, x) -> np.ndarray:
        x = np.asarray(x, dtype=float)
        return np.sum(self.kappa * np.abs(x[..., None] - self.c), axis=-1) + self.beta * x

    def slopes(self) -> np.ndarray:
        """D' on the segments (-inf, c_1), (c_1, c_2), ..., (c_m, inf)."""
        return self.beta - np.sum(self.kappa) + 2.0 * np.concatenate([[0.0], np.cumsum(self.kappa)])

    def expectation(self, s, u) -> np.ndarray:
        """h(s, u) = E[D(u + s Z)] (vectorised over s, u)."""
        s, u = np.broadcast_arrays(np.asarray(s, dtype=float), np.asarray(u, dtype=float))
        return np.sum(self.kappa * folded_mean(u[..., None] - self.c, s[..., None]), axis=-1) + self.beta * u

    def gradient(self, s, u) -> tuple[np.ndarray, np.ndarray]:
        """(dh/ds, dh/du) at (s, u) with s > 0."""
        s, u = np.broadcast_arrays(np.asarray(s, dtype=float), np.asarray(u, dtype=float))
        z = (u[..., None] - self.c) / s[..., None]
        h_s = np.sum(self.kappa * 2.0 * np.exp(-0.5 * z * z) * _INV_SQRT_2PI, axis=-1)
        h_u = np.sum(self.kappa * special.erf(z / math.sqrt(2.0)), axis=-1) + self.beta
        return h_s, h_u


def best_response(sigma: float, mix: Mixture) -> W1Potential:
    """D* with D*' = sign(F_{Q_mu} - F_P): the exact best response to Q_mu (unique up to a constant and
    to its values where the CDFs coincide).

    Parameters
    ----------
    sigma : float
        The data's standard deviation.
    mix : Mixture
        The generator's mixed strategy.

    Returns
    -------
    W1Potential
    """
    sigma = v.positive("sigma", sigma)
    c = crossings(sigma, mix)
    L = window(sigma, mix)
    edges = np.concatenate([[-L], c, [L]])
    mids = 0.5 * (edges[:-1] + edges[1:])
    d = np.sign(cdf_difference(sigma, mix, mids))
    d = np.where(d == 0, 1.0, d)
    kappa = 0.5 * (d[1:] - d[:-1])
    keep = kappa != 0
    return W1Potential(c[keep], kappa[keep], float(0.5 * (d[0] + d[-1])))


def w1(sigma: float, mix: Mixture) -> float:
    """W1(P, Q_mu) = int |F_{Q_mu} - F_P| dx, exactly between the crossings: with
    A(x) = int_{-inf}^x (F_{Q_mu} - F_P) = sum_i w_i s_i Psi((x - u_i)/s_i) - sigma Psi(x/sigma),
    Psi(z) = z Phi(z) + phi(z) (a point mass contributes w_i (x - u_i)^+), and A(inf) = -sum_i w_i u_i,
    W1 = sum over the segments of |A(end) - A(start)|."""
    sigma = v.positive("sigma", sigma)
    c = crossings(sigma, mix)

    def A(x):
        s = np.where(mix.s > 0, mix.s, 1.0)
        comp = np.where(mix.s > 0, mix.s * _psi((x - mix.u) / s), np.maximum(x - mix.u, 0.0))
        return float(np.sum(mix.w * comp) - sigma * _psi(x / sigma))

    vals = np.concatenate([[0.0], [A(x) for x in c], [-float(np.sum(mix.w * mix.u))]])
    return float(np.sum(np.abs(np.diff(vals))))


@dataclass(frozen=True)
class WGANMixedGame:
    """The mixed extension of the 1-D WGAN game: the responder interface of :mod:`gantheory.mixed.program`.

    Parameters
    ----------
    sigma : float
        The data's standard deviation (Theorem 1: sigma > 1).
    t : float
        The bound |u| <= t.
    """

    sigma: float
    t: float
    s_min: float = 0.0  # the generator set's smallest spread

    def value(self, mix: Mixture) -> float:
        """max_D V(mu, D) = W1(P, Q_mu)."""
        return w1(self.sigma, mix)

    def payoff(self, mix: Mixture) -> W1Potential:
        """The generator's payoff h(s, u) = E_{Q_(s,u)}[D*] against the best response D* to Q_mu."""
        return best_response(self.sigma, mix)

    def discriminator_mean_under_data(self, D: W1Potential) -> float:
        """E_P[D] = sum_j kappa_j m(c_j, sigma) (the linear term has mean 0)."""
        return float(np.sum(D.kappa * folded_mean(D.c, self.sigma)))
