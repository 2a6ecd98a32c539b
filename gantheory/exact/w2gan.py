"""Closed forms of the Gaussian W2GAN game (eq. (9), cost c(x, x') = eta ||x - x'||^2; Theorem 1, Remark 1).

P = N(0, sigma^2 I_d), Q_G = N(u, Sigma) with Sigma = W W^T.

* max over c-concave D of V(G, D) = eta W2^2(P, Q) = eta (||u||^2 + sum_i (sigma - sqrt(lambda_i))^2)
  (lambda_i the eigenvalues of Sigma).
* The optimal D is the Kantorovich potential on P's side, grad D(x) = 2 eta (x - T(x)) with the Brenier
  map T(x) = u + Sigma^{1/2} x / sigma, so D_G(x) = x^T A x + b^T x with
  A = eta (I - Sigma^{1/2}/sigma), b = -2 eta u (unique up to a constant: P has a positive density).
* The generator's payoff against a quadratic D is E_Q'[D^c] = tr(K Sigma') + u'^T K u' + lin^T u' + const
  with M = eta I - A, K = eta^2 M^{-1} - eta I and lin = eta M^{-1} b (see
  :func:`gantheory.games.w2gan.c_transform_quadratic`), maximised over sigma_max(W') <= 1 by Ky Fan
  (sum of the top min(d, k) positive eigenvalues of K) and over ||u'|| <= t by the trust-region
  subproblem (solved exactly by eigendecomposition).
* Proven reduction (proofs/theorem_1_w2gan): for k >= d and sigma > 1 the Nash gap at (G, D_G) is at
  least t^2 lambda_max(K_G) + tr(K_G (I - Sigma)) >= eta (sigma - 1) t^2, with equality at the
  W2-minimiser (W W^T = I, u = 0): inf_G gap = eta (sigma - 1) t^2. For k < d it is +inf for every G.
"""

from __future__ import annotations

import math

import numpy as np

from gantheory._numerics import sqrtm_psd
from gantheory.games.base import BestResponse, Responder
from gantheory.games.gaussian import LinearGenerator
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame, c_transform_quadratic
from gantheory.solvers.trust_region import maximize_quadratic_on_ball


def _generator(W, u) -> tuple[np.ndarray, np.ndarray]:
    """(W, u) as a (d, k) matrix and a (d,) vector; the order is G(z) = W z + u."""
    W = np.asarray(W, dtype=float)
    u = np.asarray(u, dtype=float)
    if W.ndim != 2 or u.ndim != 1 or W.shape[0] != u.shape[0]:
        raise ValueError(f"W must be a (d, k) matrix and u a (d,) vector (in the order W, u), got shapes "
                         f"{W.shape} and {u.shape}")
    return W, u


def sqrt_cov(W: np.ndarray) -> np.ndarray:
    """Sigma^{1/2} = (W W^T)^{1/2} = U diag(sv) U^T from the SVD of W (exact rank, no squaring).

    Parameters
    ----------
    W : numpy.ndarray
        (d, k) generator matrix.

    Returns
    -------
    numpy.ndarray
        (d, d) PSD square root of Sigma = W W^T.
    """
    U, sv, _ = np.linalg.svd(np.atleast_2d(W), full_matrices=False)
    return (U * sv) @ U.T


def w2_squared(sigma: float, u: np.ndarray, Sigma: np.ndarray) -> float:
    """W2^2(N(0, sigma^2 I), N(u, Sigma)).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2 I_d).
    u : numpy.ndarray
        (d,) generator mean.
    Sigma : numpy.ndarray
        (d, d) generator covariance W W^T.

    Returns
    -------
    float
        ||u||^2 + sum_i (sigma - sqrt(lambda_i(Sigma)))^2.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9).
    """
    lam = np.clip(np.linalg.eigvalsh(0.5 * (Sigma + Sigma.T)), 0.0, None)
    return float(u @ u + np.sum((sigma - np.sqrt(lam)) ** 2))


def divergence(eta: float, sigma: float, u: np.ndarray, Sigma: np.ndarray) -> float:
    """max over c-concave D of V(G, D) = eta W2^2(P, Q_G).

    Parameters
    ----------
    eta : float
        Cost scale, c(x, x') = eta ||x - x'||^2.
    sigma : float
        Data scale.
    u, Sigma : numpy.ndarray
        Generator mean (d,) and covariance (d, d), Sigma = W W^T.

    Returns
    -------
    float
        eta W2^2(P, Q_G).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9), Theorem 1 (W2GAN part).
    """
    return eta * w2_squared(sigma, u, Sigma)


