"""gantheory.mixed.wgan_plateau: the corners-plus-plateau WGAN equilibrium against independent numerics."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from scipy import integrate, stats

from gantheory.mixed.wgan_plateau import PlateauEquilibrium, gap_upper, potential, solve_plateau

SIGMA, T = 1.25, 0.7


@pytest.fixture(scope="module")
def eq() -> PlateauEquilibrium:
    return solve_plateau(SIGMA, T)


def _p(x):
    return stats.norm.pdf(x, 0.0, SIGMA)


def _qc(x):
    return 0.5 * (stats.norm.pdf(x, -T, 1.0) + stats.norm.pdf(x, T, 1.0))


def _cdf_q(eq, x):
    """F_Q* from scratch: the corners' CDF plus the plateau's mass integrated by quad."""
    corners = (1 - eq.m) * 0.5 * (stats.norm.cdf(x, -T, 1.0) + stats.norm.cdf(x, T, 1.0))
    if x <= -eq.a:
        return corners
    if x >= eq.a:
        return corners + _plateau_mass(eq.a, eq.m)
    return corners + integrate.quad(lambda y: _p(y) - (1 - eq.m) * _qc(y), -eq.a, x, epsabs=1e-14)[0]


@functools.lru_cache(maxsize=4)
def _plateau_mass(a, m):
    return integrate.quad(lambda y: _p(y) - (1 - m) * _qc(y), -a, a, epsabs=1e-14)[0]


def test_mu_star_is_a_probability_measure_on_the_generator_set(eq):
    mass = integrate.quad(lambda y: _p(y) - (1 - eq.m) * _qc(y), -eq.a, eq.a, epsabs=1e-14)[0]
    assert (1 - eq.m) + mass == pytest.approx(1.0, abs=1e-12) and 0 < eq.a <= T
    ys = np.linspace(-eq.a, eq.a, 2001)
    assert np.min(_p(ys) - (1 - eq.m) * _qc(ys)) > 0  # rho >= 0
    assert _cdf_q(eq, -eq.a) == pytest.approx(stats.norm.cdf(-eq.a, 0, SIGMA), abs=1e-13)  # Q* = P on [-a, a]
    assert _cdf_q(eq, eq.b) == pytest.approx(stats.norm.cdf(eq.b, 0, SIGMA), abs=1e-12)  # b is the crossing


def test_value_against_quadrature_and_samples(eq):
    def gap(x):
        return abs(_cdf_q(eq, x) - stats.norm.cdf(x, 0, SIGMA))

    ref = 2 * sum(integrate.quad(gap, lo, hi, limit=200, epsabs=1e-13)[0]
                  for lo, hi in [(eq.a, eq.b), (eq.b, 4.0), (4.0, 20.0)])
    assert eq.value == pytest.approx(ref, abs=1e-10)
    rng = np.random.default_rng(4)
    draws = eq.sample(100000, rng)
    xs = np.linspace(-3.0, 3.0, 25)
    assert np.allclose(eq.cdf(xs), [_cdf_q(eq, v) for v in xs], atol=1e-12)  # the module's CDF, from scratch
    assert stats.kstest(draws, eq.cdf).pvalue > 1e-3
    ot = pytest.importorskip("ot")
    est = float(ot.wasserstein_1d(SIGMA * rng.standard_normal(100000), draws, p=1))
    assert abs(est - eq.value) < 0.01  # sampling error of empirical W1 at n = 1e5


def test_certified_gap_is_tiny_and_dominates_sampled_deviations(eq):
    g = gap_upper(eq)
    assert g.converged and g.rho_lower > 0 and g.upper <= 1e-9
    # no sampled generator beats the plateau's value 2b - a by more than the bound
    rng = np.random.default_rng(5)
    S, U = rng.uniform(0, 1, 4000), rng.uniform(-T, T, 4000)
    mean_h = (1 - eq.m) * float(eq.D.expectation(1.0, T)) + eq.m * (2 * eq.b - eq.a)
    assert float(np.max(eq.D.expectation(S, U))) - mean_h <= g.deviation_upper + 1e-12
    # the corners earn exactly what the plateau earns (indifference)
    assert float(eq.D.expectation(1.0, T)) == pytest.approx(2 * eq.b - eq.a, abs=1e-12)


def test_a_wrong_discriminator_is_caught(eq):
    wrong = PlateauEquilibrium(SIGMA, T, eq.a, eq.b + 0.05, eq.m, potential(eq.a, eq.b + 0.05), eq.value)
    assert gap_upper(wrong, max_seconds=5).upper > 1e-4


def test_refusals():
    with pytest.raises(ValueError, match="^t: "):
        solve_plateau(1.25, 0.5)  # the corner regime
    with pytest.raises(ValueError, match="leaves the generator set"):
        solve_plateau(1.25, 0.73)
    assert math.sqrt(2 * math.log(1.25)) < 0.68
