"""Corollary 1: a lambda-proximal equilibrium's generator minimises the distance, found by minimising the PE
violation in the 1-D Gaussian W2GAN game over quadratic D from starts away from the minimiser
(proofs/corollary_1.py)."""

from __future__ import annotations

from typing import Any

from gantheory.claims._section4 import DOMAIN, TOL, fmt, premises
from gantheory.claims.base import FAILS, HOLDS, INCONCLUSIVE, Claim, Evidence
from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.stackelberg import search_proximal_equilibria


def check(p: dict[str, Any]) -> Evidence:
    """Every PE the search reaches has the minimal W2 cost (within 1e-6 relative); no PE reached: inconclusive."""
    sigma, t, eta, tol, lam = p["sigma"], p["t"], p["eta"], p["tol"], p["lam"]
    game = W2GAN1D(sigma, t, eta)
    found = search_proximal_equilibria(game, lam, tol, p["seed"])
    s_min, u_min = game.minimiser()
    dmin = game.divergence(s_min, u_min)
    pe = [f for f in found if f["violation"] <= tol]
    if not pe:
        verdict = INCONCLUSIVE
    else:
        verdict = HOLDS if all(abs(f["divergence"] - dmin) <= 1e-6 * (1 + dmin) for f in pe) else FAILS
    return Evidence(verdict, {"lambda": lam, "searches": found, "min_divergence": dmin,
                              "minimiser": {"w": s_min, "u": u_min}, "family": game.family, "tolerance": tol})


def summary(m: dict[str, Any]) -> str:
    pe = [f for f in m["searches"] if float(f["violation"]) <= float(m["tolerance"])]
    return (f"{len(pe)}/{len(m['searches'])} searches found a PE; their W2 cost vs min: "
            + ", ".join(f"{fmt(f['divergence'])}" for f in pe) + f" vs {fmt(m['min_divergence'])}")


CLAIMS = [
    Claim("corollary-1", "Corollary 1",
          "a lambda-proximal equilibrium (lambda > 0) is a Stackelberg equilibrium: its generator minimises the "
          "distance", {"sigma": 1.25, "t": 0.5, "eta": 0.5, "lam": 0.5, "tol": TOL, "seed": 0}, check,
          premises, domain=DOMAIN, summary=summary),
]
