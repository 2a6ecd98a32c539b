"""The d = 2 f-GAN certificate against independent numerics: the 1-D closed forms embedded in 2-D, Gauss-Hermite
quadrature of the 2-D payoffs, and the rotation reduction checked on rotated generators."""

import math

import numpy as np
import pytest

from gantheory.certify import fgan2d as f2
from gantheory.certify.interval import Interval
from gantheory.certify.quadrature import CellGrid
from gantheory.equilibria.fgan2d_gap import nash_gap, payoff
from gantheory.exact.fgan import generator_payoff
from gantheory.exact.transforms import transform_expectation
from gantheory.games.divergences import F_TABLE

SIGMA, T = 1.25, 0.5
GIN, GOUT = CellGrid.make(64), CellGrid.make(32)


def _pt(*v):
    return tuple(Interval([x]) for x in v)


@pytest.mark.parametrize("key", list(F_TABLE))
def test_one_dimensional_closed_form_embedded_in_two_dimensions(key):
    """q_2 = 0 (a degenerate second axis): the 2-D enclosure must contain the 1-D closed form E[psi(q_1(Z))]."""
    div = F_TABLE[key]
    rng = np.random.default_rng(0)
    for _ in range(4):
        s, v = rng.uniform(0.9, 1.0), rng.uniform(0.0, T)
        a, b, c = (float(x.lo[0]) for x in f2._own(SIGMA, Interval([s]), Interval([v])))
        exact = float(transform_expectation(div.psi, a, b, c))
        q1, q2 = _pt(a, b, c), _pt(0.0, 0.0, 0.0)
        lo = f2.expectation_2d(div, q1, q2, True, GIN, GOUT)[0]
        hi = f2.expectation_2d(div, q1, q2, False, GIN, GOUT)[0]
        tol = 1e-9 * max(1.0, abs(exact))
        assert lo <= exact + tol and exact <= hi + tol, (key, lo, exact, hi)


@pytest.mark.parametrize("key", list(F_TABLE))
def test_two_dimensional_enclosures_contain_the_quadrature(key):
    div = F_TABLE[key]
    rng = np.random.default_rng(1)
    s_min = math.sqrt(f2._infinite_s2(div, SIGMA))
    for _ in range(3):
        s1, s2 = rng.uniform(max(0.95, s_min + 0.05), 1.0, size=2)
        v1, v2 = rng.uniform(0.0, T / 2, size=2)
        W, u = np.diag([s1, s2]), np.array([v1, v2])
        own = payoff(div, SIGMA, W, u, W, u)
        S1, S2, V1, V2 = (Interval([x]) for x in (s1, s2, v1, v2))
        lo = f2.expectation_2d(div, f2._own(SIGMA, S1, V1), f2._own(SIGMA, S2, V2), True, GIN, GOUT)[0]
        hi = f2.expectation_2d(div, f2._own(SIGMA, S1, V1), f2._own(SIGMA, S2, V2), False, GIN, GOUT)[0]
        q_err = 1e-6 * max(1.0, abs(own))  # the tensor Gauss-Hermite rule's own accuracy on these integrands
        assert lo - q_err <= own <= hi + q_err, (key, lo, own, hi)
        dev = payoff(div, SIGMA, W, u, np.eye(2), np.array([-T, 0.0]))
        if div.psi.kind == "exp":  # heavy integrands: the exact reference is the product of 1-D closed forms
            Ps = div.psi
            f1 = (float(generator_payoff(div, SIGMA, s1, v1, 1.0, -T)) - Ps.shift) / Ps.scale
            f2_ = (float(generator_payoff(div, SIGMA, s2, v2, 1.0, 0.0)) - Ps.shift) / Ps.scale
            dev = Ps.scale * f1 * f2_ + Ps.shift
        dlo = f2.expectation_2d(div, f2._dev(SIGMA, S1, V1, T), f2._dev(SIGMA, S2, V2, 0.0), True, GIN, GOUT)[0]
        assert dlo <= dev + 1e-6 * max(1.0, abs(dev)), (key, dlo, dev)


def test_rotation_reduction_on_rotated_generators():
    """J(O G'; O G) = J(G'; G) by quadrature: the gap depends on W, u only through s and U^T u."""
    rng = np.random.default_rng(2)
    for key in ("js", "pearson", "neyman"):
        div = F_TABLE[key]
        th, ph = rng.uniform(-np.pi, np.pi, size=2)
        U = np.array([[np.cos(th), -np.sin(th)], [np.sin(th), np.cos(th)]])
        Vr = np.array([[np.cos(ph), -np.sin(ph)], [np.sin(ph), np.cos(ph)]])
        s = np.array([0.99, 0.96])
        v = np.array([0.1, 0.05])
        W, u = U @ np.diag(s) @ Vr.T, U @ v
        Wd, ud = np.eye(2) * 0.97, np.array([-0.3, 0.2])
        a = payoff(div, SIGMA, W, u, U @ Wd, U @ ud)
        b = payoff(div, SIGMA, np.diag(s), v, Wd, ud)
        assert a == pytest.approx(b, rel=1e-9)


@pytest.mark.parametrize("key", ["kl", "squared_hellinger", "js"])
def test_certified_bound_below_the_quadrature_gap(key):
    div = F_TABLE[key]
    rng = np.random.default_rng(3)
    for _ in range(2):
        s1, s2 = np.sort(rng.uniform(0.97, 1.0, size=2))[::-1]
        v1, v2 = rng.uniform(0.0, 0.1, size=2)
        x = np.array([[s1, s2, v1, v2]])
        S1, S2, V1, V2 = (Interval(x[:, i]) for i in range(4))
        lb = f2._direct_lower(div, SIGMA, T, S1, S2, V1, V2, GIN, GOUT)[0]
        g, _ = nash_gap(div, SIGMA, T, np.diag([s1, s2]), np.array([v1, v2]), starts=2)
        assert lb <= g + 1e-9


def test_kl_certificate_and_dimension():
    c = f2.certify_min_gap_2d(F_TABLE["kl"], SIGMA, T, max_seconds=60)
    g, _ = nash_gap(F_TABLE["kl"], SIGMA, T, np.eye(2), np.zeros(2), starts=2)
    assert c.converged and 0 < c.lower <= g
    # KL: the untouched axis contributes E_Q[p/q] = 1, so the corner gap is the 1-D one
    from gantheory.exact.fgan import nash_gap_at_best_response

    assert g == pytest.approx(nash_gap_at_best_response(F_TABLE["kl"], SIGMA, 1.0, 0.0, T), rel=1e-8)
