"""The verified d = 2 f-GAN gap bound against independent numerics: adaptive 1-D integrals of the factorised
payoffs (exp / linear psi), Gauss-Hermite quadrature of the 2-D payoffs at sampled and searched deviations,
the 1-D bound embedded in 2-D, and the certified lower bound of the minimal gap."""

import math

import numpy as np
import pytest
from scipy import integrate, stats

from gantheory.certify.fgan import gap_upper
from gantheory.certify.fgan2d import certify_min_gap_2d
from gantheory.certify.fgan2d_upper import gap_upper_2d
from gantheory.equilibria.fgan2d_gap import nash_gap, payoff
from gantheory.games.divergences import F_TABLE

SIGMA, T = 1.25, 0.5
GRIDS = {"n_inner": 128, "n_outer": 64}


def _factor(div, s, m, sd):
    """E[e^{kappa R_1(x)}], x ~ N(m, sd^2), R_1 = log of N(0, sigma^2) over N(0, s^2), by adaptive quadrature."""
    k = div.psi.kappa

    def logg(x):
        return k * (stats.norm.logpdf(x, 0, SIGMA) - stats.norm.logpdf(x, 0, s))

    if sd == 0:
        return math.exp(logg(m))
    return integrate.quad(lambda z: math.exp(stats.norm.logpdf(z) + logg(m + sd * z)), -np.inf, np.inf, epsabs=0,
                          epsrel=1e-13, limit=400)[0]


@pytest.mark.parametrize("key", ["kl", "pearson", "squared_hellinger", "neyman"])
@pytest.mark.parametrize("s", [1.0, 0.95])
def test_exp_psi_matches_adaptive_quadrature(key, s):
    """psi = scale e^{kappa r} + shift at G = (s I, 0): J factorises; the largest J over the eight candidate
    deviations (s' in {0, 1}^2, u' = t e_j) and at two interior (s1', s2', angle) minus J(G; G), by scipy."""
    div = F_TABLE[key]
    T_ = div.psi
    res = gap_upper_2d(div, SIGMA, T, s, 0.0)
    own = T_.scale * _factor(div, s, 0.0, s) ** 2 + T_.shift
    cands = [(a, b, th) for a in (0.0, 1.0) for b in (0.0, 1.0) for th in (0.0, math.pi / 2)]
    cands += [(0.5, 0.9, 0.3), (0.9, 0.5, 1.0)]
    devs = [T_.scale * _factor(div, s, T * math.cos(th), a) * _factor(div, s, T * math.sin(th), b) + T_.shift
            for a, b, th in cands]
    gap = max(devs) - own
    assert res.upper >= gap - 1e-12 * max(1.0, abs(own)), (key, res.upper, gap)
    # the supremum is attained at a candidate, so the bound is tight
    assert res.upper <= gap + 1e-9 * max(1.0, abs(own)), (key, res.upper, gap)


@pytest.mark.parametrize("key", ["kl", "reverse_kl", "js"])
def test_bound_above_sampled_deviations(key):
    """Every sampled feasible deviation G' (sigma_max(W') <= 1, ||u'|| <= t, rotated, non-diagonal) gains at
    most the bound, and so does the multi-start searched deviation (Gauss-Hermite quadrature)."""
    div = F_TABLE[key]
    rng = np.random.default_rng(1)
    for s, v in ((1.0, 0.0), (0.95, 0.2)):
        W, u = s * np.eye(2), np.array([v, 0.0])
        res = gap_upper_2d(div, SIGMA, T, s, v, **GRIDS)
        own = payoff(div, SIGMA, W, u, W, u)
        for _ in range(6):
            A = rng.normal(size=(2, 2))
            Wd = A / max(1.0, np.linalg.norm(A, 2))
            ud = rng.normal(size=2)
            ud *= T * rng.uniform() / np.linalg.norm(ud)
            assert payoff(div, SIGMA, W, u, Wd, ud) - own <= res.upper + 1e-9, (key, s, v)
        q, _ = nash_gap(div, SIGMA, T, W, u, starts=1)
        assert q <= res.upper + 1e-9, (key, s, v, q, res.upper)


@pytest.mark.parametrize("key", ["kl", "reverse_kl"])
def test_additive_psi_embeds_one_dimensional_bound(key):
    """KL and reverse KL at the corner W = I, u = 0: the second axis of the best reply (s' = 1, u' = 0) equals
    G's, so the 2-D gap is the 1-D gap at (s, u) = (1, 0)."""
    div = F_TABLE[key]
    two = gap_upper_2d(div, SIGMA, T, 1.0, 0.0).upper
    one = gap_upper(div, SIGMA, T, 1.0, 0.0)
    assert two == pytest.approx(one, rel=1e-9, abs=1e-12)


def test_bound_above_certified_lower_bound():
    """A short run of the 2-D certificate: its lower bound of the minimal gap lies below the verified gap."""
    div = F_TABLE["kl"]
    cert = certify_min_gap_2d(div, SIGMA, T, max_seconds=3.0)
    assert cert.lower <= gap_upper_2d(div, SIGMA, T, 1.0, 0.0).upper


def test_unsupported_and_infinite_cases():
    neyman = F_TABLE["neyman"]
    res = gap_upper_2d(neyman, SIGMA, T, 1.0, 0.3)
    assert res.upper == math.inf and res.method == "unsupported"
    with pytest.raises(ValueError, match="needs sigma > 1"):
        gap_upper_2d(neyman, 0.9, T, 1.0, 0.0)
    pearson = F_TABLE["pearson"]  # growth 2: s^2 <= (sigma^2)/2 gives an infinite divergence
    assert gap_upper_2d(pearson, SIGMA, T, 0.5, 0.0).upper == math.inf
