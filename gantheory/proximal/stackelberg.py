"""Corollary 1 on the 1-D Gaussian W2GAN game over quadratic D: a search for lambda-proximal equilibria away
from the W2 minimiser.

A pair (G, D_G) (D_G the best response, Prop. 2's first condition) is a lambda-PE iff its violation
max(V(G, D_G) - min_G' V_prox_lam(G', D_G), 0) is zero (Proposition 2, eq. (11)). Corollary 1 says every such
G minimises max_D V(G, D) = eta W2^2(P_X, Q_G); the search minimises the violation from starts away from the
minimiser and reports the W2 cost of whatever PE it reaches.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import optimize

from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.equilibrium import worst_generator

__all__ = ["pe_violation", "search_proximal_equilibria"]


def pe_violation(game: W2GAN1D, lam: float, s: float, u: float) -> float:
    """How far (G, D_G), G = (s, u) clipped to the feasible set, is from being a lam-PE.

    Parameters
    ----------
    game : W2GAN1D
        The game.
    lam : float
        lambda of eq. (11).
    s, u : float
        The generator (clipped to [0, 1] x [-t, t]).

    Returns
    -------
    float
        max(V(G, D_G) - min_G' V_prox_lam(G', D_G), 0), the minimum over an 11 x 11 grid refined once.

    References
    ----------
    Farnia & Ozdaglar (2020), Definition 1, Proposition 2, Corollary 1.
    """
    t = game.t
    s, u = float(np.clip(s, 0, 1)), float(np.clip(u, -t, t))
    a, b = game.D_of(s, u)
    v = float(game.value(s, u, a, b))
    w = worst_generator(game.vprox(lam, a, b), t, n=11, refine=1)
    return max(v - w.value, 0.0)


def search_proximal_equilibria(game: W2GAN1D, lam: float, tol: float, seed: int,
                               starts: int = 3) -> list[dict[str, Any]]:
    """Minimise :func:`pe_violation` by Nelder-Mead from starts s ~ U(0.2, 0.8), u ~ U(-t, t) (never the minimiser
    s = 1), stopping at the first start that reaches a PE (violation <= tol).

    Parameters
    ----------
    game : W2GAN1D
        The game.
    lam : float
        lambda of eq. (11).
    tol : float
        A violation <= tol counts as a PE.
    seed : int
        Seed of the starts.
    starts : int
        Maximum number of starts.

    Returns
    -------
    list of dict
        One row per start: {start, w, u, violation, divergence} (w is the spread s of the point found).

    References
    ----------
    Farnia & Ozdaglar (2020), Corollary 1.
    """
    t = game.t
    rng = np.random.default_rng(seed)
    found = []
    for _ in range(starts):
        q0 = [rng.uniform(0.2, 0.8), rng.uniform(-t, t)]
        res = optimize.minimize(lambda q: pe_violation(game, lam, q[0], q[1]), q0, method="Nelder-Mead",
                                options={"xatol": 1e-6, "fatol": tol / 10, "maxfev": 200})
        s, u = float(np.clip(res.x[0], 0, 1)), float(np.clip(res.x[1], -t, t))
        found.append({"start": q0, "w": s, "u": u, "violation": float(res.fun), "divergence": game.divergence(s, u)})
        if res.fun <= tol:
            break
    return found
