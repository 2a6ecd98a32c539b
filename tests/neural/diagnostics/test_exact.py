"""Every diagnostic on the exact Gaussian W2GAN (eq. (9), Theorem 1) against the theory half: the torch closed
form of V against gantheory.games.w2gan, its Hessians against finite differences of the theory half's numpy
value and against hand-derived closed forms at the W2 minimiser, Lanczos against dense eigvalsh, and the duality
gaps against gantheory.exact.w2gan (nash_gap_at_best_response, divergence, generator best response) and
gantheory.proximal.w2gan.prox_value / gantheory.proximal.equilibrium.worst_generator."""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.exact import w2gan as ex  # noqa: E402
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet  # noqa: E402
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame  # noqa: E402
from gantheory.neural.diagnostics.exact import W2GANTorch  # noqa: E402
from gantheory.neural.diagnostics.gap import (  # noqa: E402
    Budget,
    discriminator_improvement,
    duality_gap,
    generator_improvement,
    proximal_generator_improvement,
    proximal_value,
)
from gantheory.neural.diagnostics.jacobian import jacobian_spectrum  # noqa: E402
from gantheory.neural.diagnostics.lanczos import hessian_spectrum, lanczos  # noqa: E402
from gantheory.proximal.equilibrium import worst_generator  # noqa: E402
from gantheory.proximal.w2gan import prox_value, prox_value_1d  # noqa: E402

ETA, SIGMA, T = 0.5, 1.5, 1.0  # the paper's W2GAN cost (1/2)||x - x'||^2, sigma > 1 (Theorem 1)
W0 = np.array([[0.6, 0.1], [-0.2, 0.4]])
U0 = np.array([0.3, -0.2])
D1 = QuadraticDiscriminator(np.array([[0.1, 0.05], [0.05, -0.2]]), np.array([0.1, 0.2]))


def game(d=2, k=2):
    return W2GANTorch(SIGMA, d, k, T, ETA)


def theory(d=2, k=2):
    return W2GANGame(GaussianData(SIGMA, d), LinearGeneratorSet(d, k, T), ETA)


def test_value_matches_theory_half():
    g, th = game(), theory()
    rng = np.random.default_rng(0)
    for _ in range(5):
        W = 0.5 * rng.standard_normal((2, 2))
        u = 0.5 * rng.standard_normal(2)
        S = rng.standard_normal((2, 2))
        D = QuadraticDiscriminator(0.1 * (S + S.T), rng.standard_normal(2))
        assert D.is_c_concave(ETA)
        Gm, Dm = g.modules(LinearGenerator(W, u), D)
        assert abs(float(g.value(Gm, Dm).detach()) - th.value(LinearGenerator(W, u), D)) < 1e-12
    # a non-c-concave D (A > eta I somewhere): V = -inf on both sides
    bad = QuadraticDiscriminator(np.diag([ETA + 0.1, 0.0]), np.zeros(2))
    Gm, Dm = g.modules(LinearGenerator(W0, U0), bad)
    assert float(g.value(Gm, Dm)) == -np.inf == th.value(LinearGenerator(W0, U0), bad)
    # the sampled value converges to the closed form (law of large numbers; 4e5 samples)
    Gm, Dm = g.modules(LinearGenerator(W0, U0), D1)
    gen = torch.Generator().manual_seed(0)
    x = SIGMA * torch.randn(400_000, 2, generator=gen, dtype=torch.float64)
    z = torch.randn(400_000, 2, generator=gen, dtype=torch.float64)
    assert abs(float(g.sampled_value(Gm, Dm, x, z).detach()) - float(g.value(Gm, Dm).detach())) < 0.02


def fd_hessian(f, x, h=1e-4):
    """Central second differences of a numpy function (O(h^2) truncation)."""
    n = len(x)
    H = np.zeros((n, n))
    E = np.eye(n) * h
    for i in range(n):
        for j in range(i, n):
            H[i, j] = H[j, i] = (f(x + E[i] + E[j]) - f(x + E[i] - E[j]) - f(x - E[i] + E[j])
                                 + f(x - E[i] - E[j])) / (4 * h * h)
    return H


