"""gantheory.equilibria.sample_gap: sample estimates of the Nash gap at (G, D_G) against independent values.

* Gaussian data: the closed forms gantheory.exact.wgan.nash_gap_at_best_response (eq. (8)) and
  gantheory.exact.w2gan.nash_gap_at_best_response (eq. (9)).
* Non-Gaussian data (a two-component Gaussian mixture, 1-D): a quadrature computation written here,
  independent of the package: WGAN D_G' = sign(F_Q - F_P) (integration by parts of E_P[D] - E_Q[D]),
  so D_G is piecewise linear with kinks at the CDF crossings and E_{N(m, tau^2)}[D_G] is a sum of
  E(X - c)_+ = tau phi((m - c)/tau) + (m - c) Phi((m - c)/tau); W2GAN (D^c)'(y) = 2 eta (T^{-1}(y) - y)
  with T^{-1} = F_P^{-1} o F_Q the monotone rearrangement (envelope theorem on D^c(y) = sup_x D(x) -
  eta (x - y)^2), integrated on a grid. The generator's best reply is maximised over a (s', u') grid
  and polished (L-BFGS-B). Both are checked against the Gaussian closed forms with a one-component mixture.

Criterion: |estimate - reference| <= K * std_error + bias allowance, K = 4, std_error the estimator's
bootstrap standard error, the allowance stated per case. The allowances come from a study over 12
independent data sets per case (seeds 1000-1011 / 500-511, 8 bootstrap replicates): mean bias and
spread of the estimate are quoted next to each case. A mutation (potentials with flipped sign, the cost
scale doubled) must make the same comparison fail.
"""

import numpy as np
import pytest
from scipy import integrate, optimize, special

from gantheory.equilibria import sample_gap as sg
from gantheory.equilibria.sample_gap import (
    EmpiricalCTransform,
    SampleNashGap,
    WhitneyExtension1D,
    w2gan_nash_gap_from_samples,
    wgan_nash_gap_from_samples,
)
from gantheory.exact import w2gan as ex2
from gantheory.exact import wgan as ex1
from gantheory.games.gaussian import LinearGenerator, LinearGeneratorSet
from gantheory.solvers import ot as sot

K = 4.0  # multiple of the reported standard error
SQ2PI = np.sqrt(2 * np.pi)


def within(res: SampleNashGap, reference: float, bias_allowance: float) -> bool:
    return abs(res.estimate - reference) <= K * res.std_error + bias_allowance


# ------------------------------------------------------------------ independent quadrature (1-D mixtures)


class Mixture:
    """P = sum_k w_k N(mu_k, sd_k^2)."""

    def __init__(self, weights, means, sds):
        self.w, self.mu, self.sd = (np.asarray(a, dtype=float) for a in (weights, means, sds))

    def cdf(self, x):
        return np.sum(self.w * special.ndtr((np.asarray(x, dtype=float)[..., None] - self.mu) / self.sd), axis=-1)

    def logcdf(self, x):
        z = (np.asarray(x, dtype=float)[..., None] - self.mu) / self.sd
        return special.logsumexp(np.log(self.w) + special.log_ndtr(z), axis=-1)

    def logsf(self, x):
        z = (np.asarray(x, dtype=float)[..., None] - self.mu) / self.sd
        return special.logsumexp(np.log(self.w) + special.log_ndtr(-z), axis=-1)

    def sample(self, n, rng):
        k = rng.choice(len(self.w), size=n, p=self.w)
        return (self.mu[k] + self.sd[k] * rng.standard_normal(n))[:, None]


def maximise_box(fun, t, grid=41):
    """max of fun(s, u) (vectorised) over [0, 1] x [-t, t]: a grid, then L-BFGS-B from the best 4 points."""
    S, U = (a.ravel() for a in np.meshgrid(np.linspace(0, 1, grid), np.linspace(-t, t, grid), indexing="ij"))
    vals = fun(S, U)
    best = float(vals.max())
    for i in np.argsort(vals)[-4:]:
        r = optimize.minimize(lambda p: -fun(p[:1], p[1:])[0], [S[i], U[i]], bounds=[(0, 1), (-t, t)],
                              method="L-BFGS-B")
        best = max(best, -float(r.fun))
    return best


