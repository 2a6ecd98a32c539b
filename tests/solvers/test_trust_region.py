"""gantheory.solvers.trust_region.maximize_quadratic_on_ball against dense sampling of the ball and the
global optimality conditions of the trust-region subproblem (More & Sorensen): x is a global maximiser of
x^T K x + l^T x over ||x|| <= t iff ||x|| <= t and, for some mu >= 0, 2 (K - mu I) x = -l,
K - mu I <= 0 and mu (t - ||x||) = 0."""

import math
import types

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from gantheory.solvers import trust_region as tr
from gantheory.solvers.trust_region import maximize_quadratic_on_ball


def q(K, lin, x):
    return float(x @ K @ x + lin @ x)


def ball_samples(rng, n, t, d):
    """Uniform points in the ball and on its sphere."""
    g = rng.standard_normal((n, d))
    g /= np.linalg.norm(g, axis=1, keepdims=True)
    r = rng.uniform(0, 1, (n, 1)) ** (1 / d)
    return np.vstack([t * g * r, t * g])


def sampled_max(K, lin, t, n=20_000, seed=0):
    x = ball_samples(np.random.default_rng(seed), n, t, len(lin))
    return float(np.max(np.einsum("ij,jk,ik->i", x, K, x) + x @ lin))


def optimality_violation(K, lin, t, x, val) -> float:
    """Largest violation of: feasibility, value, stationarity with mu >= 0, K - mu I <= 0, complementarity."""
    K = 0.5 * (K + K.T)
    nx = float(np.linalg.norm(x))
    scale = 1.0 + float(np.abs(K).max()) * max(t, 1e-300) ** 2 + float(np.abs(lin).max()) * t
    viol = [max(nx - t, 0.0) / max(t, 1e-300), abs(q(K, lin, x) - val) / scale]
    if nx > 0:
        # mu from the stationarity condition along x (least squares)
        mu = float(x @ (2 * K @ x + lin)) / (2 * nx * nx)
    else:
        mu = max(0.0, float(np.linalg.eigvalsh(K).max()))
        viol.append(float(np.linalg.norm(lin)) / (1 + t))  # x = 0 needs l = 0 (or t = 0)
    res = np.linalg.norm(2 * (K - mu * np.eye(len(lin))) @ x + lin)
    viol += [res / (1 + float(np.linalg.norm(lin)) + abs(mu) * nx), max(-mu, 0.0),
             max(float(np.linalg.eigvalsh(K).max()) - mu, 0.0) / (1 + abs(mu)),
             abs(mu) * abs(t - nx) / scale]
    return max(viol)


@st.composite
def problems(draw):
    d = draw(st.integers(1, 4))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    B = rng.standard_normal((d, d))
    K = 0.5 * (B + B.T) * draw(st.floats(0.1, 3.0))
    lin = rng.standard_normal(d) * draw(st.sampled_from([0.0, 1e-3, 1.0, 5.0]))
    t = draw(st.floats(0.01, 3.0))
    return K, lin, t


@settings(max_examples=25, deadline=None)
@given(prob=problems())
def test_maximum_satisfies_global_optimality_and_beats_samples(prob):
    K, lin, t = prob
    val, x = maximize_quadratic_on_ball(K, lin, t)
    assert optimality_violation(K, lin, t, x, val) < 1e-8
    if len(lin) <= 3:
        assert sampled_max(K, lin, t, n=5000) <= val + 1e-9 * (1 + abs(val))


@pytest.mark.parametrize("d", [2, 3])
def test_dense_sampling_of_the_ball_is_close(d):
    rng = np.random.default_rng(d)
    for _ in range(5):
        B = rng.standard_normal((d, d))
        K, lin, t = 0.5 * (B + B.T), rng.standard_normal(d), rng.uniform(0.2, 2.0)
        val, x = maximize_quadratic_on_ball(K, lin, t)
        smax = sampled_max(K, lin, t, n=40_000)
        assert smax <= val + 1e-10
        assert val - smax < 0.05 * (1 + abs(val))  # the samples come close to the maximum


def test_t_zero():
    val, x = maximize_quadratic_on_ball(np.eye(2), np.array([1.0, -2.0]), 0.0)
    assert val == 0.0 and np.all(x == 0) and x.shape == (2,)


def test_hard_case_lin_orthogonal_to_top_eigenvector():
    K = np.diag([2.0, 1.0, -1.0])
    lin = np.array([0.0, 1.0, 0.5])  # no component along e_1, the top eigenvector
    t = 1.0
    val, x = maximize_quadratic_on_ball(K, lin, t)
    # mu = 2: the rest solves 2 (K - 2 I) x = -lin, and e_1 fills the ball up
    rest = np.array([0.0, 0.5, 0.5 / 6.0])
    want_x1 = math.sqrt(t * t - rest @ rest)
    assert abs(abs(x[0]) - want_x1) < 1e-9 and np.allclose(x[1:], rest[1:], atol=1e-9)
    want = q(K, lin, np.array([want_x1, *rest[1:]]))
    assert val == pytest.approx(want, rel=1e-12)
    assert optimality_violation(K, lin, t, x, val) < 1e-10
    assert sampled_max(K, lin, t) <= val + 1e-12


