"""Nash gaps on a user's own game through the ZeroSumGame and Responder interfaces (pure strategies of a
matrix game that is its own responder)."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gantheory.equilibria.nash import deviation_gains, nash_gap, nash_gap_at_best_response
from gantheory.games.base import BestResponse, Responder, ZeroSumGame


class MatrixGame(ZeroSumGame, Responder):
    """Row player G minimises V[i, j], column player D maximises (pure strategies)."""

    def __init__(self, V):
        self.V = np.asarray(V, dtype=float)

    def value(self, G, D):
        return float(self.V[G, D])

    def discriminator_best_response(self, G):
        row = self.V[G]
        m = row.max()
        return BestResponse(float(m), [int(j) for j in np.flatnonzero(row == m)])

    def generator_best_response(self, D):
        col = self.V[:, D]
        m = col.min()
        return BestResponse(float(m), [int(i) for i in np.flatnonzero(col == m)])


def brute_force_is_nash(V, i, j):
    return V[i, j] >= V[i, :].max() and V[i, j] <= V[:, j].min()


def test_matching_pennies_has_no_pure_equilibrium():
    g = MatrixGame([[1, -1], [-1, 1]])
    gaps = [nash_gap(g, i, j) for i in range(2) for j in range(2)]
    assert min(gaps) == 2.0
    assert min(nash_gap_at_best_response(g, i) for i in range(2)) == 2.0


def test_saddle_point_has_zero_gap():
    g = MatrixGame([[3, 1], [4, 2]])  # row 0 col 0: 3 is max of row 0 and min of col 0
    assert nash_gap(g, 0, 0) == 0.0
    assert nash_gap_at_best_response(g, 0) == 0.0


@given(arrays(np.int8, st.tuples(st.integers(1, 4), st.integers(1, 4)), elements=st.integers(-5, 5)))
def test_gap_is_nonnegative_and_zero_exactly_at_saddles(V):
    g = MatrixGame(V)
    for i in range(V.shape[0]):
        for j in range(V.shape[1]):
            gap = nash_gap(g, i, j)
            assert gap >= 0
            assert (gap == 0) == brute_force_is_nash(V, i, j)


def test_deviation_gains_are_lower_bounds_of_the_gap():
    rng = np.random.default_rng(0)
    V = rng.normal(size=(5, 6))
    g = MatrixGame(V)
    for i in range(5):
        for j in range(6):
            dg, gg = deviation_gains(g, i, j, range(5), range(6))
            assert math.isclose(dg + gg, nash_gap(g, i, j), abs_tol=1e-12)
