"""Closed forms of the one-dimensional Gaussian f-GAN game (eq. (7), Theorem 1 first part).

Data P = N(0, sigma^2), generator G(z) = w z + u with Z ~ N(0, 1), so Q_G = N(u, s^2), s = |w|.
For s > 0 the log density ratio is the quadratic

    R_G(x) = log(p/q_G)(x) = alpha x^2 + beta x + gamma,
    alpha = 1/(2 s^2) - 1/(2 sigma^2),  beta = -u/s^2,  gamma = log(s/sigma) + u^2/(2 s^2),

and, with chi(v) = f'(e^v) and psi(v) = f*(f'(e^v)) of :mod:`gantheory.games.divergences`,

* the optimal discriminator is D_G = chi(R_G) = f'(p/q_G)                       (pointwise sup of (7));
* max_D V(G, D) = int q f(p/q) = E_P[chi(R_G)] - E_{Q_G}[psi(R_G)];
* against D_G a generator G' pays V(G', D_G) = E_P[chi(R_G)] - J(G'; G), J(G'; G) = E_{Q_G'}[psi(R_G)],
  so the generator's best response maximises J and the Nash gap at (G, D_G) is
  sup_G' J(G'; G) - J(G; G).

Every expectation is E[T(a Z^2 + b Z + c)] for a Transform T (exp, linear or softplus): closed form
for exp and linear (+inf decided by the sign of 1 - 2 kappa a, the exponent's quadratic form), and
Gauss-Hermite quadrature for softplus, evaluated in log space (``logaddexp``).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special

from gantheory._numerics import gauss_hermite
from gantheory.games.base import BestResponse, Responder
from gantheory.games.divergences import FDivergence, Transform, condition_t2_fpp_nondecreasing
from gantheory.games.fgan import FGANGame, OptimalDiscriminator, log_ratio_coefficients
from gantheory.games.gaussian import LinearGenerator
from gantheory.games.quadrature import gaussian_expectation

_GH_Z, _GH_P = gauss_hermite()


def transform_expectation(T: Transform, a, b, c):
    """E[T(a Z^2 + b Z + c)], Z ~ N(0, 1) (vectorised over a, b, c); +-inf where infinite."""
    a, b, c = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (a, b, c)))
    k = T.kappa
    if T.kind == "linear":
        return T.scale * k * (a + c) + T.shift
    if T.kind == "exp":
        g = 1.0 - 2.0 * k * a
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            logE = k * c + (k * b) ** 2 / (2 * g) - 0.5 * np.log(g)
            E = np.exp(logE)
        E = np.where(g > 0, E, np.inf)
        with np.errstate(invalid="ignore"):
            out = T.scale * E + T.shift
        return out
    # softplus: Gauss-Hermite in log space where the quadratic is gentle; where it is sharp (the
    # softplus kinks are narrower than the node spacing) split softplus(q) = q^+ + log1p(e^{-|q|}):
    # E[q^+] in closed form (truncated Gaussian moments between the roots of q) and the bounded,
    # root-concentrated remainder by adaptive quadrature with the roots as breakpoints
    q = a[..., None] * _GH_Z**2 + b[..., None] * _GH_Z + c[..., None]
    vals = T.scale * np.logaddexp(0.0, k * q) + T.shift
    out = np.sum(vals * _GH_P, axis=-1)
    sharp = (np.abs(k * a) > 1.0) | (np.abs(k * b) > 4.0)
    if np.any(sharp):
        out = np.array(out, dtype=float)
        for idx in zip(*np.nonzero(sharp), strict=True) if out.ndim else [()]:
            out[idx] = T.scale * _softplus_expectation(k * a[idx], k * b[idx], k * c[idx]) + T.shift
    return out


def _softplus_expectation(A: float, B: float, C: float) -> float:
    """E[softplus(A Z^2 + B Z + C)], Z ~ N(0, 1), accurate for sharp quadratics."""

    gl_x, gl_w = np.polynomial.legendre.leggauss(64)

    def window(lo, hi):  # int_lo^hi (A z^2 + B z + C) phi(z) dz on a finite window, Gauss-Legendre in chunks
        lo, hi = max(lo, -40.0), min(hi, 40.0)
        if hi <= lo:
            return 0.0
        m = max(1, int(math.ceil((hi - lo) / 2.0)))
        e = np.linspace(lo, hi, m + 1)
        mid, half = 0.5 * (e[:-1] + e[1:]), 0.5 * (e[1:] - e[:-1])
        z = mid[:, None] + half[:, None] * gl_x[None, :]
        f = (A * z * z + B * z + C) * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
        return float(np.sum(f * gl_w[None, :] * half[:, None]))

    # E[q^+]: q > 0 outside the roots when A > 0 (E[q] = A + C minus the window where q < 0), between
    # them when A < 0; a half-line when A = 0 (closed form with the nearer Gaussian tail)
    if A == 0:
        roots = [] if B == 0 else [-C / B]
        if B == 0:
            pos = max(C, 0.0)
        else:
            r = -C / B
            phi_r = math.exp(-0.5 * r * r) / math.sqrt(2 * math.pi)
            pos = B * phi_r + C * special.ndtr(-r) if B > 0 else -B * phi_r + C * special.ndtr(r)
    else:
        disc = B * B - 4 * A * C
        roots = [] if disc <= 0 else sorted([(-B - math.sqrt(disc)) / (2 * A), (-B + math.sqrt(disc)) / (2 * A)])
        if A > 0:
            pos = (A + C) - (window(roots[0], roots[1]) if roots else 0.0)
        else:
            pos = window(roots[0], roots[1]) if roots else 0.0

    # log1p(e^{-|q|}) <= e^{-|q|}: below 5e-18 wherever |q| >= 40, so integrate it (Gauss-Legendre, in
    # chunks) only between the breakpoints where |q| < 40, split at the roots of q (its kinks)
    def real_roots(c0):
        if A == 0:
            return [] if B == 0 else [-(C - c0) / B]
        d = B * B - 4 * A * (C - c0)
        return [] if d < 0 else [(-B - math.sqrt(d)) / (2 * A), (-B + math.sqrt(d)) / (2 * A)]

    brk = sorted({-40.0, 40.0, *[r for c0 in (0.0, 40.0, -40.0) for r in real_roots(c0) if -40 < r < 40]})
    val = 0.0
    for lo, hi in zip(brk[:-1], brk[1:], strict=True):
        mid = 0.5 * (lo + hi)
        if abs(A * mid * mid + B * mid + C) >= 40 or hi <= lo:
            continue
        m = max(1, int(math.ceil((hi - lo) / 1.0)))
        e = np.linspace(lo, hi, m + 1)
        cm, half = 0.5 * (e[:-1] + e[1:]), 0.5 * (e[1:] - e[:-1])
        z = cm[:, None] + half[:, None] * gl_x[None, :]
        f = np.log1p(np.exp(-np.abs(A * z * z + B * z + C))) * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
        val += float(np.sum(f * gl_w[None, :] * half[:, None]))
    return pos + val


def _compose(alpha, beta, gamma, m, tau):
    """Coefficients (a, b, c) of R(m + tau Z) for R(x) = alpha x^2 + beta x + gamma."""
    a = alpha * tau**2
    b = tau * (2 * alpha * m + beta)
    c = alpha * m**2 + beta * m + gamma
    return a, b, c


def divergence_is_finite(div: FDivergence, sigma: float, s: float) -> bool:
    """int q f(p/q) < inf for P = N(0, sigma^2), Q = N(u, s^2), decided from the exponent's sign.

    f(r) = O(r^g) at r -> inf (g = ``div.growth``, up to a log factor) and f is bounded near r = 0
    or grows like log(1/r) (whose Q-expectation is finite for Gaussians); so the integral is finite
    iff E_Q[(p/q)^g] < inf, i.e. iff the quadratic form of q^(1-g) p^g is negative definite:
    (1 - g)/s^2 + g/sigma^2 > 0; likewise near r = 0 where f(r) = O(r^-g0) (Neyman: g0 = 1).
    For s = 0 (a point mass, or s^2 below the floating-point range) it is f(0) + f'(inf).
    """
    if s == 0 or s * s == 0.0:
        return math.isfinite(div.f_at_0 + div.f_prime_inf)
    g = div.growth
    g0 = div.growth_at_0  # near r -> 0, f(r) = O(r^-g0): E_Q[(q/p)^g0] < inf iff (1+g0)/s^2 - g0/sigma^2 > 0
    return (1 - g) / s**2 + g / sigma**2 > 0 and (1 + g0) / s**2 - g0 / sigma**2 > 0


def divergence(div: FDivergence, sigma: float, s: float, u: float) -> float:
    """max_D V(G, D) = int q f(p/q) for Q_G = N(u, s^2) (the reverse of the paper's d_f convention)."""
    if not divergence_is_finite(div, sigma, s):
        return math.inf
    if s * s == 0.0:
        return div.f_at_0 + div.f_prime_inf
    al, be, ga = log_ratio_coefficients(sigma, s, u)
    EP = transform_expectation(div.chi, *_compose(al, be, ga, 0.0, sigma))
    EQ = transform_expectation(div.psi, *_compose(al, be, ga, u, s))
    return float(EP - EQ)


def optimal_discriminator(div: FDivergence, sigma: float, s: float, u: float):
    """D_G(x) = f'(p(x)/q_G(x)) as a vectorised callable (s > 0)."""
    if s <= 0:
        raise ValueError("the optimal f-GAN discriminator is not attained for a point-mass generator (s = 0)")
    al, be, ga = log_ratio_coefficients(sigma, s, u)

    def D(x):
        x = np.asarray(x, dtype=float)
        return div.chi(al * x * x + be * x + ga)

    return D


def generator_payoff(div: FDivergence, sigma: float, s: float, u: float, s_dev, u_dev):
    """J(G'; G) = E_{Q_G'}[psi(R_G)] for G' = (s_dev, u_dev) (vectorised over the deviation)."""
    al, be, ga = log_ratio_coefficients(sigma, s, u)
    a, b, c = _compose(al, be, ga, np.asarray(u_dev, dtype=float), np.asarray(s_dev, dtype=float))
    return transform_expectation(div.psi, a, b, c)


def generator_best_response(div: FDivergence, sigma: float, s: float, u: float, t: float,
                            remark1: bool = False, refine: bool = True) -> tuple[float, float, float]:
    """sup over feasible G' of J(G'; G): returns (value, s', u').

    Reduction (proved in proofs/theorem_1_fgan): J(G'; G) = E[phi(u' + s' Z)] with phi even about
    x0 = u sigma^2/(sigma^2 - s^2) and non-decreasing in |x - x0| (psi non-decreasing, alpha > 0),
    so the best mean is u' = -t sign(x0) (either sign when x0 = 0). In s' the payoff is convex when
    psi is convex (Theorem 1's t^2 f'' condition), so the best s' is 0 or 1; otherwise s' is found
    by a dense grid on [0, 1] refined by bounded scalar maximisation (``refine=False``: the grid only,
    which then under-estimates the supremum by at most the grid's resolution).
    """
    x0 = u * sigma**2 / (sigma**2 - s**2)
    u_best = -t if x0 > 0 else t
    if remark1:
        cands = np.array([1.0])
    elif condition_t2_fpp_nondecreasing(div)[0]:
        cands = np.array([0.0, 1.0])
    else:
        grid = np.linspace(0.0, 1.0, 201)
        vals = generator_payoff(div, sigma, s, u, grid, u_best)
        i = int(np.nanargmax(vals))
        if not refine:
            return float(vals[i]), float(grid[i]), float(u_best)
        lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, 200)]
        res = optimize.minimize_scalar(
            lambda x: -float(generator_payoff(div, sigma, s, u, x, u_best)), bounds=(lo, hi),
            method="bounded", options={"xatol": 1e-10},
        )
        cands = np.array([grid[i], float(res.x), 0.0, 1.0])
    vals = generator_payoff(div, sigma, s, u, cands, u_best)
    j = int(np.nanargmax(vals))
    return float(vals[j]), float(cands[j]), float(u_best)


