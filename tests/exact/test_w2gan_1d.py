"""The shared 1-D W2GAN model (gantheory.exact.w2gan_1d) against the d-dimensional game, an independent c-transform
by quadrature, the derivation of proofs/proposition_2.py and the d-dimensional proximal solver."""

import importlib

import numpy as np
import pytest
import sympy as sp
from scipy import optimize

from gantheory.exact.w2gan_1d import W2GAN1D, value_expression
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame
from gantheory.proximal.w2gan import prox_value

SIGMA, T, ETA = 1.25, 0.5, 0.5


def _points(rng, n=20):
    for _ in range(n):
        yield rng.uniform(0, 1), rng.uniform(-T, T), ETA - rng.uniform(0.05, 1.0), rng.uniform(-1, 1)


def test_value_agrees_with_the_d_dimensional_game_at_d_1():
    game = W2GAN1D(SIGMA, T, ETA)
    full = W2GANGame(GaussianData(SIGMA, 1), LinearGeneratorSet(1, 1, T), ETA)
    rng = np.random.default_rng(0)
    for s, u, a, b in _points(rng):
        ref = full.value(LinearGenerator.scalar(s, u), QuadraticDiscriminator([[a]], [b]))
        assert float(game.value(s, u, a, b)) == pytest.approx(ref, rel=1e-12, abs=1e-12)
    # outside the domain a >= eta both are -inf (D^c = +inf)
    assert float(game.value(0.5, 0.1, ETA + 0.1, 0.0)) == -np.inf
    assert full.value(LinearGenerator.scalar(0.5, 0.1), QuadraticDiscriminator([[ETA + 0.1]], [0.0])) == -np.inf


def test_value_against_an_independent_c_transform():
    """E_P[D] - E_Q[D^c] with D^c(y) = max_x D(x) - eta (x - y)^2 by a bounded scalar search and E_Q by
    Gauss-Hermite quadrature (eq. (9))."""
    game = W2GAN1D(SIGMA, T, ETA)
    z, w = np.polynomial.hermite_e.hermegauss(20)
    w = w / w.sum()
    s, u, a, b = 0.7, 0.2, 0.1, -0.3

    def dc(y):
        r = optimize.minimize_scalar(lambda x: -(a * x * x + b * x - ETA * (x - y) ** 2), bounds=(-50, 50),
                                     method="bounded", options={"xatol": 1e-12})
        return -r.fun

    ref = a * SIGMA**2 - sum(wi * dc(u + s * zi) for zi, wi in zip(z, w, strict=True))
    assert float(game.value(s, u, a, b)) == pytest.approx(ref, rel=1e-8)


def test_expression_on_symbols_is_the_derived_family_value():
    """On sympy symbols value_expression equals V_FAMILY of proofs/proposition_2.py, which that proof derives from
    the c-transform; the four proofs corollary_1, proposition_3, proposition_4, theorem_2 take V from it."""
    p2 = importlib.import_module("gantheory.proofs.proposition_2")
    expr = value_expression(p2.SIG, p2.ETA, p2.s, p2.u, p2.a, p2.b)
    assert sp.simplify(expr - p2.V_FAMILY) == 0
    for name in ("corollary_1", "proposition_3", "proposition_4", "theorem_2"):
        m = importlib.import_module(f"gantheory.proofs.{name}")
        x, y, a, b = sp.symbols("x y a b", real=True)
        assert sp.simplify(m.V(x, y, a, b) - value_expression(m.SIG, m.ETA, x, y, a, b)) == 0


def test_best_response_divergence_and_minimiser():
    game = W2GAN1D(SIGMA, T, ETA)
    rng = np.random.default_rng(1)
    for s, u, _, _ in _points(rng, 5):
        a, b = game.D_of(s, u)
        assert np.allclose([float(g) for g in game.grad_D(s, u, a, b)], 0.0, atol=1e-12)
        assert float(game.value(s, u, a, b)) == pytest.approx(game.divergence(s, u), rel=1e-12)
        assert game.divergence(s, u) == pytest.approx(ETA * ((SIGMA - s) ** 2 + u * u), rel=1e-15)
    assert game.minimiser() == pytest.approx((1.0, 0.0), abs=1e-6)
    assert game.D_star == pytest.approx(game.D_of(1.0, 0.0))


def test_vprox_sandwich_and_agreement_with_the_general_solver():
    """V(G, D) <= V_prox(G, D) <= max_D' V(G, D') (eq. (11): D' = D, penalty >= 0), and the 1-D value equals the
    d-dimensional solver's at d = 1."""
    game = W2GAN1D(SIGMA, T, ETA)
    s, u, a, b, lam = 0.6, -0.2, 0.05, 0.3, 0.7
    vp = float(game.vprox(lam, a, b)(np.array([s]), np.array([u]))[0])
    assert float(game.value(s, u, a, b)) - 1e-12 <= vp <= game.divergence(s, u) + 1e-12
    ref = prox_value(ETA, lam, np.eye(1) * SIGMA**2, LinearGenerator.scalar(s, u), QuadraticDiscriminator([[a]], [b]))
    assert vp == pytest.approx(ref.value, abs=1e-8)


def test_penalty_is_the_sobolev_norm_by_quadrature():
    """Eq. (15) under N(0, sigma^2): E[(2 (a - a_k) X + (b - b_k))^2] by Gauss-Hermite (exact for quadratics)."""
    game = W2GAN1D(SIGMA, T, ETA)
    z, w = np.polynomial.hermite_e.hermegauss(5)
    ref = float(np.sum(w * (2 * (0.3 - 0.1) * SIGMA * z + (-0.2 - 0.4)) ** 2) / w.sum())
    assert float(game.penalty(0.3, -0.2, 0.1, 0.4)) == pytest.approx(ref, rel=1e-13)


@pytest.mark.parametrize("kw, name", [({"sigma": 1.0}, "sigma"), ({"t": 0.0}, "t"), ({"eta": -1.0}, "eta"),
                                      ({"sigma": float("nan")}, "sigma")])
def test_bad_parameters_name_themselves(kw, name):
    with pytest.raises(ValueError, match=name):
        W2GAN1D(**{"sigma": SIGMA, "t": T, "eta": ETA, **kw})

