"""Training dynamics of the exact 1-D Gaussian games: analytic gradients, the Sobolev norm (15), Algorithm 1's
inner loop, the three methods, the classifier and the study grid."""

import math

import numpy as np
import pytest

from gantheory.dynamics import (
    W2GAN1D,
    WGAN1D,
    Trajectory,
    classify,
    describe,
    inner_ascent,
    run,
    run_batch,
)
from gantheory.dynamics.study import format_table, inner_curvature, start_point, study
from gantheory.proximal.w2gan import prox_value_1d

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


def test_inner_loop_increases_penalised_objective_monotonically():
    game = W2GAN1D()
    rng = np.random.default_rng(5)
    for _ in range(10):
        w, u, a, b = next(w2_points(rng, 1))
        for lam in (0.1, 2.5, 10.0):
            gD = 1.0 / (inner_curvature(game, lam) + 2 / (game.eta - a) ** 3)  # below 1/L along the path
            _, _, vals = inner_ascent(game, w, u, a, b, lam, gD, 50, record=True)
            assert np.all(np.diff(vals) >= -1e-13), (lam, np.diff(vals).min())
            assert vals[-1] > vals[0]


def test_inner_loop_unstable_step_leaves_domain():
    """With gamma_D L > 2 the inner loop overshoots and leaves a < eta: Algorithm 1 diverges at step 1."""
    game = W2GAN1D()
    tr = run(game, "algorithm1", lam=10.0, gamma_G=0.02, gamma_D=0.02, T=20, steps=10, start=start_point(game))
    assert 0.02 * inner_curvature(game, 10.0) > 2
    assert tr.diverged_at == 1 and classify(tr) == "diverges" and np.all(np.isnan(tr.distance[1:]))


def _inner_matches_prox(game, cases):
    """Algorithm 1's inner loop with many small steps reaches the maximiser of eq. (11) computed independently
    (golden-section search of gantheory.proximal.w2gan.prox_value_1d)."""
    for w, u, a, b, lam in cases:
        gD = 0.5 / (inner_curvature(game, lam) + 2 / (game.eta - a) ** 3)
        ap, bp = inner_ascent(game, w, u, a, b, lam, gD, 4000)
        val, a_ref, b_ref = prox_value_1d(game.eta, lam, game.sigma**2, w, u, a, b)
        if not (abs(float(ap) - float(a_ref)) < 1e-7 and abs(float(bp) - float(b_ref)) < 1e-7
                and abs(float(game.penalised(w, u, ap, bp, a, b, lam)) - float(val)) < 1e-9):
            return False
    return True


class _NoPenalty(W2GAN1D):
    """Mutation: the inner loop drops the proximal penalty (plain ascent on V)."""

    def ascent_fn(self, w, u, ak, bk, lam):
        return super().ascent_fn(w, u, ak, bk, 0.0)


class _HalfPenalty(W2GAN1D):
    """Mutation: Algorithm 1's lam/2 read as eq. (11)'s lam (the convention slip the docstring warns about)."""

    def ascent_fn(self, w, u, ak, bk, lam):
        return super().ascent_fn(w, u, ak, bk, 0.5 * lam)


def test_inner_loop_reaches_proximal_maximiser_and_mutations_are_caught():
    cases = [(0.8, 0.2, 0.05, 0.3, 0.5), (1.0, -0.4, -0.2, -0.1, 2.5), (0.6, 0.1, 0.2, 0.0, 0.1)]
    assert _inner_matches_prox(W2GAN1D(), cases)
    assert not _inner_matches_prox(_NoPenalty(), cases)
    assert not _inner_matches_prox(_HalfPenalty(), cases)


class _FlippedGenerator(W2GAN1D):
    """Mutation: the generator ascends instead of descending."""

    def grad_G(self, w, u, a, b):
        gw, gu = super().grad_G(w, u, a, b)
        return -gw, -gu


def test_gda_converges_and_flipped_generator_step_is_caught():
    for cls, expect in ((W2GAN1D, "converges"), (_FlippedGenerator, None)):
        game = cls()
        tr = run(game, "gda-alt", gamma_G=0.1, gamma_D=0.1, steps=600, start=start_point(game))
        if expect:
            assert classify(tr) == expect and tr.distance[-1] < 1e-10
        else:
            assert classify(tr) != "converges" and not tr.distance[-1] < 1e-2


def test_algorithm1_with_one_inner_step_is_alternating_gda():
    """With T = 1 the penalty's gradient vanishes at phi = phi_k: Algorithm 1 = alternating GDA for every lam."""
    for game in (W2GAN1D(), WGAN1D()):
        st = start_point(game, seed=7)
        alt = run(game, "gda-alt", gamma_G=0.1, gamma_D=0.1, steps=200, start=st)
        for lam in (0.1, 10.0):
            a1 = run(game, "algorithm1", lam=lam, gamma_G=0.1, gamma_D=0.1, T=1, steps=200, start=st)
            np.testing.assert_array_equal(a1.iterates, alt.iterates)


