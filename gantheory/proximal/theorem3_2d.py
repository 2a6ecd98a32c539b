"""Theorem 3's premises in d >= 2 for translation families: P any law on R^d with a finite first moment (e.g.
N(0, Sigma)), generators G_theta = P shifted by theta (the linear generators G(z) = Sigma^{1/2} z + theta with
W W^T = Sigma), theta in Theta.

W1(P, P + theta) = |theta| (the shift couples at cost |theta|; D = -<e, x>, e = theta/|theta|, attains it), the
optimal map T(x) = x + theta = x - alpha^2 grad D has alpha_theta^2 = |theta| and v_theta = alpha_theta grad D^theta =
-theta/sqrt|theta| (a constant function), so premise (i) says C = {v_theta} is a convex set of vectors and premise (ii)
says |v| >= sqrt(eta) on C; theta = -v |v|. With v* the minimum-norm point of C (G* minimises W1 = |v|^2) and
D* = -<e*, x>, V(G_theta, D*) = <e*, theta> = |v| <v*, v>/|v*| (proofs/theorem_3_beyond); ``nash_margin`` computes
min over C of that minus W1(theta*), which the proof shows is >= 0: (G*, D*) is a Nash equilibrium.
"""

from __future__ import annotations

import numpy as np
from scipy import optimize


def min_norm_point(vertices: np.ndarray) -> np.ndarray:
    """The minimum-norm point of conv(vertices) (SLSQP over the simplex of weights, with status checked)."""
    V = np.asarray(vertices, float)
    k = len(V)
    res = optimize.minimize(lambda w: float(np.sum((w @ V) ** 2)), np.full(k, 1.0 / k), jac=lambda w: 2 * V @ (w @ V),
                            bounds=[(0, 1)] * k, constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
                            method="SLSQP", options={"ftol": 1e-15, "maxiter": 500})
    if not res.success:
        raise RuntimeError(f"min-norm QP: {res.message}")
    return res.x @ V


def generator_payoff(v_star: np.ndarray, v: np.ndarray) -> np.ndarray:
    """V(G_theta, D*) = <e*, theta> for theta = -v |v|, e* = theta*/|theta*| = -v*/|v*| (rows of v)."""
    v = np.atleast_2d(v)
    return np.linalg.norm(v, axis=1) * (v @ v_star) / np.linalg.norm(v_star)


def nash_margin(vertices: np.ndarray, rng: np.random.Generator, n: int = 2000) -> dict:
    """min over v in C = conv(vertices) of V(G_theta(v), D*) - W1(theta*): Dirichlet-sampled convex combinations and
    the vertices, then SLSQP from the best sample. >= 0 (to rounding) means (G*, D*) is a Nash equilibrium."""
    V = np.asarray(vertices, float)
    vs = min_norm_point(V)
    w1 = float(vs @ vs)
    W = np.vstack([rng.dirichlet(np.ones(len(V)), n), np.eye(len(V))])
    pay = generator_payoff(vs, W @ V) - w1
    j = int(np.argmin(pay))
    res = optimize.minimize(lambda w: float(generator_payoff(vs, w @ V)[0] - w1), W[j], bounds=[(0, 1)] * len(V),
                            constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}], method="SLSQP")
    best = min(float(pay[j]), float(res.fun) if res.success else np.inf)
    return {"v_star": vs.tolist(), "w1_star": w1, "min_norm_v": float(np.sqrt(w1)), "nash_margin": best}


def random_polygon(rng: np.random.Generator, eta: float, k: int = 5) -> np.ndarray:
    """k random points whose convex hull keeps distance >= sqrt(eta) from 0 (premise (ii)): a random direction,
    points in a box beyond sqrt(eta) along it."""
    phi = rng.uniform(0, 2 * np.pi)
    e, f = np.array([np.cos(phi), np.sin(phi)]), np.array([-np.sin(phi), np.cos(phi)])
    a = np.sqrt(eta) + rng.uniform(0, 2, k)
    b = rng.uniform(-3, 3, k)
    return a[:, None] * e + b[:, None] * f
