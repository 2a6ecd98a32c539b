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

Every expectation is E[T(a Z^2 + b Z + c)] for a Transform T (:mod:`gantheory.exact.transforms`).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from gantheory.exact.transforms import transform_expectation
from gantheory.games.base import BestResponse, Responder
from gantheory.games.divergences import FDivergence, condition_t2_fpp_nondecreasing
from gantheory.games.fgan import FGANGame, OptimalDiscriminator, log_ratio_coefficients
from gantheory.games.gaussian import LinearGenerator
from gantheory.games.quadrature import gaussian_expectation


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

    Parameters
    ----------
    div : FDivergence
        Row of the f-table.
    sigma : float
        Data scale, P = N(0, sigma^2).
    s : float
        Generator scale s = |w|.

    Returns
    -------
    bool
        Whether int q f(p/q) is finite.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7), Theorem 1 (f-GAN part).
    """
    if s == 0 or s * s == 0.0:
        return math.isfinite(div.f_at_0 + div.f_prime_inf)
    g = div.growth
    g0 = div.growth_at_0  # near r -> 0, f(r) = O(r^-g0): E_Q[(q/p)^g0] < inf iff (1+g0)/s^2 - g0/sigma^2 > 0
    return (1 - g) / s**2 + g / sigma**2 > 0 and (1 + g0) / s**2 - g0 / sigma**2 > 0


def divergence(div: FDivergence, sigma: float, s: float, u: float) -> float:
    """max_D V(G, D) = int q f(p/q) for Q_G = N(u, s^2) (the reverse of the paper's d_f convention).

    Parameters
    ----------
    div : FDivergence
        Row of the f-table.
    sigma : float
        Data scale, P = N(0, sigma^2).
    s, u : float
        Generator G(z) = w z + u with s = |w|.

    Returns
    -------
    float
        int q_G f(p/q_G) (inf where infinite).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7).
    """
    if not divergence_is_finite(div, sigma, s):
        return math.inf
    if s * s == 0.0:
        return div.f_at_0 + div.f_prime_inf
    al, be, ga = log_ratio_coefficients(sigma, s, u)
    EP = transform_expectation(div.chi, *_compose(al, be, ga, 0.0, sigma))
    EQ = transform_expectation(div.psi, *_compose(al, be, ga, u, s))
    return float(EP - EQ)


def optimal_discriminator(div: FDivergence, sigma: float, s: float, u: float):
    """D_G(x) = f'(p(x)/q_G(x)) as a vectorised callable (s > 0).

    Parameters
    ----------
    div : FDivergence
        Row of the f-table.
    sigma : float
        Data scale.
    s, u : float
        Generator parameters, s = |w| > 0.

    Returns
    -------
    callable
        x -> f'(p(x)/q_G(x)) (see also :class:`gantheory.games.fgan.OptimalDiscriminator`).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7).
    """
    if s <= 0:
        raise ValueError("the optimal f-GAN discriminator is not attained for a point-mass generator (s = 0)")
    al, be, ga = log_ratio_coefficients(sigma, s, u)

    def D(x):
        x = np.asarray(x, dtype=float)
        return div.chi(al * x * x + be * x + ga)

    return D


def generator_payoff(div: FDivergence, sigma: float, s: float, u: float, s_dev, u_dev):
    """J(G'; G) = E_{Q_G'}[psi(R_G)] for G' = (s_dev, u_dev) (vectorised over the deviation).

    Parameters
    ----------
    div : FDivergence
        Row of the f-table.
    sigma : float
        Data scale.
    s, u : float
        The generator G (s = |w|) whose D_G the deviation plays against.
    s_dev, u_dev : array_like
        The deviations G' (s' = |w'|).

    Returns
    -------
    numpy.ndarray
        J(G'; G); the generator's payoff V(G', D_G) = E_P[D_G] - J(G'; G).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7).
    """
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

    Parameters
    ----------
    div : FDivergence
        Row of the f-table.
    sigma : float
        Data scale.
    s, u : float
        The generator G (s = |w|) defining D_G.
    t : float
        Mean budget |u'| <= t.
    remark1 : bool
        Remark 1's generator set (s' = 1).
    refine : bool
        Refine the grid's best s' by bounded scalar maximisation (non-convex psi only).

    Returns
    -------
    (float, float, float)
        (sup J, s', u').

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7), Theorem 1 (f-GAN part), Remark 1.
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

    Parameters
    ----------
    div : FDivergence
        Row of the f-table (game parameter).
    sigma : float
        Data scale (game parameter).
    s, u : float
        Generator G(z) = w z + u, s = |w|.
    t : float
        Mean budget of the generator set.
    remark1 : bool
        Remark 1's generator set instead of Theorem 1's.
    refine : bool
        As in :func:`generator_best_response`.

    Returns
    -------
    float
        The gap (inf when D_G is not attained).

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (7), Theorem 1 (f-GAN part), Remark 1.
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
            EP = gaussian_expectation(D, np.zeros(1), game.data.sigma * np.eye(1))
            val = -math.inf if pay == math.inf else float(EP - pay)
            return BestResponse(val, [LinearGenerator.scalar(s_b, u_b)])
        if self.fallback is None:
            raise ValueError("closed-form f-GAN generator best responses need D = D_G (an OptimalDiscriminator "
                             "of this game); pass a fallback responder for other discriminators")
        return self.fallback.generator_best_response(D)
