"""Figure 3's curves against the closed forms of the 1-D Gaussian games (proofs/theorem_1_w2gan,
proofs/theorem_1_wgan), and the power fit on synthetic power laws."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from gantheory.proximal.gap_curve import power_fit, w2gan_gap_curve, wgan_gap_curve
from gantheory.proximal.thresholds import conjectured_threshold

SIGMA, T, ETA, TOL = 1.25, 0.5, 0.5, 1e-9


def folded_mean(x: float) -> float:
    """E|x + Z|, Z ~ N(0, 1), written out independently of gantheory.exact."""
    return x * special.erf(x / math.sqrt(2)) + math.sqrt(2 / math.pi) * math.exp(-x * x / 2)


def test_w2gan_curve_ends_at_the_closed_forms():
    c = w2gan_gap_curve(SIGMA, T, ETA, TOL, np.array([1e-3, 1e3]), n=11, refine=1)
    # G* = (1, 0) minimises eta (u^2 + (sigma - s)^2) over s <= 1; D* = (eta (1 - 1/sigma), 0) (eq. (9))
    assert c.G_star == pytest.approx((1.0, 0.0), abs=1e-6)
    assert c.D_star == pytest.approx((ETA * (1 - 1 / SIGMA), 0.0), abs=1e-6)
    assert c.v_star == pytest.approx(ETA * (SIGMA - 1) ** 2, rel=1e-9)  # eta W2^2(N(0, sigma^2), N(0, 1))
    assert c.tol == pytest.approx(TOL * (1 + c.v_star))
    # lam -> inf: minus the Nash gap at (G*, D*), eta (sigma - 1) t^2 in closed form
    assert c.nash == pytest.approx(-ETA * (SIGMA - 1) * T * T, rel=1e-9)
    assert abs(c.gap[-1] - c.nash) < 1e-2 * abs(c.nash)
    assert c.gap[0] >= -c.tol  # small lam: (G*, D*) is a proximal equilibrium
    assert abs(c.stackelberg) < 1e-9  # G* minimises max_D V = the divergence, and lies on the grid
    assert c.theorem_lambda == 1 / (4 * ETA) and c.gap_at_theorem >= -c.tol  # Theorem 2
    assert c.formula == conjectured_threshold(SIGMA, ETA) == pytest.approx(SIGMA / (4 * ETA * (SIGMA - 1)))
    assert abs(c.threshold / c.formula - 1) < 5e-3  # bisection to 1e-3 on log lam
    assert np.array_equal(c.lams, [1e-3, 1e3]) and c.worst_s.shape == c.worst_u.shape == (2,)


def test_wgan_curve_ends_at_the_closed_forms():
    c = wgan_gap_curve(SIGMA, T, TOL, np.array([1e-2, 1e2]), n=7)
    assert c.v_star == pytest.approx((SIGMA - 1) * math.sqrt(2 / math.pi), rel=1e-9)  # W1 = E|(sigma - 1) Z|
    assert c.nash == pytest.approx(-(folded_mean(T) - folded_mean(0.0)), rel=1e-9)
    assert abs(c.gap[-1] - c.nash) < 1e-2 * abs(c.nash)  # lam = 100
    assert np.all(c.gap <= 1e-9)  # V_prox(G*, D*) >= V*, so the minimum over G is at most 0
    assert c.gap[0] < -c.tol and c.threshold == 0.0  # no proximal equilibrium on the range (Figure 3, right)
    assert c.theorem_lambda == 0.0  # inf |x (1 - 1/sigma)| over a grid through x = 0
    assert math.isnan(c.formula) and math.isnan(c.gap_at_theorem)


def test_power_fit_recovers_a_power_law_on_the_small_lam_half():
    lams = np.geomspace(1e-4, 1e2, 9)
    dips = 3.0 * lams**0.5
    dips[5:] = 7.0  # the larger-lam half is left out of the fit
    c, p, k = power_fit(lams, dips, floor=1e-12)
    assert (c, p, k) == (pytest.approx(3.0, rel=1e-9), pytest.approx(0.5, rel=1e-9), 5)
    below = np.full(9, 1e-12)
    assert math.isnan(power_fit(lams, below, floor=1e-12)[0]) and power_fit(lams, below, floor=1e-12)[2] == 0
