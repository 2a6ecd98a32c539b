"""gantheory.mixed.equilibrium: a one-atom mixture is the pure game, the proven regimes, the three games' results."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gantheory.exact import fgan as exact_fgan
from gantheory.exact import wgan as exact_wgan
from gantheory.exact.fgan import FGANClosedForm
from gantheory.exact.w2gan import W2GANClosedForm
from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.exact.wgan import WGANClosedForm
from gantheory.games import (
    F_TABLE,
    FGANGame,
    GaussianData,
    LinearGenerator,
    LinearGeneratorSet,
    W2GANGame,
    WGANGame,
)
from gantheory.mixed.equilibrium import (
    corner_mixture,
    fgan_mixed_equilibrium,
    log_concave_regime,
    proven_gap,
    w2gan_mixed_equilibrium,
    wgan_corner_regime,
    wgan_corner_value,
    wgan_mixed_equilibrium,
)
from gantheory.mixed.fgan import FGANMixedGame
from gantheory.mixed.support import Mixture
from gantheory.mixed.w2gan import W2GANMixedGame
from gantheory.mixed.wgan import WGANMixedGame

SIGMA, T, ETA = 1.25, 0.5, 0.5
ATOMS = [(1.0, 0.0), (0.6, 0.3), (0.9, -0.5)]


def _pure_V(game, responder, s: float, u: float) -> float:
    """The pure game's V(G, D_G), D_G from the closed-form responder of gantheory.exact."""
    G = LinearGenerator(np.array([[s]]), np.array([u]))
    return game.value(G, responder.discriminator_best_response(G).strategies[0])


@pytest.mark.parametrize("s,u", ATOMS)
def test_one_atom_mixture_is_the_pure_game(s, u):
    data, gens = GaussianData(SIGMA), LinearGeneratorSet(1, 1, T)
    one = Mixture.pure(s, u)
    wgan = WGANGame(data, gens)
    assert WGANMixedGame(SIGMA, T).value(one) == pytest.approx(exact_wgan.w1(SIGMA, s, u), rel=1e-12, abs=1e-15)
    assert WGANMixedGame(SIGMA, T).value(one) == pytest.approx(_pure_V(wgan, WGANClosedForm(wgan), s, u), rel=1e-7)
    w2 = W2GANGame(data, gens, ETA)
    mixed_w2 = W2GANMixedGame(SIGMA, T, ETA).value(one)
    assert mixed_w2 == pytest.approx(float(W2GAN1D(SIGMA, T, ETA).divergence(s, u)), rel=1e-9, abs=1e-13)
    assert mixed_w2 == pytest.approx(_pure_V(w2, W2GANClosedForm(w2), s, u), rel=1e-9, abs=1e-13)
    for key in ("kl", "js"):
        fg = FGANGame(key, data, gens)
        mixed_f = FGANMixedGame(key, SIGMA, T).value(one)
        assert mixed_f == pytest.approx(exact_fgan.divergence(F_TABLE[key], SIGMA, s, u), rel=1e-9, abs=1e-13)
        # the game's V integrates f*(D_G) under Q_G, which grows like (p/q)(x) in the tails, by its Gauss-Hermite
        # rule (gantheory.games.quadrature): about 3e-7 relative at s = 0.6, hence the looser comparison
        assert mixed_f == pytest.approx(_pure_V(fg, FGANClosedForm(fg), s, u), rel=1e-6, abs=1e-10)


def test_regimes_and_proven_gap():
    assert log_concave_regime(1.25, 0.5) and not log_concave_regime(1.25, 0.61)
    assert wgan_corner_regime(1.25, 0.5) and not wgan_corner_regime(1.25, 0.7)
    assert corner_mixture(T).atoms() == [{"s": 1.0, "u": -T, "weight": 0.5}, {"s": 1.0, "u": T, "weight": 0.5}]
    # E_P|x| - E_{Q_mu}|x| for the corner mixture, from the pure game's closed form: W1 of Q_mu is not a
    # mixture of W1's, but E|x| is linear in Q
    assert wgan_corner_value(SIGMA, T) == pytest.approx(
        SIGMA * math.sqrt(2 / math.pi) - 0.5 * float(exact_wgan.folded_mean(T, 1.0) + exact_wgan.folded_mean(-T, 1.0)),
        rel=1e-14)
    g = proven_gap(True, 1e-3, 0.2, 0.2, 1e-6)
    assert g.upper == 0.0 and not g.consistent and not g.estimate_ok and g.value_ok
    assert proven_gap(False, 0.0, 0.2, 0.2, 1e-6).upper == math.inf


def test_the_three_games_at_the_defaults():
    w = wgan_mixed_equilibrium(SIGMA, T)
    assert w.bound.upper <= 1e-6 and w.value == pytest.approx(w.closed_form_value, abs=1e-10)
    assert w.pure_min_gap_lower > 0.0977 and w.pure_min_value == pytest.approx(exact_wgan.w1(SIGMA, 1, 0), rel=1e-15)
    w2 = w2gan_mixed_equilibrium(SIGMA, T, ETA, 1e-6)
    assert w2.gap.consistent and w2.gap.upper == 0.0 and w2.pure_min_value == pytest.approx(ETA * (SIGMA - 1) ** 2)
    f = fgan_mixed_equilibrium("kl", SIGMA, T, 1e-6, pure_certificate=False)
    assert f.gap.consistent and f.pure_min_gap_lower is None and f.value < f.pure_min_value


def test_full_box_gain_sees_the_narrow_deviations():
    """At t = 0.7 > sqrt(1 - 1/sigma^2) the KL payoff against the corner mixture's D* = f'(p/q) peaks at 0, where a
    point mass (s = 0, outside the responder's s >= 0.05) gains most; the full-box estimate includes it."""
    from gantheory.mixed.equilibrium import full_box_gain
    from gantheory.mixed.program import price

    game = FGANMixedGame("kl", SIGMA, 0.7)
    mix = corner_mixture(0.7)
    restricted = price(game.payoff(mix), mix, 0.7, game.s_min, n_s=11, n_u=21).gain
    full = full_box_gain(game, mix, 0.0)
    # independent: h(0, 0) = p(0)/q(0) against the mean 1 of h under mu (KL: E_Q[p/q] = 1)
    p0 = 1 / (SIGMA * math.sqrt(2 * math.pi))
    q0 = math.exp(-0.245) / math.sqrt(2 * math.pi)
    assert full >= restricted and full >= p0 / q0 - 1 - 1e-9 > 0
