"""Finding beyond the paper: Theorem 3's premises in d = 2 for translation families (the linear generators
G(z) = Sigma^{1/2} z + theta) always leave a Nash equilibrium (proofs/theorem_3_beyond); without premise (i) it can
fail. The search for an instance with the premises and no Nash equilibrium comes out empty in this setting."""

from __future__ import annotations

from typing import Any

import numpy as np

from gantheory.claims.base import ETA_RANGE, HOLDS, INCONCLUSIVE, SEED, Claim, Evidence, integer, real
from gantheory.proximal import theorem3_2d as t3


def check(p: dict[str, Any]) -> Evidence:
    rng = np.random.default_rng(p["seed"])
    eta, tol = p["eta"], p["tol"]
    rows = [t3.nash_margin(t3.random_polygon(rng, eta), rng) for _ in range(p["instances"])]
    margins = [r["nash_margin"] for r in rows]
    premise_ii = min(r["min_norm_v"] for r in rows) >= np.sqrt(eta) * (1 - 1e-9)
    # without premise (i): Theta = {(1, 0), (1/2, 3)} (v = -theta/sqrt|theta| not a convex set): no Nash equilibrium
    th1, th2 = np.array([1.0, 0.0]), np.array([0.5, 3.0])
    gap_without_i = float(np.linalg.norm(th1) - th2 @ th1 / np.linalg.norm(th1))
    ok = premise_ii and min(margins) >= -tol and gap_without_i > tol
    return Evidence(HOLDS if ok else INCONCLUSIVE, {
        "instances": len(rows), "min_nash_margin": min(margins), "max_nash_margin": max(margins),
        "premise_ii_holds": bool(premise_ii), "nash_gap_without_premise_i": gap_without_i,
    }, ("every sampled convex C = {v_theta} (|v| >= sqrt(eta)) gives a Nash equilibrium (margin >= -tol): no "
        "counterexample among translations in d = 2; proofs/theorem_3_beyond proves it for every d",))


def _summary(m: dict[str, Any]) -> str:
    return (f"{m['instances']} random convex C in d = 2: min Nash margin {m['min_nash_margin']:.3g} (>= 0: NE exists); "
            f"without premise (i) gap {m['nash_gap_without_premise_i']:.3g}")


CLAIMS: list[Claim] = [
    Claim("finding-theorem-3-beyond", "beyond the paper: Theorem 3 in d = 2 (translation families)",
          "translations G_theta = P + theta in d = 2 satisfying Theorem 3's premises always have a Nash equilibrium "
          "(G*, -<e*, x>); without premise (i) a Nash equilibrium can fail to exist",
          {"eta": 0.5, "instances": 12, "seed": 0, "tol": 1e-9}, check,
          domain={"eta": ETA_RANGE, "instances": integer(1, 1000), "seed": SEED, "tol": real(1e-12, 1e-4)},
          kind="finding", summary=_summary),
]
