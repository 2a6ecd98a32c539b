"""The Gaussian f-GAN game, eq. (7): V(G, D) = E_P[D(X)] - E_Q[f*(D(G(Z)))] over all D valued in dom f*.

Data P = N(0, sigma^2 I_d), linear generators G(z) = W z + u (Theorem 1: d = k). V is evaluated for
any vectorised discriminator by Gauss-Hermite quadrature (:mod:`gantheory.games.quadrature`), with
f*(D) = +inf (so V = -inf) wherever D leaves dom f*.

For one-dimensional data and Q_G = N(u, s^2), s = |w| > 0, the log density ratio is the quadratic

    R_G(x) = log(p/q_G)(x) = alpha x^2 + beta x + gamma,
    alpha = 1/(2 s^2) - 1/(2 sigma^2),  beta = -u/s^2,  gamma = log(s/sigma) + u^2/(2 s^2),

and :class:`OptimalDiscriminator` is D_G = chi(R_G) = f'(p/q_G), the pointwise maximiser of eq. (7).
Best responses come from responders: :class:`gantheory.exact.fgan.FGANClosedForm` and the numerical
ones of :mod:`gantheory.equilibria.numerical`.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from gantheory.games.base import ZeroSumGame
from gantheory.games.divergences import FDivergence, get_divergence
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.quadrature import gaussian_expectation


class FGANGame(ZeroSumGame):
    """f-GAN (eq. (7)) between N(0, sigma^2 I_d) and a norm-constrained linear generator."""

    name = "fgan"

    def __init__(self, divergence: str | FDivergence, data: GaussianData, generators: LinearGeneratorSet) -> None:
        self.div = divergence if isinstance(divergence, FDivergence) else get_divergence(divergence)
        if generators.dim != data.dim:
            raise ValueError(f"generator dimension {generators.dim} does not match data dimension {data.dim}")
        self.data = data
        self.generators = generators

    def check_generator(self, G: LinearGenerator) -> None:
        self.generators.check(G)

    def value(self, G: LinearGenerator, D: Callable[[np.ndarray], np.ndarray]) -> float:
        """V(G, D) of eq. (7) by quadrature; -inf if D leaves dom f* on a set the quadrature sees."""
        d = self.data.dim
        if G.dim != d:
            raise ValueError(f"generator dimension {G.dim} does not match data dimension {d}")
        EP = gaussian_expectation(lambda x: D(x), np.zeros(d), self.data.sigma * np.eye(d))
        conj = getattr(D, "conj_values", None)
        if conj is None:
            def conj(x):
                return self.div.conj(D(x))
        EQ = gaussian_expectation(conj, G.u, G.W)
        if EP == math.inf and EQ == math.inf:
            raise ValueError("V(G, D) is undefined (inf - inf)")
        return EP - EQ


def log_ratio_coefficients(sigma: float, s: float, u: float) -> tuple[float, float, float]:
    """(alpha, beta, gamma) of R_G = log(p/q_G) for P = N(0, sigma^2), Q_G = N(u, s^2), s > 0."""
    alpha = 0.5 / s**2 - 0.5 / sigma**2
    beta = -u / s**2
    gamma = math.log(s / sigma) + 0.5 * u**2 / s**2
    return alpha, beta, gamma


class OptimalDiscriminator:
    """D_G(x) = f'(p(x)/q_G(x)) for Q_G = N(u, s^2), s > 0 (callable on (n,) or (n, 1) arrays)."""

    def __init__(self, div: FDivergence, sigma: float, s: float, u: float) -> None:
        if s <= 0:
            raise ValueError("the optimal f-GAN discriminator is not attained for a point-mass generator (s = 0)")
        self.div, self.sigma, self.s, self.u = div, float(sigma), float(s), float(u)
        self.coefficients = log_ratio_coefficients(sigma, s, u)

    def __call__(self, x):
        x = np.asarray(x, dtype=float).reshape(-1)
        al, be, ga = self.coefficients
        return self.div.chi(al * x * x + be * x + ga)

    def conj_values(self, x):
        """f*(D_G(x)) = psi(R_G(x)), computed without the rounding of D_G near the edge of dom f*."""
        x = np.asarray(x, dtype=float).reshape(-1)
        al, be, ga = self.coefficients
        return self.div.psi(al * x * x + be * x + ga)

    def __repr__(self) -> str:
        return f"OptimalDiscriminator({self.div.key}, sigma={self.sigma:g}, s={self.s:g}, u={self.u:g})"
