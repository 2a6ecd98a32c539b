"""gantheory.certify.quadrature: rigorous enclosures of E[psi(a Z^2 + b Z + c)], Z ~ N(0, 1).

The reference values are computed independently by scipy.integrate.quad (adaptive quadrature on the
real line, the exp integrand in log space so that nothing overflows).
"""

import dataclasses
import math

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special

from gantheory.certify import quadrature as cq
from gantheory.certify.interval import Interval
from gantheory.certify.quadrature import CellGrid, expectation_enclosure, unimodal_lower_bound
from gantheory.games.divergences import Envelope

LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def _softplus(v):
    return np.logaddexp(0.0, v)


# name -> (psi (vectorised, non-decreasing), (kappa, shift) of psi = exp(kappa v) + shift or None,
#          envelope, max a)
PSIS = {
    "exp": (np.exp, (1.0, 0.0), Envelope(1.0, 1.0, 0.0), 0.35),
    "exp2": (lambda v: np.exp(2 * v) - 1.0, (2.0, -1.0), Envelope(1.0, 2.0, -1.0), 0.15),  # Pearson's psi
    "softplus": (_softplus, None, Envelope(1.0, 1.0, 0.0), 0.35),
    "identity": (lambda v: np.asarray(v, dtype=float), None, Envelope(1.0, 1.0, 0.0), 0.35),
    "bounded": (np.tanh, None, Envelope(0.0, 0.0, 1.0), 3.0),
}


def quad_expectation(name: str, a: float, b: float, c: float) -> float:
    """E[psi(a Z^2 + b Z + c)] by scipy.integrate.quad (independent of the cell enclosure)."""
    psi, expform, _, _ = PSIS[name]
    if expform is not None:  # exp(kappa q) + shift, the exponential weighed in log space
        k, shift = expform

        def f(z):
            return (math.exp(k * (a * z * z + b * z + c) - 0.5 * z * z - LOG_SQRT_2PI)
                    + shift * math.exp(-0.5 * z * z - LOG_SQRT_2PI))
    else:
        def f(z):
            return float(psi(np.float64(a * z * z + b * z + c))) * math.exp(-0.5 * z * z - LOG_SQRT_2PI)
    pts = sorted({0.0, -b / (2 * a) if a != 0 else 0.0})
    pts = [p for p in pts if abs(p) < 30]
    total = 0.0
    edges = [-math.inf, *pts, math.inf]
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        val, _ = integrate.quad(f, lo, hi, epsabs=1e-13, epsrel=1e-11, limit=200)
        total += val
    return total


def enclosure_violation(name: str, lo_box, hi_box, samples, grid: CellGrid, convex: bool = False) -> float:
    """Largest relative distance by which a sampled E[psi] falls outside the enclosure of its box
    (<= 0 when every sample is enclosed)."""
    psi, _, env, _ = PSIS[name]
    a = Interval([lo_box[0]], [hi_box[0]])
    b = Interval([lo_box[1]], [hi_box[1]])
    c = Interval([lo_box[2]], [hi_box[2]])
    enc = expectation_enclosure(psi, env, a, b, c, grid, convex=convex)
    lo, hi = float(enc.lo[0]), float(enc.hi[0])
    worst = -math.inf
    for s in samples:
        e = quad_expectation(name, *s)
        tol = 1e-9 * (1 + abs(e))  # quad's own error
        worst = max(worst, (lo - e - tol) / (1 + abs(e)), (e - hi - tol) / (1 + abs(e)))
    return worst


@pytest.fixture(scope="module")
def grid():
    return CellGrid.make(1024)


# -- the cell grid ------------------------------------------------------------------------------------
def _Phi(x):
    return mpmath.erfc(-mpmath.mpf(float(x)) / mpmath.sqrt(2)) / 2


def cell_probability_violation(grid: CellGrid, cells) -> float:
    """Largest relative distance by which an exact cell probability falls outside [prob_lo, prob_hi]."""
    mpmath.mp.dps = 40
    worst = -math.inf
    for i in cells:
        exact = _Phi(grid.edges[i + 1]) - _Phi(grid.edges[i])
        lo, hi = mpmath.mpf(float(grid.prob_lo[i])), mpmath.mpf(float(grid.prob_hi[i]))
        worst = max(worst, float((lo - exact) / exact), float((exact - hi) / exact))
    return worst