def optimal_discriminator(eta: float, sigma: float, u: np.ndarray, Sigma: np.ndarray,
                          W: np.ndarray | None = None) -> QuadraticDiscriminator:
    """D_G(x) = x^T A x + b^T x with A = eta (I - Sigma^{1/2}/sigma), b = -2 eta u (Sigma^{1/2} from W's
    SVD when W is given).

    Parameters
    ----------
    eta, sigma : float
        Cost and data scales.
    u, Sigma : numpy.ndarray
        Generator mean and covariance (Sigma = W W^T).
    W : numpy.ndarray, optional
        The generator matrix; Sigma^{1/2} is then taken from its SVD (exact rank).

    Returns
    -------
    QuadraticDiscriminator
        D_G (unique up to a constant).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9), Theorem 1 (W2GAN part).
    """
    d = len(u)
    root = sqrt_cov(W) if W is not None else sqrtm_psd(Sigma)
    A = eta * (np.eye(d) - root / sigma)
    return QuadraticDiscriminator(A, -2.0 * eta * np.asarray(u, dtype=float))


def generator_payoff_max(eta: float, D: QuadraticDiscriminator, latent_dim: int, t: float,
                         remark1: bool = False) -> tuple[float, np.ndarray, np.ndarray]:
    """sup over feasible (W', u') of E_{Q'}[D^c]; returns (value, W', u') (value +inf if unbounded).

    Parameters
    ----------
    eta : float
        Cost scale.
    D : QuadraticDiscriminator
        The discriminator.
    latent_dim : int
        k, the latent dimension (W' is (d, k)).
    t : float
        Mean budget ||u'|| <= t.
    remark1 : bool
        Remark 1's generator set (unit singular values).

    Returns
    -------
    (float, numpy.ndarray, numpy.ndarray)
        (sup E_{Q'}[D^c], W', u').

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9), Theorem 1, Remark 1.
    """
    d = D.A.shape[0]
    ct = c_transform_quadratic(eta, D)
    if ct is None:  # D^c = +inf everywhere: every generator pays +inf
        return math.inf, np.zeros((d, latent_dim)), np.zeros(d)
    K, lin, const, range_basis = ct
    r = min(d, latent_dim)
    lam, V = np.linalg.eigh(K)
    order = np.argsort(lam)[::-1]
    lam, V = lam[order], V[:, order]
    if range_basis is not None and range_basis.shape[1] < d:
        # D^c is finite only on an affine subspace: a feasible generator can leave it (rank >= 1
        # directions outside) unless it is constrained to have rank 0 there; any nonzero W' or
        # u' off the subspace gives +inf.
        if r >= 1 or t > 0:
            return math.inf, np.zeros((d, latent_dim)), np.zeros(d)
    if remark1:
        sv = np.ones(r)
    else:
        sv = (lam[:r] > 0).astype(float)
    W = (V[:, :r] * sv) @ np.eye(r, latent_dim)
    cov_part = float(np.sum(lam[:r] * sv**2))
    u_val, u_opt = maximize_quadratic_on_ball(K, lin, t)
    return cov_part + u_val + const, W, u_opt


def nash_gap_at_best_response(eta: float, sigma: float, W: np.ndarray, u: np.ndarray, t: float,
                              remark1: bool = False) -> float:
    """Nash gap at (G, D_G): sup_G' E_{Q_G'}[D_G^c] - E_{Q_G}[D_G^c].

    Parameters
    ----------
    eta, sigma : float
        Game parameters: cost eta ||x - x'||^2, data P = N(0, sigma^2 I_d).
    W : numpy.ndarray
        (d, k) generator matrix, Sigma = W W^T.
    u : numpy.ndarray
        (d,) generator mean.
    t : float
        Mean budget ||u'|| <= t of the generator set.
    remark1 : bool
        Remark 1's generator set (unit singular values) instead of Theorem 1's (sigma_max(W') <= 1).

    Returns
    -------
    float
        The gap; ``inf`` when some feasible generator leaves the domain of D_G^c (e.g. k < d).

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (9), Theorem 1 (W2GAN part), Remark 1.
    """
    W, u = _generator(W, u)
    Sigma = W @ W.T
    D = optimal_discriminator(eta, sigma, u, Sigma, W)
    best, _, _ = generator_payoff_max(eta, D, W.shape[1], t, remark1)
    if best == math.inf:
        return math.inf
    own = D.generator_payoff(eta, u, Sigma)
    return float(best - own)


#: rounding allowance of the closed-form gap, relative to the magnitude of the two payoffs it subtracts
#: and per dimension (eigen-decompositions and the trust-region solve are backward stable: errors of a
#: few d eps ||K||; this allows ~4500 d ulp)
GAP_REL_ERR = 1e-12


