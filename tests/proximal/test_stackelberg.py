"""Corollary 1's search (gantheory.proximal.stackelberg): the PE violation vanishes only at the W2 minimiser."""

import pytest

from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.stackelberg import pe_violation, search_proximal_equilibria


def test_violation_zero_at_the_minimiser_positive_away():
    game = W2GAN1D(1.25, 0.5, 0.5)
    assert pe_violation(game, 0.5, 1.0, 0.0) <= 1e-12  # rounding of V - V_prox at the same pair
    # away from G* = (1, 0) the generator (1, 0) itself beats V(G, D_G) = eta W2^2 by at least the W2 gap
    assert pe_violation(game, 0.5, 0.6, 0.1) >= game.divergence(0.6, 0.1) - game.divergence(1.0, 0.0) - 1e-9


def test_search_reaches_the_minimiser():
    game = W2GAN1D(1.25, 0.5, 0.5)
    found = search_proximal_equilibria(game, 0.5, 1e-9, 0)
    last = found[-1]
    assert last["violation"] <= 1e-9
    assert last["divergence"] == pytest.approx(game.divergence(1.0, 0.0), rel=1e-6)
