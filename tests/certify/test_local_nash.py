"""No-local-Nash certificates against finite differences and sampled deviations of V computed independently
(Gauss-Hermite quadrature of V in gantheory.games, closed-form payoffs in gantheory.exact)."""

import math

import numpy as np
import pytest

from gantheory.certify import local_nash as ln
from gantheory.exact import fgan as exf
from gantheory.exact import w2gan as exw
from gantheory.games.discriminators import AbsDiscriminator, folded_mean
from gantheory.games.divergences import F_TABLE
from gantheory.games.fgan import FGANGame
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import W2GANGame
from gantheory.games.wgan import WGANGame

SIGMA, T = 1.25, 0.5


def _random_G(rng, div_key, n=6):
    s_min = math.sqrt(ln._infinite_s2(F_TABLE[div_key], SIGMA)) + 0.02
    return [(rng.uniform(max(s_min, 0.15), 1.0), rng.uniform(0.02, T)) for _ in range(n)]


def _fd(f, x, h):
    return (f(x + h) - f(x - h)) / (2 * h), (f(x + h) - 2 * f(x) + f(x - h)) / h**2


@pytest.mark.parametrize("key", list(F_TABLE))
def test_fgan_certified(key):
    c = ln.certify_fgan(F_TABLE[key], SIGMA, T)
    assert c.certified and c.converged and c.margin_lower <= c.margin_upper


@pytest.mark.parametrize("key", [k for k, d in F_TABLE.items() if d.psi.kind != "softplus"])
def test_fgan_closed_form_derivatives_match_finite_differences(key):
    div = F_TABLE[key]
    rng = np.random.default_rng(1)
    for s, u in _random_G(rng, key):
        d1, d2 = ln.fgan_point_derivatives(div, SIGMA, s, u)
        fd1, fd2 = _fd(lambda x, s=s, u=u: float(exf.generator_payoff(div, SIGMA, s, u, s, x)), u, 1e-4)
        assert d1 == pytest.approx(fd1, rel=1e-5, abs=1e-8)
        assert d2 == pytest.approx(fd2, rel=1e-3, abs=1e-5)


@pytest.mark.parametrize("key", list(F_TABLE))
def test_fgan_margins_bound_the_true_derivatives(key):
    """The normalised margins are lower bounds: times their positive factors they stay below -dJ/du' and
    d2J/du'2 (finite differences of the exact payoff); the non-optimality they certify is seen by moving u."""
    div = F_TABLE[key]
    T_ = div.psi
    rng = np.random.default_rng(2)
    game = FGANGame(div, GaussianData(SIGMA, 1), LinearGeneratorSet(1, 1, T))
    for s, u in _random_G(rng, key):
        fd1, fd2 = _fd(lambda x, s=s, u=u: float(exf.generator_payoff(div, SIGMA, s, u, s, x)), u, 1e-4)
        assert fd1 < 0 and fd2 > 0  # J falls as u' grows; u -> J is strictly convex here
        box = np.array([[s, u]])
        S_, U_ = ln.Interval([s]), ln.Interval([u])
        if T_.kind == "softplus":
            m_i, m_ii = ln._fgan_boxes_softplus(div, SIGMA, S_, U_)
            cp = math.log(s / SIGMA) - u * u / (2 * (SIGMA**2 - s * s))
            m = u * s / (SIGMA**2 - s * s)
            fac = T_.scale * T_.kappa * math.exp(T_.kappa * cp)
            assert m_ii[0] > 0 and m_i[0] > 0
            assert m_ii[0] * m * fac / s <= -fd1 * (1 + 1e-4)
            assert m_i[0] * fac / s**2 <= fd2 * (1 + 1e-3)
        else:
            assert ln.fgan_margins(div, SIGMA, T, box, box)[0] > 0
        # sampled deviation: moving u' towards 0 lowers V(., D_G) (quadrature of eq. (7))
        D = exf.OptimalDiscriminator(div, SIGMA, s, u)
        v0 = game.value(LinearGenerator.scalar(s, u), D)
        v1 = game.value(LinearGenerator.scalar(s, u - 1e-2), D)
        assert v1 < v0


def test_fgan_second_order_at_the_kkt_point():
    """At (s, u) = (1, 0) the first-order conditions hold (dJ/du' = 0, dJ/dw' >= 0 at the bound w = 1) and
    only the u-curvature shows that G is not a local minimiser of V(., D_G): V falls both ways in u."""
    for key, div in F_TABLE.items():
        game = FGANGame(div, GaussianData(SIGMA, 1), LinearGeneratorSet(1, 1, T))
        D = exf.OptimalDiscriminator(div, SIGMA, 1.0, 0.0)
        v0 = game.value(LinearGenerator.scalar(1.0, 0.0), D)
        for du in (-0.05, 0.05):
            assert game.value(LinearGenerator.scalar(1.0, du), D) < v0, key
        box = np.array([[1.0, 0.0]])
        assert ln.fgan_margins(div, SIGMA, T, box, box)[0] > 0