def nash_gap_at_best_response(div: FDivergence, sigma: float, s: float, u: float, t: float,
                              remark1: bool = False, refine: bool = True) -> float:
    """Nash gap at (G, D_G): sup_G' J(G'; G) - J(G; G); +inf when D_G is not attained.

    D_G is not attained when s = 0 (the supremum needs D = f'(inf) off the point mass, outside the
    open dom f* or infinite) or when int q f(p/q) = inf.
    """
    if s * s == 0.0 or not divergence_is_finite(div, sigma, s):
        return math.inf
    best, _, _ = generator_best_response(div, sigma, s, u, t, remark1, refine)
    own = float(generator_payoff(div, sigma, s, u, s, u))
    if best == math.inf:
        return math.inf
    return best - own


class FGANClosedForm(Responder):
    """Closed-form best responses of a one-dimensional :class:`~gantheory.games.fgan.FGANGame` (eq. (7)).

    The discriminator's: sup_D V(G, D) = int q f(p/q) (:func:`divergence`), attained by
    D_G = f'(p/q) (:class:`~gantheory.games.fgan.OptimalDiscriminator`) when finite and s > 0. The
    generator's: against an optimal discriminator D_G' of the same game, the reduction of
    :func:`generator_best_response`; against any other D, the ``fallback`` responder's (a numerical
    search, :class:`gantheory.equilibria.numerical.FGANNumerical`), or ValueError when there is none.
    """

    def __init__(self, game: FGANGame, fallback: Responder | None = None) -> None:
        self.game = game
        self.fallback = fallback

    def _scalar(self, G: LinearGenerator) -> tuple[float, float]:
        if self.game.data.dim != 1 or G.latent_dim != 1:
            raise ValueError("closed-form f-GAN best responses are implemented for dim = latent_dim = 1")
        return abs(float(G.W[0, 0])), float(G.u[0])

    def discriminator_best_response(self, G: LinearGenerator) -> BestResponse:
        game = self.game
        game.check_generator(G)
        s, u = self._scalar(G)
        val = divergence(game.div, game.data.sigma, s, u)
        attained = s > 0 and math.isfinite(val)
        return BestResponse(val, [OptimalDiscriminator(game.div, game.data.sigma, s, u)] if attained else [])

    def generator_best_response(self, D) -> BestResponse:
        game, gens = self.game, self.game.generators
        if game.data.dim != 1:
            raise ValueError("f-GAN generator best responses are implemented for dim = 1")
        if isinstance(D, OptimalDiscriminator) and D.div is game.div and D.sigma == game.data.sigma:
            pay, s_b, u_b = generator_best_response(game.div, D.sigma, D.s, D.u, gens.t, gens.remark1)
            EP = gaussian_expectation(D, np.zeros(1), game.data.sigma * np.eye(1), order=200)
            val = -math.inf if pay == math.inf else float(EP - pay)
            return BestResponse(val, [LinearGenerator.scalar(s_b, u_b)])
        if self.fallback is None:
            raise ValueError("closed-form f-GAN generator best responses need D = D_G (an OptimalDiscriminator "
                             "of this game); pass a fallback responder for other discriminators")
        return self.fallback.generator_best_response(D)