def test_methods_differ_and_batch_equals_single_runs():
    game = W2GAN1D()
    st = start_point(game)
    cfgs = [{"method": "gda-sim", "gamma_G": 0.1, "gamma_D": 0.1},
            {"method": "gda-alt", "gamma_G": 0.1, "gamma_D": 0.1},
            {"method": "algorithm1", "gamma_G": 0.1, "gamma_D": 0.05, "lam": 0.5, "T": 20}]
    batch = run_batch(game, cfgs, 50, st)
    for c, tr in zip(cfgs, batch, strict=True):
        single = run(game, c["method"], lam=c.get("lam", 0.0), gamma_G=c["gamma_G"], gamma_D=c["gamma_D"],
                     T=c.get("T", 1), steps=50, start=st)
        np.testing.assert_allclose(single.iterates, tr.iterates, rtol=0, atol=1e-15)
    assert not np.allclose(batch[0].iterates, batch[1].iterates)
    # one step by hand: simultaneous GDA uses phi_k for the generator, alternating phi_{k+1}
    w, u, a, b = st
    ga, gb = game.grad_D(w, u, a, b)
    a1, b1 = a + 0.1 * ga, b + 0.1 * gb
    gw, gu = game.grad_G(w, u, a, b)
    np.testing.assert_allclose(batch[0].iterates[1], [min(w - 0.1 * gw, 1), u - 0.1 * gu, a1, b1], atol=1e-15)
    gw, gu = game.grad_G(w, u, a1, b1)
    np.testing.assert_allclose(batch[1].iterates[1], [min(w - 0.1 * gw, 1), u - 0.1 * gu, a1, b1], atol=1e-15)


def test_wgan_kink_creates_rest_points_at_c_about_minus_2lam_over_T():
    """The Sobolev norm of the family a|x - c| has a kink in c at c = c_k; the subgradient inner loop zig-zags
    and Algorithm 1 comes to rest at u = c ~ -2 lam / T (not (G*, D*), not a proximal equilibrium)."""
    game = WGAN1D()
    for T in (10, 40):
        tr = run(game, "algorithm1", lam=0.5, gamma_G=0.1, gamma_D=0.1, T=T, steps=1500, start=start_point(game))
        w, u, a, c = tr.iterates[-1]
        assert classify(tr) == "stalls"
        assert u == pytest.approx(c, abs=1e-9) and c == pytest.approx(-2 * 0.5 / T, rel=0.05)


def _traj(points, dist):
    pts = np.asarray(points, dtype=float)
    return Trajectory("synthetic", "none", 0.0, 0.1, 0.1, 1, pts[:, :2], pts[:, 2:], np.asarray(dist, dtype=float))


def test_classifier_on_synthetic_trajectories():
    k = np.arange(1001)
    rot = np.stack([np.cos(0.1 * k), np.sin(0.1 * k)], axis=1)
    zero = np.zeros_like(rot)

    def traj(radius):
        xy = radius[:, None] * rot
        pts = np.hstack([xy, zero])
        return _traj(pts, np.linalg.norm(pts, axis=1))

    assert classify(traj(0.5 * 0.97**k)) == "converges"  # damped spiral
    d = describe(traj(np.full(k.shape, 0.3)))  # rotation: a cycle of radius 0.3
    assert d["label"] == "cycles" and d["amplitude"] == pytest.approx(0.6, rel=1e-3)
    exploding = traj(0.01 * 1.05**k)
    assert classify(exploding) == "diverges"
    assert describe(exploding)["diverged_at"] is None  # synthetic: caught through the 1e6 distance
    assert classify(traj(0.5 * 0.999**k)) == "slow"
    rest = _traj(np.tile([0.2, 0.1, 0.0, 0.0], (1001, 1)), np.full(1001, math.hypot(0.2, 0.1)))
    assert classify(rest) == "stalls"
    nan = traj(np.full(k.shape, 0.3))
    nan.distance[500:] = np.nan
    assert classify(nan) == "diverges"


def test_study_tables():
    w2 = study("w2gan")
    rows = {(r["method"], r["lam"], r["gamma"], r["inner_step"]): r for r in w2["rows"]}
    assert rows[("gda-sim", None, 0.02, "gamma")]["label"] == "converges"
    assert rows[("gda-alt", None, 0.3, "gamma")]["label"] == "cycles"
    # lam = 10 with gamma_D = 0.02: the inner loop is unstable (gamma_D L > 2) and leaves a < eta at once
    assert rows[("algorithm1", 10.0, 0.02, "gamma")]["diverged_at"] == 1
    assert rows[("algorithm1", 10.0, 0.02, "1/L")]["label"] == "converges"
    wg = study("wgan", {"steps": 1000})
    assert all(r["label"] == "cycles" for r in wg["rows"] if r["method"].startswith("gda"))
    assert "algorithm1" in format_table(wg)
    with pytest.raises(ValueError):
        study("wgan", {"eta": 0.5})
