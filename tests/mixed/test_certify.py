"""gantheory.mixed.certify: the certified mixed Nash-gap bound is >= sampled deviation gaps."""

from __future__ import annotations

import numpy as np
import pytest

from gantheory.certify.interval import Interval
from gantheory.exact.wgan import folded_mean
from gantheory.mixed.certify import folded_mean_enclosure, gap_upper
from gantheory.mixed.support import Mixture
from gantheory.mixed.wgan import W1Potential, WGANMixedGame, best_response, w1


def _sampled_gap(sigma, t, mix, D, rng, n=4000):
    """max_D' V(mu, D') - min over sampled G of V(G, D) = W1 - E_P D + max sampled h: a lower bound of the gap."""
    game = WGANMixedGame(sigma, t)
    S, U = rng.uniform(0, 1, n), rng.uniform(-t, t, n)
    S[:4], U[:4] = 1.0, [t, -t, t, -t]
    return w1(sigma, mix) - game.discriminator_mean_under_data(D) + float(np.max(D.expectation(S, U)))


@pytest.mark.parametrize("mix,D", [
    (Mixture([1.0, 1.0], [-0.5, 0.5], [0.5, 0.5]), None),
    (Mixture([1.0, 1.0], [-0.5, 0.5], [0.6, 0.4]), None),  # not an equilibrium: gap > 0
    (Mixture([0.5, 1.0], [0.1, -0.3], [0.5, 0.5]), None),
    (Mixture([0.5, 1.0], [0.1, -0.3], [0.5, 0.5]), W1Potential(np.array([0.3]), np.array([1.0]), 0.0)),  # wrong D
])
def test_bound_is_at_least_the_sampled_gap(mix, D):
    sigma, t = 1.25, 0.5
    exact_D = D is None
    D = best_response(sigma, mix) if exact_D else D
    b = gap_upper(sigma, t, mix, D)
    sampled = _sampled_gap(sigma, t, mix, D, np.random.default_rng(0))
    assert b.converged and b.upper >= sampled - 1e-12
    if exact_D:  # and tight: no W1 slack, and branch and bound resolves the max to abs 1e-10
        assert b.upper <= sampled + 1e-6


def test_equilibrium_bound_is_tiny():
    mix = Mixture([1.0, 1.0], [-0.5, 0.5], [0.5, 0.5])
    assert gap_upper(1.25, 0.5, mix, best_response(1.25, mix)).upper < 1e-9


def test_folded_mean_enclosure_contains_the_values():
    rng = np.random.default_rng(2)
    a_lo, s_lo = rng.uniform(-2, 2, 50), rng.uniform(0, 1, 50)
    A, S = Interval(a_lo, a_lo + 0.1), Interval(s_lo, np.minimum(s_lo + 0.1, 1.0))
    enc = folded_mean_enclosure(A, S)
    for k in range(5):
        a = a_lo + 0.1 * k / 4
        s = s_lo + (np.minimum(s_lo + 0.1, 1.0) - s_lo) * k / 4
        val = folded_mean(a, s)
        assert np.all(enc.lo <= val) and np.all(val <= enc.hi)


def test_w1_slack_under_a_work_cap_stays_an_upper_bound():
    """With refinement cut short (few cells, or no time), the slack bound is looser but still >= the slack
    W1(P, Q_mu) - V(mu, D) computed by quadrature, and >= the fully refined bound."""
    from scipy import integrate, stats

    from gantheory.mixed.certify import w1_slack

    sigma = 1.25
    mix = Mixture([0.5, 1.0], [0.1, -0.3], [0.5, 0.5])
    D = W1Potential(np.array([0.3]), np.array([1.0]), 0.0)  # not the best response: positive slack

    def F_Q(x):
        return sum(w * stats.norm.cdf((x - u) / s) for s, u, w in zip(mix.s, mix.u, mix.w, strict=True))

    # W1 - V(mu, D) = int (|F_Q - F_P| - D'(x) (F_Q - F_P)) dx  (integration by parts, D 1-Lipschitz)
    slope = D.slopes()

    def integrand(x):
        diff = F_Q(x) - stats.norm.cdf(x / sigma)
        return abs(diff) - slope[np.searchsorted(D.c, x)] * diff

    exact = sum(integrate.quad(integrand, a, b, epsabs=1e-13, limit=400)[0]
                for a, b in ((-12.0, 0.3), (0.3, 12.0)))
    full = w1_slack(sigma, mix, D)
    capped = w1_slack(sigma, mix, D, max_cells=10)
    hurried = w1_slack(sigma, mix, D, max_seconds=0.0)
    assert exact > 1e-3 and full >= exact - 1e-9
    assert capped >= full - 1e-12 and hurried >= full - 1e-12


def test_gap_bound_near_sigma_one_is_finite_and_above_the_sampled_gap():
    """sigma -> 1: F_Q ~ F_P on a wide range, where the slack's refinement used to run for minutes (it now
    stops at the budget; the bound stays valid)."""
    from gantheory.mixed.equilibrium import wgan_mixed_equilibrium

    sigma, t = 1.0 + 1e-12, 0.001
    r = wgan_mixed_equilibrium(sigma, t, max_seconds=2.0)
    sampled = _sampled_gap(sigma, t, r.mixture, r.discriminator, np.random.default_rng(1))
    assert np.isfinite(r.bound.upper) and r.bound.upper >= sampled - 1e-12
