"""gantheory.exact.w2gan: W2^2 against POT (Bures-Wasserstein and exact OT on samples), the optimal
c-concave discriminator, the generator's best reply and the Nash-gap bound of Theorem 1 (W2GAN).

Payoffs are computed here from an independent derivation: for D(x) = x^T A x + b^T x with
M = eta I - A positive definite, D^c(y) = sup_x D(x) - eta ||x - y||^2 is attained at
x* = M^{-1}(b + 2 eta y)/2, so D^c(y) = g^T M^{-1} g / 4 - eta ||y||^2 with g = b + 2 eta y, and under
Q = N(u, S):  E_Q[D^c] = ((b + 2 eta u)^T M^{-1} (b + 2 eta u) + 4 eta^2 tr(M^{-1} S)) / 4
- eta (||u||^2 + tr S).
"""

import math

import numpy as np
import ot
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from gantheory.exact import w2gan as ex
from gantheory.games.gaussian import LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator


def my_payoff(eta, A, b, u, S) -> float:
    """E_{N(u, S)}[D^c] for M = eta I - A > 0 (derivation in the module docstring)."""
    d = len(b)
    M = eta * np.eye(d) - A
    g = b + 2 * eta * u
    Mi = np.linalg.inv(M)
    return float((g @ Mi @ g + 4 * eta**2 * np.trace(Mi @ S)) / 4 - eta * (u @ u + np.trace(S)))


def my_value(eta, sigma, A, b, u, S) -> float:
    """V(G, D) = E_P[D] - E_Q[D^c], E_P[D] = sigma^2 tr A."""
    return sigma**2 * np.trace(A) - my_payoff(eta, A, b, u, S)


def random_W(rng, d, k, smin=0.0):
    U, _, Vt = np.linalg.svd(rng.standard_normal((d, k)), full_matrices=False)
    return (U * rng.uniform(smin, 1.0, min(d, k))) @ Vt


def random_u(rng, d, t):
    u = rng.standard_normal(d)
    return u * (t * rng.uniform() ** (1 / d) / np.linalg.norm(u))


def random_c_concave(rng, eta, d, margin=0.05):
    """A random quadratic with M = eta I - A >= margin I."""
    L = rng.standard_normal((d, d)) * 0.7
    A = eta * np.eye(d) - (L @ L.T + margin * np.eye(d))
    return A, rng.standard_normal(d)


# -- W2^2 ----------------------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 4), k=st.integers(1, 4), sigma=st.floats(0.2, 3.0))
def test_w2_squared_matches_pot_bures(seed, d, k, sigma):
    rng = np.random.default_rng(seed)
    W = random_W(rng, d, k)
    u = rng.standard_normal(d)
    S = W @ W.T
    # POT's matrix square root returns nan for a singular covariance (k < d): nudge it by 1e-12 I, which
    # moves W2^2 by at most 2 sigma d 1e-6
    jitter = 0.0 if k >= d else 1e-12
    w = ot.gaussian.bures_wasserstein_distance(np.zeros(d), u, sigma**2 * np.eye(d), S + jitter * np.eye(d))
    tol = 1e-8 if k >= d else 1e-5 * sigma * d  # w is W2, not squared
    assert ex.w2_squared(sigma, u, S) == pytest.approx(float(w) ** 2, rel=1e-8, abs=tol)
    assert ex.divergence(0.7, sigma, u, S) == pytest.approx(0.7 * float(w) ** 2, rel=1e-8, abs=tol)


@pytest.mark.parametrize("d", [1, 2, 3])
def test_w2_squared_matches_exact_ot_on_samples(d):
    rng = np.random.default_rng(d)
    n, sigma = 1000, 1.5
    W = random_W(rng, d, d)
    u = random_u(rng, d, 1.0)
    x = sigma * rng.standard_normal((n, d))
    y = u + rng.standard_normal((n, d)) @ W.T
    a = np.full(n, 1.0 / n)
    emp = ot.emd2(a, a, ot.dist(x, y), numItermax=1_000_000)  # squared Euclidean cost
    w = ex.w2_squared(sigma, u, W @ W.T)
    assert abs(emp - w) < 0.2 * (1 + w)  # sampling error of the empirical OT cost