def test_cell_grid_structure_and_total_mass(grid):
    e = grid.edges
    assert e[0] == -grid.L and e[-1] == grid.L and 0.0 in e and np.all(np.diff(e) > 0)
    assert np.all(grid.prob_lo <= grid.prob_hi) and np.all(grid.prob_lo >= 0)
    mpmath.mp.dps = 40
    exact_tail = _Phi(-grid.L)
    assert abs(grid.tail_prob - exact_tail) <= 1e-12 * exact_tail
    # the lower cell probabilities are widened on purpose (64 eps, and 1e-12 relative to the operands)
    assert abs(grid.prob_lo.sum() + 2 * grid.tail_prob - 1) < 1e-9
    # every seventh cell within a small relative error (the exact enclosure of all cells: the next test)
    assert cell_probability_violation(grid, range(0, len(e) - 1, 7)) <= 1e-10


def test_cell_grid_probabilities_enclose_exact_in_every_cell(grid):
    assert cell_probability_violation(grid, range(len(grid.edges) - 1)) <= 0


# -- point coefficients -------------------------------------------------------------------------------
POINTS = [(0.3, 0.5, 0.0), (-0.2, 1.0, 0.3), (0.0, 0.0, 0.0), (0.1, -1.2, -0.7), (-1.5, 0.4, 2.0)]


@pytest.mark.parametrize("name", sorted(PSIS))
@pytest.mark.parametrize("abc", POINTS)
def test_degenerate_intervals_enclose_and_are_tight(grid, name, abc):
    a, b, c = abc
    if a > PSIS[name][3]:
        pytest.skip("outside the finite range of this psi")
    assert enclosure_violation(name, abc, abc, [abc], grid) <= 0
    psi, _, env, _ = PSIS[name]
    enc = expectation_enclosure(psi, env, Interval([a]), Interval([b]), Interval([c]), grid)
    e = quad_expectation(name, a, b, c)
    lo, hi = float(enc.lo[0]), float(enc.hi[0])
    if name == "identity" and a < 0:
        return  # psi(-inf) = -inf: the tail's lower bound is -inf by design
    # the cells are ~0.03 wide: the steep exp(2 v) is enclosed to ~15 %, the others to a few %
    assert hi - lo <= (0.2 if name == "exp2" else 0.05) * (1 + abs(e))


# -- boxes -------------------------------------------------------------------------------------------
@st.composite
def boxes(draw, a_max):
    a0 = draw(st.floats(-0.6, a_max))
    b0 = draw(st.floats(-1.5, 1.5))
    c0 = draw(st.floats(-1.0, 1.0))
    w = draw(st.tuples(*(st.floats(0.0, 0.1) for _ in range(3))))
    lo = (a0, b0, c0)
    hi = (min(a0 + w[0], a_max), b0 + w[1], c0 + w[2])
    fr = draw(st.lists(st.tuples(*(st.floats(0, 1) for _ in range(3))), min_size=1, max_size=2))
    samples = [tuple(lo[i] + f[i] * (hi[i] - lo[i]) for i in range(3)) for f in fr]
    samples += [lo, hi, (lo[0], hi[1], lo[2]), (hi[0], lo[1], hi[2])]
    return lo, hi, samples


@pytest.mark.parametrize("name", sorted(PSIS))
@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_box_enclosure_contains_every_sampled_expectation(grid, name, data):
    lo, hi, samples = data.draw(boxes(PSIS[name][3]))
    assert enclosure_violation(name, lo, hi, samples, grid) <= 0


CONVEX_PSIS = ["exp", "exp2", "softplus", "identity"]  # convex and non-decreasing


@pytest.mark.parametrize("name", CONVEX_PSIS)
@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_convex_box_enclosure_contains_every_sampled_expectation(grid, name, data):
    lo, hi, samples = data.draw(boxes(PSIS[name][3]))
    assert enclosure_violation(name, lo, hi, samples, grid, convex=True) <= 0


@pytest.mark.parametrize("name", CONVEX_PSIS)
@pytest.mark.parametrize("abc", [(0.3, 0.5, 0.0), (0.1, -1.2, -0.7), (0.05, 1.0, 0.3), (0.0, 0.8, -0.2)])
def test_convex_enclosure_is_second_order_tight(grid, name, abc):
    if abc[0] > PSIS[name][3]:
        pytest.skip("outside the finite range of this psi")
    if name == "identity" and abc[0] <= 0:
        pytest.skip("psi(-inf) = -inf: the tail's lower bound is -inf by design")
    psi, _, env, _ = PSIS[name]
    first = expectation_enclosure(psi, env, *(Interval([x]) for x in abc), grid)
    second = expectation_enclosure(psi, env, *(Interval([x]) for x in abc), grid, convex=True)
    e = quad_expectation(name, *abc)
    assert float(second.lo[0]) <= e <= float(second.hi[0])
    w1, w2 = float(first.hi[0] - first.lo[0]), float(second.hi[0] - second.lo[0])
    assert w2 <= w1 and w2 <= 3e-3 * (1 + abs(e))