def wgan_gap_quadrature(P: Mixture, s: float, u: float, t: float) -> float:
    x = np.linspace(-20, 20, 40001)

    def h(y):
        return special.ndtr((y - u) / s) - P.cdf(y)

    sg_ = np.sign(h(x))
    idx = np.nonzero(sg_[:-1] * sg_[1:] < 0)[0]
    c = np.array([optimize.brentq(h, x[i], x[i + 1], xtol=1e-14) for i in idx])
    slopes = np.array([sg_[0]] + [sg_[i + 1] for i in idx])
    a0, deltas = slopes[0], np.diff(slopes)  # D(x) = a0 x + sum_k deltas_k (x - c_k)_+

    def mean_D(m, tau):
        m, tau = np.asarray(m, dtype=float)[:, None], np.asarray(tau, dtype=float)[:, None]
        pos = tau > 0
        with np.errstate(divide="ignore", invalid="ignore"):
            z = (m - c) / np.where(pos, tau, 1.0)
            plus = np.where(pos, tau * np.exp(-0.5 * z * z) / SQ2PI + (m - c) * special.ndtr(z), np.maximum(m - c, 0))
        return a0 * m[:, 0] + plus @ deltas

    return maximise_box(lambda S, U: mean_D(U, S), t) - float(mean_D([u], [s])[0])


def w2gan_gap_quadrature(P: Mixture, s: float, u: float, t: float, eta: float) -> float:
    y = np.linspace(-12, 12, 24001)
    zq = (y - u) / s
    left = zq < 0
    target = np.where(left, special.log_ndtr(zq), special.log_ndtr(-zq))  # log F_Q or log(1 - F_Q)
    lo, hi = np.full_like(y, -80.0), np.full_like(y, 80.0)
    for _ in range(80):  # bisection for T^{-1}(y) = F_P^{-1}(F_Q(y)), in log space for the tails
        mid = 0.5 * (lo + hi)
        g = np.where(left, P.logcdf(mid) - target, target - P.logsf(mid))
        hi, lo = np.where(g > 0, mid, hi), np.where(g > 0, lo, mid)
    tinv = 0.5 * (lo + hi)
    cum = np.concatenate([[0.0], np.cumsum(0.5 * (tinv[1:] + tinv[:-1]) * np.diff(y))])
    Dc = 2 * eta * cum - eta * y * y  # D^c up to a constant

    def mean_Dc(m, tau):
        out = np.empty(len(m))
        for k, (mm, tt) in enumerate(zip(m, tau, strict=True)):
            if tt < 1e-9:
                out[k] = np.interp(mm, y, Dc)
            else:
                out[k] = integrate.trapezoid(np.exp(-0.5 * ((y - mm) / tt) ** 2) / (tt * SQ2PI) * Dc, y)
        return out

    return maximise_box(lambda S, U: mean_Dc(U, S), t, grid=31) - float(mean_Dc([u], [s])[0])


BIMODAL = Mixture([0.5, 0.5], [-1.0, 1.0], [0.5, 0.5])


@pytest.fixture(scope="module")
def bimodal_references():
    return {"wgan": wgan_gap_quadrature(BIMODAL, 0.6, 0.2, 0.5),
            "w2gan": w2gan_gap_quadrature(BIMODAL, 0.6, 0.2, 0.5, 0.5)}


def test_quadrature_reproduces_gaussian_closed_forms():
    """The independent quadrature, on a one-component mixture, equals the package's closed forms."""
    P = Mixture([1.0], [0.0], [1.25])
    assert wgan_gap_quadrature(P, 0.5, 0.2, 0.5) == pytest.approx(ex1.nash_gap_at_best_response(1.25, 0.5, 0.2, 0.5),
                                                                  abs=1e-8)
    exact = ex2.nash_gap_at_best_response(0.5, 1.25, np.array([[0.6]]), np.array([0.2]), 0.5)
    assert w2gan_gap_quadrature(P, 0.6, 0.2, 0.5, 0.5) == pytest.approx(exact, abs=1e-6)


# ------------------------------------------------------------- the discriminators are sample best responses


def test_whitney_discriminator_is_a_best_response_on_the_sample():
    rng = np.random.default_rng(0)
    x, y = 1.25 * rng.standard_normal((300, 1)), 0.2 + 0.5 * rng.standard_normal((250, 1))
    f, g = sot.kantorovich_potentials(x, y, "euclidean")
    D = WhitneyExtension1D(y[:, 0], -g)
    assert D(x).mean() - D(y).mean() == pytest.approx(sot.w1_samples(x, y), rel=1e-9)  # V_n(G, D) = W1(P_n, Q_m)
    assert np.allclose(D(y), -g, atol=1e-9) and np.all(D(x) >= f - 1e-9)
    a, b = rng.uniform(-8, 8, 4000), rng.uniform(-8, 8, 4000)
    assert np.all(np.abs(D(a) - D(b)) <= np.abs(a - b) + 1e-12)  # 1-Lipschitz
    brute = np.min(np.abs(a[:, None] - y[:, 0][None, :]) - g[None, :], axis=1)
    assert np.allclose(D(a), brute, atol=1e-12)


