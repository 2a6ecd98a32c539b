"""Theorem 1 (W2GAN, quadratic D): with X ~ N(0, sigma^2 I), sigma > 1, and quadratic D(x) = x^T A x + b^T x,
the W2GAN game (9) has no local Nash equilibrium: every first-order stationary pair admits an improvement of
one player within radius rho.

The stationary pairs are found numerically (:func:`gantheory.equilibria.local_descent.local_nash_violations`);
the smallest improvement is compared with the closed form eta (sigma - 1) min(rho, t)^2
(proofs/theorem_1_w2gan_quadratic.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gantheory.claims._theorem_1 import DOMAIN_W2_LOCAL, TOL, premises
from gantheory.claims.base import HOLDS, INCONCLUSIVE, Claim, Evidence, fmt
from gantheory.claims.theorem_1_w2gan import w2gan_game
from gantheory.equilibria.local_descent import local_nash_violations
from gantheory.exact import w2gan as ex

#: the numeric and closed-form violations must agree to this relative difference
AGREEMENT = 0.05
#: a residual above this means a descent did not reach a stationary point
STATIONARITY_TOL = 1e-4


def summary(m: dict[str, Any]) -> str:
    """The smallest local improvement found, beside its closed form."""
    return (f"local violation (rho={fmt(m['rho'])}): {fmt(m['local_nash_violation'])}, "
            f"closed form {fmt(m['local_nash_violation_closed_form'])}")


def check(p: dict[str, Any]) -> Evidence:
    """No local Nash equilibrium with quadratic D: every first-order stationary pair admits an
    improvement within radius rho."""
    sigma, t, tol, eta, rho = p["sigma"], p["t"], p["tol"], p["eta"], p["rho"]
    rng = np.random.default_rng(p["seed"])
    pairs = local_nash_violations(w2gan_game(p), rho, rng)
    viol = [{"u_norm": float(np.linalg.norm(c.generator.u)), "singular_values": c.generator.singular_values(),
             "stationarity": c.stationarity, "generator_gain": c.generator_gain,
             "discriminator_gain": c.discriminator_gain, "violation": c.violation} for c in pairs]
    numeric = min(v["violation"] for v in viol)
    closed = ex.min_local_improvement(eta, sigma, t, rho)
    verdict = HOLDS if (closed > tol and numeric > tol) else INCONCLUSIVE
    notes = ["closed form: eta (sigma - 1) min(rho, t)^2 at the only stationary pairs (unit singular values, "
             "u = 0, D = D_G), proofs/theorem_1_w2gan_quadratic"]
    if abs(numeric - closed) > AGREEMENT * closed:
        verdict = INCONCLUSIVE
        notes.append(f"numeric violation {numeric:.6g} differs from the closed form {closed:.6g} by > 5%")
    if max(v["stationarity"] for v in viol) > STATIONARITY_TOL:
        notes.append("a search start did not reach a stationary point (stationarity residual > 1e-4)")
    return Evidence(verdict, {
        "local_nash_violation": numeric, "local_nash_violation_closed_form": closed, "rho": rho,
        "stationary_candidates": viol, "tolerance": tol,
    }, tuple(notes))


CLAIMS = [
    Claim("theorem-1-w2gan-quadratic-local", "Theorem 1 (W2GAN, quadratic D)",
          "W2GAN (9) with quadratic D(x) = x^T A x + b^T x: no local Nash equilibrium",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "dim": 2, "latent_dim": 2, "rho": 0.1, "tol": TOL, "seed": 0},
          check, premises, domain=DOMAIN_W2_LOCAL, summary=summary),
]
