"""Theorem 2 in d = 2 over all linear generators: (G*, D*) is a PE just below the axis formula and not just above
it (with a witness checked independently by the d-dimensional cvxpy solver); the search is not blind to rotations."""

import numpy as np
import pytest

from gantheory.games.w2gan import QuadraticDiscriminator
from gantheory.proximal import threshold2d as th
from gantheory.proximal.w2gan import prox_value_cvxpy

ETA, S1, S2, T = 0.5, 1.25, 2.0, 0.5
AXIS = min(s / (4 * ETA * (s - 1)) for s in (S1, S2))


def test_pe_below_and_not_above_the_axis_formula():
    below = th.min_dip(ETA, 0.98 * AXIS, S1, S2, T, starts=5)
    assert below.dip >= -1e-9 and below.starts_at_best >= 2
    above = th.min_dip(ETA, 1.05 * AXIS, S1, S2, T, starts=5)
    assert above.dip < -1e-6
    # the witness, re-evaluated with the SDP (status checked inside)
    Dstar = QuadraticDiscriminator(ETA * (np.eye(2) - np.diag([1 / S1, 1 / S2])), np.zeros(2))
    v_star = ETA * ((S1 - 1) ** 2 + (S2 - 1) ** 2)
    sdp = prox_value_cvxpy(ETA, 1.05 * AXIS, np.diag([S1**2, S2**2]), above.generator, Dstar).value
    assert sdp - v_star == pytest.approx(above.dip, abs=1e-6)


def test_generator_parametrisation_is_feasible_and_rotates():
    G = th.generator(np.array([0.7, 1.0, 0.3, 1.0, 2.0]), T)
    sv = np.linalg.svd(G.W, compute_uv=False)
    assert np.allclose(sorted(sv), [0.3, 1.0]) and np.linalg.norm(G.u) == pytest.approx(T)
    assert abs(G.W[0, 1]) > 0.1  # not axis-aligned
