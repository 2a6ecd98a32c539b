"""gantheory._numerics: the Gauss-Hermite rule against exact Gaussian moments and the PSD square root
against its defining identity."""

import math

import numpy as np
import pytest

from gantheory._numerics import GH_ORDER, gauss_hermite, gauss_hermite_log, sqrtm_psd


@pytest.mark.parametrize("n", [8, 96, GH_ORDER])
def test_gauss_hermite_integrates_gaussian_moments(n):
    z, p = gauss_hermite(n)
    assert p.sum() == pytest.approx(1.0, abs=1e-14)
    for k in range(0, 8, 2):  # E[Z^k] = (k - 1)!!
        assert float(np.sum(p * z**k)) == pytest.approx(math.prod(range(k - 1, 0, -2)), rel=1e-12)
    if n >= 96:  # E[cos Z] = exp(-1/2), to rounding once the rule resolves the series
        assert float(np.sum(p * np.cos(z))) == pytest.approx(math.exp(-0.5), rel=1e-12)


def test_widened_rule_reweights_to_the_standard_normal():
    z, logp = gauss_hermite_log(GH_ORDER, 1.6)
    p = np.exp(logp)
    assert p.sum() == pytest.approx(1.0, rel=1e-12)
    assert float(np.sum(p * z * z)) == pytest.approx(1.0, rel=1e-12)
    # an integrand growing like exp(0.2 z^2): E = 1/sqrt(1 - 0.4)
    assert float(np.sum(p * np.exp(0.2 * z * z))) == pytest.approx(1 / math.sqrt(0.6), rel=1e-10)
    z1, logp1 = gauss_hermite_log(GH_ORDER, 1.0)
    z0, p0 = gauss_hermite(GH_ORDER)
    np.testing.assert_array_equal(z1, z0)
    np.testing.assert_allclose(np.exp(logp1), p0, rtol=1e-13, atol=0)


def test_sqrtm_psd_squares_back_and_zeroes_rounding_eigenvalues():
    rng = np.random.default_rng(0)
    A = rng.standard_normal((4, 2))
    S = A @ A.T  # rank 2
    R = sqrtm_psd(S)
    np.testing.assert_allclose(R @ R, S, atol=1e-12)
    np.testing.assert_allclose(R, R.T, atol=0)
    assert np.linalg.matrix_rank(R, tol=1e-10) == 2
    assert np.all(np.linalg.eigvalsh(R) >= -1e-12)
    np.testing.assert_allclose(sqrtm_psd(np.diag([4.0, 9.0])), np.diag([2.0, 3.0]), rtol=1e-15)
