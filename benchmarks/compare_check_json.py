"""Compare two ``gantheory check --json`` outputs: the same claims with the same verdicts, and every metric equal.

A metric is equal when it agrees to 1e-12 relative, unless :data:`TOLERANCES` lists it with a wider tolerance
and the cause (a metric computed by an optimiser, a search or a quadrature, whose result moves within its own
stated accuracy when the code around it changes); strings, booleans and ``None`` must be identical. Timings
(every key named ``seconds``) and the provenance are excluded. Every metric that moved is printed with its
relative change, whether or not within tolerance.

Usage::

    python3 benchmarks/compare_check_json.py BEFORE.json AFTER.json

Exit status: 0 when nothing violates a tolerance, 1 otherwise (2 when a file cannot be read).
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: the default: closed forms and certificates are deterministic functions of the parameters
DEFAULT_REL = 1e-12
#: the search's stated accuracy: V by quadrature on a grid, compared with the certified bounds to 1e-3 relative
#: (``search_rel`` of gantheory.claims.base.assess_bounds)
SEARCH_REL = 1e-3
#: a minimiser located by a search whose value is accurate to SEARCH_REL lies within ~sqrt(SEARCH_REL) of
#: another (the value is quadratic near a smooth minimum)
SEARCH_LOCATION_ABS = math.sqrt(SEARCH_REL)
#: bisection on log lambda stops when the bracket is below 1e-3 relative (gantheory.proximal.equilibrium.
#: lambda_threshold, rel_tol = 1e-3; the claims report it as bisection_rel_tol)
BISECTION_REL = 1e-3


@dataclass(frozen=True)
class Tolerance:
    """A metric (an fnmatch pattern over ``claim-id/key/subkey/...``) compared to ``rel`` relative or ``abs_``
    absolute, whichever is larger, for the stated ``cause``."""

    pattern: str
    rel: float
    abs_: float
    cause: str


TOLERANCES: tuple[Tolerance, ...] = (
    # Theorem 1: the closed-form-free searches (gantheory.equilibria.search)
    Tolerance("theorem-1-*/bounds_consistency/*/search_gap_below_lower", 0.0, SEARCH_REL,
              "max(lower - search_gap, 0): moves with the search's gap"),
    Tolerance("theorem-1-*/search_gap_below_lower", 0.0, SEARCH_REL,
              "max(lower - search_gap, 0): moves with the search's gap"),
    Tolerance("theorem-1-*/search_gap*", SEARCH_REL, 0.0,
              "closed-form-free search: V by quadrature on a grid, accurate to 1e-3 relative"),
    Tolerance("theorem-1-*/verified_gap_at_search_generator*", SEARCH_REL, 0.0,
              "the gap enclosed at the search's generator: moves with that generator"),
    Tolerance("theorem-1-*/closed_form_gap_at_search_generator", SEARCH_REL, 0.0,
              "the closed-form gap at the search's generator: moves with that generator"),
    Tolerance("theorem-1-*/min_nash_gap_upper*", SEARCH_REL, 0.0,
              "the smaller of the verified gaps at the search's generator and the certificate's incumbent"),
    Tolerance("theorem-1-wgan/search_argmin_generator/*", 0.0, SEARCH_LOCATION_ABS,
              "the search's minimiser: its value accurate to 1e-3 places it within ~sqrt(1e-3)"),
    Tolerance("theorem-1-w2gan/search_generator/*", math.inf, math.inf,
              "not compared: every W with unit singular values and u = 0 minimises the gap (a continuum)"),
    # Theorem 1, quadratic D: local searches (gantheory.equilibria.local_descent)
    Tolerance("theorem-1-w2gan-quadratic-local/local_nash_violation", 1e-5, 0.0,
              "local searches (L-BFGS best response, sampled and polished improvements): they agree with the "
              "closed form to 1e-5 relative at the defaults"),
    Tolerance("theorem-1-w2gan-quadratic-local/stationary_candidates/*/*_gain", 1e-5, 0.0,
              "local searches (as local_nash_violation)"),
    Tolerance("theorem-1-w2gan-quadratic-local/stationary_candidates/*/violation", 1e-5, 0.0,
              "local searches (as local_nash_violation)"),
    Tolerance("theorem-1-w2gan-quadratic-local/stationary_candidates/*/stationarity", 0.0, 1e-4,
              "projected-gradient residual of a descent, accepted up to 1e-4 (the claim's STATIONARITY_TOL)"),
    Tolerance("theorem-1-w2gan-quadratic-local/stationary_candidates/*/u_norm", 0.0, 1e-4,
              "the end point of a descent stopped at a residual of 1e-4"),
    Tolerance("theorem-1-w2gan-quadratic-local/stationary_candidates/*/singular_values/*", 0.0, 1e-4,
              "the end point of a descent stopped at a residual of 1e-4"),
    # Remark 1 (W2GAN): the L-BFGS minimiser of the W2 cost; gap error stated by the claim (gap_error_allowance
    # = eta eps_V + 4 eta t sqrt(eps_V), eps_V = 64 eps (d (sigma^2 + 1) + t^2): 2.2e-7 at the defaults)
    Tolerance("remark-1-w2gan/nash_gap", 0.0, 2.2e-7, "the claim's own error allowance of the gap"),
    Tolerance("remark-1-w2gan/equilibrium/u/*", 0.0, 2.2e-7, "L-BFGS minimiser of W2^2 / eta, resolved to "
              "sqrt(eps_V)"),
    # Section 4: bisections on log lambda and L-BFGS searches
    Tolerance("theorem-2/lambda_threshold", BISECTION_REL, 0.0, "bisection on log lambda to 1e-3 relative"),
    Tolerance("theorem-2/lambda_threshold_relative_deviation", 0.0, BISECTION_REL,
              "the bisected threshold's deviation from the conjecture"),
    Tolerance("theorem-2-anisotropic/lambda_threshold_aligned", BISECTION_REL, 0.0,
              "bisection on log lambda to 1e-3 relative"),
    Tolerance("finding-theorem-2-threshold/rows/*/threshold", BISECTION_REL, 0.0,
              "bisection on log lambda to 1e-3 relative (bisection_rel_tol)"),
    Tolerance("finding-theorem-2-threshold/max_relative_deviation_from_formula", 0.0, BISECTION_REL,
              "the bisected thresholds' deviation from the formula"),
    Tolerance("corollary-1/searches/*/u", 0.0, 1e-6, "L-BFGS-B minimiser of the W2 cost (stopping rule)"),
)


@dataclass(frozen=True)
class Change:
    path: str
    before: Any
    after: Any
    rel: float  # relative change (inf for a changed string, bool or structure)
    violation: bool
    cause: str


def tolerance_for(path: str, table: tuple[Tolerance, ...] = TOLERANCES) -> Tolerance | None:
    """The first entry of ``table`` whose pattern matches ``path`` (``*`` matches ``/`` too: the more specific
    patterns come first)."""
    for tol in table:
        if fnmatch.fnmatchcase(path, tol.pattern):
            return tol
    return None


def relative_change(a: float, b: float) -> float:
    """|a - b| / max(|a|, |b|) (0 when equal; inf when one is 0 and the other not, or one is not finite)."""
    if a == b:
        return 0.0
    if not (math.isfinite(a) and math.isfinite(b)):
        return math.inf
    scale = max(abs(a), abs(b))
    return abs(a - b) / scale if scale > 0 else math.inf


def _number(x: Any) -> float | None:
    if isinstance(x, bool) or x is None:
        return None
    if isinstance(x, (int, float)):
        return float(x)
    if x in ("inf", "-inf", "nan"):  # gantheory.claims.base.clean writes non-finite numbers as strings
        return float(x)
    return None


def compare_values(path: str, a: Any, b: Any, table: tuple[Tolerance, ...] = TOLERANCES) -> list[Change]:
    """Every leaf of ``a`` and ``b`` (nested dicts and lists of JSON values) that differs."""
    if path.rsplit("/", 1)[-1] == "seconds":
        return []
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for k in list(a) + [k for k in b if k not in a]:
            if k == "seconds":
                continue
            if k not in a or k not in b:
                out.append(Change(f"{path}/{k}", a.get(k, "<absent>"), b.get(k, "<absent>"), math.inf, True,
                                  "a metric appeared or disappeared"))
            else:
                out += compare_values(f"{path}/{k}", a[k], b[k], table)
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [Change(path, f"<{len(a)} items>", f"<{len(b)} items>", math.inf, True, "the length changed")]
        out = []
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            out += compare_values(f"{path}/{i}", x, y, table)
        return out
    x, y = _number(a), _number(b)
    if x is not None and y is not None:
        if x == y or (math.isnan(x) and math.isnan(y)):
            return []
        rel = relative_change(x, y)
        tol = tolerance_for(path, table)
        if tol is None:
            return [Change(path, a, b, rel, rel > DEFAULT_REL, f"default: {DEFAULT_REL:g} relative")]
        ok = rel <= tol.rel or abs(x - y) <= tol.abs_
        return [Change(path, a, b, rel, not ok, tol.cause)]
    if a == b and type(a) is type(b):
        return []
    return [Change(path, a, b, math.inf, True, "a non-numeric value changed")]


def compare_documents(before: dict[str, Any], after: dict[str, Any],
                      table: tuple[Tolerance, ...] = TOLERANCES) -> tuple[list[str], list[Change]]:
    """(problems with the claims or verdicts, metric changes) between two ``check --json`` documents."""
    problems = []
    a = {c["id"]: c for c in before["claims"]}
    b = {c["id"]: c for c in after["claims"]}
    missing = [i for i in a if i not in b]
    if missing:  # a claim that disappeared is a violation; claims added since (new results) are not
        problems.append(f"claims missing after: {missing}")
    if [i for i in b if i in a] != list(a) and not missing:
        problems.append(f"the claims' order changed: before {list(a)}, after {[i for i in b if i in a]}")
    changes: list[Change] = []
    for cid in [i for i in a if i in b]:
        if a[cid]["verdict"] != b[cid]["verdict"]:
            problems.append(f"{cid}: verdict {a[cid]['verdict']} -> {b[cid]['verdict']}")
        if a[cid]["params"] != b[cid]["params"]:
            problems.append(f"{cid}: parameters {a[cid]['params']} -> {b[cid]['params']}")
        changes += compare_values(cid, a[cid]["metrics"], b[cid]["metrics"], table)
    return problems, changes


def report(problems: list[str], changes: list[Change]) -> str:
    lines = [f"VERDICT {p}" for p in problems]
    for c in changes:
        flag = "VIOLATION" if c.violation else "within tolerance"
        lines.append(f"{flag}: {c.path}: {c.before!r} -> {c.after!r} (relative change {c.rel:.3g}; {c.cause})")
    bad = len(problems) + sum(c.violation for c in changes)
    lines.append(f"{len(changes)} metrics moved, {bad} violations")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("before", help="gantheory check --json output (the reference)")
    ap.add_argument("after", help="gantheory check --json output to compare")
    args = ap.parse_args(argv)
    try:
        before, after = (json.loads(Path(p).read_text()) for p in (args.before, args.after))
    except (OSError, ValueError) as e:
        print(f"compare_check_json: {e}", file=sys.stderr)
        return 2
    problems, changes = compare_documents(before, after)
    known = {c["id"] for c in before["claims"]}
    added = [c["id"] for c in after["claims"] if c["id"] not in known]
    if added:
        print(f"new claims (nothing to compare): {', '.join(added)}")
    print(report(problems, changes))
    return 1 if problems or any(c.violation for c in changes) else 0


if __name__ == "__main__":
    sys.exit(main())
