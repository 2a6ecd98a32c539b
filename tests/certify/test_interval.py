"""gantheory.certify.interval: every operation encloses the exact result.

The exact results are evaluated with mpmath at 60 significant digits (not with numpy), at points
sampled inside the input intervals (endpoints included), so the outward rounding itself is tested:
a float evaluation would round to the same double as the operation under test.
"""

import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gantheory.certify import interval as iv
from gantheory.certify.interval import Interval

mpmath.mp.dps = 60

FRACS = (0.0, 1.0, 0.5, 0.123456789, 0.987654321, 1.0 / 3.0)


def _finite(lo=-1e6, hi=1e6):
    return st.floats(lo, hi, allow_nan=False, allow_infinity=False)


@st.composite
def intervals(draw, lo=-1e6, hi=1e6):
    a, b = draw(_finite(lo, hi)), draw(_finite(lo, hi))
    return (min(a, b), max(a, b))


def _points(lo: float, hi: float) -> list[float]:
    """Doubles inside [lo, hi] (endpoints, interior fractions, and 0 if inside)."""
    pts = {lo, hi}
    for f in FRACS:
        x = lo + f * (hi - lo) if math.isfinite(hi - lo) else 0.5 * lo + 0.5 * hi
        pts.add(min(max(x, lo), hi))
    if lo <= 0.0 <= hi:
        pts.add(0.0)
    return sorted(pts)


def _violation(out: Interval, exact) -> float:
    """How far (as a float) the exact value lies outside out; <= 0 when enclosed."""
    lo, hi = mpmath.mpf(float(out.lo)), mpmath.mpf(float(out.hi))
    exact = mpmath.mpf(exact)
    if lo <= exact <= hi:
        return 0.0
    return float(lo - exact) if exact < lo else float(exact - hi)


def binary_violation(op, mp_op, x: tuple[float, float], y: tuple[float, float]) -> float:
    """max over sampled points of the enclosure violation of op(Interval x, Interval y)."""
    out = op(Interval(*x), Interval(*y))
    worst = -math.inf
    for a in _points(*x):
        for b in _points(*y):
            worst = max(worst, _violation(out, mp_op(mpmath.mpf(a), mpmath.mpf(b))))
    return worst


def unary_violation(op, mp_op, x: tuple[float, float]) -> float:
    out = op(Interval(*x))
    return max(_violation(out, mp_op(mpmath.mpf(a))) for a in _points(*x))


# -- arithmetic -------------------------------------------------------------------------------------
BINARY = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "radd_scalar": (lambda a, b: float(b.lo) + a, lambda a, b: a + b),
}


@pytest.mark.parametrize("name", sorted(BINARY))
@settings(max_examples=25, deadline=None)
@given(x=intervals(), y=intervals())
def test_binary_ops_enclose_exact(name, x, y):
    op, mp_op = BINARY[name]
    if name == "radd_scalar":
        y = (y[0], y[0])
    assert binary_violation(op, mp_op, x, y) <= 0


@settings(max_examples=25, deadline=None)
@given(x=intervals(), y=intervals(1e-3, 1e6), neg=st.booleans())
def test_division_encloses_exact(x, y, neg):
    if neg:
        y = (-y[1], -y[0])
    assert binary_violation(lambda a, b: a / b, lambda a, b: a / b, x, y) <= 0
    # reflected division by an Interval: scalar / Interval
    out = float(x[0]) / Interval(*y)
    for b in _points(*y):
        assert _violation(out, mpmath.mpf(x[0]) / mpmath.mpf(b)) <= 0


@settings(max_examples=25, deadline=None)
@given(x=intervals())
def test_neg_square_enclose_exact(x):
    assert unary_violation(lambda a: -a, lambda a: -a, x) <= 0
    assert unary_violation(lambda a: a.square(), lambda a: a * a, x) <= 0
    # the square of an interval straddling 0 starts at (or below) 0, not at min(|lo|, |hi|)^2
    if x[0] < 0 < x[1]:
        assert Interval(*x).square().lo <= 0


