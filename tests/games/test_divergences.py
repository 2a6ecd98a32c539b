"""gantheory.games.divergences: the stored chi / psi / envelopes / limits agree with the table's raw f,
f' and f*, and f* is the Fenchel conjugate of f (checked by numerical maximisation)."""

import dataclasses
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import optimize

from gantheory.games import divergences as dv
from gantheory.games.divergences import F_TABLE, Transform, condition_t2_fpp_nondecreasing, get_divergence

KEYS = sorted(F_TABLE)
V = np.linspace(-20.0, 20.0, 801)


# The raw formulas cancel (f(r) = r log r - (r + 1) log(r + 1) loses ~r log r * eps; f*(u) = -log(1 - e^u)
# loses eps/|u| as u -> 0), so the stored closed forms are compared with them on |v| <= 8, where the
# raw rounding stays below 1e-11 relative.
V8 = np.linspace(-8.0, 8.0, 641)
TOL = 1e-10


def chi_discrepancy(div, v=V8) -> float:
    """max |chi(v) - f'(e^v)| relative to 1 + |f'(e^v)|."""
    raw = div.f_prime(np.exp(v))
    return float(np.max(np.abs(div.chi(v) - raw) / (1 + np.abs(raw))))


def psi_discrepancy(div, v=V8) -> float:
    """max over v of |psi(v) - (e^v f'(e^v) - f(e^v))| and |psi(v) - f*(f'(e^v))| relative to 1 + |psi|."""
    r = np.exp(v)
    psi = div.psi(v)
    d1 = np.abs(psi - (r * div.f_prime(r) - div.f(r))) / (1 + np.abs(psi))
    d2 = np.abs(psi - div.f_conj(div.f_prime(r))) / (1 + np.abs(psi))
    return float(max(d1.max(), d2.max()))


@pytest.mark.parametrize("key", KEYS)
def test_chi_is_f_prime_of_exp(key):
    assert chi_discrepancy(F_TABLE[key]) < TOL


@pytest.mark.parametrize("key", KEYS)
def test_psi_is_conjugate_at_optimal_discriminator(key):
    assert psi_discrepancy(F_TABLE[key]) < TOL


def numeric_conjugate(f, u: float) -> float:
    """sup over t > 0 of u t - f(t), by bounded maximisation in log t (u t - f(t) is concave in t, hence
    unimodal in log t)."""
    def neg(x):
        t = math.exp(x)
        return -(u * t - float(f(np.float64(t))))

    res = optimize.minimize_scalar(neg, bounds=(-40.0, 40.0), method="bounded",
                                   options={"xatol": 1e-12, "maxiter": 2000})
    best = -res.fun
    # the bounded search may stop on the boundary: also compare the ends
    return max(best, -neg(-40.0), -neg(40.0))


@pytest.mark.parametrize("key", KEYS)
@settings(max_examples=25, deadline=None)
@given(logt=st.floats(-6.0, 6.0))
def test_f_conj_is_the_fenchel_conjugate(key, logt):
    div = F_TABLE[key]
    u = float(div.f_prime(np.float64(math.exp(logt))))  # u in f'((0, inf)), the range the game uses
    assert div.in_domain(u)
    fc = float(div.conj(np.float64(u)))
    num = numeric_conjugate(div.f, u)
    assert fc == pytest.approx(num, rel=1e-7, abs=1e-7)


@pytest.mark.parametrize("key", [k for k in KEYS if math.isfinite(F_TABLE[k].dom_sup)])
def test_conjugate_is_infinite_beyond_the_domain(key):
    div = F_TABLE[key]
    u = div.dom_sup + 0.5
    assert not div.in_domain(u) and float(div.conj(np.float64(u))) == math.inf
    # numerically: u t - f(t) is unbounded above for u > dom_sup
    vals = [u * t - float(div.f(np.float64(t))) for t in (1e4, 1e8, 1e12)]
    assert vals[0] < vals[1] < vals[2] and vals[2] > 1e10


@pytest.mark.parametrize("key", KEYS)
def test_envelopes_dominate_psi_and_chi(key):
    div = F_TABLE[key]
    v = np.linspace(-60.0, 60.0, 24001)
    for fn, env in ((div.psi, div.psi_envelope), (div.chi, div.chi_envelope)):
        assert env.C >= 0 and env.kappa >= 0
        with np.errstate(over="ignore"):
            bound = env.C * np.exp(env.kappa * v) + env.B
            val = fn(v)
        assert np.all(val <= bound + 1e-12 * (1 + np.abs(bound)))


@pytest.mark.parametrize("key", KEYS)
def test_psi_and_chi_non_decreasing(key):
    # psi' = e^{2v} f''(e^v) >= 0 and chi' = e^v f''(e^v) >= 0 (f convex)
    div = F_TABLE[key]
    v = np.linspace(-30, 30, 6001)
    assert np.all(np.diff(div.psi(v)) >= -1e-12)
    assert np.all(np.diff(div.chi(v)) >= -1e-12)


