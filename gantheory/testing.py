"""Hypothesis strategies for settings and players, for property-based tests on these games or a user's own.

Requires the ``hypothesis`` package (the ``test`` extra). Example::

    from hypothesis import given
    from gantheory.testing import theorem1_settings, linear_generators

    @given(theorem1_settings(), st.data())
    def test_gap_nonnegative(setting, data):
        G = data.draw(linear_generators(setting.dim, setting.dim, setting.t))
        ...
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from hypothesis import strategies as st

from gantheory.games.gaussian import LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator


@dataclass(frozen=True)
class Setting:
    """The paper's symbols: data scale sigma, mean budget t, cost scale eta, dimension d."""

    sigma: float
    t: float
    eta: float
    dim: int


def sigmas(theorem1: bool = True) -> st.SearchStrategy[float]:
    """sigma > 1 (Theorem 1) or 0 < sigma < 1 (Remark 1)."""
    if theorem1:
        return st.floats(1.05, 3.0)
    return st.floats(0.2, 0.95)


def theorem1_settings(max_dim: int = 3) -> st.SearchStrategy[Setting]:
    return st.builds(Setting, sigmas(True), st.floats(0.05, 2.0), st.floats(0.1, 2.0), st.integers(1, max_dim))


def remark1_settings(max_dim: int = 3) -> st.SearchStrategy[Setting]:
    return st.builds(Setting, sigmas(False), st.floats(0.05, 2.0), st.floats(0.1, 2.0), st.integers(1, max_dim))


@st.composite
def linear_generators(draw, dim: int, latent_dim: int, t: float, remark1: bool = False) -> LinearGenerator:
    """A feasible generator of Theorem 1 (or Remark 1): sigma_max(W) <= 1, ||u|| <= t."""
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    gens = LinearGeneratorSet(dim, latent_dim, t, remark1)
    G = gens.sample(rng)
    # include boundary cases: unit singular values and ||u|| = t
    if draw(st.booleans()):
        G = gens.project(G.W / max(float(np.linalg.svd(G.W, compute_uv=False).max()), 1e-12), G.u)
    if t > 0 and draw(st.booleans()):
        nu = float(np.linalg.norm(G.u))
        if nu > 0:
            G = LinearGenerator(G.W, G.u * (t / nu))
    return G


@st.composite
def quadratic_discriminators(draw, eta: float, dim: int, scale: float = 1.0) -> QuadraticDiscriminator:
    """A c-concave quadratic D(x) = x^T A x + b^T x (A <= eta I) for the cost eta ||x - x'||^2."""
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    L = rng.standard_normal((dim, dim)) * scale
    return QuadraticDiscriminator(eta * np.eye(dim) - L @ L.T, rng.standard_normal(dim) * scale)