@settings(max_examples=25, deadline=None)
@given(x=intervals(1e-300, 1e300), neg=st.booleans())
def test_reciprocal_encloses_exact_away_from_zero(x, neg):
    if neg:
        x = (-x[1], -x[0])
    assert unary_violation(lambda a: a.reciprocal(), lambda a: 1 / a, x) <= 0


@pytest.mark.parametrize("lo, hi, want_lo, want_hi", [
    (-1.0, 2.0, -math.inf, math.inf),  # straddles 0: the whole line
    (0.0, 2.0, 0.5, math.inf),  # endpoint 0: a half line
    (-2.0, 0.0, -math.inf, -0.5),
    (0.0, 0.0, -math.inf, math.inf),
])
def test_reciprocal_of_interval_containing_zero(lo, hi, want_lo, want_hi):
    r = Interval(lo, hi).reciprocal()
    assert float(r.lo) <= want_lo and float(r.hi) >= want_hi
    if math.isfinite(want_lo):
        assert float(r.lo) == pytest.approx(want_lo, rel=1e-15)
    if math.isfinite(want_hi):
        assert float(r.hi) == pytest.approx(want_hi, rel=1e-15)
    # every nonzero point of the interval maps inside
    for a in _points(lo, hi):
        if a != 0:
            assert _violation(r, 1 / mpmath.mpf(a)) <= 0


def test_division_by_interval_containing_zero_is_unbounded():
    q = Interval(1.0, 2.0) / Interval(-1.0, 1.0)
    assert float(q.lo) == -math.inf and float(q.hi) == math.inf
    q = Interval(1.0, 2.0) / Interval(0.0, 1.0)
    assert float(q.lo) <= 1.0 and float(q.hi) == math.inf


# -- 0 * inf and infinite bounds ---------------------------------------------------------------------
def test_zero_times_infinity_is_zero():
    p = Interval(0.0, 0.0) * Interval(-math.inf, math.inf)
    assert not np.isnan(p.lo) and not np.isnan(p.hi)
    assert -1e-300 < float(p.lo) <= 0.0 <= float(p.hi) < 1e-300
    p = Interval(0.0, 1.0) * Interval(1.0, math.inf)
    assert float(p.lo) <= 0.0 and float(p.hi) == math.inf
    p = Interval(-math.inf, 0.0) * Interval(0.0, math.inf)
    assert float(p.lo) == -math.inf and 0.0 <= float(p.hi) < 1e-300
    p = Interval(2.0, 3.0) * Interval(math.inf, math.inf)
    assert float(p.hi) == math.inf and float(p.lo) >= 1e308


def test_infinite_sums_give_no_nan():
    s = Interval(-math.inf, 1.0) + Interval(1.0, math.inf)
    assert float(s.lo) == -math.inf and float(s.hi) == math.inf
    d = Interval(1.0, math.inf) - Interval(1.0, math.inf)
    assert float(d.lo) == -math.inf and float(d.hi) == math.inf


def test_constructor_rejects_nan_and_reversed_bounds():
    with pytest.raises(ValueError, match="NaN"):
        Interval(float("nan"), 1.0)
    with pytest.raises(ValueError, match="lo > hi"):
        Interval(2.0, 1.0)


def test_vectorised_ops_broadcast_and_index():
    x = Interval(np.array([-1.0, 0.5, 2.0]), np.array([1.0, 0.75, 3.0]))
    y = x * x - 1.0
    assert y.lo.shape == (3,)
    for i in range(3):
        xi = (float(x.lo[i]), float(x.hi[i]))
        assert binary_violation(lambda a, b: a * a - 1.0, lambda a, b: a * a - 1, xi, xi) <= 0
        assert float(y[i].lo) == float(y.lo[i])
    np.testing.assert_allclose(x.mid, [0.0, 0.625, 2.5])
    np.testing.assert_allclose(x.width, [2.0, 0.25, 1.0])


