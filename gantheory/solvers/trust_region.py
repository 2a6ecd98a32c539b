"""Exact maximisation of a (possibly indefinite) quadratic over a Euclidean ball.

max_{||x|| <= t} x^T K x + lin^T x is the trust-region subproblem (non-convex when K has a positive
eigenvalue: the generator's best response in the Gaussian W2GAN game). By the S-lemma its solutions
satisfy (K - mu I) x = -lin/2 with mu >= max(0, lambda_max(K)) and mu (t - ||x||) = 0. We solve it in
the eigenbasis of H = -2K: the interior candidate (H > 0), the boundary root of the monotone secular
equation ||x(mu)|| = t, and the "hard-case" points built on the top eigenvector (also near-optimal in
the near-hard case, where the secular equation is ill-conditioned). Every candidate is mapped into
the ball and the best is returned, so the result is always feasible.
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

    def value(x):
        return float(x @ K @ x + lin @ x)

    def into_ball(x):
        nx = float(np.linalg.norm(x))
        return x if nx <= t else x * (t / nx)

    if t <= 0:
        return 0.0, np.zeros(n)
    lam, Q = np.linalg.eigh(-2.0 * K)  # minimise 1/2 x^T H x + g^T x, H = -2K, g = -lin
    g = Q.T @ (-lin)
    gn = float(np.linalg.norm(g))
    scale = max(1.0, float(np.max(np.abs(lam))))
    cands = [np.zeros(n)]
    if gn > 0:
        cands.append(t * lin / gn)  # the linear term's maximiser (optimal as t -> 0)
    if t * scale <= 1e-12 * gn:  # tiny radius: the quadratic term is below rounding of the linear one
        best = max((into_ball(c) for c in cands), key=value)
        return value(best), best
    tol = 1e-12 * scale
    lam1 = lam[0]
    mu_lo = max(0.0, -lam1)
    if lam1 > tol:  # convex case: the unconstrained minimiser, if inside the ball
        xc = -g / lam
        if np.linalg.norm(xc) <= t:
            cands.append(Q @ xc)

    def xmu(mu):
        with np.errstate(divide="ignore", invalid="ignore"):
            return -g / (lam + mu)

    def phi(mu):  # ||x(mu)|| > t  <=>  phi > 0; the reciprocal form is nearly linear in mu (better root)
        x = xmu(mu)
        nx = float(np.linalg.norm(x)) if np.all(np.isfinite(x)) else math.inf
        return 1.0 / t - (1.0 / nx if nx > 0 else math.inf)

    # boundary root: phi decreases on (mu_lo, inf) from > 0 (when a root exists) to phi(b) < 0
    b = mu_lo + 2.0 * gn / t + 1.0
    a = 0.5 * (mu_lo + b)
    for _ in range(2200):  # move a towards mu_lo until phi(a) > 0 (or a stops moving)
        if phi(a) > 0:
            break
        a_new = mu_lo + 0.5 * (a - mu_lo)
        if a_new >= a or a_new <= mu_lo:
            break
        a = a_new
    if phi(a) > 0 and phi(b) < 0:
        mu = optimize.brentq(phi, a, b, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=2000)
        x = xmu(mu)
        if np.all(np.isfinite(x)) and np.linalg.norm(x) > 0:
            cands.append(Q @ (x * (t / np.linalg.norm(x))))
    # hard-case points: mu = mu_lo, the top eigenvector filling the remaining radius
    near1 = np.abs(lam - lam1) <= tol
    if lam1 <= tol:
        with np.errstate(divide="ignore", invalid="ignore"):
            xh = np.where(near1, 0.0, -g / (lam + mu_lo))
        xh = np.where(np.isfinite(xh), xh, 0.0)
        rest = t * t - float(xh @ xh)
        if rest >= 0:
            i1 = int(np.flatnonzero(near1)[0])
            for sgn in (1.0, -1.0):
                xx = xh.copy()
                xx[i1] += sgn * math.sqrt(rest)
                cands.append(Q @ xx)
    pts = [into_ball(c) for c in cands]
    vals = [value(x) for x in pts]
    top = max(vals)
    # ties within rounding go to the earliest candidate (interior, then the secular root, before the
    # hard-case points, which are only near-optimal in the near-hard case)
    j = next(i for i, v in enumerate(vals) if v >= top - 1e-12 * (1.0 + abs(top)))
    return vals[j], pts[j]
