"""gantheory.exact.wgan: W1 and the best responses of the 1-D Gaussian WGAN game
against Monte Carlo, POT (ot.wasserstein_1d) and scipy quadrature."""

import math

import numpy as np
import ot
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, special

from gantheory.exact import wgan as ew
from gantheory.games.discriminators import AbsDiscriminator

LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def gauss_mean_quad(D, m, tau) -> float:
    """E[D(m + tau Z)] by adaptive quadrature over z (breakpoints where D may kink)."""
    if tau == 0:
        return float(D(np.array([m]))[0])

    def g(z):
        return float(D(np.array([m + tau * z]))[0]) * math.exp(-0.5 * z * z - LOG_SQRT_2PI)

    kinks = [(k - m) / tau for k in getattr(D, "kinks", [])]
    pts = sorted({0.0, *[k for k in kinks if abs(k) < 30]})
    edges = [-math.inf, *pts, math.inf]
    return sum(integrate.quad(g, a, b, epsabs=1e-13, epsrel=1e-12, limit=200)[0]
               for a, b in zip(edges[:-1], edges[1:], strict=True))


class _Abs:
    """kappa |x - c| + slope x, written here (independent of AbsDiscriminator) with its kink."""

    def __init__(self, kappa, c, slope=0.0):
        self.kappa, self.c, self.slope, self.kinks = kappa, c, slope, [c]

    def __call__(self, x):
        return self.kappa * np.abs(np.asarray(x) - self.c) + self.slope * np.asarray(x)


def w1_cdf_quad(sigma, s, u) -> float:
    """W1 = int |F_P - F_Q| dx (one dimension)."""
    def g(x):
        FQ = special.ndtr((x - u) / s) if s > 0 else float(x >= u)
        return abs(special.ndtr(x / sigma) - FQ)

    W = 12 * max(sigma, s) + abs(u)
    c = u * sigma / (sigma - s) if s != sigma else 0.0
    pts = sorted({0.0, u, u - 8 * s, u + 8 * s, *([c] if abs(c) < W else [])})  # resolve a narrow Q
    edges = [-W, *pts, W]
    return sum(integrate.quad(g, a, b, epsabs=1e-13, epsrel=1e-11, limit=200)[0]
               for a, b in zip(edges[:-1], edges[1:], strict=True))


@settings(max_examples=25, deadline=None)
@given(sigma=st.floats(0.2, 3.0), s=st.floats(0.0, 1.0), u=st.floats(-2.0, 2.0))
def test_w1_matches_cdf_quadrature(sigma, s, u):
    assert ew.w1(sigma, s, u) == pytest.approx(w1_cdf_quad(sigma, s, u), rel=1e-8, abs=1e-10)


@pytest.mark.parametrize("sigma, s, u", [(1.5, 1.0, 0.0), (1.5, 0.3, 0.8), (0.7, 1.0, -1.2), (2.0, 0.0, 0.5),
                                         (1.0, 1.0, 0.4)])
def test_w1_matches_pot_on_samples(sigma, s, u):
    rng = np.random.default_rng(11)
    n = 20_000
    x = sigma * rng.standard_normal(n)
    y = u + s * rng.standard_normal(n)
    emp = ot.wasserstein_1d(x, y, p=1)
    # sampling error of the empirical W1 is O((sigma + s) / sqrt(n)); 4x the observed scale
    assert abs(emp - ew.w1(sigma, s, u)) < 4 * (sigma + s) / math.sqrt(n)


# -- optimal discriminator ---------------------------------------------------------------------------
def V_quad(D, sigma, s, u) -> float:
    """V(G, D) = E_P[D] - E_Q[D] by quadrature."""
    return gauss_mean_quad(D, 0.0, sigma) - gauss_mean_quad(D, u, s)


def _as_quad_callable(D: AbsDiscriminator):
    out = _Abs(D.kappa, D.c, D.slope)
    return out


class _PiecewiseLinear:
    """A random 1-Lipschitz D: piecewise linear through knots with slopes in [-1, 1]."""

    def __init__(self, rng):
        self.kinks = np.sort(rng.uniform(-4, 4, rng.integers(1, 6)))
        slopes = rng.uniform(-1, 1, len(self.kinks) + 1)
        vals = [0.0]
        for i in range(1, len(self.kinks)):
            vals.append(vals[-1] + slopes[i] * (self.kinks[i] - self.kinks[i - 1]))
        self.vals = np.array(vals)
        self.left, self.right = slopes[0], slopes[-1]

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        y = np.interp(x, self.kinks, self.vals)
        y = np.where(x < self.kinks[0], self.vals[0] + self.left * (x - self.kinks[0]), y)
        return np.where(x > self.kinks[-1], self.vals[-1] + self.right * (x - self.kinks[-1]), y)


GENS = [(1.5, 1.0, 0.0), (1.5, 0.3, 0.8), (2.5, 0.7, -1.0), (0.7, 1.0, 0.5), (0.8, 0.8, 0.5), (1.2, 0.0, 0.3)]


