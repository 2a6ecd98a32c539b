"""The first variation behind proofs/mixed_equilibrium_attained: d/de Div(P, Q_{(1-e) mu + e delta_G}) at e = 0+ equals
-(h(G) - int h dmu), h the payoff against the exact best response to Q_mu -- checked by finite differences of the
divergence itself (an independent path: the divergence never uses D*)."""

from __future__ import annotations

import numpy as np
import pytest

from gantheory.mixed.fgan import FGANMixedGame
from gantheory.mixed.support import Mixture
from gantheory.mixed.w2gan import W2GANMixedGame

MIX = Mixture([1.0, 0.5], [-0.4, 0.3], [0.4, 0.6])


def _towards(mix: Mixture, s: float, u: float, e: float) -> Mixture:
    return Mixture(np.r_[mix.s, s], np.r_[mix.u, u], np.r_[(1 - e) * mix.w, e])


@pytest.mark.parametrize("game", [W2GANMixedGame(1.25, 0.7, 0.5), FGANMixedGame("kl", 1.25, 0.7),
                                  FGANMixedGame("js", 1.25, 0.7)], ids=["w2gan", "kl", "js"])
@pytest.mark.parametrize("s,u", [(0.6, 0.2), (1.0, -0.7)])
def test_directional_derivative_is_the_payoff_gain(game, s, u):
    payoff = game.payoff(MIX)
    predicted = -(float(payoff.expectation(s, u)) - float(np.sum(MIX.w * payoff.expectation(MIX.s, MIX.u))))
    base = game.value(MIX)
    e = 1e-4
    fd = [(game.value(_towards(MIX, s, u, k * e)) - base) / (k * e) for k in (1, 2)]
    richardson = 2 * fd[0] - fd[1]  # removes the O(e) term of the one-sided quotient
    assert richardson == pytest.approx(predicted, abs=2e-6)
