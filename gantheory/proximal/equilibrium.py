"""lambda-proximal equilibria (Definition 1) of one-dimensional games, the worst generator against a fixed
discriminator, and the largest lambda for which a pair is still a proximal equilibrium.

By Proposition 2, (G*, D*) is a lambda-proximal equilibrium iff D* is a best response to G* and
V(G*, D*) <= V_prox_lam(G, D*) for every feasible G. Since V_prox_lam(G*, D*) = V(G*, D*) when D* is a
best response, the second condition says G* minimises V_prox_lam(., D*); the worst generator is found
by a dense grid over (s, u) = (|w|, u) in [0, 1] x [-t, t] refined by bounded L-BFGS. V_prox_lam(G, D)
does not increase with lam (the penalty grows), so the set of lam for which the condition holds is an
interval (0, lam*] (Proposition 3) and lam* is found by bisection on log lam.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

VecProx = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class WorstGenerator:
    value: float
    s: float
    u: float


def u_nodes(t: float, n: int, u_scale: float = 1.0) -> np.ndarray:
    """Screening nodes for the mean u in [-t, t] that resolve the problem's scale |u| <= u_scale (the
    generators' spread s <= 1 against the data's) whatever t is: n nodes over [-t, t] and, when t is
    larger, n more over [-u_scale, u_scale]."""
    nodes = np.linspace(-t, t, n)
    if t > u_scale:
        nodes = np.unique(np.concatenate([nodes, np.linspace(-u_scale, u_scale, n)]))
    return nodes


def worst_generator(vprox: VecProx, t: float, n: int = 41, s_range: tuple[float, float] = (0.0, 1.0),
                    refine: int = 3, exact: Callable[[float, float], float] | None = None,
                    u_scale: float = 1.0) -> WorstGenerator:
    """min over s in s_range, |u| <= t of V_prox(s, u): the vectorised ``vprox`` on a grid of n values of
    s and the ``u_nodes`` of u screens, then bounded L-BFGS refines the best ``refine`` points with
    ``exact`` (default: ``vprox`` itself), whose value is the one returned."""
    if exact is None:
        def exact(s_, u_):
            return float(vprox(np.array([s_]), np.array([u_]))[0])
    S, U = np.meshgrid(np.linspace(*s_range, n), u_nodes(t, n, u_scale))
    S, U = S.ravel(), U.ravel()
    vals = vprox(S, U)
    order = np.argsort(vals)[:refine]
    best = None
    bounds = [s_range, (-t, t)]
    for k in order:
        v0 = exact(float(S[k]), float(U[k]))
        if best is None or v0 < best.value:
            best = WorstGenerator(v0, float(S[k]), float(U[k]))
        res = optimize.minimize(lambda p: exact(float(p[0]), float(p[1])), [S[k], U[k]], method="L-BFGS-B",
                                bounds=bounds)
        if res.fun < best.value:
            best = WorstGenerator(float(res.fun), float(res.x[0]), float(res.x[1]))
    return best


def is_proximal_equilibrium(vprox: VecProx, v_star: float, t: float, tol: float, **kw) -> tuple[bool, WorstGenerator]:
    """Proposition 2's second condition: min_G V_prox(G, D*) >= V(G*, D*) - tol."""
    w = worst_generator(vprox, t, **kw)
    return w.value >= v_star - tol, w


def lambda_threshold(holds: Callable[[float], bool], lam_lo: float = 1e-4, lam_hi: float = 1e4,
                     rel_tol: float = 1e-3) -> float:
    """The largest lam in [lam_lo, lam_hi] with holds(lam), by bisection on log lam (holds is monotone:
    true up to lam*, false after). Returns 0.0 if it fails already at lam_lo, inf if it holds at lam_hi."""
    if not holds(lam_lo):
        return 0.0
    if holds(lam_hi):
        return math.inf
    lo, hi = math.log(lam_lo), math.log(lam_hi)
    while hi - lo > rel_tol:
        mid = 0.5 * (lo + hi)
        if holds(math.exp(mid)):
            lo = mid
        else:
            hi = mid
    return math.exp(lo)
