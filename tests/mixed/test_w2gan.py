"""gantheory.mixed.w2gan: W2 to a mixture and the Brenier best response, against independent numerics."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, optimize, special

from gantheory._numerics import gauss_hermite
from gantheory.mixed.program import price
from gantheory.mixed.support import Mixture
from gantheory.mixed.w2gan import _GH_W2, W2GANMixedGame, _gauss_hermite_w2, best_response, quantile, w2_squared

MIX = Mixture([1.0, 0.5], [-0.4, 0.3], [0.4, 0.6])


def test_pure_w2_is_the_closed_form():
    for s, u in [(1.0, 0.0), (0.5, 0.3)]:
        assert w2_squared(1.25, Mixture.pure(s, u)) == pytest.approx(u * u + (1.25 - s) ** 2, abs=1e-12)


def test_mixture_w2_against_quantile_quadrature():
    def qf(q):
        return optimize.brentq(lambda y: float(MIX.cdf(y)) - q, -20, 20, xtol=1e-14)

    ref = integrate.quad(lambda q: (1.25 * special.ndtri(q) - qf(q)) ** 2, 0, 1, limit=200, epsabs=1e-11)[0]
    assert w2_squared(1.25, MIX) == pytest.approx(ref, abs=1e-7)


def test_w2_against_pot_on_samples():
    ot = pytest.importorskip("ot")
    rng = np.random.default_rng(3)
    n = 200000
    est = float(ot.wasserstein_1d(1.25 * rng.standard_normal(n), MIX.sample(n, rng), p=2))  # W2^2 by POT
    assert abs(est - w2_squared(1.25, MIX)) < 0.01


def test_brenier_payoff_and_gradient():
    P = best_response(0.5, 1.25, MIX, 0.5)
    y = np.linspace(-3, 3, 7)
    e = 1e-5
    assert np.allclose((P.spline(y + e) - P.spline(y - e)) / (2 * e), P.psi_prime(y), atol=1e-7)
    g_s, g_u = P.gradient(0.7, 0.1)
    fd_u = float(P.expectation(0.7, 0.1 + e) - P.expectation(0.7, 0.1 - e)) / (2 * e)
    fd_s = float(P.expectation(0.7 + e, 0.1) - P.expectation(0.7 - e, 0.1)) / (2 * e)
    assert float(g_u) == pytest.approx(fd_u, abs=1e-6) and float(g_s) == pytest.approx(fd_s, abs=1e-6)


def test_corner_mixture_has_no_profitable_deviation_and_beats_the_pure_value():
    game = W2GANMixedGame(1.25, 0.5, 0.5)
    mix = Mixture([1.0, 1.0], [-0.5, 0.5], [0.5, 0.5])
    assert price(game.payoff(mix), mix, 0.5, game.s_min).gain < 1e-9
    assert game.value(mix) < 0.5 * 0.25**2  # the pure minimum eta (sigma - 1)^2


def test_the_w2_rule_agrees_with_the_shared_gauss_hermite_rule():
    mix = Mixture(np.array([0.05, 0.9, 0.5]), np.array([-0.5, 0.1, 0.5]), np.array([0.2, 0.5, 0.3]))
    vals = [float(np.sum(p * (1.25 * z - quantile(mix, z)) ** 2)) for z, p in (_gauss_hermite_w2(),
                                                                             gauss_hermite(_GH_W2))]
    assert vals[0] == pytest.approx(vals[1], rel=1e-13)
    assert w2_squared(1.25, mix) == vals[0]
