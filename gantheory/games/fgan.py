"""The Gaussian f-GAN game, eq. (7): V(G, D) = E_P[D(X)] - E_Q[f*(D(G(Z)))] over all D valued in dom f*.

Data P = N(0, sigma^2 I_d), linear generators G(z) = W z + u (Theorem 1: d = k). V is evaluated for
any vectorised discriminator by Gauss-Hermite quadrature (:mod:`gantheory.games.quadrature`), with
f*(D) = +inf (so V = -inf) wherever D leaves dom f*. Best responses use the closed forms of
:mod:`gantheory.exact.fgan` (one-dimensional data) when the discriminator is the optimal one of some
generator, and a bounded numerical search over the generator's two parameters otherwise.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import optimize

from gantheory.games.base import BestResponse, ZeroSumGame
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

    def _scalar(self, G: LinearGenerator) -> tuple[float, float]:
        if self.data.dim != 1 or G.latent_dim != 1:
            raise ValueError("closed-form f-GAN best responses are implemented for dim = latent_dim = 1")
        return abs(float(G.W[0, 0])), float(G.u[0])

    def discriminator_best_response(self, G: LinearGenerator) -> BestResponse:
        """sup_D V(G, D) = int q f(p/q), attained by D_G = f'(p/q) when finite and s > 0."""
        from gantheory.exact import fgan as ex

        self.check_generator(G)
        s, u = self._scalar(G)
        val = ex.divergence(self.div, self.data.sigma, s, u)
        attained = s > 0 and math.isfinite(val)
        return BestResponse(val, [ex.OptimalDiscriminator(self.div, self.data.sigma, s, u)] if attained else [])

    def generator_best_response(self, D: Callable[[np.ndarray], np.ndarray]) -> BestResponse:
        """inf_G V(G, D): the closed-form reduction for an optimal discriminator, else a bounded
        search (a 9 x 9 grid over (s', u') refined by L-BFGS-B) -- an upper bound on the infimum."""
        from gantheory.exact import fgan as ex

        gens = self.generators
        if self.data.dim != 1:
            raise ValueError("f-GAN generator best responses are implemented for dim = 1")
        if isinstance(D, ex.OptimalDiscriminator) and D.div is self.div and D.sigma == self.data.sigma:
            pay, s_b, u_b = ex.generator_best_response(self.div, D.sigma, D.s, D.u, gens.t, gens.remark1)
            EP = gaussian_expectation(D, np.zeros(1), self.data.sigma * np.eye(1), order=200)
            val = -math.inf if pay == math.inf else float(EP - pay)
            return BestResponse(val, [LinearGenerator.scalar(s_b, u_b)])

        def neg(p):
            return self.value(LinearGenerator.scalar(p[0], p[1]), D)

        s_grid = [1.0] if gens.remark1 else np.linspace(0, 1, 9)
        u_grid = np.linspace(-gens.t, gens.t, 9)
        pts = [(s, u) for s in s_grid for u in u_grid]
        vals = [neg(p) for p in pts]
        best = int(np.argmin(vals))
        s_lo = 1.0 if gens.remark1 else 0.0
        res = optimize.minimize(neg, pts[best], method="L-BFGS-B", bounds=[(s_lo, 1.0), (-gens.t, gens.t)])
        if res.fun < vals[best]:
            return BestResponse(float(res.fun), [LinearGenerator.scalar(*res.x)], complete=False)
        return BestResponse(float(vals[best]), [LinearGenerator.scalar(*pts[best])], complete=False)