# -- optimal discriminator --------------------------------------------------------------------------------
def best_discriminator_gain(eta, sigma, u, S, D, rng, n=40) -> float:
    """max over random c-concave quadratics D' of V(G, D') - V(G, D) (independent payoff formula)."""
    v0 = my_value(eta, sigma, D.A, D.b, u, S)
    d = len(u)
    gains = []
    for _ in range(n):
        A, b = random_c_concave(rng, eta, d, margin=rng.uniform(0.01, 1.0))
        gains.append(my_value(eta, sigma, A, b, u, S) - v0)
        # and small perturbations of D itself (kept c-concave)
        dA = rng.standard_normal((d, d)) * 0.05
        A2 = D.A + 0.5 * (dA + dA.T) - 0.1 * np.eye(d)
        if np.linalg.eigvalsh(eta * np.eye(d) - A2).min() > 1e-3:
            gains.append(my_value(eta, sigma, A2, D.b + rng.standard_normal(d) * 0.05, u, S) - v0)
    return max(gains)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 3), eta=st.floats(0.1, 2.0), sigma=st.floats(1.05, 3.0))
def test_optimal_discriminator_attains_eta_w2_and_beats_random_c_concave(seed, d, eta, sigma):
    rng = np.random.default_rng(seed)
    W = random_W(rng, d, d, smin=0.2)  # full rank: M = eta Sigma^{1/2} / sigma invertible
    u = random_u(rng, d, 1.0)
    S = W @ W.T
    D = ex.optimal_discriminator(eta, sigma, u, S)
    assert D.is_c_concave(eta)
    w = float(ot.gaussian.bures_wasserstein_distance(np.zeros(d), u, sigma**2 * np.eye(d), S)) ** 2
    assert my_value(eta, sigma, D.A, D.b, u, S) == pytest.approx(eta * w, rel=1e-7, abs=1e-9)
    assert best_discriminator_gain(eta, sigma, u, S, D, rng) <= 1e-9 * (1 + eta * w)


def test_optimal_discriminator_gradient_is_brenier_displacement():
    # grad D(x) = 2 eta (x - T(x)), T(x) = u + Sigma^{1/2} x / sigma the OT map between the Gaussians
    rng = np.random.default_rng(1)
    eta, sigma, d = 0.6, 1.7, 3
    W = random_W(rng, d, d, smin=0.2)
    u = random_u(rng, d, 1.0)
    S = W @ W.T
    lam, V = np.linalg.eigh(S)
    root = (V * np.sqrt(lam)) @ V.T
    D = ex.optimal_discriminator(eta, sigma, u, S)
    x = rng.standard_normal((5, d))
    h = 1e-6
    for xi in x:
        grad = np.array([(D(xi + h * e)[0] - D(xi - h * e)[0]) / (2 * h) for e in np.eye(d)])
        np.testing.assert_allclose(grad, 2 * eta * (xi - (u + root @ xi / sigma)), rtol=1e-6, atol=1e-7)


def test_mutation_wrong_matrix_square_root_is_caught(monkeypatch):
    rng = np.random.default_rng(4)
    eta, sigma, d = 0.5, 1.5, 2
    W = random_W(rng, d, d, smin=0.3)
    u = random_u(rng, d, 1.0)
    S = W @ W.T
    D = ex.optimal_discriminator(eta, sigma, u, S)
    assert best_discriminator_gain(eta, sigma, u, S, D, np.random.default_rng(0)) <= 1e-9
    monkeypatch.setattr(ex, "sqrtm_psd", lambda M: 0.5 * (M + M.T))  # Sigma instead of Sigma^{1/2}
    D_bad = ex.optimal_discriminator(eta, sigma, u, S)
    w = ex.w2_squared(sigma, u, S)
    assert abs(my_value(eta, sigma, D_bad.A, D_bad.b, u, S) - eta * w) > 1e-3
    assert best_discriminator_gain(eta, sigma, u, S, D_bad, np.random.default_rng(0)) > 1e-3