def test_hard_case_with_repeated_top_eigenvalue():
    K = np.diag([1.5, 1.5, 0.0])
    lin = np.array([0.0, 0.0, 0.3])
    val, x = maximize_quadratic_on_ball(K, lin, 2.0)
    assert optimality_violation(K, lin, 2.0, x, val) < 1e-10
    assert sampled_max(K, lin, 2.0) <= val + 1e-12


def test_concave_interior_maximum():
    K = -np.diag([1.0, 2.0])
    lin = np.array([0.4, -0.4])
    val, x = maximize_quadratic_on_ball(K, lin, 5.0)
    np.testing.assert_allclose(x, [0.2, -0.1], atol=1e-12)  # -K^{-1} lin / 2, inside the ball
    assert val == pytest.approx(0.04 + 0.02, rel=1e-12)


def test_linear_objective():
    lin = np.array([3.0, -4.0])
    val, x = maximize_quadratic_on_ball(np.zeros((2, 2)), lin, 2.0)
    assert val == pytest.approx(10.0, rel=1e-12)
    np.testing.assert_allclose(x, [1.2, -1.6], atol=1e-9)


def test_against_multistart_slsqp():
    rng = np.random.default_rng(21)
    for _ in range(5):
        B = rng.standard_normal((3, 3))
        K, lin, t = 0.5 * (B + B.T), rng.standard_normal(3), 1.3
        val, _ = maximize_quadratic_on_ball(K, lin, t)
        best = -math.inf
        for x0 in ball_samples(rng, 10, t, 3):
            res = optimize.minimize(lambda x, K=K, lin=lin: -q(K, lin, x), x0, method="SLSQP",
                                    constraints=[{"type": "ineq", "fun": lambda x, t=t: t * t - x @ x}])
            if res.success:  # SLSQP may overshoot the constraint by ~1e-8: project back onto the ball
                xp = res.x * min(1.0, t / np.linalg.norm(res.x))
                best = max(best, q(K, lin, xp))
        assert val - 1e-6 <= best <= val + 1e-12


@pytest.mark.parametrize("t", [1e-25, 1e-300])
def test_tiny_radius_does_not_crash(t):
    val, x = maximize_quadratic_on_ball(np.array([[-0.5]]), np.array([1.0]), t)
    assert abs(x[0]) <= t * (1 + 1e-12) and val == pytest.approx(t, rel=1e-9)


def test_tiny_radius_returns_feasible_point():
    t = 1e-170
    val, x = maximize_quadratic_on_ball(np.array([[-0.5]]), np.array([1.0]), t)
    assert abs(x[0]) <= t * (1 + 1e-9)


NEAR_HARD_Q = np.array([[0.6, 0.8], [-0.8, 0.6]])


@pytest.mark.parametrize("eps", [2e-12, 1e-11])
def test_near_hard_case(eps):
    K = NEAR_HARD_Q @ np.diag([2.0, -1.0]) @ NEAR_HARD_Q.T
    lin = NEAR_HARD_Q @ np.array([eps, 1.0])
    val, x = maximize_quadratic_on_ball(K, lin, 1.0)
    assert optimality_violation(K, lin, 1.0, x, val) < 1e-8


def test_exact_hard_case_of_the_same_problem():
    K = NEAR_HARD_Q @ np.diag([2.0, -1.0]) @ NEAR_HARD_Q.T
    for eps in (0.0, 1e-13, 1e-6):
        lin = NEAR_HARD_Q @ np.array([eps, 1.0])
        val, x = maximize_quadratic_on_ball(K, lin, 1.0)
        assert optimality_violation(K, lin, 1.0, x, val) < 1e-8
        assert sampled_max(K, lin, 1.0) <= val + 1e-12


# -- mutation: an inaccurate secular-equation root is caught by the optimality check ----------------------
def test_mutation_wrong_secular_root_is_caught(monkeypatch):
    K = np.array([[1.0, 0.3], [0.3, -0.5]])
    lin = np.array([0.7, -0.2])
    t = 1.0
    val, x = maximize_quadratic_on_ball(K, lin, t)
    assert optimality_violation(K, lin, t, x, val) < 1e-10
    fake = types.SimpleNamespace(brentq=lambda f, a, b, **kw: 1.5 * optimize.brentq(f, a, b, **kw))
    monkeypatch.setattr(tr, "optimize", fake)
    val, x = maximize_quadratic_on_ball(K, lin, t)
    assert optimality_violation(K, lin, t, x, val) > 1e-3
