"""Labels of simulated trajectories (:mod:`gantheory.dynamics.simulation`): converges, slow, stalls, cycles or
diverges, with the criteria stated in :func:`classify`."""

from __future__ import annotations

import math

import numpy as np

from gantheory.dynamics.simulation import DIVERGED_DISTANCE, Trajectory

__all__ = ["CONVERGED_DISTANCE", "LABELS", "classify", "describe"]

#: a final distance to (G*, D*) below this is convergence
CONVERGED_DISTANCE = 1e-6
LABELS = ("converges", "slow", "stalls", "cycles", "diverges")


def describe(traj: Trajectory) -> dict:
    """The numbers behind ``classify``. With d the distance to (G*, D*) and n the number of outer steps,
    the *last tenth* is the final max(1, n // 10) steps (with the iterate before them):

    * ``final_distance`` d[n];
    * ``amplitude``: max over the four coordinates (w, u, phi) of (max - min) over the last tenth;
    * ``distance_range``: (min, max) of d over the last tenth;
    * ``envelope``: max of d over each of the last five tenths (oldest first);
    * ``diverged_at``: the first outer step with an invalid iterate (None if none).
    """
    d = traj.distance
    n = traj.steps
    tenth = max(1, n // 10)
    base = {"final_distance": float(d[-1]), "diverged_at": traj.diverged_at, "steps": n}
    if traj.diverged_at is not None or not np.all(np.isfinite(d)) or np.any(d > DIVERGED_DISTANCE):
        return {**base, "label": "diverges", "amplitude": math.inf, "distance_range": (math.nan, math.nan),
                "envelope": []}
    last = traj.iterates[n - tenth:]
    dl = d[n - tenth:]
    amp = float(np.max(last.max(axis=0) - last.min(axis=0)))
    env = [float(d[max(0, n - (i + 1) * tenth):n - i * tenth + 1].max()) for i in range(4, -1, -1)]
    shrinking = all(x > y for x, y in zip(env[:-1], env[1:], strict=True)) and env[-1] <= 0.99 * env[0]
    if d[-1] < CONVERGED_DISTANCE and d[-1] <= d[n - tenth]:
        label = "converges"
    elif amp <= 1e-3 * d[-1]:
        label = "stalls"
    elif shrinking:
        label = "slow"
    else:
        label = "cycles"
    return {**base, "label": label, "amplitude": amp, "distance_range": (float(dl.min()), float(dl.max())),
            "envelope": env}


def classify(traj: Trajectory) -> str:
    """Label a trajectory; criteria, checked in this order (d = distance to (G*, D*), see ``describe``):

    * ``"diverges"``: some iterate (inner iterates of Algorithm 1 included, for the domain) is not
      finite, leaves the game's domain (W2GAN: a >= eta, where V = -inf) or is farther than 1e6 from
      (G*, D*);
    * ``"converges"``: d[n] < 1e-6 and d did not grow across the last tenth (d[n] <= d at its start);
    * ``"stalls"``: at rest away from (G*, D*): every coordinate moved by at most 1e-3 d[n] over the
      last tenth (a fixed point elsewhere, or a crawl);
    * ``"slow"``: still approaching (G*, D*) but not within 1e-6: the maxima of d over the last five
      tenths strictly decrease, the last at most 0.99 times the first;
    * ``"cycles"``: everything else -- bounded, moving and not getting closer (a limit cycle or a
      bounded irregular orbit); ``describe`` gives the amplitude over the last tenth.

    The brief's three classes are converges / cycles / diverges; "stalls" and "slow" split off bounded
    runs that are neither orbits nor converged. Every label is relative to the horizon: an orbit whose
    period exceeds the run can look "slow", so the study sizes runs by the step size."""
    return describe(traj)["label"]