def test_wgan_certificate_and_finite_differences():
    c = ln.certify_wgan(SIGMA, T)
    assert c.certified and c.converged
    game = WGANGame(GaussianData(SIGMA, 1), LinearGeneratorSet(1, 1, T))
    rng = np.random.default_rng(3)
    for _ in range(6):
        s, u = rng.uniform(0.1, 1.0), rng.uniform(0.02, T)
        cc = u * SIGMA / (SIGMA - s)
        payoff = lambda x, s=s, cc=cc: float(folded_mean(x - cc, s))  # noqa: E731
        fd1, fd2 = _fd(payoff, u, 1e-4)
        r = u / (SIGMA - s)
        assert -fd1 == pytest.approx(math.erf(r / math.sqrt(2)), rel=1e-6)
        assert s * fd2 == pytest.approx(2 * math.exp(-r * r / 2) / math.sqrt(2 * math.pi), rel=1e-3)
        box = np.array([[s, u]])
        assert ln.wgan_margins(SIGMA, T, box, box)[0] > 0
        D = AbsDiscriminator(1.0, cc)
        assert game.value(LinearGenerator.scalar(s, u - 1e-2), D) < game.value(LinearGenerator.scalar(s, u), D)


def test_w2gan_certificate_and_finite_differences_in_two_dimensions():
    eta = 0.5
    c = ln.certify_w2gan(SIGMA, eta, T)
    assert c.certified and c.converged
    game = W2GANGame(GaussianData(SIGMA, 2), LinearGeneratorSet(2, 2, T), eta)
    rng = np.random.default_rng(4)
    for _ in range(5):
        G = game.generators.sample(rng)
        W, u = G.W, G.u
        D = exw.optimal_discriminator(eta, SIGMA, u, W @ W.T, W)
        h = 1e-4
        grad = np.array([(game.value(LinearGenerator(W, u + h * e), D) - game.value(LinearGenerator(W, u - h * e), D))
                         / (2 * h) for e in np.eye(2)])
        # V = const - payoff: grad_u' V = +2 eta u
        assert np.allclose(grad, 2 * eta * u, rtol=1e-5, atol=1e-7)
        H = np.array([[(game.value(LinearGenerator(W, u + h * (ei + ej)), D) - game.value(
            LinearGenerator(W, u + h * (ei - ej)), D) - game.value(LinearGenerator(W, u - h * (ei - ej)), D)
            + game.value(LinearGenerator(W, u - h * (ei + ej)), D)) / (4 * h * h) for ej in np.eye(2)]
            for ei in np.eye(2)])
        smax = float(np.linalg.svd(W, compute_uv=False)[0])
        assert np.linalg.eigvalsh(-H)[0] >= 2 * eta * (SIGMA / smax - 1) * (1 - 1e-3)


def test_certificates_can_fail():
    """Remark 1's side (sigma < 1): at s = 1, u = 0 the u-curvature has the other sign and the margin is not
    positive; a box touching u = t and u = 0 has no certified condition; sigma <= 1 is refused."""
    box = np.array([[1.0, 0.0]])
    assert ln.w2gan_margins(0.8, 0.5, T, box, box)[0] <= 0
    assert ln.wgan_margins(SIGMA, T, np.array([[0.5, 0.0]]), np.array([[0.5, T]]))[0] == -np.inf
    with pytest.raises(ValueError):
        ln.certify_fgan(F_TABLE["kl"], 0.8, T)


@pytest.mark.parametrize("key", list(F_TABLE))
def test_box_bounds_are_below_the_point_values(key):
    """Interval soundness: the margin bound over a box never exceeds the margin at a point inside it."""
    div = F_TABLE[key]
    s_min = math.sqrt(ln._infinite_s2(div, SIGMA))
    rng = np.random.default_rng(5)
    for _ in range(30):
        s0 = rng.uniform(max(s_min, 0.0) + 1e-3, 0.95)
        s1 = s0 + rng.uniform(0.001, 1.0 - s0)
        u0 = rng.uniform(0.0, 0.4)
        u1 = u0 + rng.uniform(0.001, 0.09)
        lo, hi = np.array([[s0, u0]]), np.array([[s1, u1]])
        b = ln.fgan_margins(div, SIGMA, T, lo, hi)[0]
        for _ in range(5):
            x = np.array([[rng.uniform(s0, s1), rng.uniform(max(u0, 1e-9), u1)]])
            assert b <= ln.fgan_margins(div, SIGMA, T, x, x)[0] + 1e-12
