"""Theorem 1 (f-GAN): with X ~ N(0, sigma^2), sigma > 1, d = k, unconstrained D and t^2 f''(t) non-decreasing,
the f-GAN game (7) has no Nash equilibrium.

Per f of the f-table, m* = inf over feasible G of the Nash gap at (G, D_G) is bounded from below by interval
branch and bound (:mod:`gantheory.certify.fgan`) and from above by the gap, enclosed with the exact best
responses, at the closed-form-free search's generator and at the certificate's incumbent. "No Nash
equilibrium" holds when the certified lower bound exceeds the tolerance for every f the theorem covers.

d = k = 2 (``--set dim=2``): per f the certified lower bound of
:func:`gantheory.certify.fgan2d.certify_min_gap_2d` (rotation-reduced branch and bound,
``proofs/theorem_1_fgan_2d.py``), within ``max_seconds``; the search estimate is the Nash gap at the best of
the certificate's incumbent and the corner (W = I, u = 0), computed by 2-D quadrature with the deviation's
supremum found by multi-start search (:mod:`gantheory.equilibria.fgan2d_gap`): a searched deviation only
bounds that gap from below, so it is reported as ``search_gap``. The verified upper bound
``min_nash_gap_upper`` is :func:`gantheory.certify.fgan2d_upper.gap_upper_2d` (exact best responses, enclosed
expectations) at isotropic generators W = s I, u = v e_1: the corner (1, 0) and the 1-D minimiser embedded in
both axes; inf where no such bound is available. Independent checks: the quadrature gap at the corner lies
above the certified lower bound, and the 1-D certificate is reported beside it, so that whether the minimal
gap depends on the dimension is read off the two intervals.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gantheory.certify.fgan import gap_upper, realizable_distance_upper
from gantheory.certify.fgan2d import certify_min_gap_2d
from gantheory.certify.fgan2d_upper import gap_upper_2d
from gantheory.certify.fgan_cache import certify_min_gap_by_key
from gantheory.claims._theorem_1 import DOMAIN_1D, TOL, premises
from gantheory.claims.base import FAILS, HOLDS, INCONCLUSIVE, Claim, Evidence, assess_bounds, fmt, integer, real
from gantheory.equilibria.fgan2d_gap import nash_gap as nash_gap_2d
from gantheory.equilibria.search import search_min_gap_fgan
from gantheory.exact.fgan import nash_gap_at_best_response
from gantheory.games.divergences import F_TABLE, condition_t2_fpp_nondecreasing
from gantheory.games.fgan import FGANGame
from gantheory.games.gaussian import GaussianData, LinearGeneratorSet


def summary(m: dict[str, Any]) -> str:
    """One row per f: the certified lower and verified upper bound on the minimal gap, and its closed form."""
    lo, up, cf = m["min_nash_gap_lower"], m["min_nash_gap_upper"], m["min_nash_gap_closed_form"]
    return "\n".join(f"min gap {k}: [{fmt(lo[k])}, {fmt(up[k])}] closed form {fmt(cf[k])}" for k in lo)


def fgan_rows(p: dict[str, Any], keys: list[str]) -> Evidence:
    """Certificate, search and closed form for the divergences ``keys`` (a part of theorem-1-fgan)."""
    sigma, t = p["sigma"], p["t"]
    if p.get("dim", 1) == 2:  # Theorem 1 in d = k = 2, beside the 1-D bounds
        rows1 = fgan_rows({**p, "dim": 1}, keys).metrics["rows"]  # certified lower, verified upper in 1-D
        one_d = {k: (rows1[k]["lower"], rows1[k]["upper"]) for k in keys}
        one_d_argmin = {k: (abs(rows1[k]["argmin"]["w"]), abs(rows1[k]["argmin"]["u"])) for k in keys}
        return fgan2d_rows(p, keys, one_d, one_d_argmin)
    rows: dict[str, dict[str, Any]] = {}
    for key in keys:
        div = F_TABLE[key]
        cert = certify_min_gap_by_key(key, sigma, t)
        srch = search_min_gap_fgan(FGANGame(div, GaussianData(sigma), LinearGeneratorSet(1, 1, t)))
        # verified upper bounds: the gap enclosed with the exact best responses at the search's generator
        # and at the certificate's incumbent
        at_search = gap_upper(div, sigma, t, *srch.generator)
        at_cert = gap_upper(div, sigma, t, cert.argmin_s, cert.argmin_u)
        # closed form at the certificate's incumbent and at the corner (s, u) = (1, 0)
        cands = [(cert.argmin_s, cert.argmin_u), (1.0, 0.0)]
        vals = [nash_gap_at_best_response(div, sigma, s, u, t) for s, u in cands]
        j = int(np.argmin(vals))
        rows[key] = {"lower": cert.lower, "upper": min(at_search, at_cert), "search": srch.upper,
                     "at_search": at_search, "closed": vals[j],
                     "argmin": {"w": cands[j][0], "u": cands[j][1]}, "boxes": cert.boxes,
                     "condition": condition_t2_fpp_nondecreasing(div)[0],
                     "realizable_distance": realizable_distance_upper(div, sigma)}
    return Evidence(INCONCLUSIVE, {"rows": rows})


def merge_fgan(p: dict[str, Any], parts: list[Evidence]) -> Evidence:
    """The verdict over the f that meet the t^2 f'' condition, from the rows of :func:`fgan_rows`."""
    rows = {}
    for ev in parts:
        rows.update(ev.metrics["rows"])
    rows = {k: rows[k] for k in F_TABLE}
    tol = p["tol"]
    notes = []
    if p.get("dim", 1) == 2:
        notes += share_equivalent_bounds(rows)
    verdicts, consistency = {}, {}
    for k, r in rows.items():
        v, cons, nts = assess_bounds(r["lower"], r["upper"], tol, search_gap=r["search"],
                                     search_verified=r["at_search"])
        if v == FAILS and r["realizable_distance"] <= tol:
            # (G0, D = f'(1)), G0 = N(0, 1), has Nash gap d_f(P_X, G0) <= tol: a gap below tol is explained by
            # the data being within tol of Proposition 1's realizable case, where an equilibrium exists
            v = INCONCLUSIVE
            nts = [*nts, f"the data lies within tol of the generator N(0, 1) (d_f <= {r['realizable_distance']:.3g}): "
                         "sigma > 1 is not resolved at this tolerance, so a gap below tol refutes nothing"]
        verdicts[k], consistency[k] = v, cons
        notes += [f"{k}: {n}" for n in nts if "certifies nothing" not in n or r["condition"]]
    covered = [k for k in rows if rows[k]["condition"]]
    # the theorem covers the f with the t^2 f'' condition; severity: fails > inconclusive > holds
    sev = {FAILS: 2, INCONCLUSIVE: 1, HOLDS: 0}
    verdict = max((verdicts[k] for k in covered), key=sev.get, default=INCONCLUSIVE)
    for k, r in rows.items():
        if r["lower"] == math.inf:
            notes.append(f"{k}: the certified gap is +inf (no feasible generator has a finite divergence "
                         "with an attained best response), so no Nash equilibrium; the search cannot see infinity")
    not_covered = [k for k in rows if not rows[k]["condition"]]
    if not_covered:
        notes.append("t^2 f''(t) is not non-decreasing for " + ", ".join(not_covered)
                     + " (outside the theorem's hypothesis); its certified gap is reported too")

    def col(name):
        return {k: r[name] for k, r in rows.items()}

    metrics = {
        "min_nash_gap_lower": col("lower"), "min_nash_gap_upper": col("upper"),
        "min_nash_gap_closed_form": col("closed"), "search_gap": col("search"),
        "verified_gap_at_search_generator": col("at_search"), "argmin_generator": col("argmin"),
        "condition_t2_fpp_nondecreasing": col("condition"), "certificate_boxes": col("boxes"),
        "verdict_per_divergence": verdicts, "bounds_consistency": consistency, "tolerance": tol,
        "dim": p.get("dim", 1),
        "realizable_distance_upper": {k: r.get("realizable_distance") for k, r in rows.items()},
    }
    if p.get("dim", 1) == 2:
        metrics.update(extra_metrics(rows))
        notes.append("d = k = 2: min_nash_gap_upper is the verified gap (exact best responses, enclosed "
                     "expectations) at the best isotropic generator W = s I, u = v e_1 tried (inf where none is "
                     "available); 'search_gap' is the quadrature gap with the generator's deviation found by "
                     "multi-start search, and 'min_nash_gap_closed_form' the quadrature gap at W = I, u = 0")
    return Evidence(verdict, metrics, tuple(notes))


def fgan_parts(p: dict[str, Any], n: int) -> list[dict[str, Any]]:
    keys = list(F_TABLE)
    n = max(1, min(n, len(keys)))
    return [{"keys": keys[i::n]} for i in range(n)]


def check(p: dict[str, Any]) -> Evidence:
    """All f of the f-table in one process."""
    return merge_fgan(p, [fgan_rows(p, list(F_TABLE))])


def check_fgan(p) -> Evidence:
    return merge_fgan(p, [fgan_rows(p, list(F_TABLE))])


# ------------------------------------------------------------------------------------------- d = k = 2
def _generator(x: tuple[float, float, float, float]) -> tuple[np.ndarray, np.ndarray]:
    """(s1, s2, v1, v2) -> W = diag(s1, s2), u = (v1, v2)."""
    s1, s2, v1, v2 = (float(v) for v in x)
    return np.diag([s1, s2]), np.array([v1, v2])


def dimension_answer(lo1: float, up1: float, lo2: float, up2: float) -> str:
    """'yes' when the 1-D and 2-D intervals of the minimal gap are disjoint, else 'not resolved'."""
    if lo2 > up1:
        return "yes: larger in d = 2"
    if up2 < lo1:
        return "yes: smaller in d = 2"
    return "not resolved (the intervals overlap)"


def fgan2d_rows(p: dict[str, Any], keys: list[str], one_d: dict[str, tuple[float, float]],
                one_d_argmin: dict[str, tuple[float, float]] | None = None) -> Evidence:
    """Rows for ``theorem-1-fgan`` at dim = 2 (same keys as the 1-D rows, plus the 2-D details).

    ``one_d[key]`` = (certified lower, verified upper) of the 1-D game at the same (sigma, t);
    ``one_d_argmin[key]`` = (|w|, |u|) of its minimiser, embedded as W = |w| I, u = |u| e_1.
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
            g, _ = nash_gap_2d(div, sigma, t, W, u, seed=p.get("seed", 0))
            gaps.append(g)
        j = int(np.argmin(gaps))
        lo1, up1 = one_d[key]
        # verified upper bound: the gap enclosed with the exact best responses at isotropic generators
        iso = [(1.0, 0.0)]
        if one_d_argmin and key in one_d_argmin:
            w1, u1 = one_d_argmin[key]
            if 0 < w1 <= 1 and u1 <= t and (w1, u1) not in iso:
                iso.append((w1, u1))
        ups = [gap_upper_2d(div, sigma, t, w, v) for w, v in iso]
        k_up = int(np.argmin([r.upper for r in ups]))
        upper = ups[k_up].upper
        rows[key] = {
            # the quadrature gaps use a searched deviation (a lower estimate of the gap at that generator),
            # so they are reported as the search's estimate, never as an upper bound
            "lower": cert.lower, "upper": upper, "search": gaps[j], "at_search": None, "closed": gaps[0],
            "argmin": dict(zip(("s1", "s2", "v1", "v2"), cands[j], strict=True)),
            "boxes": cert.boxes, "condition": condition_t2_fpp_nondecreasing(div)[0],
            "converged": cert.converged, "seconds": cert.seconds,
            "quadrature_gap_at_corner": gaps[0], "corner_above_lower": gaps[0] >= cert.lower,
            "one_d_interval": [lo1, up1],
            "depends_on_dimension": dimension_answer(lo1, up1, cert.lower, upper),
            "upper_generator": {"s": iso[k_up][0], "v": iso[k_up][1], "method": ups[k_up].method},
            "upper_seconds": sum(r.seconds for r in ups),
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
                         "own_lower", "upper_generator", "upper_seconds") if all(name in r for r in rows.values())}


CLAIMS = [
    Claim("theorem-1-fgan", "Theorem 1 (f-GAN)",
          "f-GAN (7) with unconstrained D, X ~ N(0, sigma^2), sigma > 1, d = k, and t^2 f''(t) non-decreasing: "
          "no Nash equilibrium",
          {"sigma": 1.25, "t": 0.5, "tol": TOL, "dim": 1, "max_seconds": 600.0}, check, premises,
          domain={**DOMAIN_1D, "dim": integer(1, 2), "max_seconds": real(1, 3600)},
          parts=fgan_parts, check_part=lambda p, part: fgan_rows(p, part["keys"]), merge=merge_fgan,
          summary=summary),
]
