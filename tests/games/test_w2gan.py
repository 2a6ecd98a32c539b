"""gantheory.games.w2gan: the c-transform of a quadratic discriminator against numerical maximisation,
V(G, D) against Monte Carlo, and the game's best responses against POT."""

import math

import numpy as np
import ot
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from gantheory.exact.w2gan import W2GANClosedForm
from gantheory.games import w2gan as gw
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame


def numeric_c_transform(eta, D: QuadraticDiscriminator, y) -> float:
    """sup_x D(x) - eta ||x - y||^2 by BFGS (concave objective when A < eta I)."""
    A, b = np.asarray(D.A), np.asarray(D.b)

    def neg(x):
        return -(x @ A @ x + b @ x - eta * np.sum((x - y) ** 2))

    def grad(x):
        return -(2 * A @ x + b - 2 * eta * (x - y))

    res = optimize.minimize(neg, np.array(y, dtype=float), jac=grad, method="BFGS", options={"gtol": 1e-11})
    return -float(res.fun)


def closed_c_transform(eta, D, y) -> float:
    ct = gw.c_transform_quadratic(eta, D)
    K, lin, k0, _ = ct
    return float(y @ K @ y + lin @ y + k0)


def c_transform_discrepancy(eta, D, ys) -> float:
    return max(abs(closed_c_transform(eta, D, y) - numeric_c_transform(eta, D, y))
               / (1 + abs(numeric_c_transform(eta, D, y))) for y in ys)


def random_D(rng, eta, d, margin=0.1):
    L = rng.standard_normal((d, d)) * 0.7
    return QuadraticDiscriminator(eta * np.eye(d) - L @ L.T - margin * np.eye(d), rng.standard_normal(d))


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 3), eta=st.floats(0.1, 2.0),
       margin=st.floats(0.05, 2.0))
def test_c_transform_matches_numeric_sup(seed, d, eta, margin):
    rng = np.random.default_rng(seed)
    D = random_D(rng, eta, d, margin)
    ct = gw.c_transform_quadratic(eta, D)
    assert ct is not None and ct[3] is None  # M invertible
    ys = [rng.standard_normal(d) * 2 for _ in range(3)]
    assert c_transform_discrepancy(eta, D, ys) < 1e-7


def test_c_transform_none_when_M_has_a_negative_eigenvalue():
    eta = 0.5
    D = QuadraticDiscriminator(np.diag([0.6, 0.1]), np.zeros(2))  # A > eta I along e_1
    assert gw.c_transform_quadratic(eta, D) is None
    assert not D.is_c_concave(eta)
    # numerically: D(x) - eta ||x - 0||^2 grows without bound along e_1
    vals = [D(np.array([r, 0.0]))[0] - eta * r * r for r in (1e2, 1e4)]
    assert vals[1] > vals[0] > 0
    game = W2GANGame(GaussianData(1.5, 2), LinearGeneratorSet(2, 2, 1.0), eta)
    assert game.value(LinearGenerator(np.eye(2) * 0.5, np.zeros(2)), D) == -math.inf


def test_c_transform_on_singular_M():
    # A = eta along e_1: D^c(y) finite only where b + 2 eta y has no e_1 component
    eta = 0.5
    D = QuadraticDiscriminator(np.diag([eta, 0.2]), np.array([0.4, -0.3]))
    K, lin, k0, basis = gw.c_transform_quadratic(eta, D)
    assert basis is not None and basis.shape == (2, 1) and abs(abs(basis[1, 0]) - 1) < 1e-12
    y_ok = np.array([-0.4 / (2 * eta), 0.7])  # b_1 + 2 eta y_1 = 0
    # the objective is concave along e_2 and constant along e_1: maximise over x_2 only
    x1 = 3.0

    def neg(x2):
        x = np.array([x1, x2[0]])
        return -(D(x)[0] - eta * np.sum((x - y_ok) ** 2))

    num = -optimize.minimize(neg, [0.0]).fun
    assert float(y_ok @ K @ y_ok + lin @ y_ok + k0) == pytest.approx(num, rel=1e-7)
    # a generator off that line pays +inf, so V = -inf; one on it pays the finite value
    game = W2GANGame(GaussianData(1.5, 2), LinearGeneratorSet(2, 2, 2.0), eta)
    assert game.value(LinearGenerator(np.zeros((2, 2)), np.array([0.3, 0.0])), D) == -math.inf
    assert game.value(LinearGenerator(np.diag([1.0, 0.0]), y_ok), D) == -math.inf  # spreads along e_1
    v = game.value(LinearGenerator(np.diag([0.0, 0.5]), y_ok), D)
    assert math.isfinite(v)


