"""TEMPORARY (deleted when the Section 4 claims of ``claims/proximal.py`` are split into proposition_2.py, ...,
finding_theorem_2_threshold.py, each with its own ``summary``): the table summaries of those claims, so that
``gantheory check`` prints the same table on this branch."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gantheory.claims.base import fmt


def _theorem_2(m: dict[str, Any]) -> str:
    return (f"lambda = {fmt(m['lambda'])}: PE margin {fmt(m['pe_margin'])}; threshold "
            f"{fmt(m['lambda_threshold'])} (conjecture {fmt(m['lambda_threshold_conjecture'])})")


def _proposition_2(m: dict[str, Any]) -> str:
    agree = sum(1 for c in m["cases"] if c["definition1"] == c["proposition2"])
    inside = sum(1 for c in m["cases"] if c["definition1"])
    return f"Def. 1 and Prop. 2 agree on {agree}/{len(m['cases'])} pairs ({inside} inside the PE set)"


def _proposition_3(m: dict[str, Any]) -> str:
    return f"nested: {m['nested']}; a pair drops out as lambda grows: {m['some_pair_drops_out']}"


def _proposition_4(m: dict[str, Any]) -> str:
    return (f"Danskin gradient vs finite differences: rel. error {fmt(m['max_relative_gradient_error'])}; "
            f"inner Hessian max eigenvalue {fmt(m['max_inner_hessian_eigenvalue'])} (lam eta1 = "
            f"{fmt(m['lam_eta1'])})")


def _theorem_3(m: dict[str, Any]) -> str:
    inst = m["instance"]
    return (f"Gaussian game: inf alpha^2 = {fmt(m['inf_alpha_squared_gaussian_game'])}, lambda threshold "
            f"{fmt(m['gaussian_game_lambda_threshold'])}; premise instance PE {inst['pe']}, "
            f"Nash gap {fmt(inst['nash_gap'])}")


def _corollary_1(m: dict[str, Any]) -> str:
    pe = [f for f in m["searches"] if float(f["violation"]) <= float(m["tolerance"])]
    return (f"{len(pe)}/{len(m['searches'])} searches found a PE; their W2 cost vs min: "
            + ", ".join(f"{fmt(f['divergence'])}" for f in pe) + f" vs {fmt(m['min_divergence'])}")


def _theorem_2_anisotropic(m: dict[str, Any]) -> str:
    return (f"lambda = {fmt(m['lambda'])}: PE margin {fmt(m['pe_margin'])}; aligned threshold "
            f"{fmt(m['lambda_threshold_aligned'])} (axes: {', '.join(fmt(v) for v in m['axis_formula'])})")


def _finding_theorem_2_threshold(m: dict[str, Any]) -> str:
    return (f"threshold vs sigma/(4 eta (sigma - 1)) on {len(m['rows'])} settings: max rel. deviation "
            f"{fmt(m['max_relative_deviation_from_formula'])}")


SUMMARIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "proposition-2": _proposition_2, "proposition-3": _proposition_3, "proposition-4": _proposition_4,
    "theorem-2": _theorem_2, "theorem-2-anisotropic": _theorem_2_anisotropic, "theorem-3": _theorem_3,
    "corollary-1": _corollary_1, "finding-theorem-2-threshold": _finding_theorem_2_threshold,
}