# -- elementary functions -----------------------------------------------------------------------------
def _mp_ndtr(a):
    return mpmath.erfc(-a / mpmath.sqrt(2)) / 2


UNARY = {
    "exp": (iv.exp, mpmath.exp, (-745.0, 720.0)),
    "log": (iv.log, mpmath.log, (1e-300, 1e300)),
    "sqrt": (iv.sqrt, mpmath.sqrt, (0.0, 1e300)),
    # iv.ndtr goes through exp(log_ndtr): relative accuracy down to the deep lower tail
    "ndtr": (iv.ndtr, _mp_ndtr, (-38.0, 40.0)),
}


@pytest.mark.parametrize("name", sorted(UNARY))
@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_elementary_functions_enclose_exact(name, data):
    fn, mp_fn, (lo, hi) = UNARY[name]
    if name in ("log", "sqrt"):  # sample on a log scale to reach every binade
        e = data.draw(intervals(math.log10(max(lo, 1e-300)), math.log10(hi)))
        x = (10.0 ** e[0], 10.0 ** e[1])
    else:
        x = data.draw(intervals(lo, hi))
    assert unary_violation(fn, mp_fn, x) <= 0


def test_exp_of_huge_argument_is_nonnegative_enclosure():
    out = iv.exp(Interval(1000.0, 1001.0))
    assert float(out.lo) >= 0.0 and float(out.hi) == math.inf
    out = iv.exp(Interval(-math.inf, 0.0))
    assert float(out.lo) == 0.0 and float(out.hi) >= 1.0


def test_log_and_sqrt_of_nonpositive_parts():
    out = iv.log(Interval(0.0, 1.0))
    assert float(out.lo) == -math.inf and float(out.hi) >= 0.0
    out = iv.log(Interval(-1.0, math.e))
    assert float(out.lo) == -math.inf and float(out.hi) >= 1.0
    out = iv.sqrt(Interval(-4.0, 4.0))
    assert float(out.lo) == 0.0 and float(out.hi) >= 2.0


def test_log_encloses_subnormal_lower_endpoint():
    assert unary_violation(iv.log, mpmath.log, (1e-322, 1.0)) <= 0


@pytest.mark.parametrize("x", [-10.0, -38.0])
def test_ndtr_encloses_deep_lower_tail(x):
    assert unary_violation(iv.ndtr, _mp_ndtr, (x, x)) <= 0


def test_hull_and_maximum_enclose():
    a, b = Interval(-1.0, 2.0), Interval(0.5, 5.0)
    h = iv.hull(a, b)
    assert float(h.lo) == -1.0 and float(h.hi) == 5.0
    m = iv.maximum(a, b)
    for x in _points(-1.0, 2.0):
        for y in _points(0.5, 5.0):
            assert float(m.lo) <= max(x, y) <= float(m.hi)


# -- mutations: the exact comparison must catch a missing outward rounding or a wrong square ----------
def test_mutation_no_outward_rounding_is_caught(monkeypatch):
    x, y = (0.1, 0.1), (0.2, 0.2)  # fl(0.1 + 0.2) lies above the exact sum of the two doubles
    assert binary_violation(lambda a, b: a + b, lambda a, b: a + b, x, y) <= 0
    monkeypatch.setattr(iv, "_down", lambda v: v)
    monkeypatch.setattr(iv, "_up", lambda v: v)
    assert binary_violation(lambda a, b: a + b, lambda a, b: a + b, x, y) > 0


def test_mutation_wrong_square_is_caught(monkeypatch):
    x = (-1.0, 2.0)
    assert unary_violation(lambda a: a.square(), lambda a: a * a, x) <= 0

    def bad_square(self):  # forgets that an interval straddling 0 has square starting at 0
        a, b = np.abs(self.lo), np.abs(self.hi)
        return Interval._make(np.minimum(a, b) ** 2, np.maximum(a, b) ** 2)

    monkeypatch.setattr(Interval, "square", bad_square)
    assert unary_violation(lambda a: a.square(), lambda a: a * a, x) > 0.5