# -- the generator's best reply ----------------------------------------------------------------------------
@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 3), k=st.integers(1, 4), eta=st.floats(0.1, 2.0),
       t=st.one_of(st.just(0.0), st.floats(1e-3, 2.0)), remark1=st.booleans())  # tiny t: see test_trust_region
def test_generator_payoff_max_beats_random_feasible_generators(seed, d, k, eta, t, remark1):
    rng = np.random.default_rng(seed)
    A, b = random_c_concave(rng, eta, d, margin=rng.uniform(0.05, 1.0))
    D = QuadraticDiscriminator(A, b)
    val, W_b, u_b = ex.generator_payoff_max(eta, D, k, t, remark1)
    gens = LinearGeneratorSet(d, k, t, remark1)
    # the maximiser is feasible and pays the value
    sv = np.linalg.svd(W_b, compute_uv=False)
    assert W_b.shape == (d, k) and sv.max() <= 1 + 1e-9 and np.linalg.norm(u_b) <= t * (1 + 1e-9) + 1e-12
    if remark1:
        assert sv.min() >= 1 - 1e-9
    assert my_payoff(eta, A, b, u_b, W_b @ W_b.T) == pytest.approx(val, rel=1e-9, abs=1e-9)
    # and beats random feasible generators (including boundary ones)
    for _ in range(30):
        G = gens.sample(rng)
        Wg, ug = G.W, G.u
        if rng.uniform() < 0.5:
            Wg = gens.project(Wg / max(np.linalg.svd(Wg, compute_uv=False).max(), 1e-12), ug).W
        if t > 0 and rng.uniform() < 0.5:
            ug = ug * (t / max(np.linalg.norm(ug), 1e-300))
        assert my_payoff(eta, A, b, ug, Wg @ Wg.T) <= val + 1e-9 * (1 + abs(val))


def test_generator_payoff_max_is_unbounded_for_singular_M():
    # A = eta I in one direction: D^c is finite on a hyperplane only; a full-rank generator leaves it
    eta = 0.5
    A = np.diag([eta, 0.1])
    D = QuadraticDiscriminator(A, np.array([0.0, 0.3]))
    val, _, _ = ex.generator_payoff_max(eta, D, 2, 1.0)
    assert val == math.inf

    # numerically: D(x) - eta ||x - y||^2 is unbounded in x_1 once y_1 != 0
    def obj(x, y):
        return x @ A @ x + D.b @ x - eta * np.sum((x - y) ** 2)

    y = np.array([0.1, 0.0])
    assert obj(np.array([1e6, 0.0]), y) > 1e4


# -- the Nash gap -----------------------------------------------------------------------------------------
def my_gap_lower(eta, sigma, u, W, t) -> float:
    """gap(G) >= J(G') - J(G) for the explicit deviation W' W'^T = I (k >= d), u' = +-t v_max(K_G), with
    J computed by the independent payoff formula."""
    d = len(u)
    S = W @ W.T
    D = ex.optimal_discriminator(eta, sigma, u, S)
    M = eta * np.eye(d) - D.A
    K = eta**2 * np.linalg.inv(M) - eta * np.eye(d)
    lam, V = np.linalg.eigh(K)
    v = V[:, -1]
    own = my_payoff(eta, D.A, D.b, u, S)
    return max(my_payoff(eta, D.A, D.b, sg * t * v, np.eye(d)) for sg in (1.0, -1.0)) - own


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), d=st.integers(1, 3), extra=st.integers(0, 2), eta=st.floats(0.1, 2.0),
       sigma=st.floats(1.05, 3.0), t=st.floats(0.05, 2.0))
def test_nash_gap_at_least_theorem1_bound(seed, d, extra, eta, sigma, t):
    rng = np.random.default_rng(seed)
    k = d + extra
    W = random_W(rng, d, k, smin=0.1)
    u = random_u(rng, d, t)
    gap = ex.nash_gap_at_best_response(eta, sigma, W, u, t)
    bound = eta * (sigma - 1) * t * t
    lower = my_gap_lower(eta, sigma, u, W, t)
    assert lower >= bound * (1 - 1e-9) - 1e-12  # the theorem, through the explicit deviation
    assert gap >= lower - 1e-9 * (1 + abs(lower))  # the package's sup is at least the deviation
    assert ex.min_nash_gap(eta, sigma, t, d, k) == pytest.approx(bound, rel=1e-15)


