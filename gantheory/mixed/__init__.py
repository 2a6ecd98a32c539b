"""Mixed equilibria of the games of Theorem 1: the generator plays a distribution mu over its feasible set.

Layer 3: the responders (exact best responses to a mixture) of the 1-D WGAN (:mod:`.wgan`), W2GAN
(:mod:`.w2gan`) and f-GAN (:mod:`.fgan`) games, the column-generation computation of mu*
(:mod:`.program`), the certified Nash-gap bound of the WGAN mixed extension (:mod:`.certify`), the WGAN
equilibrium beyond t^2 = 2 ln sigma with a plateau of point masses (:mod:`.wgan_plateau`) and one function per
game computing its mixed equilibrium beside the pure game's minimal gap (:mod:`.equilibrium`).
"""

from gantheory.mixed.certify import GapBound, gap_upper
from gantheory.mixed.equilibrium import (
    FGANMixedEquilibrium,
    ProvenGap,
    W2GANMixedEquilibrium,
    WGANMixedEquilibrium,
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
from gantheory.mixed.program import MixedSolution, price, solve
from gantheory.mixed.support import Mixture, generator_grid
from gantheory.mixed.w2gan import W2GANMixedGame
from gantheory.mixed.wgan import W1Potential, WGANMixedGame
from gantheory.mixed.wgan_plateau import PlateauEquilibrium, solve_plateau

__all__ = ["FGANMixedEquilibrium", "FGANMixedGame", "GapBound", "MixedSolution", "Mixture", "PlateauEquilibrium",
           "ProvenGap",
           "W1Potential", "W2GANMixedEquilibrium", "W2GANMixedGame", "WGANMixedEquilibrium", "WGANMixedGame",
           "corner_mixture", "fgan_mixed_equilibrium", "gap_upper", "generator_grid", "log_concave_regime", "price",
           "proven_gap", "solve", "solve_plateau", "w2gan_mixed_equilibrium", "wgan_corner_regime", "wgan_corner_value",
           "wgan_mixed_equilibrium"]
