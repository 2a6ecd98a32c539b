"""Definition 1 against Proposition 2 on the 1-D Gaussian W2GAN game over quadratic D.

Definition 1: (G, D) is a lambda-PE iff V_prox(G, D') <= V_prox(G, D) for all D' and V_prox(G, D) <= V_prox(G', D)
for all G' (eq. (12)). Since max_D' V_prox(G, D') = max_D V(G, D) = eta W2^2 (attained only at best responses),
the first condition reads V_prox(G, D) >= the divergence. Proposition 2: V(G, D') <= V(G, D) for all D' and
V(G, D) <= V_prox(G', D) for all G'.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.equilibrium import worst_generator

__all__ = ["compare_definition1_proposition2"]


def compare_definition1_proposition2(game: W2GAN1D, cases: list[tuple[str, float, float, float, float, float]],
                                     tol: float) -> list[dict[str, Any]]:
    """Evaluate Definition 1 and Proposition 2 on each pair (G, D) and lambda of ``cases``.

    Parameters
    ----------
    game : W2GAN1D
        The game.
    cases : list of (name, s, u, a, b, lam)
        Generator (s, u), discriminator (a, b) and lambda of eq. (11).
    tol : float
        Relative tolerance of each inequality.

    Returns
    -------
    list of dict
        Rows {case, lambda, definition1, proposition2, V, V_prox_self, divergence, min_G_V_prox}.

    References
    ----------
    Farnia & Ozdaglar (2020), Definition 1, Proposition 2, eq. (11), (12).
    """
    t = game.t
    rows = []
    for name, s, u, a, b, lam in cases:
        v = float(game.value(s, u, a, b))
        div = game.divergence(s, u)
        vp_self = float(game.vprox(lam, a, b)(np.array([s]), np.array([u]))[0])
        w = worst_generator(game.vprox(lam, a, b), t)
        def1 = (vp_self >= div - tol * (1 + div)) and (w.value >= vp_self - tol * (1 + abs(vp_self)))
        prop2 = (v >= div - tol * (1 + div)) and (w.value >= v - tol * (1 + abs(v)))
        rows.append({"case": name, "lambda": lam, "definition1": def1, "proposition2": prop2,
                     "V": v, "V_prox_self": vp_self, "divergence": div, "min_G_V_prox": w.value})
    return rows
