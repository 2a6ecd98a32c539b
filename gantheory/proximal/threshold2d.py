"""Theorem 2 in d = k = 2 over *all* linear generators (rotated, non-axis-aligned), anisotropic data.

X ~ N(0, diag(sigma1^2, sigma2^2)), cost eta ||x - x'||^2, quadratic discriminators, Sobolev norm (15).
G* = (I, 0), D* = eta x^T (I - Sigma_X^{-1/2}) x, V* = eta sum_i (sigma_i - 1)^2. (G*, D*) is a lam-PE iff
min over feasible G of V_prox_lam(G, D*) >= V* (Proposition 2; D* is a best response to G*).

The minimum is a global optimisation over G: W enters only through W W^T = R(theta) diag(a1^2, a2^2) R(theta)^T
(a_i in [0, 1] is sigma_max(W) <= 1) and u = rho (cos phi, sin phi), rho in [0, t]: five parameters,
multi-start L-BFGS-B on ``prox_value`` (the d-dimensional solver of :mod:`gantheory.proximal.w2gan`). The
optimality check reports how many starts reach the best value (to 1e-9) and the projected-gradient norm
there. The threshold is found by bisection in lam (monotone by Proposition 3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from gantheory.games.gaussian import LinearGenerator
from gantheory.games.w2gan import QuadraticDiscriminator
from gantheory.proximal.w2gan import prox_value

__all__ = ["BOUNDS", "GlobalMin", "generator", "min_dip", "threshold"]

BOUNDS = [(-math.pi, math.pi), (0.0, 1.0), (0.0, 1.0), (0.0, 1.0), (-math.pi, math.pi)]  # rho as a fraction of t


def generator(x: np.ndarray, t: float) -> LinearGenerator:
    """The linear generator G(z) = W z + u of the search coordinates x = (theta, a1, a2, rho/t, phi).

    W = R(theta) diag(a1, a2) and u = rho (cos phi, sin phi), rho = x[3] t (see :data:`BOUNDS`).

    Parameters
    ----------
    x : numpy.ndarray
        (theta, a1, a2, rho / t, phi).
    t : float
        Bound on ``||u||``.

    Returns
    -------
    LinearGenerator
        G(z) = W z + u.
    """
    th, a1, a2, r, ph = x
    R = np.array([[math.cos(th), -math.sin(th)], [math.sin(th), math.cos(th)]])
    return LinearGenerator(R @ np.diag([a1, a2]), r * t * np.array([math.cos(ph), math.sin(ph)]))


@dataclass(frozen=True)
class GlobalMin:
    """min over feasible G of V_prox_lam(G, D*) - V* (Theorem 2, eq. (11)) with the evidence of optimality."""

    dip: float  # min_G V_prox(G, D*) - V*
    generator: LinearGenerator
    starts: int
    starts_at_best: int  # starts whose local minimum is within 1e-9 of the best
    projected_gradient: float  # at the best point (finite differences, bounds respected)


def min_dip(eta: float, lam: float, sigma1: float, sigma2: float, t: float, *, seed: int = 0,
            starts: int = 8) -> GlobalMin:
    """min over feasible G of V_prox_lam(G, D*) - V* by multi-start L-BFGS-B, with the evidence of optimality.

    Data X ~ N(0, diag(sigma1^2, sigma2^2)), G* = (I, 0), D*(x) = eta x^T (I - Sigma_X^{-1/2}) x,
    V* = eta sum_i (sigma_i - 1)^2; generators G(z) = W z + u from :func:`generator`.

    Parameters
    ----------
    eta : float
        The W2GAN quadratic cost weight (eq. (9)).
    lam : float
        Proximal weight lambda > 0.
    sigma1, sigma2 : float
        Data standard deviations along the axes.
    t : float
        Bound on ``||u||``.
    seed : int
        Seed of the random starts.
    starts : int
        Number of starts (three fixed near G*, the rest random).

    Returns
    -------
    GlobalMin
        The dip (>= 0 means (G*, D*) is a lam-PE), the minimising generator, and the optimality evidence.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), Definition 1, eq. (11), Proposition 2, Theorem 2.
    """
    SX = np.diag([sigma1**2, sigma2**2])
    Dstar = QuadraticDiscriminator(eta * (np.eye(2) - np.diag([1 / sigma1, 1 / sigma2])), np.zeros(2))
    v_star = eta * ((sigma1 - 1) ** 2 + (sigma2 - 1) ** 2)

    def f(x):
        return prox_value(eta, lam, SX, generator(x, t), Dstar).value - v_star

    rng = np.random.default_rng(seed)
    # starts: near G* with u along each axis and along the diagonal, then random
    x0s = [np.array([0.0, 1.0, 1.0, 0.2, 0.0]), np.array([0.0, 1.0, 1.0, 0.2, math.pi / 2]),
           np.array([0.3, 1.0, 1.0, 0.2, math.pi / 4])]
    x0s += [np.array([rng.uniform(lo, hi) for lo, hi in BOUNDS]) for _ in range(max(starts - 3, 0))]
    results = [optimize.minimize(f, x0, method="L-BFGS-B", bounds=BOUNDS, options={"ftol": 1e-14, "gtol": 1e-10})
               for x0 in x0s]
    vals = np.array([r.fun for r in results])
    j = int(np.argmin(vals))
    xb = results[j].x
    h = 1e-6
    g = np.zeros(5)
    for i in range(5):
        e = np.zeros(5)
        e[i] = h
        g[i] = (f(np.clip(xb + e, [b[0] for b in BOUNDS], [b[1] for b in BOUNDS]))
                - f(np.clip(xb - e, [b[0] for b in BOUNDS], [b[1] for b in BOUNDS]))) / (2 * h)
    at_lo = np.array([xb[i] <= BOUNDS[i][0] + 1e-9 for i in range(5)])
    at_hi = np.array([xb[i] >= BOUNDS[i][1] - 1e-9 for i in range(5)])
    pg = np.where(at_lo, np.minimum(g, 0.0), np.where(at_hi, np.maximum(g, 0.0), g))  # KKT residual
    return GlobalMin(float(vals[j]), generator(xb, t), len(x0s), int(np.sum(vals <= vals[j] + 1e-9)),
                     float(np.linalg.norm(pg)))


def threshold(eta: float, sigma1: float, sigma2: float, t: float, *, tol: float = 1e-9, rel_tol: float = 2e-3,
              seed: int = 0, starts: int = 8) -> dict:
    """Largest lam with min_G V_prox(G, D*) >= V* - tol, by bisection from [1/(4 eta), 2 lam_axis].

    Parameters
    ----------
    x : numpy.ndarray
        (theta, a1, a2, rho / t, phi).
    t : float
        Bound ||u|| <= t.

    Returns
    -------
    LinearGenerator
        W = R(theta) diag(a1, a2), u = rho (cos phi, sin phi).

    Parameters
    ----------
    eta : float
        Cost weight.
    lam : float
        lambda of eq. (11).
    sigma1, sigma2 : float
        Data scales.
    t : float
        Bound ||u|| <= t.
    seed : int
        Seed of the random starts.
    starts : int
        Number of L-BFGS-B starts.

    Returns
    -------
    GlobalMin
        min over G of V_prox_lam(G, D*) - V* with its optimality evidence.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).

    Parameters
    ----------
    eta : float
        Cost weight.
    sigma1, sigma2 : float
        Data scales.
    t : float
        Bound ||u|| <= t.
    tol : float
        A dip above -tol counts as a PE.
    rel_tol : float
        Relative width of the final bracket.
    seed, starts : int
        As in :func:`min_dip`.

    Returns
    -------
    dict
        lambda_threshold_all_linear (None or inf at the ends), bracket, the axis formula, a witness above and
        the optimality check at the threshold.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).
    """
    axis = min(s / (4 * eta * (s - 1)) for s in (sigma1, sigma2))
    lo, hi = 1 / (4 * eta), 2 * axis
    if min_dip(eta, lo, sigma1, sigma2, t, seed=seed, starts=starts).dip < -tol:
        return {"lambda_threshold_all_linear": None, "lambda_axis_formula": axis, "note": "no PE at 1/(4 eta)"}
    top = min_dip(eta, hi, sigma1, sigma2, t, seed=seed, starts=starts)
    if top.dip >= -tol:
        return {"lambda_threshold_all_linear": math.inf, "lambda_axis_formula": axis}
    last_fail = top
    while hi - lo > rel_tol * lo:
        mid = 0.5 * (lo + hi)
        m = min_dip(eta, mid, sigma1, sigma2, t, seed=seed, starts=starts)
        if m.dip >= -tol:
            lo = mid
        else:
            hi, last_fail = mid, m
    ok = min_dip(eta, lo, sigma1, sigma2, t, seed=seed, starts=starts)
    return {"lambda_threshold_all_linear": lo, "bracket": [lo, hi], "lambda_axis_formula": axis,
            "relative_difference_to_axis_formula": lo / axis - 1,
            "witness_above": {"W": last_fail.generator.W, "u": last_fail.generator.u, "dip": last_fail.dip},
            "optimality_at_threshold": {"dip": ok.dip, "starts": ok.starts, "starts_at_best": ok.starts_at_best,
                                        "projected_gradient": ok.projected_gradient}}
