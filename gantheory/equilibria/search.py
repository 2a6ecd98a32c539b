"""Global searches for the minimal Nash gap that use no closed form.

They see each game only through its objective V(G, D) -- the definition of eqs. (7)-(9), evaluated
by quadrature or Gaussian moments -- and compute every best response numerically:

* f-GAN: D_G(x_i) = argmax_v p(x_i) v - q(x_i) f*(v) pointwise on a grid (bisection on the
  monotone derivative of the concave objective), interpolated; the generator's reply by a grid over
  (s', u') refined by L-BFGS-B;
* WGAN: D_G by the linear program max_g sum_j g_j (F_Q - F_P)(x_j) dx_j, |g_j| <= 1 over slopes
  (HiGHS), integrated to a piecewise-linear D;
* W2GAN: D_G by L-BFGS over quadratics A = eta I - L L^T (c-concave by construction), the
  generator's reply by projected gradient ascent from several starts.

The minimum over generators is then searched on a grid plus a local refinement. The value returned
is the gap at the generator found *as estimated with these approximate best responses* (reported as
``search_gap``): not a bound. The claims turn it into a verified upper bound by evaluating the gap at
the generator found with exact or enclosed best responses (gantheory.certify). This module must not import
:mod:`gantheory.exact` (a test checks it).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from gantheory.games.divergences import FDivergence
from gantheory.games.gaussian import LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator

_GH_X, _GH_W = np.polynomial.hermite.hermgauss(96)
_Z = math.sqrt(2.0) * _GH_X
_PZ = _GH_W / math.sqrt(math.pi)


@dataclass(frozen=True)
class SearchResult:
    upper: float  # gap at the best generator found
    generator: tuple  # its parameters
    evaluations: int


def _npdf(x, m, s):
    return np.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi))


# ----------------------------------------------------------------------------------------------
# f-GAN (1-D)
# ----------------------------------------------------------------------------------------------
def _fgan_numeric_discriminator(div: FDivergence, sigma: float, s: float, u: float, grid: np.ndarray):
    """D on the grid maximising p v - q f*(v) pointwise (q = N(u, s^2) density, s > 0).

    The objective is concave in v with derivative p - q (f*)'(v); we bisect on the sign of
    (f*)'(v) - p/q, with p/q from the log densities (so +inf where q underflows) and v = sinh(y),
    y in [-700, 700], to reach the huge values D takes in the tails. (f*)' is a central difference.
    """
    log_r = (-0.5 * (grid / sigma) ** 2 - math.log(sigma)) - (-0.5 * ((grid - u) / s) ** 2 - math.log(s))
    with np.errstate(over="ignore"):
        r = np.exp(log_r)
    # stay strictly inside an open dom f*: the top of the bracket is 1e-12 below its supremum
    top = math.asinh(div.dom_sup - 1e-12 * max(1.0, abs(div.dom_sup))) if math.isfinite(div.dom_sup) else 700.0
    lo = np.full_like(grid, -700.0)
    hi = np.full_like(grid, top)
    for _ in range(64):  # bracket width 1400 / 2^64: below the resolution of sinh at every scale
        mid = 0.5 * (lo + hi)
        v = np.sinh(mid)
        h = 1e-6 * np.maximum(1.0, np.abs(v))
        if math.isfinite(div.dom_sup):
            h = np.minimum(h, 0.5 * (div.dom_sup - v))
        with np.errstate(over="ignore", invalid="ignore"):
            deriv = (div.conj(v + h) - div.conj(v - h)) / (2 * h)
        up = deriv < r  # objective still increasing at v
        lo = np.where(up, mid, lo)
        hi = np.where(up, hi, mid)
    return np.sinh(0.5 * (lo + hi))


_TAU = 2.0  # Gauss-Hermite rule of N(0, tau^2), reweighted to N(0, 1): resolves heavy tails
_ZT = _TAU * _Z
_PT = _PZ * _TAU * np.exp(-0.5 * _ZT**2 + 0.5 * _Z**2)


def _fgan_value(div, sigma, grid, Dg, s_dev, u_dev):
    """V(G', D) for the tabulated D and deviations (vectorised): E_P[D] - E_Q'[f*(D)] by Gauss-Hermite."""
    EP = float(np.sum(_PT * np.interp(sigma * _ZT, grid, Dg)))
    s_dev = np.atleast_1d(s_dev)
    u_dev = np.atleast_1d(u_dev)
    x = u_dev[:, None] + s_dev[:, None] * _ZT[None, :]
    with np.errstate(invalid="ignore"):
        EQ = np.sum(_PT * div.conj(np.interp(x, grid, Dg)), axis=1)
    return EP - EQ


def _fgan_gap(div, sigma, t, s, u, grid, n_grid=9):
    if s <= 1e-6:
        return math.inf
    Dg = _fgan_numeric_discriminator(div, sigma, s, u, grid)
    own = float(_fgan_value(div, sigma, grid, Dg, s, u)[0])
    S, U = np.meshgrid(np.linspace(0, 1, n_grid), np.linspace(-t, t, n_grid))
    vals = _fgan_value(div, sigma, grid, Dg, S.ravel(), U.ravel())
    k = int(np.argmin(vals))
    res = optimize.minimize(lambda p: float(_fgan_value(div, sigma, grid, Dg, p[0], p[1])[0]),
                            [S.ravel()[k], U.ravel()[k]], method="L-BFGS-B", bounds=[(0, 1), (-t, t)])
    best = min(float(vals[k]), float(res.fun))
    gap = own - best
    return math.inf if math.isnan(gap) else gap


def fgan_grid(sigma: float, t: float) -> np.ndarray:
    """Nodes resolving the data's scale (sigma, over +-41 sigma) and the generators' (s <= 1, |u| <= t,
    reached by the tau = 2 Gauss-Hermite rule out to ~ +-28: spacing <= 0.04 over [-t - 30, t + 30])."""
    A = (2 * _TAU * 10 + 1) * sigma + t
    coarse = np.linspace(-A, A, 3001)
    h = min(coarse[1] - coarse[0], 0.04)
    B = t + 30.0
    fine = np.linspace(-B, B, int(min(math.ceil(2 * B / h), 6000)) + 1)
    return np.unique(np.concatenate([coarse[np.abs(coarse) > B], fine]))


def search_min_gap_fgan(div: FDivergence, sigma: float, t: float) -> SearchResult:
    """Upper bound on inf_G of the Nash gap at (G, D_G) in the 1-D f-GAN game (no closed forms)."""
    grid = fgan_grid(sigma, t)
    n = 0

    def gap(p):
        nonlocal n
        n += 1
        s, u = float(np.clip(p[0], 0, 1)), float(np.clip(p[1], -t, t))
        return _fgan_gap(div, sigma, t, s, u, grid)

    pts = [(s, u) for s in (0.3, 0.7, 1.0) for u in (-t / 2, 0.0, t)]
    vals = [gap(p) for p in pts]
    k = int(np.argmin(vals))
    res = optimize.minimize(gap, pts[k], method="Nelder-Mead",
                            options={"xatol": 1e-4, "fatol": 1e-7, "maxfev": 25})
    x = (float(np.clip(res.x[0], 0, 1)), float(np.clip(res.x[1], -t, t)))
    fx = gap(x)
    if fx <= vals[k]:
        return SearchResult(fx, x, n)
    return SearchResult(vals[k], pts[k], n)


# ----------------------------------------------------------------------------------------------
# WGAN (1-D)
# ----------------------------------------------------------------------------------------------
def _cdf_difference(mid, sigma, s, u):
    """(F_Q - F_P) at the cell midpoints, from the nearer tail of each law (no 1 - 1 cancellation); where
    both tails underflow, a signed tiny value whose sign compares the logarithms of the tails."""
    if s > 0:
        zq, zp = (mid - u) / s, mid / sigma
        left = mid < 0.5 * u
        diff = np.where(left, special.ndtr(zq) - special.ndtr(zp), special.ndtr(-zp) - special.ndtr(-zq))
        lq = np.where(left, special.log_ndtr(zq), -special.log_ndtr(-zq))
        lp = np.where(left, special.log_ndtr(zp), -special.log_ndtr(-zp))
        # underflow (diff = 0 exactly) although the tails differ: keep the sign, at a negligible size
        tie = (diff == 0) & (lq != lp)
        return np.where(tie, np.sign(lq - lp) * 1e-300, diff)
    right = mid >= u  # a point mass at u: F_Q - F_P = 1 - F_P right of u, -F_P left of it
    diff = np.where(right, special.ndtr(-mid / sigma), -special.ndtr(mid / sigma))
    return np.where(diff == 0, np.where(right, 1e-300, -1e-300), diff)


def _wgan_numeric_discriminator(sigma, s, u, grid):
    """Slopes g_j in [-1, 1] maximising V = sum_j g_j (F_Q - F_P)(x_j) dx_j, by linear programming; the
    grid may be non-uniform."""
    dx = np.diff(grid)
    mid = grid[:-1] + 0.5 * dx
    c = _cdf_difference(mid, sigma, s, u) * dx
    res = optimize.linprog(-c, bounds=[(-1, 1)] * len(c), method="highs")
    if res.status != 0:
        raise RuntimeError(f"WGAN discriminator LP failed: {res.message}")
    x = np.asarray(res.x)
    # coefficients below the solver's tolerance (underflowed tails) get the slope of their sign
    x = np.where(np.abs(c) < 1e-12 * np.abs(c).max(), np.sign(c), x)
    return np.concatenate([[0.0], np.cumsum(x * dx)])


def _wgan_mean(grid, Dg, m, s):
    """E[D(m + s Z)] for piecewise-linear D: D(x_0) + sum_j D'_j dx_j P(X > x_j + dx_j/2) (midpoint rule on
    the smooth survival function; exact treatment of the kinks)."""
    m = np.atleast_1d(m).astype(float)
    s = np.atleast_1d(s).astype(float)
    dx = np.diff(grid)
    slopes = np.diff(Dg) / dx
    mid = grid[:-1] + 0.5 * dx
    with np.errstate(divide="ignore", invalid="ignore"):
        zz = (mid[None, :] - m[:, None]) / s[:, None]
    surv = np.where(s[:, None] > 0, special.ndtr(-zz),
                    (mid[None, :] < m[:, None]).astype(float))
    surv = np.where(np.isnan(surv), (mid[None, :] < m[:, None]).astype(float), surv)
    return Dg[0] + np.sum(slopes[None, :] * dx[None, :] * surv, axis=1)


def _wgan_gap(sigma, t, s, u, grid):
    Dg = _wgan_numeric_discriminator(sigma, s, u, grid)
    own = float(_wgan_mean(grid, Dg, u, s)[0])
    S, U = np.meshgrid(np.linspace(0, 1, 9), np.linspace(-t, t, 9))
    vals = _wgan_mean(grid, Dg, U.ravel(), S.ravel())
    k = int(np.argmax(vals))
    res = optimize.minimize(lambda p: -float(_wgan_mean(grid, Dg, p[1], p[0])[0]), [S.ravel()[k], U.ravel()[k]],
                            method="L-BFGS-B", bounds=[(0, 1), (-t, t)])
    return max(float(vals[k]), -float(res.fun)) - own


def wgan_grid(sigma: float, t: float) -> np.ndarray:
    """Cell edges resolving both scales of the game: the data's (sigma, over +-12 sigma) and the
    generators' (s <= 1, |u| <= t: spacing <= 0.06 over [-t - 13, t + 13]), whatever their ratio."""
    coarse = np.linspace(-12 * sigma - t - 1, 12 * sigma + t + 1, 1601)
    h = min(coarse[1] - coarse[0], 0.06)
    B = t + 13.0
    fine = np.linspace(-B, B, int(min(math.ceil(2 * B / h), 4000)) + 1)
    return np.unique(np.concatenate([coarse[np.abs(coarse) > B], fine]))


