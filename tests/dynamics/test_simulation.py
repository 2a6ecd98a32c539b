"""Simulated dynamics (gantheory.dynamics.simulation): Algorithm 1's inner loop against the proximal maximiser of
eq. (11), mutations of the loop, GDA and Algorithm 1 runs, batched against single runs."""

import numpy as np
import pytest

from gantheory.dynamics.classification import classify
from gantheory.dynamics.models import W2GAN1D, WGAN1D
from gantheory.dynamics.simulation import inner_ascent, run, run_batch
from gantheory.dynamics.study import inner_curvature, start_point
from gantheory.exact.w2gan_1d import prox_value_1d


def w2_points(rng, n=20, eta=0.5):
    for _ in range(n):
        yield (rng.uniform(-1, 1), rng.uniform(-0.5, 0.5), eta - rng.uniform(0.05, 1.0), rng.uniform(-1, 1))


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