@pytest.mark.parametrize("key", KEYS)
def test_limits_at_zero_and_infinity(key):
    div = F_TABLE[key]
    f = div.f
    # f(0+) = f_at_0
    if math.isfinite(div.f_at_0):
        assert float(f(np.float64(1e-14))) == pytest.approx(div.f_at_0, abs=1e-6)
    else:
        assert float(f(np.float64(1e-30))) > float(f(np.float64(1e-15))) + 10
    # f(r)/r -> f_prime_inf
    if math.isfinite(div.f_prime_inf):
        for r in (1e16, 1e20):
            assert float(f(np.float64(r))) / r == pytest.approx(div.f_prime_inf, abs=1e-6)
    else:
        assert float(f(np.float64(1e30))) / 1e30 > float(f(np.float64(1e15))) / 1e15 + 10


@pytest.mark.parametrize("key", KEYS)
def test_growth_is_an_upper_rate_and_tight_above_one(key):
    div = F_TABLE[key]
    g = div.growth
    r = np.logspace(2, 14, 25)
    ratio = np.abs(div.f(r)) / (r**g * (1 + np.log(r)))
    assert np.all(ratio < 10)  # f(r) = O(r^g log r)
    if g > 1:  # the rate decides finiteness: it must be attained
        assert np.all(div.f(r) / r**g > 0.5)


@pytest.mark.parametrize("key", KEYS)
def test_f_normalised_and_convex(key):
    div = F_TABLE[key]
    # f(1) = 0, except the vanilla GAN's f(t) = t log t - (t + 1) log(t + 1) of eq. (6): f(1) = -log 4
    want = -math.log(4.0) if key == "gan" else 0.0
    assert float(div.f(np.float64(1.0))) == pytest.approx(want, abs=1e-15)
    t = np.logspace(-4, 4, 401)
    # f' is the derivative of f (central differences) and is non-decreasing
    h = 1e-6 * t
    fd = (div.f(t + h) - div.f(t - h)) / (2 * h)
    np.testing.assert_allclose(div.f_prime(t), fd, rtol=1e-5, atol=1e-6)
    assert np.all(np.diff(div.f_prime(t)) >= 0)


T2FPP = {
    "kl": lambda t: t,
    "reverse_kl": lambda t: np.ones_like(t),
    "pearson": lambda t: 2 * t * t,
    "neyman": lambda t: 2 / t,
    "squared_hellinger": lambda t: 0.5 * np.sqrt(t),
    "js": lambda t: t / (t + 1),
    "gan": lambda t: t / (t + 1),
}


@pytest.mark.parametrize("key", KEYS)
def test_t2_fpp_matches_hand_derivation_and_finite_differences(key):
    div = F_TABLE[key]
    t = np.logspace(-3, 3, 121)
    np.testing.assert_allclose(div.t2_fpp(t), T2FPP[key](t), rtol=1e-12)
    h = 1e-5 * t
    fd = t * t * (div.f_prime(t + h) - div.f_prime(t - h)) / (2 * h)
    np.testing.assert_allclose(div.t2_fpp(t), fd, rtol=1e-6)


@pytest.mark.parametrize("key", KEYS)
def test_condition_t2_fpp_nondecreasing(key):
    holds, worst = condition_t2_fpp_nondecreasing(F_TABLE[key])
    assert holds == (key != "neyman")
    if key == "neyman":  # 2/t drops by the grid ratio between neighbours
        ratio = 10 ** (12 / 2000)
        assert worst == pytest.approx(1 - 1 / ratio, rel=1e-6)


@pytest.mark.parametrize("key", KEYS)
def test_psi_convex_flag_matches_condition_and_second_differences(key):
    # psi'' = d/dv (e^{2v} f''(e^v)) >= 0  <=>  t^2 f''(t) non-decreasing (t = e^v)
    div = F_TABLE[key]
    assert div.psi_convex == condition_t2_fpp_nondecreasing(div)[0]
    v = np.linspace(-15, 15, 3001)
    second = np.diff(div.psi(v), 2)
    scale = np.abs(div.psi(v)).max()
    if div.psi_convex:
        assert np.all(second >= -1e-12 * scale)
    else:
        assert second.min() < -1e-6


def test_get_divergence_and_unknown_key():
    assert get_divergence("js") is F_TABLE["js"]
    with pytest.raises(ValueError, match="unknown f-divergence"):
        get_divergence("nope")


def test_transform_kinds():
    v = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_allclose(Transform("exp", 2.0, 3.0, 1.0)(v), 3 * np.exp(2 * v) + 1)
    np.testing.assert_allclose(Transform("linear", 2.0, 3.0, 1.0)(v), 6 * v + 1)
    np.testing.assert_allclose(Transform("softplus", -1.0, 2.0, 0.5)(v), 2 * np.log1p(np.exp(-v)) + 0.5)


# -- mutation: a wrong stored psi or chi is caught by the raw-table comparison -----------------------------
def test_mutation_wrong_psi_and_chi_are_caught(monkeypatch):
    js = F_TABLE["js"]
    assert psi_discrepancy(js) < TOL and chi_discrepancy(js) < TOL
    bad = dataclasses.replace(js, psi=Transform("softplus", 1.0, 1.0, +dv.LOG2),  # sign of the shift flipped
                              chi=Transform("softplus", 1.0, -1.0, dv.LOG2))  # kappa sign flipped
    monkeypatch.setitem(F_TABLE, "js", bad)
    assert psi_discrepancy(F_TABLE["js"]) > 0.1
    assert chi_discrepancy(F_TABLE["js"]) > 0.1
