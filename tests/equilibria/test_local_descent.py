"""gantheory.equilibria.local_descent: parameter vectors round-trip, and in the 1-D W2GAN game with quadratic D the
descent reaches the stationary pair (|w| = 1, u = 0) where the best local improvement is eta (sigma - 1) rho^2,
computed here by hand (the generator moves u by rho: V(u) - V(0) = -eta (sigma - 1) u^2 against D_G)."""

import numpy as np
import pytest

from gantheory.equilibria.local_descent import (
    discriminator_from_vector,
    discriminator_vector,
    generator_from_vector,
    generator_vector,
    local_nash_violations,
    project_generator_vector,
)
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame


def test_vectors_round_trip():
    rng = np.random.default_rng(0)
    G = LinearGenerator(rng.standard_normal((3, 2)), rng.standard_normal(3))
    H = generator_from_vector(generator_vector(G), 3, 2)
    assert np.array_equal(H.W, G.W) and np.array_equal(H.u, G.u)
    A = rng.standard_normal((3, 3))
    D = QuadraticDiscriminator(-(A @ A.T), rng.standard_normal(3))
    E = discriminator_from_vector(discriminator_vector(D), 3)
    assert np.allclose(E.A, D.A, rtol=0, atol=1e-15) and np.array_equal(E.b, D.b)


def test_projection_lands_in_the_feasible_set():
    gens = LinearGeneratorSet(2, 2, 0.5)
    x = project_generator_vector(np.array([3.0, 0.0, 0.0, 2.0, 4.0, -3.0]), gens)
    G = generator_from_vector(x, 2, 2)
    assert max(G.singular_values()) <= 1 + 1e-12 and np.linalg.norm(G.u) <= 0.5 + 1e-12


@pytest.mark.parametrize("sigma, eta, rho", [(1.25, 0.5, 0.1), (2.0, 0.25, 0.05)])
def test_one_dimensional_violation_matches_the_hand_computation(sigma, eta, rho):
    game = W2GANGame(GaussianData(sigma, 1), LinearGeneratorSet(1, 1, 0.5), eta)
    pairs = local_nash_violations(game, rho, np.random.default_rng(1), starts=1)
    assert len(pairs) == 1
    p = pairs[0]
    assert abs(abs(p.generator.W[0, 0]) - 1) < 1e-4 and abs(p.generator.u[0]) < 1e-4
    assert p.stationarity < 1e-4
    by_hand = eta * (sigma - 1) * rho**2
    assert p.violation == pytest.approx(by_hand, rel=1e-4)
    assert p.discriminator_gain < 1e-6 * by_hand  # D_G is the best response: no discriminator gain
