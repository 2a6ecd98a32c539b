"""The 1-D WGAN proximal objective over all 1-Lipschitz D against sampled deviations and exact limits."""

import math

import numpy as np
import pytest
from scipy import integrate, special

from gantheory.exact.wgan import AbsDiscriminator, w1
from gantheory.proximal import wgan as pw

SIGMA = 1.25


def penalised(sigma, s, u, g, h, lam):
    """Independent value of one candidate D' given by its derivative g: V(G, D') - lam E_P(g - h)^2,
    with V = E_P D' - E_Q D' computed from D' itself (integrating g) by quadrature."""
    x = np.linspace(-15, 15, 200000)  # an even count: no node on the jump of h at 0
    gx, hx = g(x), h(x)
    Dp = integrate.cumulative_trapezoid(gx, x, initial=0.0)
    p = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    q = np.exp(-0.5 * ((x - u) / s) ** 2) / (s * math.sqrt(2 * math.pi))
    V = integrate.trapezoid(Dp * (p - q), x)
    return V - lam * integrate.trapezoid(p * (gx - hx) ** 2, x)


@pytest.mark.parametrize("s, u, lam", [(0.8, 0.3, 0.2), (1.0, -0.2, 1.0), (0.5, 0.0, 0.05)])
def test_maximum_beats_sampled_lipschitz_deviations(s, u, lam):
    h = pw.abs_derivative(0.0)
    best = pw.prox_value(SIGMA, s, u, h, lam, breaks=(0.0,))
    rng = np.random.default_rng(0)
    for _ in range(40):
        knots = np.sort(rng.uniform(-4, 4, 5))
        vals = rng.uniform(-1, 1, 6)
        g = lambda x, k=knots, v=vals: v[np.searchsorted(k, x)]  # noqa: E731 - piecewise-constant slope in [-1, 1]
        assert penalised(SIGMA, s, u, g, h, lam) <= best + 1e-6
    # and the pointwise optimum itself, integrated independently, reproduces the value
    xg = np.linspace(-15, 15, 200000)
    _, phi = pw._pointwise(xg, SIGMA, s, u, h, lam)
    gstar = lambda x: np.interp(x, xg, np.clip(phi, -1, 1))  # noqa: E731
    assert penalised(SIGMA, s, u, gstar, h, lam) == pytest.approx(best, abs=1e-5)


def test_limits():
    h = pw.abs_derivative(0.0)
    s, u = 0.6, 0.25
    D = AbsDiscriminator(1.0, 0.0)
    exact_v = D.mean_under(0.0, SIGMA) - D.mean_under(u, s)
    assert pw.value(SIGMA, s, u, h) == pytest.approx(exact_v, abs=1e-7)
    assert pw.prox_value(SIGMA, s, u, h, 1e6, breaks=(0.0,)) == pytest.approx(exact_v, abs=1e-5)
    assert pw.prox_value(SIGMA, s, u, h, 1e-6, breaks=(0.0,)) == pytest.approx(w1(SIGMA, s, u), abs=1e-4)


def test_vectorised_screen_is_close_to_exact():
    h = pw.abs_derivative(0.0)
    s, u = np.array([0.3, 0.9]), np.array([0.1, -0.4])
    vec = pw.prox_value_vec(SIGMA, s, u, h, 0.3)
    ex = [pw.prox_value(SIGMA, si, ui, h, 0.3, breaks=(0.0,)) for si, ui in zip(s, u, strict=True)]
    np.testing.assert_allclose(vec, ex, atol=5e-4)


def test_bad_input():
    with pytest.raises(ValueError, match="lam must be > 0"):
        pw.prox_value(SIGMA, 1.0, 0.0, pw.abs_derivative(0.0), 0.0)
    with pytest.raises(ValueError, match="1-Lipschitz"):
        pw.prox_value(SIGMA, 1.0, 0.0, lambda x: 2 * special.ndtr(x), 1.0)
