"""The one-dimensional Gaussian WGAN game, eq. (8): V(G, D) = E_P[D(X)] - E_Q[D(G(Z))], D 1-Lipschitz.

Theorem 1 (third part) takes X and Z one-dimensional. V is evaluated for any vectorised 1-Lipschitz
discriminator by adaptive quadrature against the two Gaussian densities, and exactly for the
discriminator types of :mod:`gantheory.games.discriminators`, which carry their Gaussian means
(``mean_under``).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
from scipy import integrate

from gantheory.games.base import ZeroSumGame
from gantheory.games.discriminators import AbsDiscriminator, PiecewiseLinearDiscriminator
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet


def _gauss_mean(D: Callable[[np.ndarray], np.ndarray], m: float, tau: float) -> float:
    """E[D(m + tau Z)] by adaptive quadrature in z (D continuous)."""
    if tau == 0:
        return float(np.asarray(D(np.array([m]))).reshape(-1)[0])

    def integrand(z):
        return float(np.asarray(D(np.array([m + tau * z]))).reshape(-1)[0]) * math.exp(-0.5 * z * z)

    with warnings.catch_warnings():  # a kinked D may stop short of 1e-12; the error stays ~1e-10
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        val, _ = integrate.quad(integrand, -12, 12, limit=200, epsabs=1e-11, epsrel=1e-11)
    return val / math.sqrt(2 * math.pi)


class WGANGame(ZeroSumGame):
    """WGAN (eq. (8)) between N(0, sigma^2) and G(z) = w z + u, |w| <= 1, |u| <= t."""

    name = "wgan"

    def __init__(self, data: GaussianData, generators: LinearGeneratorSet) -> None:
        if data.dim != 1 or generators.dim != 1 or generators.latent_dim != 1:
            raise ValueError("the WGAN game of Theorem 1 is one-dimensional: dim = latent_dim = 1")
        self.data = data
        self.generators = generators

    def check_generator(self, G: LinearGenerator) -> None:
        self.generators.check(G)

    def value(self, G: LinearGenerator, D: Callable[[np.ndarray], np.ndarray]) -> float:
        """V(G, D) = E_P[D] - E_{Q_G}[D] (eq. (8)), Q_G = N(u, s^2) with s = |w|."""
        s, u = abs(float(G.W[0, 0])), float(G.u[0])
        if isinstance(D, (AbsDiscriminator, PiecewiseLinearDiscriminator)):
            return D.mean_under(0.0, self.data.sigma) - D.mean_under(u, s)
        return _gauss_mean(D, 0.0, self.data.sigma) - _gauss_mean(D, u, s)
