"""The W2GAN proximal objective (eq. (11), Sobolev norm eq. (15)) against cvxpy, Monte Carlo and its limits."""

import numpy as np
import pytest

from gantheory.exact.w2gan import W2GANClosedForm, optimal_discriminator
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame
from gantheory.proximal.w2gan import prox_value, prox_value_1d, prox_value_cvxpy, sobolev_sq

ETA, SIGMA = 0.5, 1.25


def random_case(rng, d):
    G = LinearGeneratorSet(d, d, 0.5).sample(rng)
    L = rng.standard_normal((d, d)) * 0.3
    D = QuadraticDiscriminator(ETA * np.eye(d) - L @ L.T - 0.05 * np.eye(d), rng.standard_normal(d) * 0.3)
    return G, D


@pytest.mark.parametrize("d", [1, 2])
@pytest.mark.parametrize("lam", [0.1, 1.0])
def test_fast_solver_matches_cvxpy_sdp(d, lam):
    rng = np.random.default_rng(d * 10 + int(lam * 10))
    G, D = random_case(rng, d)
    SX = SIGMA**2 * np.eye(d)
    fast = prox_value(ETA, lam, SX, G, D)
    sdp = prox_value_cvxpy(ETA, lam, SX, G, D)
    assert fast.value == pytest.approx(sdp.value, abs=1e-6 * (1 + abs(sdp.value)))


def test_sandwich_and_limits():
    """V(G, D) <= V_prox_lam(G, D) <= max_D' V(G, D'); -> V as lam -> inf, -> the divergence as lam -> 0."""
    rng = np.random.default_rng(3)
    game = W2GANGame(GaussianData(SIGMA, 2), LinearGeneratorSet(2, 2, 0.5), ETA)
    for _ in range(5):
        G, D = random_case(rng, 2)
        v, div = game.value(G, D), W2GANClosedForm(game).discriminator_best_response(G).value
        SX = SIGMA**2 * np.eye(2)
        for lam in (0.01, 1.0, 100.0):
            vp = prox_value(ETA, lam, SX, G, D).value
            assert v - 1e-9 <= vp <= div + 1e-9
        assert prox_value(ETA, 1e6, SX, G, D).value == pytest.approx(v, abs=1e-4)
        assert prox_value(ETA, 1e-6, SX, G, D).value == pytest.approx(div, abs=1e-4)


def test_maximiser_beats_sampled_discriminators():
    rng = np.random.default_rng(4)
    game = W2GANGame(GaussianData(SIGMA, 2), LinearGeneratorSet(2, 2, 0.5), ETA)
    SX = SIGMA**2 * np.eye(2)
    G, D = random_case(rng, 2)
    lam = 0.7
    r = prox_value(ETA, lam, SX, G, D)
    assert r.value == pytest.approx(game.value(G, r.D) - lam * sobolev_sq(r.D, D, SX), abs=1e-10)
    for _ in range(300):
        L = rng.standard_normal((2, 2)) * 0.5
        Dp = QuadraticDiscriminator(ETA * np.eye(2) - L @ L.T, rng.standard_normal(2))
        assert game.value(G, Dp) - lam * sobolev_sq(Dp, D, SX) <= r.value + 1e-9


def test_sobolev_norm_against_monte_carlo():
    rng = np.random.default_rng(5)
    A1, A2 = rng.standard_normal((2, 2, 2))
    D1 = QuadraticDiscriminator(A1 + A1.T, rng.standard_normal(2))
    D2 = QuadraticDiscriminator(A2 + A2.T, rng.standard_normal(2))
    SX = np.array([[2.0, 0.3], [0.3, 0.5]])
    X = rng.multivariate_normal(np.zeros(2), SX, size=400_000)
    g = X @ (2 * (D1.A - D2.A)).T + (D1.b - D2.b)
    sq = np.sum(g * g, axis=1)
    assert abs(sobolev_sq(D1, D2, SX) - sq.mean()) < 5 * sq.std() / np.sqrt(len(sq))


def test_vectorised_1d_matches_general_solver():
    rng = np.random.default_rng(6)
    a, b = 0.1, -0.2
    s, u = rng.uniform(0, 1, 8), rng.uniform(-0.5, 0.5, 8)
    for lam in (0.05, 2.0):
        vec, _, _ = prox_value_1d(ETA, lam, SIGMA**2, s, u, a, b)
        ref = [prox_value(ETA, lam, np.eye(1) * SIGMA**2, LinearGenerator.scalar(si, ui),
                          QuadraticDiscriminator([[a]], [b])).value for si, ui in zip(s, u, strict=True)]
        np.testing.assert_allclose(vec, ref, atol=1e-9)


def test_best_response_is_a_fixed_point():
    """At D = D_G the proximal step does not move: V_prox(G, D_G) = V(G, D_G) for every lam."""
    G = LinearGenerator(np.diag([0.9, 0.6]), np.array([0.2, -0.1]))
    D = optimal_discriminator(ETA, SIGMA, G.u, G.covariance, G.W)
    game = W2GANGame(GaussianData(SIGMA, 2), LinearGeneratorSet(2, 2, 0.5), ETA)
    for lam in (0.01, 1.0):
        assert prox_value(ETA, lam, SIGMA**2 * np.eye(2), G, D).value == pytest.approx(game.value(G, D), abs=1e-9)


def test_axis_aligned_generators_decouple_under_anisotropic_data():
    """The reduction used by theorem-2-anisotropic: for W diagonal and u on one axis, V_prox with
    Sigma_X = diag(s1^2, s2^2) and D* = eta x^T (I - Sigma_X^{-1/2}) x is the sum of two 1-D values."""
    s1, s2, lam = 1.25, 2.0, 0.8
    SX = np.diag([s1**2, s2**2])
    Dstar = QuadraticDiscriminator(ETA * (np.eye(2) - np.diag([1 / s1, 1 / s2])), np.zeros(2))
    for w1, w2, u1 in [(1.0, 1.0, 0.3), (0.6, 0.9, -0.5), (0.2, 1.0, 0.0)]:
        G = LinearGenerator(np.diag([w1, w2]), np.array([u1, 0.0]))
        full = prox_value(ETA, lam, SX, G, Dstar).value
        parts = (prox_value_1d(ETA, lam, s1**2, w1, u1, ETA * (1 - 1 / s1), 0.0)[0]
                 + prox_value_1d(ETA, lam, s2**2, w2, 0.0, ETA * (1 - 1 / s2), 0.0)[0])
        assert full == pytest.approx(float(parts), abs=1e-8)
