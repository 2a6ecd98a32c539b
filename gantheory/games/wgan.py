"""The one-dimensional Gaussian WGAN game, eq. (8): V(G, D) = E_P[D(X)] - E_Q[D(G(Z))], D 1-Lipschitz.

Theorem 1 (third part) takes X and Z one-dimensional. V is evaluated for any vectorised 1-Lipschitz
discriminator by adaptive quadrature against the two Gaussian densities (exact folded-normal means
for the discriminators D(x) = kappa |x - c| + slope x of :class:`gantheory.exact.wgan.AbsDiscriminator`).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
from scipy import integrate

from gantheory.games.base import BestResponse, ZeroSumGame
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
        from gantheory.exact.wgan import AbsDiscriminator

        s, u = abs(float(G.W[0, 0])), float(G.u[0])
        if isinstance(D, AbsDiscriminator):
            return D.mean_under(0.0, self.data.sigma) - D.mean_under(u, s)
        return _gauss_mean(D, 0.0, self.data.sigma) - _gauss_mean(D, u, s)

    def discriminator_best_response(self, G: LinearGenerator) -> BestResponse:
        """W1(P, Q_G), attained by kappa |x - c| (unique up to constants unless Q = P, where every D is
        optimal and the constant is the representative that attains the infimal Nash gap)."""
        from gantheory.exact import wgan as ex

        self.check_generator(G)
        s, u = abs(float(G.W[0, 0])), float(G.u[0])
        complete = not (s == self.data.sigma and u == 0)
        return BestResponse(ex.w1(self.data.sigma, s, u), [ex.optimal_discriminator(self.data.sigma, s, u)],
                            complete=complete)

    def generator_best_response(self, D) -> BestResponse:
        from gantheory.exact import wgan as ex

        if not isinstance(D, ex.AbsDiscriminator) or (D.kappa != 0 and D.slope != 0):
            raise ValueError("closed-form WGAN generator best responses need D = kappa|x - c| or D = slope x")
        pay, s, u = ex.generator_best_response(D, self.generators.t, self.generators.remark1)
        return BestResponse(D.mean_under(0.0, self.data.sigma) - pay, [LinearGenerator.scalar(s, u)])
