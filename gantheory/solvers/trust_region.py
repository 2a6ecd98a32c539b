"""Exact maximisation of a (possibly indefinite) quadratic over a Euclidean ball.

max_{||x|| <= t} x^T K x + lin^T x is the trust-region subproblem (here non-convex when K has a
positive eigenvalue: the generator's best response in the Gaussian W2GAN game). By the S-lemma its
solution satisfies (K - mu I) x = -lin/2, mu >= max(0, lambda_max(K)), mu (t - ||x||) = 0; we solve
it by eigendecomposition and a monotone secular equation, including the "hard case".
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize


def maximize_quadratic_on_ball(K: np.ndarray, lin: np.ndarray, t: float) -> tuple[float, np.ndarray]:
    """Return (max value, maximiser) of x^T K x + lin^T x over ||x||_2 <= t (K symmetric)."""
    K = 0.5 * (np.asarray(K, dtype=float) + np.asarray(K, dtype=float).T)
    lin = np.asarray(lin, dtype=float)
    n = len(lin)
    if t <= 0:
        return 0.0, np.zeros(n)
    # minimise 1/2 x^T H x + g^T x with H = -2K, g = -lin
    lam, Q = np.linalg.eigh(-2.0 * K)
    g = Q.T @ (-lin)
    scale = max(1.0, float(np.max(np.abs(lam))))
    tol = 1e-12 * scale

    def x_of(mu):
        return -g / (lam + mu)

    def f(x_coords):
        x = Q @ x_coords
        return float(x @ K @ x + lin @ x), x

    cands = []
    lam1 = lam[0]
    mu_lo = max(0.0, -lam1)
    if lam1 > tol:  # convex case: the unconstrained minimiser, if inside the ball
        xc = x_of(0.0)
        if np.linalg.norm(xc) <= t:
            cands.append(xc)

    def phi(mu):
        with np.errstate(divide="ignore"):
            return float(np.linalg.norm(x_of(mu))) - t

    # boundary solution: ||x(mu)|| = t with mu > mu_lo, where ||x(mu)|| decreases to 0
    a = mu_lo + tol + 1e-300
    b = a + float(np.linalg.norm(g)) / t + 1.0
    if phi(a) > 0:
        mu = optimize.brentq(phi, a, b, xtol=1e-15, rtol=4 * np.finfo(float).eps, maxiter=500)
        cands.append(x_of(mu))
    # hard case: mu = -lam1 with g orthogonal to lam1's eigenspace; fill up with that eigenvector
    near1 = np.abs(lam - lam1) <= tol
    if lam1 <= tol and np.all(np.abs(g[near1]) <= 1e-12 * max(1.0, float(np.linalg.norm(g)))):
        with np.errstate(divide="ignore", invalid="ignore"):
            xh = np.where(near1, 0.0, -g / (lam + mu_lo))
        rest = t * t - float(xh @ xh)
        if rest >= 0:
            i1 = int(np.flatnonzero(near1)[0])
            for sgn in (1.0, -1.0):
                xx = xh.copy()
                xx[i1] += sgn * math.sqrt(rest)
                cands.append(xx)
    if not cands:  # fall back to the boundary at the steepest direction (never expected)
        cands.append(np.zeros(n))
    best = max((f(c) for c in cands), key=lambda p: p[0])
    return best
