"""gantheory.proximal.theorem3_2d against brute force and optimal transport on samples (POT)."""

import numpy as np
import pytest

from gantheory.proximal import theorem3_2d as t3


def test_min_norm_point_matches_dense_sampling():
    rng = np.random.default_rng(1)
    V = t3.random_polygon(rng, 0.5)
    v = t3.min_norm_point(V)
    W = rng.dirichlet(np.ones(len(V)), 200000) @ V
    assert np.linalg.norm(v) <= np.linalg.norm(W, axis=1).min() + 1e-9
    assert np.linalg.norm(v) >= np.sqrt(0.5) - 1e-12


def test_payoff_is_the_linear_discriminator_value():
    rng = np.random.default_rng(2)
    vs, v = rng.normal(size=2), rng.normal(size=2)
    theta, theta_s = -v * np.linalg.norm(v), -vs * np.linalg.norm(vs)
    e = theta_s / np.linalg.norm(theta_s)
    X = rng.normal(size=(1000, 2))
    D = lambda x: -x @ e  # noqa: E731
    assert t3.generator_payoff(vs, v)[0] == pytest.approx(np.mean(D(X)) - np.mean(D(X + theta)), rel=1e-12)


def test_w1_of_a_shift_by_optimal_transport():
    ot = pytest.importorskip("ot")
    rng = np.random.default_rng(3)
    X = rng.normal(size=(300, 2)) * [1.0, 2.0]
    theta = np.array([0.8, -0.6])
    C = ot.dist(X, X + theta, metric="euclidean")
    w = ot.emd2(np.full(300, 1 / 300), np.full(300, 1 / 300), C)
    assert w == pytest.approx(np.linalg.norm(theta), rel=1e-9)


def test_nash_margin_nonnegative_and_sensitive():
    rng = np.random.default_rng(4)
    for _ in range(5):
        assert t3.nash_margin(t3.random_polygon(rng, 0.3), rng)["nash_margin"] >= -1e-9
    # a non-minimal v as 'v*' gives a negative margin: the check can fail
    V = np.array([[1.0, 0.0], [1.0, 3.0]])
    vs = V[1]
    assert t3.generator_payoff(vs, V[0])[0] < vs @ vs


def test_two_squares_w1_by_optimal_transport():
    """W1 between samples of the two squares and their separately shifted copies = (|theta_A| + |theta_B|)/2."""
    ot = pytest.importorskip("ot")
    rng = np.random.default_rng(5)
    sq = t3.TwoSquares(kappa=0.3, L=1.0)
    th = sq.theta(sq.v(0.7))
    n = 150
    A = rng.uniform(0, 1, (n, 2))
    B = rng.uniform(0, 1, (n, 2)) + [0, 3.0]
    X = np.vstack([A, B])
    Y = np.vstack([A + th[0], B + th[1]])
    w = ot.emd2(np.full(2 * n, 1 / (2 * n)), np.full(2 * n, 1 / (2 * n)), ot.dist(X, Y, metric="euclidean"))
    assert w == pytest.approx(0.5 * np.linalg.norm(th, axis=1).sum(), rel=1e-9)


def test_two_squares_premises_and_no_nash():
    sq = t3.TwoSquares()
    r = sq.no_nash_margin()
    assert r["eta"] == pytest.approx(0.01 * 64 / 73, rel=1e-6)
    assert r["min_w1_on_C"] == pytest.approx(r["w1_star"]) and r["margin"] > 0.01
    # the bound loosens as the squares shrink: at side 10 the boundary term wins and nothing is certified (the
    # minimum is G* itself, margin 0)
    assert t3.TwoSquares(L=10.0).no_nash_margin()["margin"] == pytest.approx(0.0, abs=1e-15)


def test_value_bound_against_sampled_linear_discriminator():
    """Monte Carlo V(G', D) for the linear-on-each-square D (one element of BR(G*)) stays below the bound."""
    rng = np.random.default_rng(6)
    sq = t3.TwoSquares(L=50.0)
    th = sq.theta(sq.v(1.0))
    vs = sq.v(0.0)
    e = -vs / np.linalg.norm(vs, axis=1, keepdims=True)
    vals = []
    for k in range(2):
        X = rng.uniform(0, sq.L, (20000, 2))
        vals.append(np.mean(-(X @ e[k]) + (X + th[k]) @ e[k]))
    assert 0.5 * sum(vals) <= sq.value_bound(1.0) + 1e-12
