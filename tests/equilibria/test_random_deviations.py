"""gantheory.equilibria.random_deviations: the drawn functions lie in their families (1-Lipschitz on R; A <= eta I),
checked by finite differences and eigenvalues, and the draws are reproducible."""

import numpy as np

from gantheory.equilibria.random_deviations import (
    constant_discriminator,
    interpolated_discriminator,
    piecewise_linear,
    random_lipschitz,
    random_quadratics,
    random_tanh_bumps,
)


def test_random_lipschitz_functions_are_1_lipschitz():
    x = np.linspace(-20, 20, 40001)
    for f in random_lipschitz(np.random.default_rng(0), 16):
        y = f(x)
        assert y.shape == x.shape
        assert np.max(np.abs(np.diff(y) / np.diff(x))) <= 1 + 1e-9


def test_piecewise_linear_slopes():
    knots, slopes = np.array([-1.0, 1.0]), np.array([0.5, -1.0, 0.25])
    x = np.array([-3.0, -2.0, 0.0, 0.5, 2.0, 3.0])
    d = np.diff(piecewise_linear(x, knots, slopes)) / np.diff(x)
    assert np.allclose(d[[0, 2, 4]], [0.5, -1.0, 0.25])


def test_random_quadratics_are_c_concave():
    eta = 0.7
    for D in random_quadratics(np.random.default_rng(1), 20, eta, 3):
        assert np.max(np.linalg.eigvalsh(D.A)) <= eta * (1 + 1e-12)


def test_draws_are_reproducible_and_shapes_hold():
    a = [f(np.array([0.3])) for f in random_tanh_bumps(np.random.default_rng(2), 0.5, 0.4)]
    b = [f(np.array([0.3])) for f in random_tanh_bumps(np.random.default_rng(2), 0.5, 0.4)]
    assert len(a) == 12 and all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))
    assert all(abs(float(x[0]) - 0.5) <= 0.9 * 0.4 for x in a)
    assert np.array_equal(constant_discriminator(2.0)(np.zeros((2, 3))), np.full(6, 2.0))
    grid = np.array([0.0, 1.0])
    assert interpolated_discriminator(grid, np.array([0.0, 2.0]))(np.array([0.25, 5.0])).tolist() == [0.5, 2.0]