def search_min_gap_wgan(sigma: float, t: float) -> SearchResult:
    grid = wgan_grid(sigma, t)
    n = 0

    def gap(p):
        nonlocal n
        n += 1
        return _wgan_gap(sigma, t, float(np.clip(p[0], 0, 1)), float(np.clip(p[1], -t, t)), grid)

    pts = [(s, u) for s in (0.0, 0.5, 1.0) for u in (-t / 2, 0.0, t)]
    vals = [gap(p) for p in pts]
    k = int(np.argmin(vals))
    res = optimize.minimize(gap, pts[k], method="Nelder-Mead", options={"xatol": 1e-4, "maxfev": 40})
    x = (float(np.clip(res.x[0], 0, 1)), float(np.clip(res.x[1], -t, t)))
    fx = gap(x)
    return SearchResult(fx, x, n) if fx <= vals[k] else SearchResult(vals[k], pts[k], n)


# ----------------------------------------------------------------------------------------------
# W2GAN (any d), quadratic discriminators
# ----------------------------------------------------------------------------------------------
def _sym_from(vec, d):
    L = np.zeros((d, d))
    L[np.tril_indices(d)] = vec
    return L


def w2gan_numeric_discriminator(value, eta: float, d: int) -> QuadraticDiscriminator:
    """argmax over quadratic c-concave D of ``value(D)`` by L-BFGS, with A = eta I - L L^T and L lower
    triangular with a positive (log-parameterised) diagonal, so M = eta I - A is positive definite."""
    m = d * (d + 1) // 2
    rows, cols = np.tril_indices(d)
    diag = rows == cols

    def matrices(p):
        L = np.zeros((d, d))
        with np.errstate(over="ignore", invalid="ignore"):
            L[rows, cols] = np.where(diag, np.exp(p[:m]), p[:m])
            A = eta * np.eye(d) - L @ L.T
        return A, p[m:]

    best = {"value": -math.inf, "p": None}

    def neg(p):
        A, b = matrices(p)
        if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):
            return 1e300  # the line search stepped past the floating-point range (e.g. large eta)
        v = value(QuadraticDiscriminator(A, b))
        if not math.isfinite(v):
            return 1e300
        if v > best["value"]:
            best.update(value=v, p=np.array(p, copy=True))
        return -v

    p0 = np.concatenate([np.where(diag, 0.5 * math.log(eta), 0.0), np.zeros(d)])
    res = optimize.minimize(neg, p0, method="L-BFGS-B", options={"maxiter": 1000, "ftol": 1e-15, "gtol": 1e-11})
    A, b = matrices(res.x)
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):  # keep the best finite point evaluated
        A, b = matrices(best["p"] if best["p"] is not None else p0)
    return QuadraticDiscriminator(A, b)


