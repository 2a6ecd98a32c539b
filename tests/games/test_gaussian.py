"""Feasible sets and input validation of the Gaussian games."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from gantheory.games.fgan import FGANGame
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame
from gantheory.games.wgan import WGANGame
from gantheory.testing import linear_generators, theorem1_settings


@pytest.mark.parametrize("bad, msg", [
    (lambda: GaussianData(0.0), "sigma must be > 0"),
    (lambda: GaussianData(-1.0), "sigma must be > 0"),
    (lambda: GaussianData(float("nan")), "sigma must be finite"),
    (lambda: GaussianData(1.0, dim=0), "dim must be a positive integer"),
    (lambda: LinearGeneratorSet(1, 1, -0.1), "t must be >= 0"),
    (lambda: LinearGenerator(np.eye(2), np.zeros(3)), "u must have shape"),
    (lambda: LinearGenerator([[np.nan]], [0.0]), "W must contain only finite"),
    (lambda: LinearGeneratorSet(1, 1, 0.5).check(LinearGenerator.scalar(1.5, 0.0)), "sigma_max(W)"),
    (lambda: LinearGeneratorSet(1, 1, 0.5).check(LinearGenerator.scalar(0.5, 0.7)), "||u||"),
    (lambda: LinearGeneratorSet(1, 1, 0.5, remark1=True).check(LinearGenerator.scalar(0.5, 0.0)), "sigma_min"),
    (lambda: LinearGeneratorSet(2, 2, 0.5).check(LinearGenerator(np.eye(3), np.zeros(3))), "W must have shape"),
    (lambda: WGANGame(GaussianData(1.2, 2), LinearGeneratorSet(2, 2, 0.5)), "one-dimensional"),
    (lambda: FGANGame("nope", GaussianData(1.2), LinearGeneratorSet(1, 1, 0.5)), "unknown f-divergence"),
    (lambda: W2GANGame(GaussianData(1.2, 2), LinearGeneratorSet(3, 3, 0.5)), "does not match"),
    (lambda: QuadraticDiscriminator(np.eye(2), np.zeros(3)), "A must have shape"),
])
def test_bad_input_raises_one_line_value_error(bad, msg):
    with pytest.raises(ValueError) as e:
        bad()
    assert msg in str(e.value) and "\n" not in str(e.value)


@given(theorem1_settings(), st.integers(1, 3), st.data())
def test_sampled_and_projected_generators_are_feasible(setting, k, data):
    gens = LinearGeneratorSet(setting.dim, k, setting.t)
    G = data.draw(linear_generators(setting.dim, k, setting.t))
    assert gens.contains(G)
    rng = np.random.default_rng(0)
    W = rng.normal(size=(setting.dim, k)) * 3
    u = rng.normal(size=setting.dim) * 3
    P = gens.project(W, u)
    assert gens.contains(P)
    # projection is idempotent and does not move feasible points
    Q = gens.project(G.W, G.u)
    assert np.allclose(Q.W, G.W) and np.allclose(Q.u, G.u)
    assert math.isclose(np.linalg.svd(P.W, compute_uv=False).max(), min(1.0, np.linalg.svd(W, compute_uv=False).max()))


def test_fgan_value_is_minus_inf_outside_dom_fstar():
    g = FGANGame("gan", GaussianData(1.25), LinearGeneratorSet(1, 1, 0.5))
    G = LinearGenerator.scalar(1.0, 0.0)
    assert g.value(G, lambda x: np.full(np.asarray(x).reshape(-1).shape, 0.5)) == -math.inf  # dom f* = (-inf, 0)


def test_fgan_value_matches_monte_carlo():
    g = FGANGame("kl", GaussianData(1.25), LinearGeneratorSet(1, 1, 0.5))
    G = LinearGenerator.scalar(0.8, 0.2)

    def D(x):
        return 0.3 * np.sin(np.asarray(x).reshape(-1)) + 0.1

    rng = np.random.default_rng(0)
    n = 400_000
    X = 1.25 * rng.standard_normal(n)
    Y = 0.8 * rng.standard_normal(n) + 0.2
    mc = D(X) - np.exp(D(Y) - 1)
    se = math.sqrt(np.var(D(X)) / n + np.var(np.exp(D(Y) - 1)) / n)
    assert abs(g.value(G, D) - (D(X).mean() - np.exp(D(Y) - 1).mean())) < 5 * se
    del mc