def nash_gap_enclosure(eta: float, sigma: float, W: np.ndarray, u: np.ndarray, t: float,
                       remark1: bool = False) -> tuple[float, float]:
    """[lo, hi] around the Nash gap at (G, D_G) (exact best responses, the rounding allowed for).

    The gap is a difference of two payoffs that cancel near the minimiser (for t -> 0 the gap is
    ~ eta (sigma - 1) t^2 while the payoffs are ~ eta sigma^2 d), so its floating-point value carries an
    absolute error proportional to the payoffs, not to the gap; the enclosure widens by
    ``GAP_REL_ERR * d`` times their magnitude. The lower end is floored at 0 (a Nash gap is >= 0).

    Parameters
    ----------
    eta, sigma : float
        Game parameters (cost scale, data scale).
    W, u : numpy.ndarray
        Generator G(z) = W z + u, W of shape (d, k), u of shape (d,).
    t : float
        Mean budget of the generator set.
    remark1 : bool
        Remark 1's generator set instead of Theorem 1's.

    Returns
    -------
    (float, float)
        (lo, hi) with lo <= gap <= hi; (inf, inf) when the gap is infinite.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (9), Theorem 1 (W2GAN part).
    """
    W, u = _generator(W, u)
    Sigma = W @ W.T
    D = optimal_discriminator(eta, sigma, u, Sigma, W)
    best, _, _ = generator_payoff_max(eta, D, W.shape[1], t, remark1)
    if best == math.inf:
        return math.inf, math.inf
    own = D.generator_payoff(eta, u, Sigma)
    gap = float(best - own)
    # the payoffs are built from K = eta^2 M^{-1} - eta I = eta (sigma Sigma^{-1/2} - I) (itself a
    # cancellation: K -> 0 as sigma -> 1+ at W W^T = I), contracted with covariances and means of size
    # <= d + t^2 + ||u||^2 + tr Sigma: the rounding is relative to eta sigma / s_min(W) times that
    d = len(u)
    s_min = float(np.linalg.svd(W, compute_uv=False).min()) if W.size else 0.0
    k_scale = eta * (sigma / s_min + 1.0) if s_min > 0 else math.inf
    size = d + t * t + float(u @ u) + float(np.trace(Sigma)) + eta * sigma**2 * d
    err = GAP_REL_ERR * d * (abs(best) + abs(own) + k_scale * size) + 1e-300
    if not math.isfinite(err):
        err = GAP_REL_ERR * d * (abs(best) + abs(own)) + 1e-300
    return max(gap - err, 0.0), gap + err


def min_nash_gap(eta: float, sigma: float, t: float, dim: int, latent_dim: int) -> float:
    """inf over feasible G of the Nash gap at (G, D_G) (the proven reduction above; sigma > 1).

    Parameters
    ----------
    eta, sigma, t : float
        Cost scale, data scale (> 1), mean budget.
    dim, latent_dim : int
        d and k.

    Returns
    -------
    float
        eta (sigma - 1) t^2 for k >= d, inf for k < d.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 1 (W2GAN part); the reduction is proved in proofs/theorem_1_w2gan.py.
    """
    if latent_dim < dim:
        return math.inf
    return eta * (sigma - 1.0) * t * t


def min_local_improvement(eta: float, sigma: float, t: float, rho: float) -> float:
    """Quadratic-D W2GAN: the best improvement within radius rho at the only first-order stationary
    pairs (W with unit singular values, u = 0, D = D_G): the generator moves u by rho (capped at t)
    and gains eta (sigma - 1) min(rho, t)^2; the discriminator, at its global optimum, gains 0.

    Parameters
    ----------
    eta, sigma, t : float
        Cost scale, data scale, mean budget.
    rho : float
        Radius of the local neighbourhood.

    Returns
    -------
    float
        eta (sigma - 1) min(rho, t)^2.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 1 (local Nash equilibria, quadratic discriminators).
    """
    return eta * (sigma - 1.0) * min(rho, t) ** 2


class W2GANClosedForm(Responder):
    """Closed-form best responses of a :class:`~gantheory.games.w2gan.W2GANGame` (eq. (9)).

    The discriminator's: eta W2^2(P, Q_G), attained by the quadratic Kantorovich potential
    (:func:`optimal_discriminator`). The generator's against a quadratic D: Ky Fan on the covariance and
    the trust-region subproblem on the mean (:func:`generator_payoff_max`).
    """

    def __init__(self, game: W2GANGame) -> None:
        self.game = game

    def discriminator_best_response(self, G: LinearGenerator) -> BestResponse:
        game = self.game
        game.check_generator(G)
        D = optimal_discriminator(game.eta, game.data.sigma, G.u, G.covariance, G.W)
        return BestResponse(divergence(game.eta, game.data.sigma, G.u, G.covariance), [D])

    def generator_best_response(self, D: QuadraticDiscriminator) -> BestResponse:
        game, gens = self.game, self.game.generators
        game.check_discriminator(D)
        pay, W, u = generator_payoff_max(game.eta, D, gens.latent_dim, gens.t, gens.remark1)
        val = -math.inf if pay == math.inf else float(game.data.sigma**2 * np.trace(D.A) - pay)
        return BestResponse(val, [LinearGenerator(W, u)])
