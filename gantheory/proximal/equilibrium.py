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

__all__ = ["VecProx", "WorstGenerator", "is_proximal_equilibrium", "lambda_threshold", "u_nodes", "worst_generator"]

VecProx = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class WorstGenerator:
    """The minimiser found by :func:`worst_generator`: V_prox at G = (s, u), s = |w| the spread, u the mean."""

    value: float
    s: float
    u: float


def u_nodes(t: float, n: int, u_scale: float = 1.0) -> np.ndarray:
    """Screening nodes for the mean u in [-t, t] that resolve the problem's scale |u| <= u_scale (the
    generators' spread s <= 1 against the data's) whatever t is.

    Parameters
    ----------
    t : float
        Bound |u| <= t.
    n : int
        Nodes over [-t, t] (and, when t > u_scale, n more over [-u_scale, u_scale]).
    u_scale : float
        The scale that must be resolved.

    Returns
    -------
    numpy.ndarray
        Sorted nodes.
    """
    nodes = np.linspace(-t, t, n)
    if t > u_scale:
        nodes = np.unique(np.concatenate([nodes, np.linspace(-u_scale, u_scale, n)]))
    return nodes


def worst_generator(vprox: VecProx, t: float, n: int = 41, s_range: tuple[float, float] = (0.0, 1.0),
                    refine: int = 3, exact: Callable[[float, float], float] | None = None,
                    u_scale: float = 1.0) -> WorstGenerator:
    """min over s in s_range, |u| <= t of V_prox(G_(s, u), D*) for a fixed D* (Proposition 2's right inequality).

    The vectorised ``vprox`` on a grid of n values of s and the ``u_nodes`` of u screens, then bounded L-BFGS
    refines the best ``refine`` points with ``exact`` (default: ``vprox`` itself), whose value is returned.

    Parameters
    ----------
    vprox : callable
        (s, u) arrays -> V_prox values (eq. (11)).
    t : float
        Bound |u| <= t.
    n : int
        Grid size per axis.
    s_range : tuple of float
        Range of the spread s = |w|.
    refine : int
        Number of grid points refined.
    exact : callable, optional
        (s, u) -> V_prox, used for the refinement and the returned value.
    u_scale : float
        Scale of u that the screening resolves (``u_nodes``).

    Returns
    -------
    WorstGenerator
        The smallest value found and its generator.

    References
    ----------
    Farnia & Ozdaglar (2020), Definition 1, Proposition 2, eq. (11).
    """
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
    """Proposition 2's second condition: min_G V_prox(G, D*) >= V(G*, D*) - tol (D* a best response to G*).

    Parameters
    ----------
    vprox : callable
        (s, u) arrays -> V_prox_lam(G, D*) (eq. (11)).
    v_star : float
        V(G*, D*).
    t : float
        Bound |u| <= t.
    tol : float
        Absolute tolerance.
    **kw
        Passed to :func:`worst_generator`.

    Returns
    -------
    tuple
        (holds, the worst generator found).

    References
    ----------
    Farnia & Ozdaglar (2020), Definition 1, Proposition 2.
    """
    w = worst_generator(vprox, t, **kw)
    return w.value >= v_star - tol, w


def lambda_threshold(holds: Callable[[float], bool], lam_lo: float = 1e-4, lam_hi: float = 1e4,
                     rel_tol: float = 1e-3) -> float:
    """The largest lam in [lam_lo, lam_hi] with holds(lam), by bisection on log lam.

    ``holds`` must be monotone, true up to lam* and false after: Proposition 3's nesting for the PE test.

    Parameters
    ----------
    holds : callable
        lam -> bool.
    lam_lo, lam_hi : float
        The search interval.
    rel_tol : float
        Width of the final bracket in log lam.

    Returns
    -------
    float
        The lower end of the final bracket; 0.0 if it fails already at lam_lo, inf if it holds at lam_hi.

    References
    ----------
    Farnia & Ozdaglar (2020), Proposition 3.
    """
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
