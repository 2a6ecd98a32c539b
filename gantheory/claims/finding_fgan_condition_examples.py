"""Finding: the remark after Theorem 1 says that the condition "t^2 f''(t) non-decreasing" holds for every
f-GAN example of Nowozin et al. (2016); checked against the f-table, with the certified minimal Nash gap of
the f that violate it.

A finding (``kind = "finding"``) is our own result beyond a statement of the paper: it does not change the
exit status of ``gantheory check``.
"""

from __future__ import annotations

from typing import Any

from gantheory.certify.fgan_cache import certify_min_gap_by_key
from gantheory.claims.base import OBSERVED, SIGMA_ABOVE_1, T_RANGE, TOL_RANGE, Claim, Evidence
from gantheory.games.divergences import F_TABLE, condition_t2_fpp_nondecreasing


def summary(m: dict[str, Any]) -> str:
    """The f for which the condition fails."""
    bad = [k for k, v in m["condition_t2_fpp_nondecreasing"].items() if not v]
    return "condition fails for: " + (", ".join(bad) or "none")


def check(p: dict[str, Any]) -> Evidence:
    """The remark after Theorem 1 ("the condition holds for all f-GAN examples in Nowozin et al.
    (2016)") against the f-table, and the certified gap for the f that violate the condition."""
    cond = {k: condition_t2_fpp_nondecreasing(d) for k, d in F_TABLE.items()}
    failing = [k for k, (ok, _) in cond.items() if not ok]
    lower = {k: certify_min_gap_by_key(k, p["sigma"], p["t"]).lower for k in failing}
    notes = []
    if failing:
        notes.append("refutes the remark after Theorem 1: t^2 f''(t) is decreasing for " + ", ".join(failing))
        if all(v > p["tol"] for v in lower.values()):
            notes.append("yet the certified minimal Nash gap is positive for them too: the condition is "
                         "sufficient, not necessary (strict convexity of f suffices, proofs/theorem_1_fgan)")
    return Evidence(OBSERVED, {
        "condition_t2_fpp_nondecreasing": {k: ok for k, (ok, _) in cond.items()},
        "worst_relative_decrease": {k: w for k, (_, w) in cond.items()},
        "min_nash_gap_lower_for_violators": lower, "tolerance": p["tol"],
    }, tuple(notes))


CLAIMS = [
    Claim("finding-fgan-condition-examples", "Remark after Theorem 1",
          "the t^2 f'' condition holds for every f of the f-table (Nowozin et al. 2016)",
          {"sigma": 1.25, "t": 0.5, "tol": 1e-6}, check, kind="finding",
          domain={"sigma": SIGMA_ABOVE_1, "t": T_RANGE, "tol": TOL_RANGE}, summary=summary),
]