@pytest.mark.parametrize("d, k", [(2, 2), (2, 1)])
def test_full_hessian_matches_finite_differences_of_theory_value(d, k):
    g = game(d, k)
    rng = np.random.default_rng(1)
    W = 0.4 * rng.standard_normal((d, k))
    u = 0.3 * rng.standard_normal(d)
    Gm, Dm = g.modules(LinearGenerator(W, u), D1 if d == 2 else QuadraticDiscriminator([[0.1]], [0.2]))
    fns = g.game_functions(Gm, Dm)
    nt = fns.n_theta
    H = fns.dense_hessian("full").numpy()
    x0 = fns.flat("full").numpy()
    Hfd = fd_hessian(lambda x: g.theory_value(x[:nt], x[nt:]), x0)
    err = np.abs(H - Hfd).max() / max(1.0, np.abs(H).max())
    assert err < 1e-5, err  # observed 2.6e-7 (generic D) to 1.5e-6 (best-response D), FD truncation
    # the gradient too, first differences of the theory half
    gfd = np.array([(g.theory_value(*np.split(x0 + e, [nt])) - g.theory_value(*np.split(x0 - e, [nt]))) / 2e-6
                    for e in np.eye(len(x0)) * 1e-6])
    assert np.abs(fns.gradient("full").numpy() - gfd).max() < 1e-7


def test_w2_minimiser_closed_form_hessians_and_no_local_nash():
    """At G* (W = I, u = 0) and D* = D_G* (A = eta (1 - 1/sigma) I, b = 0): V(G, D*) = const - eta (sigma - 1)
    (||W||_F^2 + ||u||^2), so grad^2_theta theta V = -2 eta (sigma - 1) I (negative definite: Theorem 1, no local
    Nash); grad^2_ww V = -2 sigma^3/eta on A's diagonal entries, -4 sigma^3/eta on its off-diagonal ones and
    -sigma/(2 eta) on b (M = (eta/sigma) I; d^2 tr(M^-1) = 2 tr(M^-1 E M^-1 E M^-1))."""
    g = game()
    D = ex.optimal_discriminator(ETA, SIGMA, np.zeros(2), np.eye(2), np.eye(2))
    Gm, Dm = g.modules(LinearGenerator(np.eye(2), np.zeros(2)), D)
    fns = g.game_functions(Gm, Dm)
    Htt = fns.dense_hessian("G").numpy()
    assert np.abs(Htt - (-2 * ETA * (SIGMA - 1)) * np.eye(6)).max() < 1e-12
    Hww = fns.dense_hessian("D").numpy()
    c = SIGMA ** 3 / ETA
    assert np.abs(Hww - np.diag([-2 * c, -4 * c, -2 * c, -SIGMA / (2 * ETA), -SIGMA / (2 * ETA)])).max() < 1e-10
    hs = hessian_spectrum(fns, "G", 10, dense_max=100)
    assert abs(hs["min"] + 2 * ETA * (SIGMA - 1)) < 1e-12 and hs["negative_curvature_certified"]
    assert hs["share_negative"] == pytest.approx(1.0, abs=1e-12)


