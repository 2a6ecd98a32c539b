"""The 1-D games of the dynamics (gantheory.dynamics.models): analytic gradients against finite differences, the
Sobolev norm (15) against Monte Carlo, the target (G*, D*) stationary but not Nash."""

import math

import numpy as np
import pytest

from gantheory.dynamics.models import GAMES, W2GAN1D, WGAN1D, make_game
from gantheory.exact import w2gan_1d

H = 1e-6


def fd_grad(f, x, h=H):
    x = np.asarray(x, dtype=float)
    g = np.zeros_like(x)
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(*(x + e)) - f(*(x - e))) / (2 * h)
    return g


def w2_points(rng, n=20, eta=0.5):
    for _ in range(n):
        yield (rng.uniform(-1, 1), rng.uniform(-0.5, 0.5), eta - rng.uniform(0.05, 1.0), rng.uniform(-1, 1))


def wgan_points(rng, n=20):
    for _ in range(n):
        w = rng.choice([-1, 1]) * rng.uniform(0.2, 1.0)
        yield (w, rng.uniform(-0.5, 0.5), rng.uniform(-1, 1), rng.uniform(-1.5, 1.5))


@pytest.mark.parametrize("game, points", [(W2GAN1D(), w2_points), (WGAN1D(), wgan_points)], ids=["w2gan", "wgan"])
def test_gradients_match_central_finite_differences(game, points):
    rng = np.random.default_rng(1)
    for x in points(rng):
        exact = np.array([float(g) for g in game.grad(*x)])
        fd = fd_grad(lambda *y: float(game.value(*y)), x)
        assert exact == pytest.approx(fd, rel=1e-6, abs=1e-7), x


@pytest.mark.parametrize("game, points", [(W2GAN1D(), w2_points), (WGAN1D(), wgan_points)], ids=["w2gan", "wgan"])
def test_penalty_gradient_and_fused_ascent_direction(game, points):
    """penalty_grad against finite differences (away from the WGAN kink c = c_k), and the fused ascent_fn used by
    the loops equals grad_D - lam penalty_grad."""
    rng = np.random.default_rng(2)
    for x in points(rng):
        w, u, p, q = x
        pk, qk = p + rng.uniform(-0.3, 0.3), q + rng.choice([-1, 1]) * rng.uniform(0.05, 0.5)
        if isinstance(game, WGAN1D):
            pk = float(np.clip(pk, -1, 1))
        pen = np.array([float(g) for g in game.penalty_grad(p, q, pk, qk)])
        fd = fd_grad(lambda a, b, pk=pk, qk=qk: float(game.penalty(a, b, pk, qk)), [p, q])
        assert pen == pytest.approx(fd, rel=1e-6, abs=1e-8)
        lam = rng.uniform(0.05, 5)
        ref = np.array([float(g) for g in game.grad_D(w, u, p, q)]) - lam * pen
        fused = np.array([float(g) for g in game.ascent_fn(w, u, pk, qk, lam)(p, q)])
        assert fused == pytest.approx(ref, rel=1e-12, abs=1e-12)


def test_wgan_sobolev_norm_matches_monte_carlo():
    """||D - D_k||^2 = E_P[(a sign(X - c) - a_k sign(X - c_k))^2]
    = a^2 + a_k^2 - 2 a a_k (1 - 2 |Phi(c/sigma) - Phi(c_k/sigma)|)."""
    game = WGAN1D(sigma=1.25)
    rng = np.random.default_rng(3)
    X = 1.25 * rng.standard_normal(1_000_000)
    for a, c, ak, ck in [(1.0, 0.0, 1.0, 0.3), (0.7, -0.5, 1.0, 0.8), (-0.4, 1.2, 0.9, -0.2), (1.0, 0.1, -1.0, 0.1)]:
        vals = (a * np.sign(X - c) - ak * np.sign(X - ck)) ** 2
        mc, se = vals.mean(), vals.std() / math.sqrt(len(X))
        assert abs(float(game.penalty(a, c, ak, ck)) - mc) <= 5 * se + 1e-12


def test_w2gan_sobolev_norm_matches_monte_carlo():
    """Eq. (15) for D = a x^2 + b x under N(0, sigma^2): E[(2 (a - a_k) X + (b - b_k))^2] = 4 sigma^2 da^2 + db^2."""
    game = W2GAN1D(sigma=1.25)
    X = 1.25 * np.random.default_rng(4).standard_normal(1_000_000)
    vals = (2 * (0.3 - 0.1) * X + (-0.2 - 0.4)) ** 2
    assert float(game.penalty(0.3, -0.2, 0.1, 0.4)) == pytest.approx(vals.mean(), rel=5e-3)


def test_target_is_stationary_but_not_nash():
    """grad V = 0 at (G*, D*) in both games, but d^2 V / du^2 < 0 there: u = 0 is a local maximum of V(., D*)."""
    for game in (W2GAN1D(), WGAN1D()):
        x = (*game.G_star, *game.D_star)
        g = [float(v) for v in game.grad(*x)]
        assert abs(g[1]) < 1e-15 and abs(g[3]) < 1e-15
        assert g[0] < 0  # dV/dw < 0 keeps the minimising generator at the boundary w = 1
        if isinstance(game, W2GAN1D):
            assert abs(g[2]) < 1e-14  # interior a* = eta (1 - 1/sigma): dV/da = 0
        else:
            assert g[2] > 0  # a* = 1 on the boundary |a| <= 1: dV/da > 0 keeps it there
        d2u = (float(game.value(x[0], 1e-4, *x[2:])) - 2 * float(game.value(*x))
               + float(game.value(x[0], -1e-4, *x[2:]))) / 1e-8
        assert d2u < -0.1


def test_w2gan_is_the_shared_model_and_games_are_made_by_name():
    assert W2GAN1D is w2gan_1d.W2GAN1D and GAMES == {"w2gan": W2GAN1D, "wgan": WGAN1D}
    game = make_game("w2gan", sigma=2.0, eta=0.3)
    assert (game.sigma, game.t, game.eta) == (2.0, 0.5, 0.3)
    with pytest.raises(ValueError, match="unknown game"):
        make_game("fgan")
    with pytest.raises(ValueError, match="sigma"):
        WGAN1D(sigma=1.0)
