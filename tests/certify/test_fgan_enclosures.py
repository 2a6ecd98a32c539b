"""gantheory.certify.fgan_enclosures: the closed-form exp enclosure against quadrature over coefficient
boxes, and the divergence enclosure / lower bound against the closed form (gantheory.exact.fgan)."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from gantheory.certify import fgan_enclosures as fe
from gantheory.certify.interval import Interval
from gantheory.certify.quadrature import CellGrid
from gantheory.exact import fgan as ef
from gantheory.games.divergences import F_TABLE

SIGMA, T = 1.5, 1.0


@pytest.fixture(scope="module")
def grid():
    return CellGrid.make(1024)


@pytest.mark.parametrize("key", ["js", "squared_hellinger", "reverse_kl", "neyman", "gan", "pearson"])
def test_divergence_enclosure_and_lower_contain_closed_form(grid, key):
    div = F_TABLE[key]
    rng = np.random.default_rng(3)
    for _ in range(4):
        s_hi = rng.uniform(0.75, 1.0)  # Pearson finite needs s^2 > sigma'^2/2
        u0 = rng.uniform(0, T)
        sig2 = (SIGMA**2, SIGMA**2 + rng.uniform(0, 0.1))
        Uv = Interval([u0], [u0 + 0.05])
        enc = fe.divergence_enclosure(div, Interval([sig2[0]], [sig2[1]]), np.array([s_hi]), Uv, grid)
        low = fe.divergence_lower(div, Interval([sig2[0]], [sig2[1]]), np.array([s_hi]), Uv, grid)[0]
        for sg2 in sig2:
            for u in (u0, u0 + 0.05):
                d = ef.divergence(div, math.sqrt(sg2), s_hi, u)
                if key == "pearson" and not math.isfinite(d):
                    continue
                assert enc.lo[0] <= d * (1 + 1e-12) + 1e-12 and d <= enc.hi[0] * (1 + 1e-12) + 1e-12
                assert low <= d + 1e-12


def _quad_exp(kappa, a, b, c):
    """E[exp(kappa (a Z^2 + b Z + c))] by quadrature (log-space integrand)."""
    def g(z):
        return math.exp(kappa * (a * z * z + b * z + c) - 0.5 * z * z - 0.5 * math.log(2 * math.pi))

    return integrate.quad(g, -math.inf, 0.0, epsrel=1e-11)[0] + integrate.quad(g, 0.0, math.inf, epsrel=1e-11)[0]


@pytest.mark.parametrize("kappa", [1.0, 2.0, 0.5, -0.5, -1.0, -2.0])
@settings(max_examples=10, deadline=None)
@given(a0=st.floats(-0.5, 0.2), b0=st.floats(-1.5, 1.5), c0=st.floats(-1.0, 1.0),
       w=st.tuples(st.floats(0, 0.1), st.floats(0, 0.3), st.floats(0, 0.3)), fr=st.tuples(*[st.floats(0, 1)] * 3))
def test_exp_closed_form_enclosure_contains_quadrature(kappa, a0, b0, c0, w, fr):
    lo, hi = (a0, b0, c0), (a0 + w[0], b0 + w[1], c0 + w[2])
    enc = fe.exp_enclosure(kappa, Interval([lo[0]], [hi[0]]), Interval([lo[1]], [hi[1]]),
                            Interval([lo[2]], [hi[2]]))
    for pt in [lo, hi, tuple(lo[i] + fr[i] * (hi[i] - lo[i]) for i in range(3))]:
        if 1 - 2 * kappa * pt[0] <= 0.05:  # infinite or too heavy-tailed for the reference
            continue
        e = _quad_exp(kappa, *pt)
        assert enc.lo[0] <= e * (1 + 1e-9) and e <= enc.hi[0] * (1 + 1e-9)


def test_exp_closed_form_enclosure_infinite_when_not_integrable():
    enc = fe.exp_enclosure(1.0, Interval([0.4], [0.6]), Interval([0.0]), Interval([0.0]))
    assert enc.hi[0] == math.inf and enc.lo[0] == pytest.approx(1 / math.sqrt(0.2), rel=1e-9)
