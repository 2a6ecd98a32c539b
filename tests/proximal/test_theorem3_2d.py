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
