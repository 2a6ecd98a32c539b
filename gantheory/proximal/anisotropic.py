"""Theorem 2 with anisotropic data X ~ N(0, diag(sigma1^2, sigma2^2)) in d = k = 2, quadratic D.

G* = (W = I, u = 0) minimises W2 (sigma1, sigma2 > 1); the Brenier map is Sigma_X^{-1/2} x, so
D* = eta x^T (I - Sigma_X^{-1/2}) x and V* = eta sum_i (sigma_i - 1)^2. For axis-aligned generators (W diagonal,
u on one axis) the proximal problem of eq. (11) decouples into two 1-D problems (the maximising b' stays on u's
axis and M' diagonal), so V_prox is a sum of exact 1-D values (:func:`gantheory.exact.w2gan_1d.prox_value_1d`).
General (rotated) generators go through the d-dimensional solver :func:`gantheory.proximal.w2gan.prox_value`.
"""

from __future__ import annotations

import numpy as np

from gantheory.exact.w2gan_1d import prox_value_1d
from gantheory.games.gaussian import LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator
from gantheory.proximal.equilibrium import lambda_threshold
from gantheory.proximal.w2gan import prox_value

__all__ = ["aligned_min", "aligned_threshold", "d_star", "random_min", "v_star"]


def v_star(sigma1: float, sigma2: float, eta: float) -> float:
    """V(G*, D*) = eta ((sigma1 - 1)^2 + (sigma2 - 1)^2) (Theorem 2's equilibrium value).

    Parameters
    ----------
    sigma1, sigma2 : float
        Data scales along the axes.
    eta : float
        Cost weight of eq. (9).

    Returns
    -------
    float
        The value.
    """
    return eta * sum((q - 1) ** 2 for q in (sigma1, sigma2))


def d_star(sigma1: float, sigma2: float, eta: float) -> QuadraticDiscriminator:
    """D*(x) = eta x^T (I - Sigma_X^{-1/2}) x, the best response to G* = (I, 0).

    Parameters
    ----------
    sigma1, sigma2 : float
        Data scales along the axes.
    eta : float
        Cost weight.

    Returns
    -------
    QuadraticDiscriminator
        D*.
    """
    return QuadraticDiscriminator(eta * (np.eye(2) - np.diag([1 / sigma1, 1 / sigma2])), np.zeros(2))


def aligned_min(sigma1: float, sigma2: float, eta: float, t: float, lam: float) -> float:
    """min over axis-aligned generators of V_prox_lam(G, D*): a 41 x 41 grid over (s_i, u) per axis, u on one axis.

    Parameters
    ----------
    sigma1, sigma2 : float
        Data scales.
    eta : float
        Cost weight.
    t : float
        Bound ||u|| <= t.
    lam : float
        lambda of eq. (11).

    Returns
    -------
    float
        The grid minimum: an upper bound on min over all feasible G (it can refute a PE).

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).
    """
    sig = (sigma1, sigma2)
    best = np.inf
    for j in range(2):  # the axis that carries u
        total = 0.0
        for i in range(2):
            a = eta * (1 - 1 / sig[i])
            S, U = np.meshgrid(np.linspace(0, 1, 41), np.linspace(-t, t, 41) if i == j else np.zeros(1))
            vals = prox_value_1d(eta, lam, sig[i] ** 2, S.ravel(), U.ravel(), a, 0.0)[0]
            total += float(vals.min())
        best = min(best, total)
    return best


def aligned_threshold(sigma1: float, sigma2: float, eta: float, t: float, tol: float) -> float:
    """The largest lambda in [1e-4, 1e4] with :func:`aligned_min` >= V* - tol (1 + V*) (bisection, 1e-3 in log lambda):
    an upper bound on the lambda threshold of (G*, D*) over all feasible generators.

    Parameters
    ----------
    sigma1, sigma2 : float
        Data scales.
    eta : float
        Cost weight.
    t : float
        Bound ||u|| <= t.
    tol : float
        Relative tolerance.

    Returns
    -------
    float
        The threshold over axis-aligned generators.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, Definition 1, Proposition 3.
    """
    vs = v_star(sigma1, sigma2, eta)
    return lambda_threshold(lambda lam: aligned_min(sigma1, sigma2, eta, t, lam) >= vs - tol * (1 + vs), rel_tol=1e-3)


def random_min(sigma1: float, sigma2: float, eta: float, t: float, lam: float, seed: int, n: int = 30) -> float:
    """min over n random feasible generators (rotations included) of V_prox_lam(G, D*), d-dimensional solver.

    Parameters
    ----------
    sigma1, sigma2 : float
        Data scales.
    eta : float
        Cost weight.
    t : float
        Bound ||u|| <= t.
    lam : float
        lambda of eq. (11).
    seed : int
        Seed of the generators (``LinearGeneratorSet(2, 2, t).sample``).
    n : int
        Number of generators.

    Returns
    -------
    float
        The minimum.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11).
    """
    rng = np.random.default_rng(seed)
    gens = LinearGeneratorSet(2, 2, t)
    SX = np.diag([sigma1**2, sigma2**2])
    D = d_star(sigma1, sigma2, eta)
    return min(prox_value(eta, lam, SX, gens.sample(rng), D).value for _ in range(n))
