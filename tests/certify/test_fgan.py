"""gantheory.certify.fgan: the certified lower bound on the minimal Nash gap never exceeds the closed-form
gap (gantheory.exact.fgan) at sampled generators.

The closed forms themselves are checked against scipy quadrature, POT and Monte Carlo in tests/exact/.
"""

import math

import numpy as np
import pytest

from gantheory.certify import fgan as cf
from gantheory.certify import interval as iv
from gantheory.certify.interval import Interval
from gantheory.certify.quadrature import CellGrid
from gantheory.exact import fgan as ef
from gantheory.games.divergences import F_TABLE

SIGMA, T = 1.5, 1.0
FAST_KEYS = ["js", "squared_hellinger", "reverse_kl", "kl"]


@pytest.fixture(scope="module")
def grid():
    return CellGrid.make(1024)


@pytest.fixture(scope="module")
def fgan_certs():
    return {k: cf.certify_min_gap(F_TABLE[k], SIGMA, T, max_boxes=200) for k in FAST_KEYS}


def _sample_generators(rng, n, t):
    s = np.concatenate([[1.0, 1.0, 0.5], rng.uniform(0, 1, n)])
    s = np.where(s == 0, 1e-3, s)  # s in (0, 1]
    u = np.concatenate([[0.0, t, -t], rng.uniform(-t, t, n)])
    return s, u


# -- f-GAN -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", FAST_KEYS)
def test_fgan_certified_lower_below_closed_form_gaps(fgan_certs, key):
    cert = fgan_certs[key]
    div = F_TABLE[key]
    assert math.isfinite(cert.lower) and cert.lower > 0  # Theorem 1: the gap is bounded away from 0
    assert cert.lower <= cert.upper
    # the incumbent is the closed-form gap at the reported argmin
    gap_at_arg = ef.nash_gap_at_best_response(div, SIGMA, cert.argmin_s, cert.argmin_u, T)
    assert gap_at_arg <= cert.upper * (1 + 1e-9) + 1e-12
    rng = np.random.default_rng(hash(key) % 2**32)
    s, u = _sample_generators(rng, 40, T)
    gaps = np.array([ef.nash_gap_at_best_response(div, SIGMA, si, ui, T) for si, ui in zip(s, u, strict=True)])
    assert np.all(gaps >= cert.lower)
    # the bound is not vacuous: it is within a factor 2 of the best sampled gap (at (1, 0))
    assert cert.lower >= 0.5 * gaps.min()


def test_fgan_certificate_respects_the_reflection_symmetry():
    # the certificate searches u in [0, t] only; the closed-form gap must be even in u
    for key in FAST_KEYS:
        div = F_TABLE[key]
        for s, u in [(0.9, 0.4), (0.6, 0.8), (1.0, 0.1)]:
            a = ef.nash_gap_at_best_response(div, SIGMA, s, u, T)
            b = ef.nash_gap_at_best_response(div, SIGMA, s, -u, T)
            assert a == pytest.approx(b, rel=1e-10)


def test_fgan_certificate_nonconvex_psi_neyman():
    # Neyman's t^2 f'' is decreasing: the best reply is found on a grid; the bound must still hold
    div = F_TABLE["neyman"]
    cert = cf.certify_min_gap(div, SIGMA, T, max_boxes=150)
    rng = np.random.default_rng(7)
    s, u = _sample_generators(rng, 20, T)
    for si, ui in zip(s, u, strict=True):
        assert cert.lower <= ef.nash_gap_at_best_response(div, SIGMA, si, ui, T)


def test_fgan_certificate_pearson_infinite_region():
    # Pearson chi^2: int q f(p/q) = inf for s^2 <= sigma^2 / 2; with sigma = 1.5 that is every s <= 1
    cert = cf.certify_min_gap(F_TABLE["pearson"], SIGMA, T, max_boxes=50)
    assert cert.lower == math.inf
    for s in (0.2, 0.7, 1.0):
        assert ef.nash_gap_at_best_response(F_TABLE["pearson"], SIGMA, s, 0.3, T) == math.inf


def direct_bound_excess(key, box, grid) -> float:
    """_direct_lower over the box minus the smallest closed-form gap at points of the box (> 0: invalid)."""
    div = F_TABLE[key]
    s0, s1, u0, u1 = box
    lb = float(cf._direct_lower(div, SIGMA, T, Interval([s0], [s1]), Interval([u0], [u1]), grid)[0])
    pts = [(s, u) for s in (s0, 0.5 * (s0 + s1), s1) for u in (u0, 0.5 * (u0 + u1), u1)]
    return lb - min(ef.nash_gap_at_best_response(div, SIGMA, s, u, T) for s, u in pts)


BOXES = [(0.5, 0.52, 0.3, 0.32), (0.95, 1.0, 0.0, 0.05), (0.9, 0.92, 0.5, 0.52), (0.2, 0.25, 0.8, 0.85),
         (0.05, 0.06, 0.0, 0.02), (0.99, 1.0, 0.95, 1.0)]


@pytest.mark.parametrize("key", FAST_KEYS + ["neyman"])
@pytest.mark.parametrize("box", BOXES)
def test_direct_box_bound_below_gaps_inside_the_box(grid, key, box):
    assert direct_bound_excess(key, box, grid) <= 0


def test_infinite_threshold_matches_exact_finiteness():
    for div in F_TABLE.values():
        thr = cf._infinite_threshold(div, SIGMA)
        for s in np.linspace(0.05, 1.0, 20):
            assert (s * s <= thr) == (not ef.divergence_is_finite(div, SIGMA, s))


def test_mutation_wrong_log_ratio_constant_is_caught(grid, monkeypatch):
    box = (0.9, 0.92, 0.5, 0.52)
    for key in ("js", "squared_hellinger"):
        assert direct_bound_excess(key, box, grid) <= 0

    class ShiftedLog:  # gamma = log(s / sigma) + 0.3: a wrong log density ratio
        def __getattr__(self, name):
            return getattr(iv, name)

        @staticmethod
        def log(x):
            out = iv.log(x)
            return Interval._make(out.lo + 0.3, out.hi + 0.3)

    monkeypatch.setattr(cf, "iv", ShiftedLog())
    for key in ("js", "squared_hellinger"):
        assert direct_bound_excess(key, box, grid) > 0.01