def test_w2gan_gap_at_the_minimiser_from_sampled_generator_deviations():
    """The Nash gap at (G*, D*) = (W = I, u = 0; D_G*) found without the closed form: the generator's gain
    V(G*, D*) - V(G', D*) over 4000 sampled feasible deviations G' (random orthogonal factors with singular values
    in [0, 1], some exactly 1; u' in the ball ||u'|| <= t, half of them on its sphere), each V evaluated by the
    torch module (checked against the theory half and Monte Carlo in test_value_matches_theory_half). The best
    sampled gain must reach, and never exceed, the proven minimal gap eta (sigma - 1) t^2 of ex.min_nash_gap; the
    discriminator cannot gain at its best response (sampled c-concave quadratic deviations)."""
    g = game()
    D = ex.optimal_discriminator(ETA, SIGMA, np.zeros(2), np.eye(2), np.eye(2))
    v_star = float(g.value(*g.modules(LinearGenerator(np.eye(2), np.zeros(2)), D)).detach())
    rng = np.random.default_rng(7)
    gains = []
    for i in range(4000):
        Q1, _ = np.linalg.qr(rng.standard_normal((2, 2)))
        Q2, _ = np.linalg.qr(rng.standard_normal((2, 2)))
        s = np.ones(2) if i % 4 == 0 else rng.uniform(0, 1, 2)
        W = Q1 @ np.diag(s) @ Q2
        direction = rng.standard_normal(2)
        r = T if i % 2 == 0 else T * np.sqrt(rng.uniform())
        u = r * direction / np.linalg.norm(direction)
        assert LinearGeneratorSet(2, 2, T).contains(LinearGenerator(W, u))
        gains.append(v_star - float(g.value(*g.modules(LinearGenerator(W, u), D)).detach()))
    want = ex.min_nash_gap(ETA, SIGMA, T, 2, 2)
    assert max(gains) <= want * (1 + 1e-9)
    assert max(gains) >= want * (1 - 1e-9)  # attained: W orthogonal, ||u|| = t
    # the discriminator side: no sampled c-concave quadratic D' improves V(G*, .) over D*
    G_star = LinearGenerator(np.eye(2), np.zeros(2))
    for _ in range(500):
        S = rng.standard_normal((2, 2))
        Dp = QuadraticDiscriminator(D.A + 0.05 * (S + S.T), D.b + 0.1 * rng.standard_normal(2))
        if not Dp.is_c_concave(ETA):
            continue
        assert float(g.value(*g.modules(G_star, Dp)).detach()) <= v_star + 1e-12


@pytest.mark.parametrize("pair", ["best_response", "generic"])
def test_lanczos_and_arnoldi_vs_dense(pair):
    g = game()
    D = ex.optimal_discriminator(ETA, SIGMA, U0, W0 @ W0.T, W0) if pair == "best_response" else D1
    Gm, Dm = g.modules(LinearGenerator(W0, U0), D)
    fns = g.game_functions(Gm, Dm)
    for block in ("G", "D", "full"):
        ev = np.linalg.eigvalsh(fns.dense_hessian(block).numpy())
        r = lanczos(fns.operator(block), fns.size(block), 50, seed=0)
        scale = np.abs(ev).max()
        assert abs(r.min - ev[0]) <= 1e-6 * scale and abs(r.max - ev[-1]) <= 1e-6 * scale
    out = jacobian_spectrum(fns, 11)
    dense = np.array(out["dense"]["eigenvalues"])
    dense = dense[:, 0] + 1j * dense[:, 1]
    ar = np.array(out["arnoldi"]["ritz"])
    ar = ar[:, 0] + 1j * ar[:, 1]
    for lam in dense:  # every exact eigenvalue is found by the full Arnoldi run
        assert np.abs(ar - lam).min() <= 1e-6 * np.abs(dense).max()
    # the dense J agrees with finite differences of the theory half (independent path)
    nt = fns.n_theta
    Hfd = fd_hessian(lambda x: g.theory_value(x[:nt], x[nt:]), fns.flat("full").numpy())
    Jfd = Hfd.copy()
    Jfd[nt:] *= -1
    ev_fd = np.linalg.eigvals(Jfd)
    for lam in dense:
        assert np.abs(ev_fd - lam).min() <= 1e-4 * np.abs(dense).max()


SGD = Budget(steps=400, lr=0.1, optimizer="sgd")  # projected gradient: converges to a KKT point


