"""Mixed equilibria of the games of Theorem 1: the generator plays a distribution mu over its feasible set.

Layer 3: the responders (exact best responses to a mixture) of the 1-D WGAN (:mod:`.wgan`), W2GAN
(:mod:`.w2gan`) and f-GAN (:mod:`.fgan`) games, the column-generation computation of mu*
(:mod:`.program`) and the certified Nash-gap bound of the WGAN mixed extension (:mod:`.certify`).
"""

from gantheory.mixed.certify import GapBound, gap_upper
from gantheory.mixed.fgan import FGANMixedGame
from gantheory.mixed.program import MixedSolution, price, solve
from gantheory.mixed.support import Mixture, generator_grid
from gantheory.mixed.w2gan import W2GANMixedGame
from gantheory.mixed.wgan import W1Potential, WGANMixedGame

__all__ = ["FGANMixedGame", "GapBound", "MixedSolution", "Mixture", "W1Potential", "W2GANMixedGame",
           "WGANMixedGame", "gap_upper", "generator_grid", "price", "solve"]
