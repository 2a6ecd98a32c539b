"""gantheory.exact.transforms: E[T(a Z^2 + b Z + c)] against scipy quadrature, for the three transform
kinds, gentle and sharp quadratics (the softplus split), and +inf where the exp moment diverges."""

import math

import numpy as np
import pytest
from scipy import integrate

from gantheory.exact.transforms import transform_expectation
from gantheory.games.divergences import Transform


def quad(T, a, b, c):
    def g(z):
        return float(T(a * z * z + b * z + c)) * math.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)

    return integrate.quad(g, -40, 40, points=[0.0], limit=500, epsabs=1e-13, epsrel=1e-12)[0]


@pytest.mark.parametrize("T", [Transform("exp", 0.5, 2.0, -1.0), Transform("linear", -1.0, 1.0, 0.5),
                               Transform("softplus", 1.0, 1.0, 0.0), Transform("softplus", -1.0, -1.0, 0.7)])
@pytest.mark.parametrize(("a", "b", "c"), [(0.2, 0.3, -0.1), (-0.4, 1.0, 0.5), (3.0, -6.0, 1.0), (-2.5, 5.0, 0.2)])
def test_transform_expectation_matches_quadrature(T, a, b, c):
    got = float(transform_expectation(T, a, b, c))
    if T.kind == "exp" and 1 - 2 * T.kappa * a <= 0:
        assert got == math.inf
    else:
        assert got == pytest.approx(quad(T, a, b, c), rel=1e-9, abs=1e-12)


def test_transform_expectation_is_vectorised():
    T = Transform("softplus", 1.0, 1.0, 0.0)
    a, b, c = np.array([0.1, 2.0]), np.array([0.0, 5.0]), np.array([0.3, -1.0])
    got = transform_expectation(T, a, b, c)
    assert got.shape == (2,)
    np.testing.assert_allclose(got, [quad(T, *x) for x in zip(a, b, c, strict=True)], rtol=1e-9)
