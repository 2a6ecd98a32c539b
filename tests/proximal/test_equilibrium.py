"""Worst-generator search and the lambda threshold bisection on functions with known answers."""

import math

import numpy as np
import pytest

from gantheory.proximal.equilibrium import lambda_threshold, u_nodes, worst_generator


def test_worst_generator_finds_known_minimum():
    f = lambda s, u: (s - 0.37) ** 2 + (u + 0.21) ** 2 - 1.0  # noqa: E731
    w = worst_generator(f, 0.5)
    assert w.value == pytest.approx(-1.0, abs=1e-9)
    assert (w.s, w.u) == pytest.approx((0.37, -0.21), abs=1e-4)


def test_threshold_bisection():
    assert lambda_threshold(lambda lam: lam <= 0.731, rel_tol=1e-6) == pytest.approx(0.731, rel=1e-5)
    assert lambda_threshold(lambda lam: False) == 0.0
    assert lambda_threshold(lambda lam: True) == math.inf


def test_u_nodes_resolve_unit_scale_whatever_t():
    for t in (0.3, 1.0, 50.0, 1e6):
        nodes = u_nodes(t, 41)
        inner = nodes[np.abs(nodes) <= min(t, 1.0)]
        assert nodes.min() == -t and nodes.max() == t
        assert np.max(np.diff(inner)) <= 2 * min(t, 1.0) / 40 + 1e-12
