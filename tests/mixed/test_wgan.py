"""gantheory.mixed.wgan: W1 and its exact best response to a mixture, against independent numerics."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, special, stats

from gantheory.exact.wgan import folded_mean
from gantheory.exact.wgan import w1 as w1_pure
from gantheory.mixed.support import Mixture
from gantheory.mixed.wgan import WGANMixedGame, best_response, w1

MIXES = [Mixture([1.0, 1.0], [-0.5, 0.5], [0.5, 0.5]), Mixture([0.3, 0.9, 0.0], [-0.4, 0.6, 0.1], [0.2, 0.5, 0.3]),
         Mixture([0.7, 1.0], [0.2, -0.8], [0.6, 0.4])]


def _w1_quad(sigma, mix):
    """int |F_Q - F_P| by adaptive quadrature, split at the point masses."""
    f = lambda x: abs(float(mix.cdf(x)) - special.ndtr(x / sigma))  # noqa: E731
    pts = sorted(set([-40.0, *mix.u.tolist(), 40.0]))
    return sum(integrate.quad(f, a, b, limit=400, epsabs=1e-13)[0] for a, b in zip(pts[:-1], pts[1:], strict=True))


@pytest.mark.parametrize("mix", MIXES)
def test_w1_against_quadrature_and_the_dual_value(mix):
    sigma = 1.25
    ref = _w1_quad(sigma, mix)
    assert w1(sigma, mix) == pytest.approx(ref, abs=1e-9)
    # the best response attains it: V(mu, D*) = E_P D* - E_Q D* by folded means (an independent path)
    D = best_response(sigma, mix)
    V = WGANMixedGame(sigma, 0.8).discriminator_mean_under_data(D) - float(np.sum(mix.w * D.expectation(mix.s, mix.u)))
    assert V == pytest.approx(ref, abs=1e-9)


def test_pure_strategy_matches_the_closed_form():
    for s, u in [(1.0, 0.0), (0.4, 0.3), (0.0, -0.2)]:
        assert w1(1.5, Mixture.pure(s, u)) == pytest.approx(w1_pure(1.5, s, u), abs=1e-12)


def test_w1_against_samples():
    rng = np.random.default_rng(1)
    mix = MIXES[1]
    n = 200000
    est = stats.wasserstein_distance(1.25 * rng.standard_normal(n), mix.sample(n, rng))
    assert abs(est - w1(1.25, mix)) < 0.01  # sampling error ~ 1/sqrt(n) scale


def test_expectation_and_gradient():
    D = best_response(1.25, MIXES[2])
    z, wz = np.polynomial.hermite_e.hermegauss(120)
    wz = wz / math.sqrt(2 * math.pi)
    for s, u in [(1.0, 0.3), (0.2, -0.5), (0.6, 0.0)]:
        # Gauss-Hermite of the kinked D converges slowly: 1e-3 is what 120 nodes give
        assert D.expectation(s, u) == pytest.approx(float(np.sum(wz * D(u + s * z))), abs=1e-3)
        g_s, g_u = D.gradient(s, u)
        e = 1e-6
        assert float(g_s) == pytest.approx(float(D.expectation(s + e, u) - D.expectation(s - e, u)) / (2 * e), abs=1e-6)
        assert float(g_u) == pytest.approx(float(D.expectation(s, u + e) - D.expectation(s, u - e)) / (2 * e), abs=1e-6)


def test_corner_equilibrium_value_is_the_closed_form():
    for sigma, t in [(1.25, 0.5), (2.0, 1.0)]:
        mix = Mixture([1.0, 1.0], [-t, t], [0.5, 0.5])
        D = best_response(sigma, mix)
        assert len(D.c) == 1 and abs(D.c[0]) < 1e-9  # D* = |x|
        closed = sigma * math.sqrt(2 / math.pi) - float(folded_mean(t, 1.0))
        assert w1(sigma, mix) == pytest.approx(closed, abs=1e-12)
