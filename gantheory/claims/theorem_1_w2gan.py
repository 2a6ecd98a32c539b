"""Theorem 1 (W2GAN): with X ~ N(0, sigma^2 I), sigma > 1, cost eta ||x - x'||^2 and c-concave D, the W2GAN
game (9) has no Nash equilibrium.

The certified lower bound on m* = inf over feasible G of the Nash gap at (G, D_G) is the proven reduction
m* = eta (sigma - 1) t^2 (proofs/theorem_1_w2gan.py); the verified upper bound is the gap at the
closed-form-free search's generator (:func:`gantheory.equilibria.search.search_min_gap_w2gan`), enclosed with
the exact best responses.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gantheory.claims._theorem_1 import DOMAIN_W2, TOL, bounds_summary, premises
from gantheory.claims.base import INCONCLUSIVE, Claim, Evidence, assess_bounds
from gantheory.equilibria.search import search_min_gap_w2gan
from gantheory.exact import w2gan as ex
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import W2GANGame


def w2gan_game(p: dict[str, Any]) -> W2GANGame:
    """The W2GAN game of the parameters sigma, dim, latent_dim, t and eta."""
    return W2GANGame(GaussianData(p["sigma"], p["dim"]), LinearGeneratorSet(p["dim"], p["latent_dim"], p["t"]),
                     p["eta"])


def check(p: dict[str, Any]) -> Evidence:
    """The proven reduction inf_G gap = eta (sigma - 1) t^2 as the certified lower bound, against the
    gap at the closed-form-free search's generator evaluated with the exact best responses (an
    enclosure that allows for the rounding of the cancelling payoffs) as the verified upper bound."""
    sigma, t, tol, eta = p["sigma"], p["t"], p["tol"], p["eta"]
    game = w2gan_game(p)
    # eta (sigma - 1) t^2: three correctly rounded products of exact inputs (sigma - 1 is exact for
    # sigma in (1, 2] and rounded once above): a relative 8 ulp below it is a lower bound
    lower = ex.min_nash_gap(eta, sigma, t, p["dim"], p["latent_dim"]) * (1 - 8 * 2.0**-53)
    srch = search_min_gap_w2gan(game, seed=p["seed"])
    W, u = np.array(srch.generator[0]), np.array(srch.generator[1])
    lo_search, hi_search = ex.nash_gap_enclosure(eta, sigma, W, u, t)
    # the proven minimiser: W with unit singular values, u = 0
    d, k = p["dim"], p["latent_dim"]
    Gstar = LinearGenerator(np.eye(d, k), np.zeros(d))
    lo_star, hi_star = ex.nash_gap_enclosure(eta, sigma, Gstar.W, Gstar.u, t)
    rng = np.random.default_rng(p["seed"])
    sampled = [ex.nash_gap_enclosure(eta, sigma, G.W, G.u, t)
               for G in (game.generators.sample(rng) for _ in range(200))]
    sampled_hi = min(h for _, h in sampled)
    upper = min(hi_search, hi_star)
    verdict, consistency, notes = assess_bounds(lower, upper, tol, search_gap=srch.upper,
                                                search_verified=0.5 * (lo_search + hi_search))
    notes.insert(0, "lower bound: proven reduction inf_G gap = eta (sigma - 1) t^2 (k >= d), +inf for k < d "
                    "(proofs/theorem_1_w2gan); the c-concave best response is quadratic, so the quadratic and "
                    "c-concave games share it")
    star_mismatch = math.isfinite(lower) and not lo_star * (1 - 1e-12) <= lower <= hi_star * (1 + 1e-12)
    if sampled_hi < lower or star_mismatch:
        verdict = INCONCLUSIVE
        notes.append("inconsistency between the proven bound and the closed-form gaps at the minimiser or the "
                     f"sampled generators (minimiser [{lo_star:.6g}, {hi_star:.6g}], sampled min {sampled_hi:.6g})")
    return Evidence(verdict, {
        "min_nash_gap_lower": lower, "min_nash_gap_upper": upper,
        "min_nash_gap_closed_form": ex.min_nash_gap(eta, sigma, t, d, k),
        "closed_form_gap_at_minimiser_enclosure": [lo_star, hi_star],
        "search_gap": srch.upper, "verified_gap_at_search_generator": hi_search,
        "argmin_generator": {"W": Gstar.W, "u": Gstar.u},
        "search_generator": {"W": W, "u": u}, "closed_form_gap_at_search_generator": 0.5 * (lo_search + hi_search),
        "min_gap_over_200_sampled_generators": sampled_hi, "tolerance": tol, **consistency,
    }, tuple(notes))


CLAIMS = [
    Claim("theorem-1-w2gan", "Theorem 1 (W2GAN)",
          "W2GAN (9), cost eta||x - x'||^2, c-concave D, sigma > 1: no Nash equilibrium",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "dim": 2, "latent_dim": 2, "tol": TOL, "seed": 0},
          check, premises, domain=DOMAIN_W2, summary=bounds_summary),
]
