"""Splines of gantheory.proximal.w2gan_all_spline: the exact c-transform against brute force, c-concavity."""

import numpy as np

from gantheory.proximal import w2gan_all_spline as wa

SIGMA, ETA = 1.25, 0.5


def test_c_transform_is_exact_against_brute_force():
    rng = np.random.default_rng(1)
    kappa = 2 * ETA / SIGMA
    h = wa.Spline.from_params(3.0, 0.1, -0.2, rng.uniform(-1.0, kappa, size=30))
    y = np.linspace(-4, 4, 41)
    xs = np.linspace(-40, 40, 800001)
    D = wa.a_star(SIGMA, ETA) * xs**2 + h(xs)
    brute = np.array([np.max(D - ETA * (xs - yy) ** 2) for yy in y])
    exact = wa.c_transform(h, wa.a_star(SIGMA, ETA), ETA, y)
    assert np.all(exact >= brute - 1e-12) and np.allclose(exact, brute, atol=1e-7)


def test_spline_is_c_concave():
    rng = np.random.default_rng(2)
    kappa = 2 * ETA / SIGMA
    h = wa.Spline.from_params(2.0, 0.0, 0.3, np.minimum(rng.normal(0.0, 2.0, size=40), kappa))
    x = np.linspace(-3, 3, 60001)
    D = wa.a_star(SIGMA, ETA) * x**2 + h(x)
    dx = x[1] - x[0]
    second = (D[2:] - 2 * D[1:-1] + D[:-2]) / dx**2
    assert second.max() <= 2 * ETA + 1e-5
