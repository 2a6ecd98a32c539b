"""Game dynamics of the exact 1-D Gaussian games: GDA and Algorithm 1 (proximal training), eq. (11), (15).

* :mod:`~gantheory.dynamics.models` -- the games (the shared W2GAN model, the WGAN over a |x - c|);
* :mod:`~gantheory.dynamics.simulation` -- Algorithm 1's inner loop, batched runs, trajectories;
* :mod:`~gantheory.dynamics.classification` -- labels of trajectories;
* :mod:`~gantheory.dynamics.study` -- the grid behind the finding ``finding-dynamics``.
"""

from gantheory.dynamics.classification import CONVERGED_DISTANCE, LABELS, classify, describe
from gantheory.dynamics.models import GAMES, W2GAN1D, WGAN1D, Game1D, make_game
from gantheory.dynamics.simulation import DIVERGED_DISTANCE, METHODS, Trajectory, inner_ascent, run, run_batch
from gantheory.dynamics.study import format_table, inner_curvature, start_point, study

__all__ = [
    "CONVERGED_DISTANCE", "DIVERGED_DISTANCE", "GAMES", "LABELS", "METHODS", "Game1D", "Trajectory", "W2GAN1D",
    "WGAN1D", "classify", "describe", "format_table", "inner_ascent", "inner_curvature", "make_game", "run",
    "run_batch", "start_point", "study",
]
