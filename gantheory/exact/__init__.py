"""Closed forms of the Gaussian games (eqs. (7)-(9); Theorem 1, Remark 1) and their responders.

Layer 2: takes plain parameters and imports :mod:`gantheory.games` for the types. Conventions: the game's
parameters first (``div``, ``sigma``, ``eta``), then the generator -- (s, u) with s = |w| in one
dimension, (W, u) with G(z) = W z + u, or (u, Sigma) with Sigma = W W^T where only the law matters --
then the generator set (t, remark1). The modules share function names (``divergence``,
``optimal_discriminator``, ``nash_gap_at_best_response``): use them through the submodules.
"""

from gantheory.exact import fgan, transforms, w2gan, wgan
from gantheory.exact.fgan import FGANClosedForm
from gantheory.exact.transforms import transform_expectation
from gantheory.exact.w2gan import W2GANClosedForm
from gantheory.exact.wgan import WGANClosedForm

__all__ = ["FGANClosedForm", "W2GANClosedForm", "WGANClosedForm", "fgan", "transform_expectation", "transforms",
           "w2gan", "wgan"]
