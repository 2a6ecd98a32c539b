"""Proposition 3: PE_lam2 is a subset of PE_lam1 for lam1 <= lam2, on a grid of lambda in the 1-D Gaussian W2GAN
game over quadratic D, with pairs that drop out (proofs/proposition_3.py)."""

from __future__ import annotations

from typing import Any

import numpy as np

from gantheory.claims._section4 import DOMAIN, TOL, premises
from gantheory.claims.base import FAILS, HOLDS, INCONCLUSIVE, Claim, Evidence
from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.thresholds import pe_table


def check(p: dict[str, Any]) -> Evidence:
    """PE status of (G, D_G) for three generators on 13 lambdas in [0.05, 50]: nested, and some pair drops out."""
    sigma, t, eta, tol = p["sigma"], p["t"], p["eta"], p["tol"]
    game = W2GAN1D(sigma, t, eta)
    lams = np.geomspace(0.05, 50.0, 13)
    table = pe_table(game, lams, [(1.0, 0.0), (0.95, 0.0), (1.0, 0.1 * t)], tol)
    nested = all(all(row[i] or not row[j] for i in range(len(lams)) for j in range(i, len(lams)))
                 for row in table.values())
    drop = any(row[0] and not row[-1] for row in table.values())
    verdict = HOLDS if nested and drop else (FAILS if not nested else INCONCLUSIVE)
    return Evidence(verdict, {"lambdas": lams, "pe_status": table, "nested": nested,
                              "some_pair_drops_out": drop, "family": game.family, "tolerance": tol})


def summary(m: dict[str, Any]) -> str:
    return f"nested: {m['nested']}; a pair drops out as lambda grows: {m['some_pair_drops_out']}"


CLAIMS = [
    Claim("proposition-3", "Proposition 3", "PE_lam2 is a subset of PE_lam1 when lam1 <= lam2",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": TOL}, check, premises, domain=DOMAIN, summary=summary),
]