def w2gan_generator_reply(value, gens: LinearGeneratorSet, rng: np.random.Generator, starts: int = 2,
                          steps: int = 40) -> tuple[float, LinearGenerator]:
    """min over feasible G' of ``value(G')`` by projected gradient descent (numerical gradients)."""
    d, k = gens.dim, gens.latent_dim
    best = (math.inf, None)
    for i in range(starts):
        G = gens.sample(rng) if i else gens.project(np.eye(d, k), np.zeros(d))
        x = np.concatenate([G.W.ravel(), G.u])
        f = value(G)
        if f == -math.inf:  # an infinite improvement: nothing can beat it
            return -math.inf, G
        lr = 0.2
        for _ in range(steps):
            grad = np.zeros_like(x)
            for j in range(len(x)):
                e = np.zeros_like(x)
                e[j] = 1e-6
                Gp = LinearGenerator((x + e)[: d * k].reshape(d, k), (x + e)[d * k:])
                grad[j] = (value(Gp) - f) / 1e-6
            y = x - lr * grad
            Gy = gens.project(y[: d * k].reshape(d, k), y[d * k:])
            fy = value(Gy)
            if fy == -math.inf:
                return -math.inf, Gy
            if fy < f - 1e-15:
                x, f = np.concatenate([Gy.W.ravel(), Gy.u]), fy
                lr *= 1.5
            else:
                lr *= 0.3
                if lr < 1e-10:
                    break
        if f < best[0]:
            best = (f, LinearGenerator(x[: d * k].reshape(d, k), x[d * k:]))
    return best