def test_gap_at_best_response_matches_closed_form():
    """(G0, D_G0): the discriminator cannot improve (0), the generator gains nash_gap_at_best_response."""
    g = game()
    D = ex.optimal_discriminator(ETA, SIGMA, U0, W0 @ W0.T, W0)
    p = g.gap_problem(*g.modules(LinearGenerator(W0, U0), D))
    gap = duality_gap(p, SGD, Budget(steps=100, lr=0.01, schedule="cosine"), seeds=(0, 1))
    expect = ex.nash_gap_at_best_response(ETA, SIGMA, W0, U0, T)
    assert gap["generator"]["improvement"]["mean"] == pytest.approx(expect, rel=1e-6)
    assert abs(gap["discriminator"]["improvement"]["mean"]) < 1e-10
    assert gap["gap"]["mean"] == pytest.approx(expect, rel=1e-6)
    assert gap["gap"]["std"] < 1e-12  # the exact game has no sampling: seeds agree
    assert gap["generator"]["budget"]["steps"] == 400


def test_gap_at_generic_pair_matches_closed_form():
    g, th = game(), theory()
    G0 = LinearGenerator(W0, U0)
    p = g.gap_problem(*g.modules(G0, D1))
    v0 = th.value(G0, D1)
    d = discriminator_improvement(p, Budget(steps=300, lr=0.1, schedule="cosine"))
    assert d["improvement"]["mean"] == pytest.approx(ex.divergence(ETA, SIGMA, U0, W0 @ W0.T) - v0, rel=1e-8)
    gi = generator_improvement(p, SGD)
    best = ex.W2GANClosedForm(th).generator_best_response(D1).value
    assert gi["improvement"]["mean"] == pytest.approx(v0 - best, rel=1e-6)


@pytest.mark.parametrize("lam", [0.1, 1.0])
def test_proximal_value_matches_theory_half(lam):
    g = game()
    G0 = LinearGenerator(W0, U0)
    Gm, Dm = g.modules(G0, D1)
    p = g.gap_problem(Gm, Dm)
    v = proximal_value(p, Gm, Dm, lam, Budget(steps=300, lr=0.1, schedule="cosine"))
    assert v == pytest.approx(prox_value(ETA, lam, SIGMA ** 2 * np.eye(2), G0, D1).value, rel=1e-8, abs=1e-10)


def test_proximal_generator_improvement_1d_against_grid_minimum():
    """d = k = 1: min over |w| <= 1, |u| <= t of V_prox(G, D0) by the theory half's grid + L-BFGS
    (worst_generator over prox_value_1d), against G's improvement on V_prox by Proposition 4's steps."""
    lam, a, b = 0.5, 0.2, 0.3
    g = W2GANTorch(SIGMA, 1, 1, T, ETA)
    G0 = LinearGenerator([[0.5]], [0.2])
    Gm, Dm = g.modules(G0, QuadraticDiscriminator([[a]], [b]))
    p = g.gap_problem(Gm, Dm)

    def vprox(s, u):
        return prox_value_1d(ETA, lam, SIGMA ** 2, s, u, a, b)[0]

    v0 = float(vprox(np.array([0.5]), np.array([0.2]))[0])
    best = worst_generator(vprox, T).value
    inner = Budget(steps=30, lr=0.1, schedule="cosine")
    res = proximal_generator_improvement(p, Budget(steps=40, lr=0.2, optimizer="sgd"), inner, lam,
                                         eval_inner=Budget(steps=200, lr=0.05, schedule="cosine"))
    assert res["Vprox_start"] == pytest.approx(v0, abs=1e-7)
    assert res["improvement"]["mean"] == pytest.approx(v0 - best, rel=1e-3)


def test_bad_input():
    g = game()
    p = g.gap_problem(*g.modules(LinearGenerator(W0, U0), D1))
    with pytest.raises(ValueError, match="steps"):
        Budget(steps=0)
    with pytest.raises(ValueError, match="lr"):
        Budget(steps=3, lr=-1.0)
    with pytest.raises(ValueError, match="lam"):
        proximal_value(p, p.G, p.D, 0.0, Budget(steps=3))
    with pytest.raises(ValueError, match="seeds"):
        generator_improvement(p, Budget(steps=3), seeds=())
    with pytest.raises(ValueError, match="sigma"):
        W2GANTorch(-1.0, 2, 2, T)
