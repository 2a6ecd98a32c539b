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
