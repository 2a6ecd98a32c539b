"""gantheory.equilibria.wasserstein_minimisers: Remark 1's minimising shift is u = 0 (the distances are even and
convex in u), and the W2 search's value is no larger than at any sampled shift."""

import numpy as np

from gantheory.equilibria.nash import default_responder
from gantheory.equilibria.wasserstein_minimisers import w1_minimising_shift, w2_minimising_shift
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import W2GANGame
from gantheory.games.wgan import WGANGame


def test_w1_shift_is_zero_and_no_sampled_shift_does_better():
    game = WGANGame(GaussianData(0.8, 1), LinearGeneratorSet(1, 1, 0.5, remark1=True))
    u = w1_minimising_shift(game, 0.5)
    br = default_responder(game)
    w1 = br.discriminator_best_response(LinearGenerator.scalar(1.0, u)).value
    others = [br.discriminator_best_response(LinearGenerator.scalar(1.0, v)).value for v in (-0.5, -0.1, 0.2, 0.5)]
    assert u == 0.0 and all(w1 <= o for o in others)


def test_w2_shift_minimises_the_cost():
    gens = LinearGeneratorSet(2, 2, 0.5, remark1=True)
    game = W2GANGame(GaussianData(0.8, 2), gens, 0.5)
    u = w2_minimising_shift(game, np.random.default_rng(0))
    assert u.shape == (2,) and np.linalg.norm(u) < 1e-6

    def cost(v):
        return default_responder(game).discriminator_best_response(gens.project(np.eye(2), v)).value

    rng = np.random.default_rng(3)
    assert all(cost(u) <= cost(v) for v in rng.uniform(-0.3, 0.3, (10, 2)))
