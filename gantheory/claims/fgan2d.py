"""Theorem 1 (f-GAN) in d = k = 2: rows of ``theorem-1-fgan`` with ``--set dim=2``.

Per f: the certified lower bound of :func:`gantheory.certify.fgan2d.certify_min_gap_2d` (rotation-reduced
branch and bound, ``proofs/theorem_1_fgan_2d``), within ``max_seconds``; the search estimate is the Nash gap
at the best of the certificate's incumbent and the corner (W = I, u = 0), computed by 2-D quadrature with
the deviation's supremum found by multi-start search (:mod:`gantheory.equilibria.fgan2d_gap`): a
searched deviation only bounds that gap from below, so it is reported as ``search_gap`` and no verified
upper bound (``inf``) is claimed. Independent
checks: the quadrature gap at the corner lies above the certified lower bound, and the 1-D certificate
(``dim = 1``) is reported beside it, so that whether the minimal gap depends on the dimension is read off
the two intervals.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gantheory.certify.fgan2d import certify_min_gap_2d
from gantheory.claims.base import INCONCLUSIVE, Evidence
from gantheory.equilibria.fgan2d_gap import nash_gap
from gantheory.games.divergences import F_TABLE, condition_t2_fpp_nondecreasing


def _generator(x) -> tuple[np.ndarray, np.ndarray]:
    s1, s2, v1, v2 = (float(v) for v in x)
    return np.diag([s1, s2]), np.array([v1, v2])


def dimension_answer(lo1: float, up1: float, lo2: float, up2: float) -> str:
    """'yes' when the 1-D and 2-D intervals of the minimal gap are disjoint, else 'not resolved'."""
    if lo2 > up1:
        return "yes: larger in d = 2"
    if up2 < lo1:
        return "yes: smaller in d = 2"
    return "not resolved (the intervals overlap)"


def fgan2d_rows(p: dict[str, Any], keys: list[str], one_d: dict[str, tuple[float, float]]) -> Evidence:
    """Rows for ``theorem-1-fgan`` at dim = 2 (same keys as the 1-D rows, plus the 2-D details).

    ``one_d[key]`` = (certified lower, search upper) of the 1-D game at the same (sigma, t).
    """
    sigma, t = p["sigma"], p["t"]
    rows: dict[str, dict[str, Any]] = {}
    for key in keys:
        div = F_TABLE[key]
        cert = certify_min_gap_2d(div, sigma, t, max_seconds=p["max_seconds"])
        corner = (1.0, 1.0, 0.0, 0.0)
        cands = [corner]
        if all(math.isfinite(v) for v in cert.argmin):
            cands.append(cert.argmin)
        gaps = []
        for x in cands:
            W, u = _generator(x)
            g, _ = nash_gap(div, sigma, t, W, u, seed=p.get("seed", 0))
            gaps.append(g)
        j = int(np.argmin(gaps))
        lo1, up1 = one_d[key]
        rows[key] = {
            # the quadrature gaps use a searched deviation (a lower estimate of the gap at that generator),
            # so they are reported as the search's estimate, never as an upper bound
            "lower": cert.lower, "upper": math.inf, "search": gaps[j], "at_search": None, "closed": gaps[0],
            "argmin": dict(zip(("s1", "s2", "v1", "v2"), cands[j], strict=True)),
            "boxes": cert.boxes, "condition": condition_t2_fpp_nondecreasing(div)[0],
            "converged": cert.converged, "seconds": cert.seconds,
            "quadrature_gap_at_corner": gaps[0], "corner_above_lower": gaps[0] >= cert.lower,
            "one_d_interval": [lo1, up1],
            "depends_on_dimension": dimension_answer(lo1, up1, cert.lower, math.inf),
        }
    return Evidence(INCONCLUSIVE, {"rows": rows})


#: f whose psi differ by a constant (psi_JS = psi_GAN - log 2, proofs/theorem_1_fgan_2d): J differs by that
#: constant for every G', G, so the Nash gap is the same function and a certified bound for one holds for both
EQUIVALENT = (("js", "gan"),)


def share_equivalent_bounds(rows: dict[str, dict[str, Any]]) -> list[str]:
    """Give equivalent f the best certified lower bound of the pair (and the smaller upper bound)."""
    notes = []
    for r in rows.values():
        r.setdefault("own_lower", r["lower"])
    for group in EQUIVALENT:
        present = [k for k in group if k in rows]
        if len(present) < 2:
            continue
        lo = max(rows[k]["lower"] for k in present)
        up = min(rows[k]["upper"] for k in present)
        for k in present:
            if rows[k]["lower"] < lo:
                other = ", ".join(g for g in present if g != k)
                notes.append(f"{k}: certified lower bound {rows[k]['lower']:.6g} raised to {lo:.6g}, certified for "
                             f"{other} (same gap function: psi differs by a constant)")
            rows[k]["own_lower"] = rows[k]["lower"]
            rows[k]["lower"], rows[k]["upper"] = lo, up
    return notes


def extra_metrics(rows: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The 2-D columns that the 1-D table has not."""
    return {name: {k: r[name] for k, r in rows.items()}
            for name in ("converged", "seconds", "quadrature_gap_at_corner", "one_d_interval", "depends_on_dimension",
                         "own_lower") if all(name in r for r in rows.values())}
