"""gantheory.exact.fgan: the closed forms of the 1-D Gaussian f-GAN game against scipy quadrature of the
defining integrals, sampled discriminator deviations and a dense generator grid."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from gantheory.exact import fgan as ef
from gantheory.games import fgan as gf
from gantheory.games.divergences import F_TABLE
from gantheory.games.fgan import FGANGame
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet

KEYS = sorted(F_TABLE)
LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


def logpdf(x, m, sd):
    return -0.5 * ((x - m) / sd) ** 2 - math.log(sd) - LOG_SQRT_2PI


def _quad(f, lo, hi, pts=()):
    pts = sorted(p for p in set(pts) if lo < p < hi)
    edges = [lo, *pts, hi]
    return sum(integrate.quad(f, a, b, epsabs=1e-12, epsrel=1e-10, limit=400)[0]
               for a, b in zip(edges[:-1], edges[1:], strict=True))


def quad_divergence(div, sigma, s, u, width=10.0) -> float:
    """int q f(p/q) dx by adaptive quadrature, p = N(0, sigma^2), q = N(u, s^2), on +-width std devs
    (for Pearson, whose integrand can decay slowly, q (p/q - 1)^2 = p^2/q - 2p + q on the whole line)."""
    if div.key == "pearson":
        def h(x):
            lp, lq = logpdf(x, 0.0, sigma), logpdf(x, u, s)
            return math.exp(2 * lp - lq) - 2 * math.exp(lp) + math.exp(lq)

        return _quad(h, -math.inf, math.inf, (0.0, u))

    def g(x):  # extended precision: f(r) for r up to e^600 without overflow, e.g. (1 - r)^2 / r
        lp, lq = logpdf(x, 0.0, sigma), logpdf(x, u, s)
        r = np.exp(np.longdouble(lp - lq))
        return float(np.exp(np.longdouble(lq)) * div.f(r))

    W = width * max(sigma, s) + abs(u)
    return _quad(g, -W, W, (0.0, u))


def quad_payoff(div, sigma, s, u, s_dev, u_dev) -> float:
    """J(G'; G) = E[psi(R(u' + s' Z))], R = log p - log q_G from the Gaussian log densities, by adaptive
    quadrature over z on the whole line (an exponential psi weighed in log space)."""
    def R(x):
        return logpdf(x, 0.0, sigma) - logpdf(x, u, s)

    if s_dev == 0:
        return float(div.psi(np.float64(R(u_dev))))
    T = div.psi
    if T.kind == "exp":
        def g(z):
            lw = -0.5 * z * z - LOG_SQRT_2PI
            return T.scale * math.exp(min(T.kappa * R(u_dev + s_dev * z) + lw, 700.0)) + T.shift * math.exp(lw)
    else:
        def g(z):
            return float(T(np.float64(R(u_dev + s_dev * z)))) * math.exp(-0.5 * z * z - LOG_SQRT_2PI)

    return _quad(g, -math.inf, math.inf, (0.0,))


def divergence_discrepancy(key, sigma, s, u) -> float:
    d = ef.divergence(F_TABLE[key], sigma, s, u)
    q = quad_divergence(F_TABLE[key], sigma, s, u)
    return abs(d - q) / (1 + abs(q))


# -- divergence ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("key", [k for k in KEYS if k != "pearson"])
@settings(max_examples=10, deadline=None)
@given(sigma=st.floats(1.05, 1.5), s=st.floats(0.5, 1.0), u=st.floats(-1.0, 1.0))
def test_divergence_matches_quadrature(key, sigma, s, u):
    assert divergence_discrepancy(key, sigma, s, u) < 1e-7


@settings(max_examples=10, deadline=None)
@given(sigma=st.floats(1.05, 1.25), s=st.floats(0.9, 1.0), u=st.floats(-1.0, 1.0))
def test_pearson_divergence_matches_quadrature_where_finite(sigma, s, u):
    assert s * s > sigma * sigma / 2
    assert divergence_discrepancy("pearson", sigma, s, u) < 1e-7


@pytest.mark.parametrize("key", ["kl", "reverse_kl", "squared_hellinger", "js", "gan", "pearson"])
@pytest.mark.parametrize("sigma, s, u", [(0.6, 0.8, 0.3), (0.9, 0.5, -0.4), (1.0, 1.0, 0.7)])
def test_divergence_matches_quadrature_outside_theorem1(key, sigma, s, u):
    if key == "pearson" and s * s <= sigma * sigma / 2:
        pytest.skip("infinite")
    assert divergence_discrepancy(key, sigma, s, u) < 1e-7


def test_divergence_zero_at_q_equal_p():
    for key in KEYS:
        div = F_TABLE[key]
        f1 = float(div.f(np.float64(1.0)))  # int q f(1) = f(1)
        assert ef.divergence(div, 1.0, 1.0, 0.0) == pytest.approx(f1, abs=1e-12)


def test_point_mass_divergence_is_f0_plus_fprime_inf():
    for key in KEYS:
        div = F_TABLE[key]
        want = div.f_at_0 + div.f_prime_inf
        got = ef.divergence(div, 1.5, 0.0, 0.3)
        assert got == want
    # the s > 0 closed form (checked against quadrature above) tends to that limit as s -> 0
    for key in ["js", "gan", "squared_hellinger"]:
        div = F_TABLE[key]
        got = ef.divergence(div, 1.5, 1e-8, 0.3)
        assert got == pytest.approx(div.f_at_0 + div.f_prime_inf, rel=1e-3, abs=1e-3)
    for key in ["kl", "reverse_kl", "neyman"]:  # f(0) + f'(inf) = inf: grows without bound
        div = F_TABLE[key]
        assert ef.divergence(div, 1.5, 1e-8, 0.3) > ef.divergence(div, 1.5, 1e-4, 0.3) + 5


def _truncated_pearson(sigma, s, X):
    div = F_TABLE["pearson"]

    def g(x):  # q (p/q - 1)^2 = p^2/q - 2 p + q, in log space
        lp, lq = logpdf(x, 0.0, sigma), logpdf(x, 0.0, s)
        return math.exp(2 * lp - lq) - 2 * math.exp(lp) + math.exp(lq)

    assert div is F_TABLE["pearson"]
    return _quad(g, -X, X, (0.0,))


@pytest.mark.parametrize("sigma, s, finite", [
    (1.5, 1.0, False),  # s^2 = 1 < sigma^2/2 = 1.125
    (math.sqrt(2.0), 1.0, False),  # s^2 = sigma^2/2 exactly: the integrand tends to a constant
    (1.2, 0.9, True),  # s^2 = 0.81 > 0.72
    (1.0, 0.75, True),
])
def test_pearson_infinite_exactly_when_predicted(sigma, s, finite):
    div = F_TABLE["pearson"]
    assert ef.divergence_is_finite(div, sigma, s) == finite
    d = ef.divergence(div, sigma, s, 0.0)
    i20, i40 = _truncated_pearson(sigma, s, 20), _truncated_pearson(sigma, s, 40)
    if finite:
        assert math.isfinite(d) and i40 == pytest.approx(i20, rel=1e-9) and d == pytest.approx(i40, rel=1e-8)
    else:
        assert d == math.inf
        assert i40 - i20 > 1.0  # the truncated integral keeps growing
        assert ef.nash_gap_at_best_response(div, sigma, s, 0.0, 1.0) == math.inf


def test_neyman_divergence_infinite_when_q_much_wider_than_p():
    div = F_TABLE["neyman"]

    def g(x):  # q (1 - p/q)^2 / (p/q) = q^2/p - 2 q + p
        lp, lq = logpdf(x, 0.0, 0.5), logpdf(x, 0.0, 1.0)
        return math.exp(2 * lq - lp) - 2 * math.exp(lq) + math.exp(lp)

    assert _quad(g, -20, 20) > 1e30  # diverges
    assert ef.divergence(div, 0.5, 1.0, 0.0) == math.inf


# -- generator payoff ----------------------------------------------------------------------------------
@pytest.mark.parametrize("key", KEYS)
@settings(max_examples=8, deadline=None)
@given(s=st.floats(0.6, 1.0), u=st.floats(-1.0, 1.0), s_dev=st.floats(0.0, 1.0), u_dev=st.floats(-1.0, 1.0))
def test_generator_payoff_matches_quadrature(key, s, u, s_dev, u_dev):
    sigma = 1.2 if key == "pearson" else 1.5
    div = F_TABLE[key]
    al = 0.5 / s**2 - 0.5 / sigma**2
    kappa = div.psi.kappa if div.psi.kind == "exp" else 0.0
    J = float(ef.generator_payoff(div, sigma, s, u, s_dev, u_dev))
    if 1 - 2 * kappa * al * s_dev**2 <= 0.05:  # infinite (or too heavy-tailed to integrate reliably)
        if 1 - 2 * kappa * al * s_dev**2 <= 0:
            assert J == math.inf
        return
    q = quad_payoff(div, sigma, s, u, s_dev, u_dev)
    assert J == pytest.approx(q, rel=1e-7, abs=1e-9)


def test_generator_payoff_vectorised_over_deviations():
    div = F_TABLE["js"]
    sd = np.array([0.0, 0.5, 1.0])
    ud = np.array([-1.0, 0.2, 0.7])
    J = ef.generator_payoff(div, 1.5, 0.8, 0.3, sd, ud)
    for i in range(3):
        assert J[i] == pytest.approx(quad_payoff(div, 1.5, 0.8, 0.3, sd[i], ud[i]), rel=1e-8)


def test_payoff_against_optimal_discriminator_is_divergence_identity():
    # V(G, D_G) = E_P[chi(R)] - J(G; G) equals int q f(p/q): check E_P[chi(R)] by quadrature
    for key in ["kl", "js", "squared_hellinger", "reverse_kl"]:
        div = F_TABLE[key]
        sigma, s, u = 1.5, 0.8, 0.4

        def g(x, div=div, sigma=sigma, s=s, u=u):
            R = logpdf(x, 0.0, sigma) - logpdf(x, u, s)
            return float(div.chi(np.float64(R))) * math.exp(logpdf(x, 0.0, sigma))

        EP = _quad(g, -18 * sigma, 18 * sigma, (0.0, u))
        own = float(ef.generator_payoff(div, sigma, s, u, s, u))
        assert EP - own == pytest.approx(quad_divergence(div, sigma, s, u), rel=1e-7, abs=1e-9)


# -- optimal discriminator -------------------------------------------------------------------------------
PERTURB = [lambda x: np.ones_like(x), lambda x: x / 1.5, np.tanh, lambda x: np.exp(-(x - 0.5) ** 2),
           lambda x: np.cos(2 * x)]
EPS = [0.05, -0.05, 0.2, -0.2]


def best_deviation_gain(key, sigma, s, u, D=None) -> float:
    """max over sampled pointwise perturbations D + eps h of V(G, D + eps h) - V(G, D) (quadrature V)."""
    div = F_TABLE[key]
    game = FGANGame(key, GaussianData(sigma), LinearGeneratorSet(1, 1, 1.0))
    G = LinearGenerator.scalar(s, u)
    D = ef.OptimalDiscriminator(div, sigma, s, u) if D is None else D
    v0 = game.value(G, D)
    gains = []
    for h in PERTURB:
        for eps in EPS:
            def Dp(x, h=h, eps=eps):
                x = np.asarray(x, dtype=float).reshape(-1)
                return D(x) + eps * h(x)

            gains.append(game.value(G, Dp) - v0)
    return max(gains)


GEN_POINTS = [(1.5, 0.9, 0.3), (1.2, 0.95, -0.5), (1.5, 0.7, 0.8)]


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("sigma, s, u", GEN_POINTS)
def test_optimal_discriminator_beats_sampled_deviations(key, sigma, s, u):
    div = F_TABLE[key]
    if not math.isfinite(ef.divergence(div, sigma, s, u)):
        pytest.skip("divergence infinite: D_G not attained")
    assert best_deviation_gain(key, sigma, s, u) <= 2e-5  # the quadrature's own error


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("sigma, s, u", GEN_POINTS)
def test_game_value_at_optimal_discriminator_is_the_divergence(key, sigma, s, u):
    div = F_TABLE[key]
    if not math.isfinite(ef.divergence(div, sigma, s, u)):
        pytest.skip("divergence infinite: D_G not attained")
    game = FGANGame(key, GaussianData(sigma), LinearGeneratorSet(1, 1, 1.0))
    v = game.value(LinearGenerator.scalar(s, u), ef.OptimalDiscriminator(div, sigma, s, u))
    assert v == pytest.approx(quad_divergence(div, sigma, s, u), rel=1e-5)


def test_game_value_neyman_quadrature_accuracy():
    div, sigma, s, u = F_TABLE["neyman"], 1.5, 0.7, 0.8
    game = FGANGame("neyman", GaussianData(sigma), LinearGeneratorSet(1, 1, 1.0))
    v = game.value(LinearGenerator.scalar(s, u), ef.OptimalDiscriminator(div, sigma, s, u))
    assert v == pytest.approx(quad_divergence(div, sigma, s, u), rel=1e-5)


def test_optimal_discriminator_function_and_class_agree_with_f_prime_of_ratio():
    div = F_TABLE["squared_hellinger"]
    x = np.linspace(-4, 4, 33)
    r = np.exp(logpdf(x, 0.0, 1.5) - logpdf(x, 0.3, 0.8))
    want = div.f_prime(r)
    np.testing.assert_allclose(ef.optimal_discriminator(div, 1.5, 0.8, 0.3)(x), want, rtol=1e-12)
    np.testing.assert_allclose(ef.OptimalDiscriminator(div, 1.5, 0.8, 0.3)(x[:, None]), want, rtol=1e-12)
    with pytest.raises(ValueError, match="point-mass"):
        ef.optimal_discriminator(div, 1.5, 0.0, 0.3)
    with pytest.raises(ValueError, match="point-mass"):
        ef.OptimalDiscriminator(div, 1.5, 0.0, 0.3)


# -- generator best response -------------------------------------------------------------------------------
BR_CASES = {
    "kl": [(1.5, 0.9, 0.3, 1.0), (1.5, 1.0, -0.6, 0.5)],
    "reverse_kl": [(1.5, 0.7, 0.4, 1.0)],
    "pearson": [(1.2, 0.95, 0.2, 0.8)],
    "neyman": [(1.5, 0.8, 0.5, 1.0), (1.5, 0.6, 0.0, 1.0)],
    "squared_hellinger": [(1.5, 0.8, -0.3, 1.0)],
    "js": [(1.5, 0.6, 0.7, 1.0), (2.5, 0.3, 0.0, 0.5)],
    "gan": [(1.5, 0.9, 0.1, 2.0)],
}


@pytest.mark.parametrize("key, case", [(k, c) for k, cs in BR_CASES.items() for c in cs])
def test_generator_best_response_beats_a_grid(key, case):
    sigma, s, u, t = case
    div = F_TABLE[key]
    best, s_b, u_b = ef.generator_best_response(div, sigma, s, u, t)
    assert 0 <= s_b <= 1 and abs(u_b) <= t
    # (rel 1e-6: the softplus payoffs are Gauss-Hermite sums where the quadratic is gentle)
    assert best == pytest.approx(quad_payoff(div, sigma, s, u, s_b, u_b), rel=1e-6, abs=1e-9)
    grid = [quad_payoff(div, sigma, s, u, sd, ud) for sd in np.linspace(0, 1, 11) for ud in np.linspace(-t, t, 11)]
    assert best >= max(grid) - 1e-6 * (1 + abs(best))
    # and the Nash gap is the best reply's payoff minus the own payoff
    own = quad_payoff(div, sigma, s, u, s, u)
    gap = ef.nash_gap_at_best_response(div, sigma, s, u, t)
    assert gap == pytest.approx(best - own, rel=1e-6, abs=1e-8)


def test_softplus_payoff_accurate_for_narrow_generators():
    div = F_TABLE["js"]
    J = float(ef.generator_payoff(div, 2.5, 0.1, 0.0, 1.0, 0.5))
    assert J == pytest.approx(quad_payoff(div, 2.5, 0.1, 0.0, 1.0, 0.5), rel=1e-8)


def test_generator_best_response_infinite_when_payoff_diverges():
    # KL: psi = exp, J(G'; G) = E_{Q'}[p/q] = inf once 2 alpha s'^2 >= 1 (here s = 0.5, s' = 1)
    div = F_TABLE["kl"]
    best, _, _ = ef.generator_best_response(div, 1.5, 0.5, 0.2, 1.0)
    assert best == math.inf

    def g(x):
        return math.exp(min(logpdf(x, 0.0, 1.5) - logpdf(x, 0.2, 0.5) + logpdf(x, -1.0, 1.0), 700.0))

    assert _quad(g, -30, 30) > 1e50


def test_generator_best_response_remark1_uses_unit_scale():
    div = F_TABLE["js"]
    best, s_b, u_b = ef.generator_best_response(div, 1.5, 0.7, 0.2, 1.0, remark1=True)
    assert s_b == 1.0
    grid = [quad_payoff(div, 1.5, 0.7, 0.2, 1.0, ud) for ud in np.linspace(-1, 1, 41)]
    assert best >= max(grid) - 1e-9


@pytest.mark.parametrize("key", KEYS)
@settings(max_examples=15, deadline=None)
@given(sigma=st.floats(1.05, 3.0), s=st.one_of(st.just(0.0), st.floats(1e-6, 1.0)), u=st.floats(-1.0, 1.0),
       t=st.floats(0.0, 2.0))
def test_nash_gap_nonnegative(key, sigma, s, u, t):
    u = max(-t, min(t, u))
    gap = ef.nash_gap_at_best_response(F_TABLE[key], sigma, s, u, t)
    assert gap >= -1e-10 * (1 + abs(gap)) or gap == math.inf
    if s == 0:
        assert gap == math.inf


def test_nash_gap_for_tiny_positive_scale_does_not_crash():
    gap = ef.nash_gap_at_best_response(F_TABLE["js"], 2.0, 1e-300, 0.0, 0.0)
    assert gap >= 0


# -- mutations ---------------------------------------------------------------------------------------------
def test_mutation_wrong_log_ratio_constant_is_caught(monkeypatch):
    assert divergence_discrepancy("js", 1.5, 0.8, 0.4) < 1e-7
    real = ef.log_ratio_coefficients

    def wrong(sigma, s, u):  # gamma = log(sigma / s) + ...: the sign of the log term flipped
        al, be, ga = real(sigma, s, u)
        return al, be, ga - 2 * math.log(s / sigma)

    monkeypatch.setattr(ef, "log_ratio_coefficients", wrong)
    assert divergence_discrepancy("js", 1.5, 0.8, 0.4) > 1e-3


def test_mutation_wrong_optimal_discriminator_is_beaten(monkeypatch):
    sigma, s, u = 1.5, 0.9, 0.5
    assert best_deviation_gain("kl", sigma, s, u) <= 2e-5
    real = ef.log_ratio_coefficients

    def wrong(sigma, s, u):  # beta = +u/s^2: the linear term's sign flipped
        al, be, ga = real(sigma, s, u)
        return al, -be, ga

    monkeypatch.setattr(gf, "log_ratio_coefficients", wrong)  # D_G is a game type (games.fgan)
    D_bad = ef.OptimalDiscriminator(F_TABLE["kl"], sigma, s, u)
    monkeypatch.setattr(gf, "log_ratio_coefficients", real)
    assert best_deviation_gain("kl", sigma, s, u, D=D_bad) > 1e-3
