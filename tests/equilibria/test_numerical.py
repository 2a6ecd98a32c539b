"""gantheory.equilibria.numerical: the numerical best responses against the closed forms of
gantheory.exact (an independent check: no code is shared), and the W2GAN discriminator search in the
floating-point range at large eta (found by the claims' fuzz at dim = 3, eta = 1e4)."""

import math

import numpy as np
import pytest

from gantheory.equilibria import numerical as nu
from gantheory.equilibria.numerical import w2gan_numeric_discriminator
from gantheory.exact import fgan as ef
from gantheory.exact import wgan as ew
from gantheory.games.divergences import F_TABLE
from gantheory.games.fgan import FGANGame
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import W2GANGame
from gantheory.games.wgan import WGANGame


def test_numeric_discriminator_is_finite_and_improves_on_its_start_at_large_eta():
    d, eta = 3, 1e4
    game = W2GANGame(GaussianData(1.25, d), LinearGeneratorSet(d, d, 0.5), eta=eta)
    G = LinearGenerator(np.eye(d), np.array([0.3, -0.2, 0.1]))
    D = w2gan_numeric_discriminator(lambda D_: game.value(G, D_), eta, d)
    assert np.all(np.isfinite(D.A)) and np.all(np.isfinite(D.b))
    start = game.value(G, type(D)(np.zeros((d, d)), np.zeros(d)))  # the search's start: A = 0, b = 0
    assert game.value(G, D) >= start


@pytest.mark.parametrize("key", ["kl", "js"])
def test_fgan_numeric_discriminator_matches_d_g_in_the_bulk(key):
    sigma, s, u = 1.25, 0.7, 0.3
    grid = np.linspace(-4.0, 4.0, 801)
    Dn = nu.fgan_numeric_discriminator(F_TABLE[key], sigma, s, u, grid)
    want = ef.OptimalDiscriminator(F_TABLE[key], sigma, s, u)(grid)
    np.testing.assert_allclose(Dn, want, rtol=1e-6, atol=1e-9)


def test_fgan_numerical_responses_bracket_the_closed_form_gap():
    """V(G, D_n) - min_G' V(G', D_n) with both responses numerical, against the closed-form gap."""
    sigma, t = 1.25, 0.5
    game = FGANGame("kl", GaussianData(sigma), LinearGeneratorSet(1, 1, t))
    r = nu.FGANNumerical(game)
    G = LinearGenerator.scalar(0.8, 0.2)
    D = r.discriminator_best_response(G).strategies[0]
    gap = game.value(G, D) - r.generator_best_response(D).value
    assert gap == pytest.approx(ef.nash_gap_at_best_response(F_TABLE["kl"], sigma, 0.8, 0.2, t), rel=2e-3)
    assert r.discriminator_best_response(LinearGenerator.scalar(0.0, 0.2)).attained is False


def test_wgan_numerical_responses_match_the_closed_form_gap():
    sigma, t = 1.25, 0.5
    game = WGANGame(GaussianData(sigma), LinearGeneratorSet(1, 1, t))
    r = nu.WGANNumerical(game)
    for s, u in [(1.0, 0.0), (0.6, 0.3)]:
        G = LinearGenerator.scalar(s, u)
        br = r.discriminator_best_response(G)
        assert br.value == pytest.approx(ew.w1(sigma, s, u), rel=1e-4)
        gap = game.value(G, br.strategies[0]) - r.generator_best_response(br.strategies[0]).value
        assert gap == pytest.approx(ew.nash_gap_at_best_response(sigma, s, u, t), rel=1e-3, abs=1e-6)
        assert math.isfinite(gap)