def test_cell_conditional_means_within_their_allowance(grid):
    mpmath.mp.dps = 40

    def pdf(x):
        return mpmath.exp(-mpmath.mpf(float(x)) ** 2 / 2) / mpmath.sqrt(2 * mpmath.pi)

    for i in (270, 427):
        z0, z1 = grid.edges[i], grid.edges[i + 1]
        exact = (pdf(z0) - pdf(z1)) / (_Phi(z1) - _Phi(z0))
        dz = 1e-12 * (1 + abs(float(grid.cond_mean[i])))
        assert abs(mpmath.mpf(float(grid.cond_mean[i])) - exact) <= dz


def test_cell_conditional_means_are_accurate_on_ordinary_cells(grid):
    mpmath.mp.dps = 40

    def pdf(x):
        return mpmath.exp(-mpmath.mpf(float(x)) ** 2 / 2) / mpmath.sqrt(2 * mpmath.pi)

    e = grid.edges
    for i in range(0, len(e) - 1, 9):
        exact = (pdf(e[i]) - pdf(e[i + 1])) / (_Phi(e[i + 1]) - _Phi(e[i]))
        assert abs(float(grid.cond_mean[i]) - float(exact)) <= 1e-9
        assert e[i] <= grid.cond_mean[i] <= e[i + 1]
        w1 = (float(exact) - e[i]) / (e[i + 1] - e[i])
        assert abs(grid.chord_w1[i] - w1) <= 1e-6


def test_vectorised_over_boxes_matches_one_at_a_time(grid):
    psi, _, env, _ = PSIS["softplus"]
    a = Interval([0.1, -0.3, 0.0], [0.2, -0.1, 0.0])
    b = Interval([-1.0, 0.0, 0.5], [-0.5, 0.5, 0.5])
    c = Interval([0.0, -1.0, 0.2], [0.1, 1.0, 0.2])
    enc = expectation_enclosure(psi, env, a, b, c, grid)
    assert enc.lo.shape == (3,)
    for i in range(3):
        one = expectation_enclosure(psi, env, a[i:i + 1], b[i:i + 1], c[i:i + 1], grid)
        assert one.lo[0] == enc.lo[i] and one.hi[0] == enc.hi[i]
        for corner in [(a.lo[i], b.lo[i], c.lo[i]), (a.hi[i], b.hi[i], c.hi[i])]:
            e = quad_expectation("softplus", *map(float, corner))
            assert enc.lo[i] <= e <= enc.hi[i]


# -- infinite expectations -----------------------------------------------------------------------------
@pytest.mark.parametrize("name, a_lo, a_hi", [
    ("exp", 0.5, 0.5),  # 1 - 2 kappa a = 0
    ("exp", 0.4, 0.6),
    ("exp", 0.7, 0.8),
    ("exp2", 0.25, 0.25),  # kappa = 2
    ("exp2", 0.2, 0.3),
])
def test_infinite_upper_bound_when_exponent_not_negative_definite(grid, name, a_lo, a_hi):
    psi, _, env, _ = PSIS[name]
    enc = expectation_enclosure(psi, env, Interval([a_lo], [a_hi]), Interval([0.2]), Interval([0.0]), grid)
    assert float(enc.hi[0]) == math.inf
    lo = float(enc.lo[0])
    assert math.isfinite(lo)
    # the lower bound stays valid: below E at a_lo when finite, else below a truncated integral (< E = inf)
    if 1 - 2 * env.kappa * a_lo > 0:
        assert lo <= quad_expectation(name, a_lo, 0.2, 0.0)
    else:
        k, shift = PSIS[name][1]

        def f(z):
            return math.exp(k * (a_lo * z * z + 0.2 * z) - 0.5 * z * z - LOG_SQRT_2PI)

        trunc = integrate.quad(f, -30, 30, limit=200)[0] + shift
        assert lo <= trunc


