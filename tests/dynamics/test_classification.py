"""Labels of trajectories (gantheory.dynamics.classification) on synthetic trajectories with known behaviour."""

import math

import numpy as np
import pytest

from gantheory.dynamics.classification import classify, describe
from gantheory.dynamics.simulation import Trajectory


def _traj(points, dist):
    pts = np.asarray(points, dtype=float)
    return Trajectory("synthetic", "none", 0.0, 0.1, 0.1, 1, pts[:, :2], pts[:, 2:], np.asarray(dist, dtype=float))


def test_classifier_on_synthetic_trajectories():
    k = np.arange(1001)
    rot = np.stack([np.cos(0.1 * k), np.sin(0.1 * k)], axis=1)
    zero = np.zeros_like(rot)

    def traj(radius):
        xy = radius[:, None] * rot
        pts = np.hstack([xy, zero])
        return _traj(pts, np.linalg.norm(pts, axis=1))

    assert classify(traj(0.5 * 0.97**k)) == "converges"  # damped spiral
    d = describe(traj(np.full(k.shape, 0.3)))  # rotation: a cycle of radius 0.3
    assert d["label"] == "cycles" and d["amplitude"] == pytest.approx(0.6, rel=1e-3)
    exploding = traj(0.01 * 1.05**k)
    assert classify(exploding) == "diverges"
    assert describe(exploding)["diverged_at"] is None  # synthetic: caught through the 1e6 distance
    assert classify(traj(0.5 * 0.999**k)) == "slow"
    rest = _traj(np.tile([0.2, 0.1, 0.0, 0.0], (1001, 1)), np.full(1001, math.hypot(0.2, 0.1)))
    assert classify(rest) == "stalls"
    nan = traj(np.full(k.shape, 0.3))
    nan.distance[500:] = np.nan
    assert classify(nan) == "diverges"
