"""The Gaussian GAN games of Section 3: V(G, D) and feasibility (eqs. (1), (7)-(9)).

Layer 1 of the library: imports only :mod:`gantheory._validation` and :mod:`gantheory._numerics`.
Best responses are not here: they come from responders (:mod:`gantheory.exact`,
:mod:`gantheory.equilibria.numerical`).
"""

from gantheory.games.base import BestResponse, Responder, ZeroSumGame
from gantheory.games.discriminators import AbsDiscriminator, PiecewiseLinearDiscriminator, folded_mean
from gantheory.games.divergences import (
    F_TABLE,
    Envelope,
    FDivergence,
    Transform,
    condition_t2_fpp_nondecreasing,
    get_divergence,
)
from gantheory.games.fgan import FGANGame, OptimalDiscriminator, log_ratio_coefficients
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.quadrature import gaussian_expectation
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame, c_transform_quadratic
from gantheory.games.wgan import WGANGame

__all__ = [
    "F_TABLE", "AbsDiscriminator", "BestResponse", "Envelope", "FDivergence", "FGANGame", "GaussianData",
    "LinearGenerator", "LinearGeneratorSet", "OptimalDiscriminator", "PiecewiseLinearDiscriminator",
    "QuadraticDiscriminator", "Responder", "Transform", "W2GANGame", "WGANGame", "ZeroSumGame",
    "c_transform_quadratic", "condition_t2_fpp_nondecreasing", "folded_mean", "gaussian_expectation",
    "get_divergence", "log_ratio_coefficients",
]
