"""Nash gaps of linear generators estimated from samples of any data set (WGAN eq. (8), W2GAN eq. (9)).

The exact Nash gaps (:mod:`gantheory.exact`) need P = N(0, sigma^2 I). Here P is known only through
samples x_1..x_n (an (n, d) array) and the estimate is the plug-in one: the Nash gap at (G, D_G) of
the *empirical game*, in which P is replaced by P_n = (1/n) sum_i delta_{x_i} and the latent law
N(0, I_k) by the empirical measure of m fixed latent draws z_1..z_m, whitened so that their mean is
exactly 0 and their second moment exactly I (so Q_m, the law of W z_J + u, has Q_G's mean and covariance):

    gap_n(G) = V_n(G, D_n) - min_{G' feasible} V_n(G', D_n)
             = max_{G'} (1/m) sum_j phi(W' z_j + u') - (1/m) sum_j phi(W z_j + u),        (*)

with D_n an optimal discriminator of the empirical game (eq. (2), max_D V_n(G, D)) and phi the part of
V that the generator controls: V(G, D) = E_P[D] - E_Q[phi]. Since G is one of the search's starting
points, gap_n >= 0 always.

WGAN, eq. (8) (d = 1, 1-Lipschitz D, phi = D). ``ot.emd`` on the cost |x_i - y_j| (y_j = W z_j + u)
gives potentials f (data side) and g (generator side), f_i + g_j <= |x_i - y_j|, a^T f + b^T g = W1(P_n, Q_m).
D_n is the Whitney (largest) 1-Lipschitz extension of the values -g_j given on the generator's samples,

    D_n(y) = min_j (|y - y_j| - g_j) = g^c(y)            (the c-transform of g for c = |x - y|).

It is a best response on the sample: as a minimum of 1-Lipschitz functions it is 1-Lipschitz; D_n(x_i) >= f_i
(f_i <= |x_i - y_j| - g_j for every j) and D_n(y_j) <= -g_j (take the term j), so
V_n(G, D_n) >= a^T f + b^T g = W1(P_n, Q_m) >= V_n(G, D) for every 1-Lipschitz D (Kantorovich-Rubinstein).
(The McShane extension max_i (f_i - |y - x_i|) of the data-side values is a best response too; the
two differ between sample points where the empirical CDFs agree and beyond the samples.) Why the
generator side: beyond all samples D_n is V-shaped (slope +1 to the right, -1 to the left), which is the
population D_G = |x - c| when the data is wider than the generator (sigma > s, the case where the
generator's best reply spreads out, s' = 1, and its samples reach the tails); when sigma < s,
D_G = -|x - c| and the best reply is the point mass s' = 0 at a point of [-t, t], inside the samples.

W2GAN, eq. (9) (any d, cost c(x, y) = eta ||x - y||^2, phi = D^c, D^c(y) = sup_x D(x) - c(x, y)).
``ot.emd`` on M_ij = eta ||x_i - y_j||^2 gives (f, g), a^T f + b^T g = eta W2^2(P_n, Q_m). D_n = f on the
data points and -inf elsewhere (only its values on the data enter E_{P_n}[D]; equivalently its
c-concave hull inf_y D_n^c(y) + c(x, y), which has the same c-transform), and that c-transform is
defined on all of R^d:

    D_n^c(y) = max_i (f_i - eta ||x_i - y||^2).

Best response on the sample: D_n^c(y_j) <= -g_j (f_i + g_j <= M_ij), so V_n(G, D_n) = a^T f - b^T D_n^c(Y)
>= a^T f + b^T g = eta W2^2(P_n, Q_m), the maximum over all D (D(x) - D^c(y) <= c(x, y)).
Beyond the data's convex hull D_n^c falls off like -eta dist(y, data)^2, which is where the estimate is
biased (downwards) when the best reply's samples leave the data. For k < d the population gap is +inf
(the README's finding); the sample gap stays finite and does not estimate it.

The generator's best reply maximises (*) over sigma_max(W') <= 1, ||u'|| <= t (Theorem 1; Remark 1's
set with ``remark1=True``) by monotone projected (sub)gradient ascent with an adaptive step, projected by
:meth:`gantheory.games.gaussian.LinearGeneratorSet.project`, from several starts: G, (W', u') = (0, 0),
in d = k = 1 the 3 x 3 grid {-1, 0, 1} x {-t, 0, t}, the full-sample best reply (in the bootstrap
replicates) and ``starts`` random feasible generators, every other one with unit singular values and
||u'|| = t. For the W2GAN the first step, 1/(2 eta), is a difference-of-convex (DCA) step, since
D_n^c(y) + eta ||y||^2 is convex. A local search: the max found is a lower bound on the empirical
game's max, so gap_n is too.

Sampling error: a nonparametric bootstrap, B ``replicates``: data rows resampled with replacement and
fresh latent draws, the whole estimate recomputed; ``std_error`` is the standard deviation of the B
replicate estimates. It measures the sampling spread, not the bias of the plug-in estimate, which
shrinks with n and m but slowly: the reply maximises over the noise of D_n and of the latent draws
(upwards; largest where the population reply is not unique, e.g. any rotation W' at the W2GAN
minimiser W W^T = I), and, in the W2GAN, the data hull cuts D_n^c off (downwards). The tests state
the bias allowances they use. With resampled rows (ties) the bootstrap tends to understate the spread
of OT estimates at small n.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np

from gantheory import _validation as v
from gantheory.equilibria.sample_discriminators import EmpiricalCTransform, PayoffFn, WhitneyExtension1D
from gantheory.games.gaussian import LinearGenerator, LinearGeneratorSet
from gantheory.solvers import ot as sot


@dataclass(frozen=True)
class SampleNashGap:
    """A sample estimate of the Nash gap at (G, D_G)."""

    game: str  #: "wgan" (eq. (8)) or "w2gan" (eq. (9))
    estimate: float  #: gap_n(G) of the empirical game, eq. (*) of the module docstring
    std_error: float  #: bootstrap standard error (std of the replicate estimates)
    n: int  #: data samples
    latent_samples: int  #: m, latent draws defining Q_m
    replicates: int  #: bootstrap replicates B
    seconds: float  #: wall time of the whole call (estimate and bootstrap)
    divergence: float  #: max_D V_n(G, D): W1(P_n, Q_m) (WGAN) or eta W2^2(P_n, Q_m) (W2GAN)
    best_reply: LinearGenerator  #: the generator's best reply found against D_n
    error_method: str = "bootstrap"


#: query points per block in the dense c-transform (bounds memory to _CHUNK x n doubles)


def _mean_payoff(phi: PayoffFn, Z: np.ndarray, W: np.ndarray, u: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """(1/m) sum_j phi(W z_j + u) and its (sub)gradient in (W, u)."""
    Y = Z @ W.T + u
    val, grad = phi(Y)
    m = len(Z)
    return float(val.mean()), grad.T @ Z / m, grad.mean(axis=0)


def _starts(gens: LinearGeneratorSet, G: LinearGenerator, extra: list[LinearGenerator], n_random: int,
            rng: np.random.Generator) -> list[LinearGenerator]:
    d, k, t = gens.dim, gens.latent_dim, gens.t
    out = [G, gens.project(np.zeros((d, k)), np.zeros(d)), *extra]
    if d == 1 and k == 1:
        out += [gens.project(np.array([[w]]), np.array([c])) for w in (-1.0, 0.0, 1.0) for c in (-t, 0.0, t)]
    for i in range(n_random):
        S = gens.sample(rng)
        if i % 2 == 1:  # an extreme point: unit singular values, ||u|| = t
            U, _, Vt = np.linalg.svd(S.W, full_matrices=False)
            nu = float(np.linalg.norm(S.u))
            S = gens.project(U @ Vt, S.u * (t / nu) if nu > 0 else S.u)
        out.append(S)
    return out


def _ascend(phi: PayoffFn, Z: np.ndarray, gens: LinearGeneratorSet, G: LinearGenerator, step: float,
            max_iter: int = 200, ftol: float = 1e-9) -> tuple[float, LinearGenerator]:
    """Projected (sub)gradient ascent of (1/m) sum_j phi(W z_j + u) from G, monotone, adaptive step.

    A step is kept only when it raises the payoff; the step then grows by 1.5, else it halves. The first
    W2GAN step, 1/(2 eta) with whitened latents, is a difference-of-convex (DCA) step: phi(y) + eta ||y||^2
    is convex there, and the step maximises its linearisation minus eta E||W' z + u'||^2 exactly.
    Stops after a gain below ftol (1 + |payoff|), a step below 1e-6 of the first, or max_iter steps.
    """
    W, u = np.array(G.W), np.array(G.u)
    val, gW, gu = _mean_payoff(phi, Z, W, u)
    min_step = 1e-6 * step
    for _ in range(max_iter):
        if step < min_step:
            break
        cand = gens.project(W + step * gW, u + step * gu)
        cval, cgW, cgu = _mean_payoff(phi, Z, cand.W, cand.u)
        if cval > val:
            gain = cval - val
            W, u, val, gW, gu = np.array(cand.W), np.array(cand.u), cval, cgW, cgu
            step *= 1.5
            if gain < ftol * (1.0 + abs(val)):
                break
        else:
            step *= 0.5
    return val, gens.project(W, u)


def _best_reply(phi: PayoffFn, Z: np.ndarray, gens: LinearGeneratorSet, G: LinearGenerator,
                extra: list[LinearGenerator], n_random: int, step: float,
                rng: np.random.Generator) -> tuple[float, LinearGenerator]:
    best = (-math.inf, G)
    for S in _starts(gens, G, extra, n_random, rng):
        val, Gp = _ascend(phi, Z, gens, S, step)
        if val > best[0]:
            best = (val, Gp)
    return best


def _one_estimate(game: str, X: np.ndarray, Z: np.ndarray, G: LinearGenerator, gens: LinearGeneratorSet,
                  eta: float, extra: list[LinearGenerator], n_random: int,
                  rng: np.random.Generator) -> tuple[float, float, LinearGenerator]:
    """(gap_n, divergence_n, best reply) of the empirical game on data X and latent draws Z."""
    Y = Z @ G.W.T + G.u
    if game == "wgan":
        f, g = sot.kantorovich_potentials(X, Y, "euclidean")
        phi: PayoffFn = WhitneyExtension1D(Y[:, 0], -g).value_and_grad
        step = 1.0
    else:
        f, g = sot.kantorovich_potentials(X, Y, "sqeuclidean", scale=eta)
        phi = EmpiricalCTransform(X, f, eta).value_and_grad
        step = 0.5 / eta
    divergence = float(f.mean() + g.mean())
    own = float(phi(Y)[0].mean())
    best, Gp = _best_reply(phi, Z, gens, G, extra, n_random, step, rng)
    return max(best - own, 0.0), divergence, Gp


def _latent(rng: np.random.Generator, m: int, k: int) -> np.ndarray:
    """m standard normal draws in R^k, whitened: mean exactly 0 and (1/m) Z^T Z = I (needs m > k)."""
    Z = rng.standard_normal((m, k))
    Z -= Z.mean(axis=0)
    L = np.linalg.cholesky(Z.T @ Z / m)
    return np.linalg.solve(L, Z.T).T


def _validate(data: object, G: object, t: object, remark1: bool, latent_samples: int | None, replicates: int,
              starts: int, seed: int) -> tuple[np.ndarray, LinearGenerator, LinearGeneratorSet, int, int, int]:
    X = sot.as_samples("data", data)
    if len(X) < 2:
        raise ValueError(f"data must hold at least n = 2 samples, got n = {len(X)}")
    if not isinstance(G, LinearGenerator):
        raise ValueError(f"G must be a LinearGenerator, got {type(G).__name__}")
    if G.dim != X.shape[1]:
        raise ValueError(f"generator dimension {G.dim} does not match data dimension {X.shape[1]}")
    gens = LinearGeneratorSet(G.dim, G.latent_dim, v.nonnegative("t", t), bool(remark1))
    gens.check(G)
    m = len(X) if latent_samples is None else v.positive_int("latent_samples", latent_samples)
    if m < G.latent_dim + 2:
        raise ValueError(f"latent_samples must be >= latent_dim + 2 = {G.latent_dim + 2}, got {m}")
    B = v.positive_int("replicates", replicates)
    if B < 2:
        raise ValueError(f"replicates must be >= 2 for a standard error, got {B}")
    starts = v.nonnegative_int("starts", starts)
    v.integer("seed", seed)
    return X, G, gens, m, B, starts


def _estimate(game: str, data: object, G: object, t: object, eta: float, remark1: bool, latent_samples: int | None,
              replicates: int, starts: int, seed: int) -> SampleNashGap:
    t0 = time.perf_counter()
    X, G, gens, m, B, starts = _validate(data, G, t, remark1, latent_samples, replicates, starts, seed)
    if game == "wgan" and X.shape[1] != 1:
        raise ValueError(f"the WGAN game (eq. (8)) is one-dimensional: data must be (n, 1), got d = {X.shape[1]}")
    rng = np.random.default_rng(seed)
    k = G.latent_dim
    Z = _latent(rng, m, k)
    est, div, reply = _one_estimate(game, X, Z, G, gens, eta, [], starts, rng)
    reps = []
    for _ in range(B):
        Xb = X[rng.integers(0, len(X), len(X))]
        Zb = _latent(rng, m, k)
        reps.append(_one_estimate(game, Xb, Zb, G, gens, eta, [reply], starts, rng)[0])
    se = float(np.std(reps, ddof=1))
    return SampleNashGap(game=game, estimate=float(est), std_error=se, n=len(X), latent_samples=m, replicates=B,
                         seconds=time.perf_counter() - t0, divergence=div, best_reply=reply)


def wgan_nash_gap_from_samples(data: object, G: LinearGenerator, t: float, *, remark1: bool = False,
                               latent_samples: int | None = None, replicates: int = 20, starts: int = 8,
                               seed: int = 0) -> SampleNashGap:
    """Estimate the WGAN (eq. (8)) Nash gap at (G, D_G) from data samples (an (n, 1) or (n,) array).

    G(z) = W z + u must be feasible (sigma_max(W) <= 1, |u| <= t; Remark 1's set with ``remark1``).
    ``latent_samples`` (m, default n) fixed latent draws define Q_G; D_G is the Whitney extension of the
    optimal generator-side potential (module docstring); the generator's best reply is searched from
    ``starts`` random starts plus fixed ones. ``std_error`` is a bootstrap over ``replicates`` resamples.
    Raises ValueError (one line) on bad input: NaN/inf, wrong shapes, an infeasible G, n < 2.

    Parameters
    ----------
    data : array_like
        Samples of P: shape (n, 1) or (n,).
    G : LinearGenerator
        Feasible generator G(z) = W z + u.
    t : float
        Mean budget of the generator set.
    remark1 : bool
        Remark 1's generator set instead of Theorem 1's.
    latent_samples : int, optional
        m fixed latent draws (default n).
    replicates : int
        Bootstrap replicates B (>= 2).
    starts : int
        Random starts of the generator's reply.
    seed : int
        Seed of the latent draws, the bootstrap and the starts.

    Returns
    -------
    SampleNashGap
        The estimate, its bootstrap standard error and the best reply found.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (8).
    """
    return _estimate("wgan", data, G, t, 1.0, remark1, latent_samples, replicates, starts, seed)


def w2gan_nash_gap_from_samples(data: object, G: LinearGenerator, t: float, eta: float = 0.5, *,
                                remark1: bool = False, latent_samples: int | None = None, replicates: int = 20,
                                starts: int = 8, seed: int = 0) -> SampleNashGap:
    """Estimate the W2GAN (eq. (9), cost eta ||x - x'||^2) Nash gap at (G, D_G) from data samples (n, d).

    G(z) = W z + u must be feasible (sigma_max(W) <= 1, ||u|| <= t; Remark 1's set with ``remark1``).
    D_G is the optimal empirical potential with its c-transform D^c(y) = max_i (f_i - eta ||x_i - y||^2)
    (module docstring); otherwise as :func:`wgan_nash_gap_from_samples`.

    Parameters
    ----------
    data : array_like
        Samples of P: shape (n, 1) or (n,) for d = 1, else (n, d).
    G : LinearGenerator
        Feasible generator G(z) = W z + u.
    t : float
        Mean budget of the generator set.
    eta : float
        Cost scale, c(x, x') = eta ||x - x'||^2.
    remark1 : bool
        Remark 1's generator set instead of Theorem 1's.
    latent_samples : int, optional
        m fixed latent draws (default n).
    replicates : int
        Bootstrap replicates B (>= 2).
    starts : int
        Random starts of the generator's reply.
    seed : int
        Seed of the latent draws, the bootstrap and the starts.

    Returns
    -------
    SampleNashGap
        As :func:`wgan_nash_gap_from_samples`.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (9).
    """
    eta = v.positive("eta", eta)
    return _estimate("w2gan", data, G, t, eta, remark1, latent_samples, replicates, starts, seed)