def w2gan_gap(game, G: LinearGenerator, rng: np.random.Generator) -> float:
    D = w2gan_numeric_discriminator(lambda D_: game.value(G, D_), game.eta, game.data.dim)
    own = game.value(G, D)
    low, _ = w2gan_generator_reply(lambda G_: game.value(G_, D), game.generators, rng)
    return own - low


def search_min_gap_w2gan(game, seed: int = 0, samples: int = 3) -> SearchResult:
    """Upper bound on inf_G gap(G) for the W2GAN game over quadratic discriminators (no closed form)."""
    rng = np.random.default_rng(seed)
    gens: LinearGeneratorSet = game.generators
    d, k = gens.dim, gens.latent_dim
    n = 0

    def gap_of(x):
        nonlocal n
        n += 1
        G = gens.project(x[: d * k].reshape(d, k), x[d * k:])
        return w2gan_gap(game, G, np.random.default_rng(seed + n))

    # a small grid of structured starts (scaled identities, means 0 or t/2 e_1) plus random ones
    starts = [gens.project(a * np.eye(d, k), b * np.eye(d)[0]) for a in (0.5, 1.0) for b in (0.0, 0.5 * gens.t)]
    starts += [gens.sample(rng) for _ in range(samples)]
    xs = [np.concatenate([G.W.ravel(), G.u]) for G in starts]
    vals = [gap_of(x) for x in xs]
    j = int(np.argmin(vals))
    res = optimize.minimize(gap_of, xs[j], method="Nelder-Mead", options={"maxfev": 20, "xatol": 1e-3})
    G = gens.project(res.x[: d * k].reshape(d, k), res.x[d * k:])
    fx = gap_of(np.concatenate([G.W.ravel(), G.u]))
    if fx <= vals[j]:
        return SearchResult(fx, (G.W.tolist(), G.u.tolist()), n)
    Gj = gens.project(xs[j][: d * k].reshape(d, k), xs[j][d * k:])
    return SearchResult(vals[j], (Gj.W.tolist(), Gj.u.tolist()), n)
