"""lambda-thresholds of proximal equilibria (Definition 1) in the 1-D Gaussian W2GAN game over quadratic D.

By Proposition 2, (G, D_G) with D_G the best response to G is a lambda-proximal equilibrium iff
min over feasible G' of V_prox_lam(G', D_G) >= V(G, D_G) (eq. (11), Sobolev norm (15)); by Proposition 3 the
set of such lambda is an interval (0, lam*], and lam* is found by bisection on log lambda
(:func:`gantheory.proximal.equilibrium.lambda_threshold`). Theorem 2's lambda is 1/(4 eta); in this game the
computed lam* of (G*, D*) is sigma / (4 eta (sigma - 1)) (proofs/theorem_2.py derives it from the
u-curvature at G*).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.equilibrium import WorstGenerator, is_proximal_equilibrium, lambda_threshold

__all__ = ["conjectured_threshold", "pe_table", "pe_w2", "theorem2_lambda", "threshold_rows", "w2_threshold"]


def theorem2_lambda(eta: float) -> float:
    """Theorem 2's lambda for the cost eta ||x - x'||^2.

    Parameters
    ----------
    eta : float
        Cost weight of eq. (9).

    Returns
    -------
    float
        1 / (4 eta).

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2.
    """
    return 1 / (4 * eta)


def conjectured_threshold(sigma: float, eta: float) -> float:
    """The computed lambda threshold of (G*, D*) in the 1-D game, sigma / (4 eta (sigma - 1)).

    Parameters
    ----------
    sigma, eta : float
        Data scale (sigma > 1) and cost weight.

    Returns
    -------
    float
        sigma / (4 eta (sigma - 1)), where d^2/du^2 V_prox(., D*) at G* changes sign (proofs/theorem_2.py).

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2 and eq. (11), (15).
    """
    return sigma / (4 * eta * (sigma - 1))


def pe_w2(game: W2GAN1D, lam: float, s: float, u: float, tol: float, **kw: Any) -> tuple[bool, WorstGenerator]:
    """Is (G, D_G), G = (s, u), a lam-proximal equilibrium of the 1-D W2GAN game over quadratic D?

    Parameters
    ----------
    game : W2GAN1D
        The game (sigma, t, eta).
    lam : float
        lambda of eq. (11).
    s, u : float
        The generator G = N(u, s^2); its discriminator is the best response D_G (``game.D_of``).
    tol : float
        Relative tolerance: the condition is min_G' V_prox(G', D_G) >= V(G, D_G) - tol (1 + |V(G, D_G)|).
    **kw
        Passed to :func:`gantheory.proximal.equilibrium.worst_generator` (grid size ``n``, ``refine``).

    Returns
    -------
    tuple
        (holds, the worst generator found).

    References
    ----------
    Farnia & Ozdaglar (2020), Definition 1, Proposition 2, eq. (11).
    """
    a, b = game.D_of(s, u)
    v_star = float(game.value(s, u, a, b))
    return is_proximal_equilibrium(game.vprox(lam, a, b), v_star, game.t, tol * (1 + abs(v_star)), **kw)


def w2_threshold(game: W2GAN1D, s: float, u: float, tol: float, **kw: Any) -> float:
    """The largest lambda in [1e-4, 1e4] for which (G, D_G), G = (s, u), is a lambda-PE (bisection, 1e-3 in log lambda).

    Parameters
    ----------
    game : W2GAN1D
        The game.
    s, u : float
        The generator.
    tol : float
        Tolerance of :func:`pe_w2`.
    **kw
        Passed to :func:`pe_w2`.

    Returns
    -------
    float
        The threshold; 0.0 if no lambda >= 1e-4 qualifies, inf if lambda = 1e4 does.

    References
    ----------
    Farnia & Ozdaglar (2020), Definition 1, Propositions 2 and 3.
    """
    return lambda_threshold(lambda lam: pe_w2(game, lam, s, u, tol, **kw)[0], rel_tol=1e-3)


def pe_table(game: W2GAN1D, lams: np.ndarray, pairs: list[tuple[float, float]], tol: float) -> dict[str, list[bool]]:
    """PE status of (G, D_G) for each generator G = (s, u) of ``pairs`` and each lambda of ``lams``.

    Parameters
    ----------
    game : W2GAN1D
        The game.
    lams : array
        The lambdas of eq. (11).
    pairs : list of (s, u)
        The generators.
    tol : float
        Tolerance of :func:`pe_w2` (its screening grid: 15 points per axis, one refinement).

    Returns
    -------
    dict
        ``"w=<s>,u=<u>"`` -> [is a lam-PE for lam in lams].

    References
    ----------
    Farnia & Ozdaglar (2020), Proposition 3.
    """
    return {f"w={s:g},u={u:g}": [bool(pe_w2(game, float(lam), s, u, tol, n=15, refine=1)[0]) for lam in lams]
            for s, u in pairs}


def threshold_rows(settings: tuple[tuple[float, float, float], ...], tol: float) -> list[dict[str, float]]:
    """The lambda threshold of (G*, D*) = ((1, 0), D_G*) for each (sigma, eta, t), beside sigma / (4 eta (sigma - 1))
    and Theorem 2's 1/(4 eta).

    Parameters
    ----------
    settings : tuple of (sigma, eta, t)
        The games.
    tol : float
        Tolerance of :func:`pe_w2` (screening grid 15 per axis, one refinement).

    Returns
    -------
    list of dict
        Rows {sigma, eta, t, threshold, formula, theorem_2}.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2.
    """
    rows = []
    for sigma, eta, t in settings:
        game = W2GAN1D(sigma, t, eta)
        thr = lambda_threshold(lambda lam, g=game: pe_w2(g, lam, 1.0, 0.0, tol, n=15, refine=1)[0], rel_tol=1e-3)
        rows.append({"sigma": sigma, "eta": eta, "t": t, "threshold": thr,
                     "formula": conjectured_threshold(sigma, eta), "theorem_2": theorem2_lambda(eta)})
    return rows