def mc_value(eta, sigma, D, G, rng, n=200_000):
    """V(G, D) = E_P[D(X)] - E_Q[D^c(Y)] by Monte Carlo, D^c by its maximiser x* = M^{-1}(b + 2 eta y)/2."""
    d = len(D.b)
    x = sigma * rng.standard_normal((n, d))
    y = G.u + rng.standard_normal((n, G.W.shape[1])) @ G.W.T
    M = eta * np.eye(d) - D.A
    xs = np.linalg.solve(M, (D.b + 2 * eta * y).T).T / 2
    dc = D(xs) - eta * np.sum((xs - y) ** 2, axis=1)
    vals_p, vals_q = D(x), dc
    se = math.sqrt(vals_p.var() / n + vals_q.var() / n)
    return vals_p.mean() - vals_q.mean(), se


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 3), k=st.integers(1, 3), eta=st.floats(0.2, 1.5),
       sigma=st.floats(0.5, 2.5))
def test_value_matches_monte_carlo(seed, d, k, eta, sigma):
    rng = np.random.default_rng(seed)
    D = random_D(rng, eta, d, 0.2)
    gens = LinearGeneratorSet(d, k, 1.0)
    G = gens.sample(rng)
    game = W2GANGame(GaussianData(sigma, d), gens, eta)
    v = game.value(G, D)
    mc, se = mc_value(eta, sigma, D, G, rng, n=100_000)
    assert abs(v - mc) < 5 * se + 1e-9


def test_generator_payoff_equals_expected_c_transform_by_monte_carlo():
    rng = np.random.default_rng(3)
    eta, d = 0.7, 2
    D = random_D(rng, eta, d, 0.3)
    u, W = np.array([0.4, -0.2]), np.array([[0.8, 0.1], [0.0, 0.5]])
    y = u + rng.standard_normal((200_000, 2)) @ W.T
    M = eta * np.eye(d) - D.A
    xs = np.linalg.solve(M, (D.b + 2 * eta * y).T).T / 2
    dc = D(xs) - eta * np.sum((xs - y) ** 2, axis=1)
    assert abs(D.generator_payoff(eta, u, W @ W.T) - dc.mean()) < 5 * dc.std() / math.sqrt(len(dc))


def test_best_responses_against_pot():
    rng = np.random.default_rng(8)
    eta, sigma, d = 0.5, 1.6, 2
    gens = LinearGeneratorSet(d, d, 1.0)
    game = W2GANGame(GaussianData(sigma, d), gens, eta)
    G = LinearGenerator(np.array([[0.7, 0.2], [-0.1, 0.5]]), np.array([0.3, -0.4]))
    br = W2GANClosedForm(game).discriminator_best_response(G)
    w = float(ot.gaussian.bures_wasserstein_distance(np.zeros(d), G.u, sigma**2 * np.eye(d), G.covariance)) ** 2
    assert br.value == pytest.approx(eta * w, rel=1e-8)
    assert game.value(G, br.strategies[0]) == pytest.approx(eta * w, rel=1e-8)
    # the generator's reply: no sampled feasible generator does better (lower V)
    D = br.strategies[0]
    gbr = W2GANClosedForm(game).generator_best_response(D)
    assert gens.contains(gbr.strategies[0])
    assert game.value(gbr.strategies[0], D) == pytest.approx(gbr.value, rel=1e-9, abs=1e-12)
    for _ in range(200):
        assert game.value(gens.sample(rng), D) >= gbr.value - 1e-9


def test_quadratic_discriminator_validation_and_symmetrisation():
    D = QuadraticDiscriminator([[1.0, 2.0], [0.0, 1.0]], [0.0, 0.0])
    np.testing.assert_allclose(D.A, [[1.0, 1.0], [1.0, 1.0]])
    x = np.array([[1.0, 2.0]])
    assert D(x)[0] == pytest.approx(1 + 4 + 4)
    with pytest.raises(ValueError, match="A must have shape"):
        QuadraticDiscriminator(np.eye(2), np.zeros(3))
    game = W2GANGame(GaussianData(1.5, 2), LinearGeneratorSet(2, 2, 1.0), 0.5)
    with pytest.raises(ValueError, match="QuadraticDiscriminator"):
        game.value(LinearGenerator(np.eye(2), np.zeros(2)), lambda x: x)


# -- mutation: a wrong c-transform (linear term's sign flipped) must be caught ----------------------------
def test_mutation_wrong_c_transform_is_caught(monkeypatch):
    rng = np.random.default_rng(12)
    eta, d = 0.6, 2
    D = random_D(rng, eta, d, 0.3)
    ys = [rng.standard_normal(d) for _ in range(3)]
    G = LinearGenerator(np.array([[0.6, 0.0], [0.2, 0.4]]), np.array([0.5, -0.5]))
    game = W2GANGame(GaussianData(1.4, d), LinearGeneratorSet(d, d, 1.0), eta)
    mc, se = mc_value(eta, 1.4, D, G, np.random.default_rng(0))
    assert c_transform_discrepancy(eta, D, ys) < 1e-7 and abs(game.value(G, D) - mc) < 5 * se
    real = gw.c_transform_quadratic

    def wrong(eta, D):
        K, lin, k0, basis = real(eta, D)
        return K, -lin, k0, basis

    monkeypatch.setattr(gw, "c_transform_quadratic", wrong)
    assert c_transform_discrepancy(eta, D, ys) > 1e-2
    assert abs(game.value(G, D) - mc) > 20 * se
