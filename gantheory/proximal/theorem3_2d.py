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

from dataclasses import dataclass

import numpy as np
from scipy import optimize


def min_norm_point(vertices: np.ndarray) -> np.ndarray:
    """The minimum-norm point of conv(vertices) (SLSQP over the simplex of weights on the vertices scaled to unit
    largest norm, with status checked).

    Parameters
    ----------
    vertices : numpy.ndarray
        Points, shape ``(k, d)``.

    Returns
    -------
    numpy.ndarray
        The minimum-norm point, shape ``(d,)``.

    Raises
    ------
    RuntimeError
        If SLSQP does not succeed.
    """
    V0 = np.asarray(vertices, float)
    scale = float(np.linalg.norm(V0, axis=1).max()) or 1.0
    V = V0 / scale
    k = len(V)
    res = optimize.minimize(lambda w: float(np.sum((w @ V) ** 2)), np.full(k, 1.0 / k), jac=lambda w: 2 * V @ (w @ V),
                            bounds=[(0, 1)] * k, constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
                            method="SLSQP", options={"ftol": 1e-15, "maxiter": 500})
    if not res.success:
        raise RuntimeError(f"min-norm QP: {res.message}")
    return res.x @ V0


def generator_payoff(v_star: np.ndarray, v: np.ndarray) -> np.ndarray:
    """V(G_theta, D*) = <e*, theta> for theta = -v |v|, e* = theta*/|theta*| = -v*/|v*| (rows of v).

    Parameters
    ----------
    v_star : numpy.ndarray
        v* of the candidate equilibrium, shape ``(d,)``.
    v : numpy.ndarray
        Vectors v_theta, shape ``(d,)`` or ``(n, d)``.

    Returns
    -------
    numpy.ndarray
        The payoffs, shape ``(n,)``.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (8) and Theorem 3.
    """
    v = np.atleast_2d(v)
    return np.linalg.norm(v, axis=1) * (v @ v_star) / np.linalg.norm(v_star)


def nash_margin(vertices: np.ndarray, rng: np.random.Generator, n: int = 2000) -> dict:
    """min over v in C = conv(vertices) of V(G_theta(v), D*) - W1(theta*): Dirichlet-sampled convex combinations and
    the vertices, then SLSQP from the best sample. >= 0 (to rounding) means (G*, D*) is a Nash equilibrium.

    Parameters
    ----------
    vertices : numpy.ndarray
        Vertices of C, shape ``(k, d)``.
    rng : numpy.random.Generator
        Random source of the Dirichlet samples.
    n : int
        Number of samples.

    Returns
    -------
    dict
        ``v_star``, ``w1_star``, ``min_norm_v`` and ``nash_margin``.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), Theorem 3.
    """
    V = np.asarray(vertices, float)
    vs = min_norm_point(V)
    w1 = float(vs @ vs)
    scale = w1 if w1 > 0 else 1.0  # margins relative to W1(theta*) inside the SLSQP refinement
    W = np.vstack([rng.dirichlet(np.ones(len(V)), n), np.eye(len(V))])
    pay = generator_payoff(vs, W @ V) - w1
    j = int(np.argmin(pay))
    res = optimize.minimize(lambda w: float(generator_payoff(vs, w @ V)[0] - w1) / scale, W[j],
                            bounds=[(0, 1)] * len(V), constraints=[{"type": "eq", "fun": lambda w: w.sum() - 1}],
                            method="SLSQP")
    best = min(float(pay[j]), float(res.fun) * scale if res.success else np.inf)
    return {"v_star": vs.tolist(), "w1_star": w1, "min_norm_v": float(np.sqrt(w1)), "nash_margin": best}


def random_polygon(rng: np.random.Generator, eta: float, k: int = 5) -> np.ndarray:
    """k random points whose convex hull keeps distance >= sqrt(eta) from 0 (premise (ii)): a random direction,
    points in a box beyond sqrt(eta) along it.

    Parameters
    ----------
    rng : numpy.random.Generator
        Random source.
    eta : float
        The premise's constant: the hull stays at distance >= sqrt(eta) from 0.
    k : int
        Number of points.

    Returns
    -------
    numpy.ndarray
        The points, shape ``(k, 2)``.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), Theorem 3.
    """
    phi = rng.uniform(0, 2 * np.pi)
    e, f = np.array([np.cos(phi), np.sin(phi)]), np.array([-np.sin(phi), np.cos(phi)])
    a = np.sqrt(eta) + rng.uniform(0, 2, k)
    b = rng.uniform(-3, 3, k)
    return a[:, None] * e + b[:, None] * f


