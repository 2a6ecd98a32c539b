"""gantheory.certify.wgan: the certified lower bound on the minimal Nash gap never exceeds the closed-form
gap (gantheory.exact.wgan) on a grid of generators.

The closed forms themselves are checked against scipy quadrature, POT and Monte Carlo in tests/exact/.
"""


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gantheory.certify import wgan as cw
from gantheory.exact import wgan as ew

SIGMA, T = 1.5, 1.0


# -- WGAN -------------------------------------------------------------------------------------------
def wgan_grid_min(sigma, t, n=41):
    s = np.linspace(0.0, 1.0, n)
    u = np.linspace(-t, t, 2 * n - 1)
    return min(ew.nash_gap_at_best_response(sigma, si, ui, t) for si in s for ui in u)


def wgan_certificate_excess(sigma, t, n=21) -> float:
    """certified lower minus the smallest closed-form gap on an (s, u) grid (> 0: invalid)."""
    return cw.certify_min_gap(sigma, t).lower - wgan_grid_min(sigma, t, n)


@settings(max_examples=15, deadline=None)
@given(sigma=st.floats(1.05, 4.0), t=st.floats(0.05, 3.0))
def test_wgan_certificate_brackets_the_grid_minimum(sigma, t):
    cert = cw.certify_min_gap(sigma, t)
    assert cert.converged
    gmin = wgan_grid_min(sigma, t, 21)
    assert cert.lower <= gmin + 1e-12
    assert cert.lower >= gmin - 1e-3 * abs(gmin) - 1e-9  # rel_tol 1e-3 and the minimum on the grid's corner
    assert ew.nash_gap_at_best_response(sigma, cert.argmin_s, cert.argmin_u, t) == pytest.approx(cert.upper,
                                                                                                 rel=1e-12)
    assert cert.lower > 0


def test_wgan_certificate_rejects_sigma_at_most_one():
    with pytest.raises(ValueError, match="sigma > 1"):
        cw.certify_min_gap(1.0, 0.5)


def test_mutation_deflated_g_in_wgan_certificate_is_caught(monkeypatch):
    """g(r) = 2 (phi(r) - r Phi(-r)) under-estimated by 2 %: the gap t + u + g(t + c) - s g(r) at the
    minimiser (1, 0) becomes t - 0.98 (g(0) - g(t)), above the truth; the unmutated run stays below."""
    assert wgan_certificate_excess(SIGMA, T) <= 0
    real = cw._g_bounds
    monkeypatch.setattr(cw, "_g_bounds", lambda r: tuple(0.98 * x for x in real(r)))
    assert wgan_certificate_excess(SIGMA, T) > 1e-3
