"""Local improvement search and the first-order stationarity measure against known answers."""

import numpy as np

from gantheory.equilibria.local import best_local_improvement, numerical_gradient, projected_stationarity


def ball(r):
    def proj(x):
        n = np.linalg.norm(x)
        return x if n <= r else x * (r / n)

    return proj


def test_concave_objective_gains_rho_squared():
    # minimise f(x) = -|x|^2 over the unit ball from x0 = 0: the best move within rho gains rho^2
    f = lambda x: -float(x @ x)  # noqa: E731
    gain, y = best_local_improvement(f, np.zeros(3), ball(1.0), 0.1, np.random.default_rng(0))
    assert abs(gain - 0.01) < 1e-8 and abs(np.linalg.norm(y) - 0.1) < 1e-6


def test_local_minimum_has_no_improvement():
    f = lambda x: float(x @ x)  # noqa: E731
    gain, _ = best_local_improvement(f, np.zeros(2), ball(1.0), 0.1, np.random.default_rng(1))
    assert gain <= 1e-12


def test_boundary_minimum_is_stationary_and_not_improvable():
    # minimise f(x) = x_0 over the unit ball: the minimiser (-1, 0) sits on the boundary
    f = lambda x: float(x[0])  # noqa: E731
    x = np.array([-1.0, 0.0])
    assert projected_stationarity(f, x, ball(1.0)) < 1e-8
    gain, _ = best_local_improvement(f, x, ball(1.0), 0.2, np.random.default_rng(2))
    assert gain < 1e-8
    assert projected_stationarity(f, np.array([0.0, 0.0]), ball(1.0)) > 0.5


def test_numerical_gradient_matches_analytic():
    f = lambda x: float(np.sin(x[0]) * x[1] ** 2)  # noqa: E731
    x = np.array([0.3, -1.2])
    g = numerical_gradient(f, x)
    assert np.allclose(g, [np.cos(0.3) * 1.44, 2 * np.sin(0.3) * -1.2], atol=1e-8)
