"""gantheory.certify.branch_and_bound on functions with a known minimum (interval lower bounds written
here with gantheory.certify.interval)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gantheory.certify import branch_and_bound as bb
from gantheory.certify.branch_and_bound import branch_and_bound
from gantheory.certify.interval import Interval


def make_bowl(x0: float, y0: float, m: float):
    """f = (x - x0)^2 + (y - y0)^2 + m, its interval lower bound, and its point evaluation."""

    def lower(lo, hi):
        X, Y = Interval(lo[:, 0], hi[:, 0]), Interval(lo[:, 1], hi[:, 1])
        return ((X - x0).square() + (Y - y0).square() + m).lo

    def point(x):
        return (x[:, 0] - x0) ** 2 + (x[:, 1] - y0) ** 2 + m

    return lower, point


def bowl_min(x0, y0, m, lo, hi):
    """The exact minimum over the box: the projection of (x0, y0)."""
    px, py = np.clip(x0, lo[0], hi[0]), np.clip(y0, lo[1], hi[1])
    return (px - x0) ** 2 + (py - y0) ** 2 + m


def bnb_discrepancy(res, true_min: float, tol: float) -> float:
    """> 0 when the result is wrong: lower above the true minimum, upper below it, or the bracket wider
    than tol, or the incumbent's value not f(argmin) (checked by the caller)."""
    return max(res.lower - true_min, true_min - res.upper, (res.upper - res.lower) - tol)


def test_known_minimum_is_bracketed_and_converged():
    lower, point = make_bowl(0.3, -0.2, 0.1)
    res = branch_and_bound(lower, point, np.array([-1.0, -1.0]), np.array([1.0, 1.0]))
    assert res.converged
    assert res.lower <= 0.1 <= res.upper
    assert bnb_discrepancy(res, 0.1, max(1e-6, 0.02 * 0.1)) <= 0
    assert point(res.argmin[None, :])[0] == pytest.approx(res.upper, rel=1e-14)
    assert np.all(np.abs(res.argmin - [0.3, -0.2]) < 0.1)


@settings(max_examples=25, deadline=None)
@given(x0=st.floats(-1.5, 1.5), y0=st.floats(-1.5, 1.5), m=st.floats(-2.0, 2.0),
       abs_tol=st.sampled_from([1e-6, 1e-3]), rel_tol=st.sampled_from([0.0, 0.02]))
def test_random_bowls_over_the_unit_box(x0, y0, m, abs_tol, rel_tol):
    lo, hi = np.array([-1.0, -1.0]), np.array([1.0, 1.0])
    lower, point = make_bowl(x0, y0, m)
    res = branch_and_bound(lower, point, lo, hi, abs_tol=abs_tol, rel_tol=rel_tol, min_rel_width=1e-7)
    true_min = bowl_min(x0, y0, m, lo, hi)  # the minimum may sit on the boundary (x0 outside)
    assert res.lower <= true_min + 1e-12 <= res.upper + 2e-12
    assert res.converged
    assert res.upper - res.lower <= max(abs_tol, rel_tol * abs(res.upper)) + 1e-15
    assert np.all(res.argmin >= lo) and np.all(res.argmin <= hi)


def test_union_of_boxes():
    # the minimiser (0.3, -0.2) is in neither box: the minimum over the union is on the nearer one
    lower, point = make_bowl(0.3, -0.2, 0.1)
    lo = np.array([[-1.0, -1.0], [0.5, 0.5]])
    hi = np.array([[0.0, 0.0], [1.0, 1.0]])
    true_min = min(bowl_min(0.3, -0.2, 0.1, lo[i], hi[i]) for i in range(2))
    res = branch_and_bound(lower, point, lo, hi, abs_tol=1e-8, rel_tol=0.0, min_rel_width=1e-9)
    assert res.converged and res.lower <= true_min <= res.upper
    assert res.upper - true_min < 1e-7
    assert res.argmin[0] <= 0.0 and res.argmin[1] <= 0.0


def test_two_global_minima_nonconvex():
    # f = (x^2 - 1)^2 + y^2 on [-2, 2]^2 has minima 0 at (+-1, 0)
    def lower(lo, hi):
        X, Y = Interval(lo[:, 0], hi[:, 0]), Interval(lo[:, 1], hi[:, 1])
        return ((X.square() - 1.0).square() + Y.square()).lo

    def point(x):
        return (x[:, 0] ** 2 - 1) ** 2 + x[:, 1] ** 2

    res = branch_and_bound(lower, point, [-2.0, -2.0], [2.0, 1.5], abs_tol=1e-6, rel_tol=0.0, min_rel_width=1e-9)
    assert res.converged and res.lower <= 0.0 <= res.upper <= 1e-6
    assert abs(abs(res.argmin[0]) - 1) < 1e-2


def test_small_budget_keeps_a_valid_lower_bound():
    # a budget too small to converge: the lower bound is still a lower bound, converged is False
    lower, point = make_bowl(0.3, -0.2, 0.1)
    res = branch_and_bound(lower, point, [-1.0, -1.0], [1.0, 1.0], abs_tol=1e-12, rel_tol=0.0, max_boxes=20,
                           batch=4, min_rel_width=1e-12)
    assert not res.converged
    assert res.boxes_evaluated >= 20
    assert res.lower <= 0.1 <= res.upper


def test_min_rel_width_stops_refinement_without_claiming_convergence():
    lower, point = make_bowl(0.3, -0.2, 0.1)
    res = branch_and_bound(lower, point, [-1.0, -1.0], [1.0, 1.0], abs_tol=1e-14, rel_tol=0.0,
                           min_rel_width=1.0 / 8)
    assert not res.converged
    assert res.lower <= 0.1 <= res.upper


def test_nan_point_values_are_ignored_for_the_incumbent():
    lower, point0 = make_bowl(0.3, -0.2, 0.1)

    def point(x):
        v = point0(x)
        return np.where(x[:, 0] < 0, np.nan, v)

    res = branch_and_bound(lower, point, [-1.0, -1.0], [1.0, 1.0])
    assert math.isfinite(res.upper) and res.lower <= 0.1 <= res.upper


# -- mutation: an invalid inherited bound on the children must be caught --------------------------------
class _InflatedMaximum:
    """numpy with np.maximum raised by 0.05: the children's bounds are no longer lower bounds."""

    def __getattr__(self, name):
        return getattr(np, name)

    @staticmethod
    def maximum(a, b):
        return np.maximum(a, b) + 0.05


def test_mutation_inflated_child_bounds_are_caught(monkeypatch):
    lower, point = make_bowl(0.3, -0.2, 0.1)
    args = (lower, point, np.array([-1.0, -1.0]), np.array([1.0, 1.0]))
    res = branch_and_bound(*args)
    assert bnb_discrepancy(res, 0.1, 0.002) <= 0
    monkeypatch.setattr(bb, "np", _InflatedMaximum())
    res = branch_and_bound(*args)
    assert bnb_discrepancy(res, 0.1, 0.002) > 0.01