@pytest.mark.parametrize("d", [1, 2])
def test_c_transform_discriminator_is_a_best_response_on_the_sample(d):
    rng = np.random.default_rng(d)
    eta = 0.5
    x, y = 1.25 * rng.standard_normal((300, d)), 0.3 + 0.6 * rng.standard_normal((200, d))
    f, g = sot.kantorovich_potentials(x, y, "sqeuclidean", scale=eta)
    Dc = EmpiricalCTransform(x, f, eta)
    assert f.mean() - Dc(y).mean() == pytest.approx(eta * sot.w2_squared_samples(x, y), rel=1e-9)
    assert np.allclose(Dc(y), -g, atol=1e-9)
    q = 4 * rng.standard_normal((500, d))
    brute = np.max(f[None, :] - eta * np.sum((q[:, None, :] - x[None, :, :]) ** 2, axis=2), axis=1)
    assert np.allclose(Dc(q), brute, atol=1e-10)


def test_upper_envelope_with_tied_slopes():
    rng = np.random.default_rng(3)
    x, f = np.round(rng.standard_normal((400, 1)), 1), rng.standard_normal(400)  # many equal x
    q = 5 * rng.standard_normal((300, 1))
    brute = np.max(f[None, :] - 0.7 * (q - x.T) ** 2, axis=1)
    assert np.allclose(EmpiricalCTransform(x, f, 0.7)(q), brute, atol=1e-12)


# ------------------------------------------------------------------------ Gaussian data: closed forms


@pytest.mark.parametrize("sigma,s,u,n,allowance", [
    # study at these n: mean bias +0.009 (sd 0.015), +0.008 (sd 0.008)
    (1.25, 0.5, 0.2, 1000, 0.03),
    (0.8, 0.9, 0.3, 500, 0.03),
])
def test_wgan_gaussian_matches_closed_form(sigma, s, u, n, allowance):
    t = 0.5
    X = sigma * np.random.default_rng(11).standard_normal((n, 1))
    res = wgan_nash_gap_from_samples(X, LinearGenerator.scalar(s, u), t, replicates=8, seed=1)
    exact = ex1.nash_gap_at_best_response(sigma, s, u, t)
    assert within(res, exact, allowance), (res.estimate, res.std_error, exact)
    assert res.divergence == pytest.approx(ex1.w1(sigma, s, u), abs=K * 0.02 + 0.02)
    assert isinstance(res, SampleNashGap) and res.game == "wgan" and res.n == n and res.replicates == 8
    assert res.seconds > 0 and res.error_method == "bootstrap" and res.estimate >= 0


W2_CASES = {
    # study at n = 500: mean bias +0.035 (sd 0.041), +0.033 (sd 0.034)
    "wider-data": (1.25, np.diag([0.9, 1.0]), np.array([0.3, 0.0])),
    "narrower-data": (0.8, np.diag([1.0, 0.9]), np.array([0.3, 0.1])),
}


@pytest.mark.parametrize("case", list(W2_CASES))
def test_w2gan_gaussian_2d_matches_closed_form(case):
    sigma, W, u = W2_CASES[case]
    t, eta, n, allowance = 0.5, 0.5, 500, 0.06
    X = sigma * np.random.default_rng(12).standard_normal((n, 2))
    res = w2gan_nash_gap_from_samples(X, LinearGenerator(W, u), t, eta, replicates=8, seed=2)
    exact = ex2.nash_gap_at_best_response(eta, sigma, W, u, t)
    assert within(res, exact, allowance), (res.estimate, res.std_error, exact)
    assert LinearGeneratorSet(2, 2, t).contains(res.best_reply)


# ---------------------------------------------------------------- non-Gaussian data: independent quadrature


def test_wgan_bimodal_matches_quadrature(bimodal_references):
    # study at n = 1000: mean bias -0.001 (sd 0.015)
    X = BIMODAL.sample(1000, np.random.default_rng(13))
    res = wgan_nash_gap_from_samples(X, LinearGenerator.scalar(0.6, 0.2), 0.5, replicates=8, seed=3)
    assert within(res, bimodal_references["wgan"], 0.03), (res.estimate, res.std_error, bimodal_references)


def test_w2gan_bimodal_matches_quadrature(bimodal_references):
    # study at n = 1000: mean bias -0.017 (sd 0.034; the data hull cuts D^c off)
    X = BIMODAL.sample(1000, np.random.default_rng(14))
    res = w2gan_nash_gap_from_samples(X, LinearGenerator.scalar(0.6, 0.2), 0.5, 0.5, replicates=8, seed=4)
    assert within(res, bimodal_references["w2gan"], 0.04), (res.estimate, res.std_error, bimodal_references)


# ------------------------------------------------------------------------------------------ mutations


def _flipped_sign(real):
    def potentials(*args, **kwargs):
        f, g = real(*args, **kwargs)
        return -f, -g
    return potentials


def _doubled_scale(real):
    def potentials(x, y, cost="sqeuclidean", *, scale=1.0, **kwargs):
        return real(x, y, cost, scale=2.0 * scale, **kwargs)
    return potentials