@pytest.mark.parametrize("d, k", [(1, 1), (2, 2), (3, 3), (2, 4)])
def test_nash_gap_equals_bound_at_w2_minimiser(d, k):
    eta, sigma, t = 0.7, 1.8, 0.9
    W = np.eye(d, k)  # W W^T = I, u = 0
    gap = ex.nash_gap_at_best_response(eta, sigma, W, np.zeros(d), t)
    assert gap == pytest.approx(eta * (sigma - 1) * t * t, rel=1e-10)
    # independently: the deviation u' = t e_1 with W' = W gains eta (sigma - 1) t^2 and nothing gains more
    assert my_gap_lower(eta, sigma, np.zeros(d), W, t) == pytest.approx(gap, rel=1e-10)


@pytest.mark.parametrize("e", [1e-12, 3e-12])
def test_nash_gap_bound_near_the_w2_minimiser(e):
    eta, sigma, t = 0.5, 1.5, 1.0
    u = np.array([e, 0.0])
    assert my_gap_lower(eta, sigma, u, np.eye(2), t) >= 0.25 * (1 - 1e-9)
    assert ex.nash_gap_at_best_response(eta, sigma, np.eye(2), u, t) >= 0.25 * (1 - 1e-9)


def test_nash_gap_finite_for_small_but_positive_singular_value():
    W = np.diag([1.0, 1e-6])
    gap = ex.nash_gap_at_best_response(0.5, 1.5, W, np.zeros(2), 1.0)
    # K = eta^2 M^{-1} - eta I with M = eta diag(1, 1e-6) / sigma: lambda_max(K) = eta (sigma / 1e-6 - 1)
    assert math.isfinite(gap) and gap >= 0.5 * (1.5 / 1e-6 - 1) * (1 - 1e-6)


def test_nash_gap_infinite_when_latent_dim_below_dim():
    rng = np.random.default_rng(2)
    W = random_W(rng, 3, 2, smin=0.3)
    assert ex.nash_gap_at_best_response(0.5, 1.5, W, np.zeros(3), 1.0) == math.inf
    assert ex.min_nash_gap(0.5, 1.5, 1.0, 3, 2) == math.inf


def test_min_local_improvement():
    assert ex.min_local_improvement(0.5, 1.5, 1.0, 0.3) == pytest.approx(0.5 * 0.5 * 0.09)
    assert ex.min_local_improvement(0.5, 1.5, 0.2, 0.3) == pytest.approx(0.5 * 0.5 * 0.04)


def test_independent_payoff_formula_matches_numeric_c_transform():
    # guard for the helper itself: D^c by numerical maximisation at a few points
    rng = np.random.default_rng(9)
    eta, d = 0.8, 2
    A, b = random_c_concave(rng, eta, d, 0.2)
    M = eta * np.eye(d) - A
    for _ in range(3):
        y = rng.standard_normal(d)
        res = optimize.minimize(lambda x, y=y: -(x @ A @ x + b @ x - eta * np.sum((x - y) ** 2)), np.zeros(d),
                                method="BFGS", options={"gtol": 1e-10})
        g = b + 2 * eta * y
        assert -res.fun == pytest.approx(g @ np.linalg.solve(M, g) / 4 - eta * y @ y, rel=1e-7, abs=1e-8)
    # E_Q by Monte Carlo with common random numbers
    u, W = rng.standard_normal(d), random_W(rng, d, d)
    y = u + rng.standard_normal((200_000, d)) @ W.T
    g = b + 2 * eta * y
    vals = np.einsum("ij,ij->i", g, np.linalg.solve(M, g.T).T) / 4 - eta * np.sum(y * y, axis=1)
    se = vals.std() / math.sqrt(len(vals))
    assert abs(vals.mean() - my_payoff(eta, A, b, u, W @ W.T)) < 5 * se
