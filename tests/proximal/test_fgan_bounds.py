"""gantheory.proximal.fgan_bounds: the bounds over every D against sampled discriminators, the family's V_prox (a
lower bound) and grid refinement."""

import math

import numpy as np
import pytest

from gantheory.proximal import fgan as pf
from gantheory.proximal import fgan_bounds as fb
from gantheory.proximal import fgan_local as pl

SIG = 1.25


@pytest.mark.parametrize("div", ["kl", "js"])
def test_relaxation_bounds_sampled_discriminators(div):
    rng = np.random.default_rng(0)
    ref = pf.theta_of(SIG, 1.0, 0.0)
    lam, s, u = 0.7, 0.9, 0.4
    ub, _, _ = fb.upper_bound(div, SIG, lam, s, u)
    fam = pf.prox_value(div, SIG, lam, s, u, ref).value
    assert fam <= ub + 1e-9
    for _ in range(20):
        th = ref + rng.normal(0, 0.1, 3)
        v = pf.value(div, SIG, s, u, th)
        if math.isfinite(v):
            assert v - lam * pf.sobolev_sq(div, SIG, th, ref) <= ub + 1e-9


@pytest.mark.parametrize("div", ["kl", "js"])
def test_second_order_bounds_bracket_the_family(div):
    """lower (explicit D) <= upper (relaxation) over every D, and the family's V_prox (a lower bound too) below the
    upper bound, on both sides of the threshold; the bracket closes like u^4."""
    lam_all = pl.local_threshold_all(div, SIG)
    ref = pf.theta_of(SIG, 1.0, 0.0)
    for fac in (0.9, 1.1):
        for u in (0.02, 0.1):
            lo = fb.lower_second_order(div, SIG, fac * lam_all, u)
            up = fb.relaxation_second_order(div, SIG, fac * lam_all, u)
            fam = pf.prox_value(div, SIG, fac * lam_all, 1.0, u, ref).value
            assert lo <= up + 1e-10 and fam <= up + 1e-10
    w1 = fb.relaxation_second_order(div, SIG, lam_all, 0.02) - fb.lower_second_order(div, SIG, lam_all, 0.02)
    w2 = fb.relaxation_second_order(div, SIG, lam_all, 0.04) - fb.lower_second_order(div, SIG, lam_all, 0.04)
    assert 0 <= w1 < 1e-8 and w2 < 40 * max(w1, 1e-12)


def test_second_order_bounds_converge_in_the_grid():
    for f in (fb.relaxation_second_order, fb.lower_second_order):
        a, b = f("js", SIG, 3.0, 0.1, n=3001), f("js", SIG, 3.0, 0.1, n=12001)
        assert abs(a - b) < 1e-8