def test_mutations_make_the_comparisons_fail(monkeypatch, bimodal_references):
    real = sot.kantorovich_potentials
    X1 = 1.25 * np.random.default_rng(11).standard_normal((1000, 1))
    X2 = 1.25 * np.random.default_rng(12).standard_normal((500, 2))
    Xm = BIMODAL.sample(1000, np.random.default_rng(14))
    sigma, W, u = W2_CASES["wider-data"]
    exact1 = ex1.nash_gap_at_best_response(1.25, 0.5, 0.2, 0.5)
    exact2 = ex2.nash_gap_at_best_response(0.5, sigma, W, u, 0.5)

    def run1():
        return wgan_nash_gap_from_samples(X1, LinearGenerator.scalar(0.5, 0.2), 0.5, replicates=8, seed=1)

    def run2():
        return w2gan_nash_gap_from_samples(X2, LinearGenerator(W, u), 0.5, 0.5, replicates=8, seed=2)

    def runm():
        return w2gan_nash_gap_from_samples(Xm, LinearGenerator.scalar(0.6, 0.2), 0.5, 0.5, replicates=8, seed=4)

    monkeypatch.setattr(sot, "kantorovich_potentials", _flipped_sign(real))
    assert not within(run1(), exact1, 0.03)
    assert not within(runm(), bimodal_references["w2gan"], 0.04)
    monkeypatch.setattr(sot, "kantorovich_potentials", _doubled_scale(real))
    assert not within(run2(), exact2, 0.06)


# --------------------------------------------------------------------------- contract and bad input


def test_reply_search_contract():
    """gap >= 0 (G is a start and the ascent is monotone), a feasible reply, reproducible by seed,
    Remark 1's set (unit singular values) respected."""
    rng = np.random.default_rng(5)
    X = 1.25 * rng.standard_normal((150, 2))
    G = LinearGenerator(np.eye(2), np.zeros(2))
    a = w2gan_nash_gap_from_samples(X, G, 0.5, replicates=2, seed=7, remark1=True)
    b = w2gan_nash_gap_from_samples(X, G, 0.5, replicates=2, seed=7, remark1=True)
    assert a.estimate == b.estimate and a.std_error == b.std_error and a.estimate >= 0
    assert np.allclose(np.linalg.svd(a.best_reply.W, compute_uv=False), 1.0)
    assert np.linalg.norm(a.best_reply.u) <= 0.5 + 1e-12
    Z = sg._latent(rng, 200, 2)
    assert np.allclose(Z.mean(axis=0), 0, atol=1e-12) and np.allclose(Z.T @ Z / 200, np.eye(2), atol=1e-12)


G1 = LinearGenerator.scalar(0.5, 0.1)
GOOD = np.linspace(-1, 1, 20)[:, None]


@pytest.mark.parametrize("call", [
    lambda: wgan_nash_gap_from_samples(np.array([[0.0], [np.nan], [1.0]]), G1, 0.5),
    lambda: wgan_nash_gap_from_samples(np.zeros((3, 1, 1)), G1, 0.5),
    lambda: wgan_nash_gap_from_samples(np.zeros((1, 1)), G1, 0.5),
    lambda: wgan_nash_gap_from_samples(GOOD, LinearGenerator.scalar(1.5, 0.0), 0.5),
    lambda: wgan_nash_gap_from_samples(GOOD, LinearGenerator.scalar(0.5, 0.7), 0.5),
    lambda: wgan_nash_gap_from_samples(np.zeros((20, 2)), LinearGenerator(np.eye(2), np.zeros(2)), 0.5),
    lambda: wgan_nash_gap_from_samples(GOOD, "G", 0.5),
    lambda: wgan_nash_gap_from_samples(GOOD, G1, float("nan")),
    lambda: wgan_nash_gap_from_samples(GOOD, G1, 0.5, replicates=1),
    lambda: wgan_nash_gap_from_samples(GOOD, G1, 0.5, latent_samples=2),
    lambda: wgan_nash_gap_from_samples(GOOD, G1, 0.5, starts=-1),
    lambda: w2gan_nash_gap_from_samples(np.zeros((20, 3)), LinearGenerator(np.eye(2), np.zeros(2)), 0.5),
    lambda: w2gan_nash_gap_from_samples(np.zeros((20, 2)), LinearGenerator(2 * np.eye(2), np.zeros(2)), 0.5),
    lambda: w2gan_nash_gap_from_samples(GOOD, G1, 0.5, eta=0.0),
    lambda: w2gan_nash_gap_from_samples(GOOD, G1, 0.5, remark1=True),
])
def test_bad_input_raises_one_line_value_error(call):
    with pytest.raises(ValueError) as err:
        call()
    assert "\n" not in str(err.value)