def test_bounded_psi_has_finite_upper_bound_for_any_a(grid):
    psi, _, env, _ = PSIS["bounded"]
    enc = expectation_enclosure(psi, env, Interval([5.0], [6.0]), Interval([0.0]), Interval([0.0]), grid)
    assert math.isfinite(float(enc.hi[0])) and float(enc.hi[0]) <= 1.0 + 1e-12
    for a in (5.0, 6.0):
        e = quad_expectation("bounded", a, 0.0, 0.0)
        assert float(enc.lo[0]) <= e <= float(enc.hi[0])


# -- the unimodal lower bound ----------------------------------------------------------------------------
UNIMODAL = {
    "kl_tilde": lambda v: np.exp(np.minimum(v, 700.0)) - 1.0 - v,  # f(e^v) - f(1) - f'(1)(e^v - 1) for KL
    "square": lambda v: np.asarray(v, dtype=float) ** 2,
    "abs": lambda v: np.abs(v),
    "capped": lambda v: np.minimum(np.asarray(v, dtype=float) ** 2, 1.0),
}


def quad_unimodal(name, a, b, c):
    F = UNIMODAL[name]

    def f(z):
        q = a * z * z + b * z + c
        w = -0.5 * z * z - LOG_SQRT_2PI
        if name == "kl_tilde":  # (e^q - 1 - q) phi(z), the exponential weighed in log space
            return math.exp(q + w) - (1.0 + q) * math.exp(w)
        return float(F(np.float64(q))) * math.exp(w)

    return sum(integrate.quad(f, lo, hi, epsabs=1e-13, epsrel=1e-11, limit=200)[0]
               for lo, hi in [(-math.inf, 0.0), (0.0, math.inf)])


@pytest.mark.parametrize("name", sorted(UNIMODAL))
@settings(max_examples=12, deadline=None)
@given(data=st.data())
def test_unimodal_lower_bound_below_every_sampled_expectation(grid, name, data):
    lo, hi, samples = data.draw(boxes(0.3))
    lb = unimodal_lower_bound(UNIMODAL[name], Interval([lo[0]], [hi[0]]), Interval([lo[1]], [hi[1]]),
                              Interval([lo[2]], [hi[2]]), grid)
    assert lb.shape == (1,)
    for s in samples:
        e = quad_unimodal(name, *s)
        assert lb[0] <= e + 1e-9 * (1 + e)


@pytest.mark.parametrize("name", sorted(UNIMODAL))
@pytest.mark.parametrize("abc", [(0.2, 0.3, -0.4), (-0.4, 1.0, 0.5), (0.0, 0.0, 1.0)])
def test_unimodal_lower_bound_is_tight_for_point_coefficients(grid, name, abc):
    lb = unimodal_lower_bound(UNIMODAL[name], *(Interval([x]) for x in abc), grid)[0]
    e = quad_unimodal(name, *abc)
    assert e - 0.02 * (1 + e) <= lb <= e + 1e-12


def test_mutation_wrong_chord_weights_are_caught(monkeypatch):
    box = (0.1, -1.2, -0.7)
    grid = CellGrid.make(256)
    assert enclosure_violation("exp2", box, box, [box], grid, convex=True) <= 0
    real_make = CellGrid.make

    def bad_make(*args, **kwargs):  # chord weights lost: the "chord" is g(z1), its right end (g decreases
        g = real_make(*args, **kwargs)  # over most of the mass here: an underestimate)
        return dataclasses.replace(g, chord_w1=np.ones_like(g.chord_w1))

    monkeypatch.setattr(CellGrid, "make", staticmethod(bad_make))
    assert enclosure_violation("exp2", box, box, [box], CellGrid.make(256), convex=True) > 1e-4


# -- mutation: an underestimated Gaussian tail must be caught -----------------------------------------------
def test_mutation_tail_bound_underestimate_is_caught(monkeypatch):
    grid = CellGrid.make(512, L=3.0)  # a short grid: the tail bound carries real mass
    box = (0.3, 0.5, 0.0)
    assert enclosure_violation("exp", box, box, [box], grid) <= 0

    class ShrunkTail:
        def __getattr__(self, name):
            return getattr(special, name)

        @staticmethod
        def log_ndtr(x):  # tail probability divided by e
            return special.log_ndtr(x) - 1.0

    monkeypatch.setattr(cq, "special", ShrunkTail())
    assert enclosure_violation("exp", box, box, [box], grid) > 1e-3