@pytest.mark.parametrize("sigma, s, u", GENS)
def test_optimal_discriminator_is_1_lipschitz_and_attains_w1(sigma, s, u):
    D = ew.optimal_discriminator(sigma, s, u)
    rng = np.random.default_rng(5)
    x, y = rng.uniform(-10, 10, 2000), rng.uniform(-10, 10, 2000)
    assert np.all(np.abs(D(x) - D(y)) <= np.abs(x - y) * (1 + 1e-12) + 1e-12)
    v = V_quad(_as_quad_callable(D), sigma, s, u)
    assert v == pytest.approx(ew.w1(sigma, s, u), rel=1e-8, abs=1e-10)
    assert ew.value(sigma, s, u, D) == pytest.approx(v, rel=1e-9, abs=1e-10)


def best_lipschitz_gain(sigma, s, u, D_opt, n=25, seed=0) -> float:
    """max over random 1-Lipschitz D of V(G, D) - V(G, D_opt) (quadrature)."""
    rng = np.random.default_rng(seed)
    v0 = V_quad(_as_quad_callable(D_opt), sigma, s, u)
    cands = [_PiecewiseLinear(rng) for _ in range(n)]
    cands += [_Abs(1.0, c) for c in np.linspace(-3, 3, 7)] + [_Abs(-1.0, 0.5), _Abs(0.0, 0.0, 1.0),
                                                              _Abs(0.0, 0.0, -1.0)]
    return max(V_quad(D, sigma, s, u) - v0 for D in cands)


@pytest.mark.parametrize("sigma, s, u", GENS)
def test_optimal_discriminator_beats_random_lipschitz(sigma, s, u):
    assert best_lipschitz_gain(sigma, s, u, ew.optimal_discriminator(sigma, s, u)) <= 1e-9


def test_optimal_discriminator_at_q_equal_p_is_constant():
    D = ew.optimal_discriminator(1.0, 1.0, 0.0)
    assert np.all(D(np.linspace(-3, 3, 7)) == 0)
    assert ew.w1(1.0, 1.0, 0.0) == 0


# -- generator best response -------------------------------------------------------------------------
def grid_best(D, t, remark1=False, n=11):
    s_vals = [1.0] if remark1 else np.linspace(0, 1, n)
    return max(gauss_mean_quad(D, ud, sd) for sd in s_vals for ud in np.linspace(-t, t, n))


DISCS = [AbsDiscriminator(1.0, 0.4), AbsDiscriminator(-1.0, 0.4), AbsDiscriminator(-0.5, 2.5),
         AbsDiscriminator(0.7, -1.3), AbsDiscriminator(0.0, 0.0, 1.0), AbsDiscriminator(0.0, 0.0, -0.6)]


@pytest.mark.parametrize("D", DISCS)
@pytest.mark.parametrize("t, remark1", [(1.0, False), (0.3, False), (1.0, True)])
def test_generator_best_response_beats_grid(D, t, remark1):
    val, s_b, u_b = ew.generator_best_response(D, t, remark1)
    assert 0 <= s_b <= 1 and abs(u_b) <= t and (s_b == 1.0 or not remark1)
    Dq = _as_quad_callable(D)
    assert val == pytest.approx(gauss_mean_quad(Dq, u_b, s_b), rel=1e-9, abs=1e-12)
    assert val >= grid_best(Dq, t, remark1, n=7) - 1e-10


@settings(max_examples=20, deadline=None)
@given(sigma=st.floats(1.05, 3.0), s=st.floats(0.0, 1.0), u=st.floats(-1.0, 1.0), t=st.floats(0.0, 2.0))
def test_nash_gap_nonnegative_and_matches_quadrature(sigma, s, u, t):
    u = max(-t, min(t, u))
    gap = ew.nash_gap_at_best_response(sigma, s, u, t)
    assert gap >= -1e-12
    D = _as_quad_callable(ew.optimal_discriminator(sigma, s, u))
    # the best reply to D_G = |x - c| (sigma > 1 >= s) is s' = 1, u' = -t sign(c), a point of the grid
    assert gap + gauss_mean_quad(D, u, s) == pytest.approx(grid_best(D, t, n=5), rel=1e-8, abs=1e-10)


def test_nash_gap_at_theorem1_corner():
    # (s, u) = (1, 0): D_G = |x|, the reply moves the mean to +-t: gap = m(t, 1) - m(0, 1)
    sigma, t = 1.5, 0.8
    want = gauss_mean_quad(_Abs(1.0, 0.0), t, 1.0) - gauss_mean_quad(_Abs(1.0, 0.0), 0.0, 1.0)
    assert ew.nash_gap_at_best_response(sigma, 1.0, 0.0, t) == pytest.approx(want, rel=1e-10)


# -- mutation --------------------------------------------------------------------------------------------
def test_mutation_wrong_crossing_point_is_beaten():
    sigma, s, u = 1.5, 0.3, 0.8
    assert best_lipschitz_gain(sigma, s, u, ew.optimal_discriminator(sigma, s, u)) <= 1e-9
    bad = AbsDiscriminator(1.0, u * sigma / (sigma + s))  # c = u sigma / (sigma + s): sign flipped
    assert best_lipschitz_gain(sigma, s, u, bad) > 1e-3
