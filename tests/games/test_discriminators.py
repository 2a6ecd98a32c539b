"""gantheory.games.discriminators: folded-normal means and the Gaussian means of AbsDiscriminator and
PiecewiseLinearDiscriminator against Monte Carlo and scipy quadrature."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from gantheory.games import discriminators as gd
from gantheory.games.discriminators import AbsDiscriminator, PiecewiseLinearDiscriminator

LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def gauss_mean_quad(D, m, tau) -> float:
    """E[D(m + tau Z)] by adaptive quadrature over z (breakpoints where D may kink)."""
    if tau == 0:
        return float(D(np.array([m]))[0])

    def g(z):
        return float(D(np.array([m + tau * z]))[0]) * math.exp(-0.5 * z * z - LOG_SQRT_2PI)

    kinks = [(k - m) / tau for k in getattr(D, "kinks", [])]
    pts = sorted({0.0, *[k for k in kinks if abs(k) < 30]})
    edges = [-math.inf, *pts, math.inf]
    return sum(integrate.quad(g, a, b, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
               for a, b in zip(edges[:-1], edges[1:], strict=True))


class _Abs:
    """|x - c|, written here (independent of AbsDiscriminator) with its kink."""

    def __init__(self, c):
        self.c, self.kinks = c, [c]

    def __call__(self, x):
        return np.abs(np.asarray(x) - self.c)


def folded_quad(mu, tau):
    return gauss_mean_quad(_Abs(0.0), mu, tau)


def folded_discrepancy(mus, taus) -> float:
    return max(abs(float(gd.folded_mean(m, t)) - folded_quad(m, t)) for m, t in zip(mus, taus, strict=True))


# -- folded mean -------------------------------------------------------------------------------------
@settings(max_examples=25, deadline=None)
@given(mu=st.floats(-6.0, 6.0), tau=st.one_of(st.just(0.0), st.floats(1e-3, 4.0)))
def test_folded_mean_matches_quadrature(mu, tau):
    assert float(gd.folded_mean(mu, tau)) == pytest.approx(folded_quad(mu, tau), rel=1e-10, abs=1e-12)


def test_folded_mean_matches_monte_carlo_and_is_vectorised():
    rng = np.random.default_rng(0)
    mus = np.array([0.0, 0.7, -1.5, 3.0])
    taus = np.array([1.0, 0.3, 2.0, 0.0])
    got = gd.folded_mean(mus, taus)
    assert got.shape == (4,)
    z = rng.standard_normal(400_000)
    for m, t, g in zip(mus, taus, got, strict=True):
        sample = np.abs(m + t * z)
        se = sample.std() / math.sqrt(len(z)) + 1e-15
        assert abs(sample.mean() - g) < 5 * se
    assert gd.folded_mean(0.0, 1.0) == pytest.approx(math.sqrt(2 / math.pi), rel=1e-15)
    assert gd.folded_mean(-2.0, 0.0) == 2.0


def test_folded_mean_monotone_in_abs_mu_and_tau():
    mu = np.linspace(0, 5, 101)
    assert np.all(np.diff(gd.folded_mean(mu, 0.7)) > 0)
    tau = np.linspace(0, 3, 101)
    assert np.all(np.diff(gd.folded_mean(1.3, tau)) >= 0)  # flat to rounding while tau << mu
    assert gd.folded_mean(1.3, 3.0) > gd.folded_mean(1.3, 1.0) > gd.folded_mean(1.3, 0.0)
    np.testing.assert_allclose(gd.folded_mean(-mu, 0.7), gd.folded_mean(mu, 0.7), rtol=0, atol=0)


# -- W1 ----------------------------------------------------------------------------------------------


# -- mutation --------------------------------------------------------------------------------------------
def test_mutation_wrong_sqrt_2_over_pi_is_caught(monkeypatch):
    mus, taus = [0.0, 0.5, -1.0], [1.0, 2.0, 0.5]
    assert folded_discrepancy(mus, taus) < 1e-10
    monkeypatch.setattr(gd, "SQRT_2_OVER_PI", 1.01 * gd.SQRT_2_OVER_PI)
    assert folded_discrepancy(mus, taus) > 1e-3


class _Kinked:
    """A callable with its kinks, for :func:`gauss_mean_quad`."""

    def __init__(self, D, kinks):
        self.D, self.kinks = D, list(kinks)

    def __call__(self, x):
        return self.D(x)


# -- Gaussian means of the discriminator types ------------------------------------------------------------
@pytest.mark.parametrize(("m", "tau"), [(0.0, 1.0), (0.4, 0.3), (-1.2, 2.0), (0.7, 0.0)])
def test_abs_discriminator_mean_matches_quadrature(m, tau):
    D = AbsDiscriminator(-0.6, 0.3, 0.4)
    want = -0.6 * gauss_mean_quad(_Abs(0.3), m, tau) + 0.4 * m
    assert D.mean_under(m, tau) == pytest.approx(want, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize(("m", "tau"), [(0.0, 1.0), (0.4, 0.3), (-1.2, 2.0)])
def test_piecewise_linear_mean_converges_to_quadrature(m, tau):
    """The midpoint rule on the survival function: error O(h^2) -- quartered when the cells halve."""
    errs = []
    for n in (401, 801):
        grid = np.linspace(-12.0, 12.0, n)
        D = PiecewiseLinearDiscriminator(grid, np.sin(grid) + 0.3 * np.abs(grid - 0.5))
        want = gauss_mean_quad(_Kinked(D, grid), m, tau)
        errs.append(abs(D.mean_under(m, tau) - want))
    assert errs[1] < 1e-4
    assert errs[1] <= 0.3 * errs[0] + 1e-12


def test_piecewise_linear_is_constant_beyond_the_grid():
    D = PiecewiseLinearDiscriminator(np.array([-1.0, 0.0, 1.0]), np.array([2.0, 0.0, 1.0]))
    np.testing.assert_array_equal(D(np.array([-5.0, -0.5, 0.5, 5.0])), [2.0, 1.0, 0.5, 1.0])
    assert D.mean_under(3.0, 0.0) == 1.0
