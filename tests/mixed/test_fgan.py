"""gantheory.mixed.fgan: the f-divergence to a mixture and the payoff against f'(p/q_mu)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from gantheory.exact.fgan import divergence as pure_divergence
from gantheory.games.divergences import F_TABLE
from gantheory.mixed.fgan import FGANMixedGame
from gantheory.mixed.program import price
from gantheory.mixed.support import Mixture

MIX = Mixture([1.0, 0.6], [-0.4, 0.3], [0.4, 0.6])


@pytest.mark.parametrize("key", ["kl", "js"])
def test_pure_matches_the_closed_form(key):
    for s, u in [(1.0, 0.0), (0.5, 0.3)]:
        ref = pure_divergence(F_TABLE[key], 1.25, s, u)
        assert FGANMixedGame(key, 1.25, 0.5).value(Mixture.pure(s, u)) == pytest.approx(ref, rel=1e-10)


@pytest.mark.parametrize("key", ["kl", "js"])
def test_mixture_against_quad(key):
    f = F_TABLE[key].f
    p = stats.norm(0, 1.25).pdf

    def q(x):
        return 0.4 * stats.norm(-0.4, 1.0).pdf(x) + 0.6 * stats.norm(0.3, 0.6).pdf(x)

    ref = integrate.quad(lambda x: q(x) * f(p(x) / q(x)), -15, 15, limit=400, epsabs=1e-12)[0]
    assert FGANMixedGame(key, 1.25, 0.5).value(MIX) == pytest.approx(ref, abs=1e-9)


def test_kl_payoff_integrates_to_one_under_the_mixture():
    """h(s, u) = E_{Q_(s,u)}[p/q_mu]: its mu-average is int p = 1 (an identity, whatever mu)."""
    P = FGANMixedGame("kl", 1.25, 0.5).payoff(MIX)
    assert float(np.sum(MIX.w * P.expectation(MIX.s, MIX.u))) == pytest.approx(1.0, abs=1e-10)


def test_gradient_and_corner_equilibrium():
    game = FGANMixedGame("js", 1.25, 0.5)
    P = game.payoff(MIX)
    e = 1e-6
    g_s, g_u = P.gradient(0.8, 0.2)
    fd_u = float(P.expectation(0.8, 0.2 + e) - P.expectation(0.8, 0.2 - e)) / (2 * e)
    fd_s = float(P.expectation(0.8 + e, 0.2) - P.expectation(0.8 - e, 0.2)) / (2 * e)
    assert float(g_u) == pytest.approx(fd_u, abs=1e-7) and float(g_s) == pytest.approx(fd_s, abs=1e-7)
    corners = Mixture([1.0, 1.0], [-0.5, 0.5], [0.5, 0.5])
    for key in ("kl", "js"):
        g = FGANMixedGame(key, 1.25, 0.5)
        assert price(g.payoff(corners), corners, 0.5, g.s_min, n_s=6, n_u=11).gain < 1e-9
    assert math.isfinite(float(FGANMixedGame("kl", 1.25, 0.5).payoff(corners).discriminator(0.0)))
