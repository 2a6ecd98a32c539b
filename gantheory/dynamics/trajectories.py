"""Labelled runs of GDA and Algorithm 1 (proximal training, Section 5) in one exact 1-D Gaussian game, and the
iterations a stored trajectory keeps.

The step sizes follow the dynamics study's rule (:mod:`gantheory.dynamics.study`): gamma_G = gamma and
gamma_D = min(gamma, 1 / L_lam), L_lam the inner curvature of V - lam ||D - D*||^2 (eq. (11), Sobolev
seminorm (15)), which keeps the discriminator's own ascent stable, so what is seen is the game's dynamics.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from gantheory.dynamics.classification import classify
from gantheory.dynamics.simulation import Trajectory, run_batch
from gantheory.dynamics.study import inner_curvature

#: every iterate is kept up to k = KEEP_FULL, then about KEEP_THINNED more (odd stride)
KEEP_FULL, KEEP_THINNED = 100, 400


@dataclass(frozen=True)
class LabelledRun:
    """One simulated configuration (``config``: method, step sizes, lam, T), its trajectory and the label of
    :func:`gantheory.dynamics.classification.classify`."""

    config: dict[str, Any]
    trajectory: Trajectory
    label: str


def trajectory_configs(game, gamma: float, lams: tuple[float, ...], T: int) -> list[dict[str, Any]]:
    """Simultaneous and alternating GDA, then Algorithm 1 at each lam.

    Parameters
    ----------
    game : gantheory.dynamics.models.W2GAN1D or gantheory.dynamics.models.WGAN1D
        The exact 1-D game.
    gamma : float
        The generator's step gamma_G.
    lams : tuple of float
        Algorithm 1's proximal weights lam (eq. (11)).
    T : int
        Algorithm 1's inner ascent steps.

    Returns
    -------
    list of dict
        Configurations for :func:`gantheory.dynamics.simulation.run_batch`, with gamma_D = min(gamma, 1 / L_lam)
        (L_0 for GDA; :func:`gantheory.dynamics.study.inner_curvature`).
    """
    out = []
    for m in ("gda-sim", "gda-alt"):
        out.append({"method": m, "gamma_G": gamma, "gamma_D": min(gamma, 1.0 / inner_curvature(game, 0.0))})
    for lam in lams:
        out.append({"method": "algorithm1", "lam": lam, "T": T, "gamma_G": gamma,
                    "gamma_D": min(gamma, 1.0 / inner_curvature(game, lam))})
    return out


def kept_steps(steps: int, full: int = KEEP_FULL, thinned: int = KEEP_THINNED) -> np.ndarray:
    """The iterations a stored trajectory keeps.

    Parameters
    ----------
    steps : int
        The number of outer steps.
    full : int
        Every iteration up to k = ``full`` is kept.
    thinned : int
        About this many more are kept after it, with an odd stride (no aliasing of period-2 oscillations).

    Returns
    -------
    numpy.ndarray
        Sorted, distinct iterations in [0, steps], ending with ``steps``.
    """
    stride = max(1, math.ceil((steps - full) / thinned))
    stride += stride % 2 == 0 and stride > 1
    ks = np.unique(np.concatenate([np.arange(min(steps, full) + 1), np.arange(full, steps + 1, stride), [steps]]))
    return ks.astype(int)


def labelled_runs(game, gamma: float, lams: tuple[float, ...], T: int, steps: int, start) -> list[LabelledRun]:
    """Run :func:`trajectory_configs` from one start and label each run.

    Parameters
    ----------
    game : gantheory.dynamics.models.W2GAN1D or gantheory.dynamics.models.WGAN1D
        The exact 1-D game.
    gamma, lams, T
        As for :func:`trajectory_configs`.
    steps : int
        Outer steps.
    start : tuple of float
        (w, u, p, q), e.g. :func:`gantheory.dynamics.study.start_point`.

    Returns
    -------
    list of LabelledRun
        In the order of :func:`trajectory_configs`.
    """
    configs = trajectory_configs(game, gamma, lams, T)
    trajs = run_batch(game, configs, steps, start)
    return [LabelledRun(c, tr, classify(tr)) for c, tr in zip(configs, trajs, strict=True)]
