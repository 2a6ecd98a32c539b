"""gantheory.proximal.fgan against independent numerics: adaptive quadrature, the nested optimisation itself at
small u on both sides of the computed thresholds, sampled discriminators below the relaxation bound."""

import math

import numpy as np
import pytest
from scipy import integrate

from gantheory.games.divergences import get_divergence
from gantheory.proximal import fgan as pf
from gantheory.proximal import fgan_local as pl

SIG = 1.25


def _quad(f, m=0.0, sd=SIG):
    return integrate.quad(f, m - 30 * sd, m + 30 * sd, epsabs=1e-13, epsrel=1e-12, limit=400)[0]


def _pdf(x, m, s):
    return math.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))


@pytest.mark.parametrize("div", ["kl", "js"])
def test_value_and_penalty_match_adaptive_quadrature(div):
    F = get_divergence(div)
    th, ref, s, u = np.array([-0.12, -0.2, 0.05]), pf.theta_of(SIG, 1.0, 0.0), 0.7, 0.3
    D = lambda x: float(F.chi(th[0] * x * x + th[1] * x + th[2]))  # noqa: E731
    want = _quad(lambda x: _pdf(x, 0, SIG) * D(x)) - _quad(lambda x: _pdf(x, u, s) * float(F.conj(D(x))), u, s)
    assert pf.value(div, SIG, s, u, th) == pytest.approx(want, abs=1e-9)
    h = 1e-6
    dD = lambda x, t: (float(F.chi(t[0] * (x + h) ** 2 + t[1] * (x + h) + t[2]))  # noqa: E731
                       - float(F.chi(t[0] * (x - h) ** 2 + t[1] * (x - h) + t[2]))) / (2 * h)
    pen = _quad(lambda x: _pdf(x, 0, SIG) * (dD(x, th) - dD(x, ref)) ** 2)
    assert pf.sobolev_sq(div, SIG, th, ref) == pytest.approx(pen, rel=1e-6)


def test_kl_thresholds_equal_closed_form():
    for sigma in (1.25, 2.0):
        cf = sigma**2 / (2 * (sigma**2 - 1))
        assert pl.local_threshold_family("kl", sigma) == pytest.approx(cf, rel=1e-9)
        assert pl.local_threshold_all("kl", sigma) == pytest.approx(cf, rel=1e-7)


@pytest.mark.parametrize("div", ["kl", "js"])
def test_threshold_separates_the_nested_optimisation(div):
    """V_prox over the family at G_u = (1, 0.05) against M(G*): above below lam*, below above it."""
    lam = pl.local_threshold_family(div, SIG)
    ref = pf.theta_of(SIG, 1.0, 0.0)
    M = pf.divergence(div, SIG, 1.0, 0.0)
    below = pf.prox_value(div, SIG, 0.8 * lam, 1.0, 0.05, ref).value - M
    above = pf.prox_value(div, SIG, 1.25 * lam, 1.0, 0.05, ref).value - M
    assert below > 0 > above


def test_js_all_d_threshold_above_family():
    assert pl.local_threshold_all("js", SIG) > 1.05 * pl.local_threshold_family("js", SIG)


def test_shift_lowers_value_kl_closed_form():
    M = pf.divergence("kl", SIG, 1.0, 0.0)
    for c in (-0.5, 0.3):
        assert M - pl.shifted_value("kl", SIG, 1.0, 0.0, c) == pytest.approx(math.exp(c) - 1 - c, rel=1e-9)
    assert pl.shifted_value("js", SIG, 1.0, 0.0, 0.1) == -math.inf  # leaves dom f* = (-inf, log 2)


def test_prox_value_refuses_nonpositive_lambda():
    with pytest.raises(ValueError, match="lam"):
        pf.prox_value("kl", SIG, 0.0, 1.0, 0.0, pf.theta_of(SIG, 1.0, 0.0))
