"""Proposition 2: Definition 1 and Proposition 2 agree on pairs inside and outside the lambda-PE set of the 1-D
Gaussian W2GAN game over quadratic D (proofs/proposition_2.py)."""

from __future__ import annotations

from typing import Any

from gantheory.claims._section4 import DOMAIN, TOL, premises
from gantheory.claims.base import FAILS, HOLDS, INCONCLUSIVE, Claim, Evidence
from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.definition import compare_definition1_proposition2
from gantheory.proximal.thresholds import conjectured_threshold, theorem2_lambda


def check(p: dict[str, Any]) -> Evidence:
    """Cases: (G*, D*) at 1/(4 eta) (inside) and at 4 sigma / (4 eta (sigma - 1)) (outside), D* + 0.05 x^2 and a
    generator off the minimiser with its best response."""
    sigma, t, eta, tol = p["sigma"], p["t"], p["eta"], p["tol"]
    game = W2GAN1D(sigma, t, eta)
    s0, u0 = game.minimiser()
    a0, b0 = game.D_of(s0, u0)
    lam_in, lam_out = theorem2_lambda(eta), 4 * conjectured_threshold(sigma, eta)
    cases = [("G*, D*, lam = 1/(4 eta)", s0, u0, a0, b0, lam_in),
             ("G*, D*, large lam", s0, u0, a0, b0, lam_out),
             ("G*, D* + 0.05 x^2", s0, u0, a0 + 0.05, b0, lam_in),
             ("G = (0.6, 0.2), D_G", 0.6, 0.2 * t, *game.D_of(0.6, 0.2 * t), lam_in)]
    rows = compare_definition1_proposition2(game, cases, tol)
    agree = all(r["definition1"] == r["proposition2"] for r in rows)
    both = {r["definition1"] for r in rows}
    verdict = HOLDS if agree and both == {True, False} else (FAILS if not agree else INCONCLUSIVE)
    return Evidence(verdict, {"cases": rows, "family": game.family, "tolerance": tol})


def summary(m: dict[str, Any]) -> str:
    agree = sum(1 for c in m["cases"] if c["definition1"] == c["proposition2"])
    inside = sum(1 for c in m["cases"] if c["definition1"])
    return f"Def. 1 and Prop. 2 agree on {agree}/{len(m['cases'])} pairs ({inside} inside the PE set)"


CLAIMS = [
    Claim("proposition-2", "Proposition 2",
          "(G*, D*) is a lambda-PE iff V(G*, D) <= V(G*, D*) <= V_prox(G, D*) for all G, D",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": TOL}, check, premises, domain=DOMAIN, summary=summary),
]