# --------------------------------------------------------------------------------------------------------------------
# A family richer than translations: P = uniform mixture of two squares A = [0, L]^2 and B = A + (0, 3 L) (d = 2);
# G_theta moves A's mass by theta_A and B's by theta_B (G_theta(z) = z + theta_A 1_A(z) + theta_B 1_B(z), Z ~ P).
# Far-apart squares make W1 = (|theta_A| + |theta_B|)/2 (proofs/theorem_3_beyond), v_theta = -theta_k/sqrt|theta_k|
# on square k, and premise (i) says C = {(v_A, v_B)} is a convex subset of R^4.


@dataclass(frozen=True)
class TwoSquares:
    """C = the segment [v*, v'] scaled by kappa: v* = kappa ((1, 0), (1, 0)), v' = kappa ((1 - p, q), (1 + p, 0)),
    with <v*, v' - v*> = 0 (so v* is C's minimum-norm point); squares of side L."""

    kappa: float = 0.1
    p: float = 3.0
    q: float = 8.0
    L: float = 1000.0

    def v(self, t: float) -> np.ndarray:
        """(v_A, v_B) at t in [0, 1] as a (2, 2) array."""
        k, p, q = self.kappa, self.p, self.q
        return k * np.array([[1 - p * t, q * t], [1 + p * t, 0.0]])

    @staticmethod
    def theta(v: np.ndarray) -> np.ndarray:
        """theta_k = -v_k |v_k| per square."""
        return -v * np.linalg.norm(v, axis=1, keepdims=True)

    def w1(self, t: float) -> float:
        """W1(P, G_theta(t)) = (|theta_A| + |theta_B|)/2 = ||v||^2_{L2(P)}."""
        return float(0.5 * np.sum(np.linalg.norm(self.theta(self.v(t)), axis=1)))

    def eta(self, n: int = 10001) -> float:
        """min over C of alpha^2 = min_k |v_k|^2 (premise (ii)'s best eta) on a grid of n values of t (the proof's
        closed form is kappa^2 q^2/(p^2 + q^2))."""
        t = np.linspace(0, 1, n)
        k, p, q = self.kappa, self.p, self.q
        a2 = k * k * ((1 - p * t) ** 2 + (q * t) ** 2)
        b2 = k * k * (1 + p * t) ** 2
        return float(min(a2.min(), b2.min()))

    def value_bound(self, t: float) -> float:
        """Upper bound on V(G_theta(t), D) over every D in BR(G*): on each square D is forced to -<e*_k, x> + c_k
        (e*_k = -v*_k/|v*_k|), so D(X) - D(X + theta_k) = <e*_k, theta_k> when X + theta_k stays in the square and
        <= |theta_k| (1-Lipschitz) otherwise, with P(X + theta_k leaves) = 1 - (1 - |theta_x|/L)(1 - |theta_y|/L)."""
        vs = self.v(0.0)
        e = -vs / np.linalg.norm(vs, axis=1, keepdims=True)
        th = self.theta(self.v(t))
        total = 0.0
        for k in range(2):
            leave = 1 - (1 - abs(th[k, 0]) / self.L) * (1 - abs(th[k, 1]) / self.L)
            total += 0.5 * ((1 - leave) * float(e[k] @ th[k]) + leave * float(np.linalg.norm(th[k])))
        return total

    def no_nash_margin(self, n: int = 201) -> dict:
        """W1(theta*) - min over t of value_bound(t): > 0 means no D in BR(G*) makes G* a best response, i.e. no Nash
        equilibrium (a Nash equilibrium's generator must minimise W1, and G* = t = 0 is the unique minimiser)."""
        ts = np.linspace(0, 1, n)
        vals = np.array([self.value_bound(float(t)) for t in ts])  # n = 201: ~10 ms
        j = int(np.argmin(vals))
        return {"w1_star": self.w1(0.0), "min_value_bound": float(vals[j]), "at_t": float(ts[j]),
                "margin": self.w1(0.0) - float(vals[j]), "eta": self.eta(),
                "min_w1_on_C": float(min(self.w1(float(t)) for t in ts)),
                "max_translation": float(max(np.linalg.norm(self.theta(self.v(float(t))), axis=1).max() for t in ts))}
