"""Phase-diagram points against the closed forms and an independent quadrature."""

from __future__ import annotations

import math

import pytest
from scipy import integrate

from gantheory.proximal.phase import phase_point, w2gan_threshold, wgan_min_gap


@pytest.mark.parametrize("t", [1e-3, 0.5, 2.0])
def test_wgan_min_gap_by_quadrature(t):
    def integrand(z):
        return (abs(t + z) - abs(z)) * math.exp(-z * z / 2) / math.sqrt(2 * math.pi)

    ref, _ = integrate.quad(integrand, -40, 40, points=[-t, 0.0], epsabs=1e-14, epsrel=1e-12)
    assert wgan_min_gap(t) == pytest.approx(ref, rel=1e-9)


def test_fine_point_is_the_closed_forms():
    sigma, t, eta = 1.5, 0.3, 0.5
    r = phase_point("fine", sigma, t, eta)
    assert set(r) == {"wgan", "w2gan"}
    assert r["w2gan"] == pytest.approx(eta * (sigma - 1) * t * t, rel=1e-9)  # proofs/theorem_1_w2gan
    assert r["wgan"] == pytest.approx(wgan_min_gap(t), rel=1e-9)  # proofs/theorem_1_wgan


def test_coarse_point_checks():
    sigma, t, eta = 1.5, 0.3, 0.5
    r = phase_point("coarse", sigma, t, eta, search=5, n=9)
    # (1, 0) is on the 5 x 5 search grid and is the minimiser: the search equals the closed form
    assert r["wgan_search"] == pytest.approx(r["wgan"], rel=1e-12)
    assert r["w2gan_search"] == pytest.approx(r["w2gan"], rel=1e-12)
    assert r["cert_converged"] and r["cert_lower"] <= r["wgan"] * (1 + 1e-12)
    assert r["cert_lower"] >= r["wgan"] * (1 - 1e-3)  # the certificate's rel_tol
    assert abs(r["threshold"] / (sigma / (4 * eta * (sigma - 1))) - 1) < 5e-3
    with pytest.raises(ValueError, match="kind"):
        phase_point("medium", sigma, t, eta)


def test_threshold_against_the_formula_and_theorem_2():
    sigma, t, eta = 2.0, 0.2, 1.0
    thr = w2gan_threshold(sigma, t, eta, n=9)
    assert thr >= 1 / (4 * eta)  # Theorem 2
    assert abs(thr / (sigma / (4 * eta * (sigma - 1))) - 1) < 5e-3  # bisection to 1e-3 on log lam
