"""Traceability: every checkable statement of the paper, with the ids that check it and their computed verdicts.

A statement lists ids of three kinds: ``claim:ID`` (a ``gantheory check`` claim), ``proof:ID`` (a module of
``proofs/``, run by ``gantheory proofs``) and ``figure:NAME`` (a figure of ``gantheory figures``, whose
caption is computed from its data; its verdict is read from the committed caption, see
:func:`figure_verdict`). :func:`coverage_problems` finds statements without ids, unknown ids, and claim or
proof ids that no statement lists; :func:`render` writes ``docs/traceability.md`` from the results of
``gantheory check --json`` and ``gantheory proofs --json``.

    python3 -m gantheory.claims.traceability [--check-json FILE] [--proofs-json FILE] [--out docs/traceability.md]
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gantheory.proofs as proofs
from gantheory.claims.registry import REGISTRY, run_claims
from gantheory.plots.registry import all_figures


@dataclass(frozen=True)
class Statement:
    key: str  # short stable label, e.g. "T1-fgan"
    where: str  # section / result of the paper
    text: str  # the statement, paraphrased with the paper's symbols
    ids: tuple[str, ...]  # "claim:ID", "proof:ID" or "figure:NAME"


S = Statement
STATEMENTS: tuple[Statement, ...] = (
    S("abs-no-ne", "Abstract; Sec. 1 (boxed claim)",
      "GAN zero-sum games may have no Nash equilibria (\"Nash equilibrium may not always exist in GAN games\")",
      ("claim:theorem-1-fgan", "claim:theorem-1-w2gan", "claim:theorem-1-wgan", "proof:theorem-1-fgan",
       "proof:theorem-1-w2gan", "proof:theorem-1-wgan", "figure:landscape_theorem1", "figure:phase_diagram")),
    S("abs-first-order", "Abstract; Sec. 1",
      "GANs trained by first-order methods commonly fail to converge to a stable solution / Nash equilibrium",
      ("claim:finding-dynamics", "figure:trajectories", "figure:fig1_probe_minimax", "figure:spectra")),
    S("intro-realizable", "Sec. 1",
      "for a generator expressive enough to reproduce the data distribution a Nash equilibrium exists",
      ("claim:proposition-1-fgan", "claim:proposition-1-wgan", "claim:proposition-1-w2gan", "proof:proposition-1")),
    S("intro-no-local-ne", "Sec. 1",
      "the vanilla GAN, WGAN, f-GAN and W2GAN have theoretical examples with no local Nash equilibria",
      ("claim:theorem-1-no-local-nash", "claim:theorem-1-w2gan-quadratic-local",
       "proof:theorem-1-w2gan-quadratic-local")),
    S("intro-experiments", "Sec. 1; Sec. 2 (Figs. 1-2)",
      "empirically successful GAN training may converge to non-Nash solutions: against the frozen trained D the "
      "generator keeps lowering V and the samples lose quality",
      ("figure:fig1_probe_minimax", "figure:spectra")),
    S("intro-pe-exists", "Abstract; Sec. 1 (contributions 2-3)",
      "the optimal generator of Wasserstein GANs gives a proximal equilibrium, which is a subgame perfect "
      "(Stackelberg) equilibrium",
      ("claim:theorem-2", "claim:theorem-3", "claim:corollary-1", "proof:theorem-2", "proof:theorem-3",
       "proof:corollary-1", "figure:fig3_proximal_gap")),
    S("intro-prox-training", "Sec. 1 (contribution 4); Sec. 5",
      "proximal training keeps the SPE of the original game and its minimax objective (4) has a Nash equilibrium",
      ("claim:theorem-2", "claim:corollary-1", "claim:finding-dynamics", "figure:trajectories")),
    S("P1", "Proposition 1",
      "realizable G* (P_G* = P_X): (G*, D_constant) is a Nash equilibrium for the f-GAN, WGAN and W2GAN",
      ("claim:proposition-1-fgan", "claim:proposition-1-wgan", "claim:proposition-1-w2gan", "proof:proposition-1")),
    S("T1-fgan", "Theorem 1 (f-GAN)",
      "X ~ N(0, sigma^2 I), sigma > 1, G = Wz + u, sigma_max(W) <= 1, ||u|| <= t, d = k, t^2 f''(t) "
      "non-decreasing, unconstrained D: no Nash equilibrium",
      ("claim:theorem-1-fgan", "proof:theorem-1-fgan", "proof:theorem-1-fgan-2d", "figure:landscape_theorem1")),
    S("T1-fgan-remark", "Theorem 1, proof note",
      "the t^2 f''(t) condition holds for all f-GAN examples of Nowozin et al. (2016), vanilla GAN included",
      ("claim:finding-fgan-condition-examples", "proof:theorem-1-fgan")),
    S("T1-w2gan", "Theorem 1 (W2GAN)",
      "W2GAN (9) with c-concave D (quadratic cost): no Nash equilibrium",
      ("claim:theorem-1-w2gan", "claim:finding-w2gan-latent-dim", "proof:theorem-1-w2gan")),
    S("T1-w2gan-local", "Theorem 1 (W2GAN, quadratic D)",
      "W2GAN with D(x) = x^T A x + b^T x: no local Nash equilibria",
      ("claim:theorem-1-w2gan-quadratic-local", "proof:theorem-1-w2gan-quadratic-local")),
    S("T1-wgan", "Theorem 1 (WGAN)",
      "WGAN (8), 1-D X and Z, 1-Lipschitz D: no Nash equilibria",
      ("claim:theorem-1-wgan", "proof:theorem-1-wgan", "figure:phase_diagram")),
    S("R1", "Remark 1",
      "sigma < 1, sigma_min(W) >= 1: the Wasserstein-distance minimising generator gives a Nash equilibrium "
      "(WGAN and W2GAN)",
      ("claim:remark-1-wgan", "claim:remark-1-w2gan", "proof:remark-1")),
    S("P2", "Proposition 2",
      "(G*, D*) is a lambda-PE iff V(G*, D) <= V(G*, D*) <= max_D' V(G, D') - lambda ||D' - D*||^2",
      ("claim:proposition-2", "proof:proposition-2")),
    S("C1", "Corollary 1",
      "a lambda-PE (lambda > 0) is a Stackelberg equilibrium (10)",
      ("claim:corollary-1", "proof:corollary-1")),
    S("P3", "Proposition 3; Fig. 3",
      "lambda1 <= lambda2 implies PE_lambda2 is a subset of PE_lambda1 (Nash at lambda = inf, Stackelberg at 0)",
      ("claim:proposition-3", "proof:proposition-3", "figure:fig3_proximal_gap")),
    S("P4", "Proposition 4",
      "eta2 < lambda eta1: the inner problem of (11) is strongly concave and grad V_prox = grad V(G, D_w*) (14)",
      ("claim:proposition-4", "proof:proposition-4")),
    S("T2", "Theorem 2",
      "W2GAN, cost eta ||x - x'||^2, convex set of optimal D: (G*, D^theta*) is a 1/(4 eta)-PE for the Sobolev "
      "norm (15)",
      ("claim:theorem-2", "claim:theorem-2-anisotropic", "claim:finding-theorem-2-threshold", "proof:theorem-2",
       "figure:fig3_proximal_gap")),
    S("T3", "Theorem 3",
      "WGAN: {alpha_theta grad D^theta} convex and alpha_theta^2 >= eta imply (G*, D^theta*) is an eta-PE",
      ("claim:theorem-3", "proof:theorem-3")),
    S("S61", "Sec. 6.1 (Figs. 4-5)",
      "on the proximal objective (lambda = 0.1) the objective and the sample quality are preserved: the trained "
      "solutions can be local proximal equilibria",
      ("figure:fig4_probe_proximal",)),
    S("S62", "Sec. 6.2 (Figs. 6-7, Table 1)",
      "proximal training improves sample quality and Inception scores",
      ("figure:fig6_table1",)),
    S("beyond-fgan-pe", "beyond the paper: Definition 1, Proposition 2 for f-GANs",
      "Gaussian f-GAN (KL, JS), seminorm (15): (G*, D_G*) is a lambda-PE for 0 < lambda <= lambda*_f (KL: "
      "sigma^2/(2(sigma^2-1))); Proposition 2's 'only if' holds with V(G*, D*) replaced by sup_c V(G*, D* + c)",
      ("claim:finding-fgan-proximal", "proof:fgan-proximal", "figure:fgan_proximal")),
    S("beyond-T3", "beyond the paper: Theorem 3 in d >= 2",
      "translation families (linear G with W W^T = Sigma) satisfying Theorem 3's premises have a Nash equilibrium; "
      "two squares moved by separate vectors (d = 2) satisfy the premises and have no Nash equilibrium",
      ("claim:finding-theorem-3-beyond", "proof:theorem-3-beyond", "figure:theorem3_two_squares")),
    S("beyond-T2-all", "beyond the paper: Theorem 2 over every c-concave D",
      "V_prox over every c-concave D against the quadratic family (W2GAN, 1-D)",
      ("claim:theorem-2", "figure:w2gan_prox_all_c_concave")),
    S("T1-mixed", "Theorem 1, mixed extension (beyond the paper)",
      "the games of Theorem 1 without a pure Nash equilibrium have a mixed one: the generator mixes "
      "(delta_(1,-t) + delta_(1,t))/2 (certified gap for the WGAN, proven for W2GAN, KL, JS where "
      "t^2 <= 1 - 1/sigma^2)",
      ("claim:mixed-equilibrium-wgan", "claim:mixed-equilibrium-w2gan", "claim:mixed-equilibrium-fgan",
       "proof:mixed-equilibrium", "proof:mixed-equilibrium-attained", "figure:mixed_equilibrium")),
)

NO_CONCLUSION = ("The paper has no Conclusion section; its closing claims are the contribution list of Sec. 1 "
                 "(rows abs-no-ne, intro-pe-exists, intro-prox-training) and Sec. 6.")


def known_ids() -> dict[str, set[str]]:
    """The ids that exist: claims of the registry, proofs of ``proofs/``, figures of the figure registry."""
    proof_ids = {importlib.import_module(f"{proofs.__name__}.{m}").PROOF.id for m in proofs.ALL}
    return {"claim": set(REGISTRY), "proof": proof_ids, "figure": {f.name for f in all_figures()}}


def run_proofs() -> list[dict[str, Any]]:
    """Run every module of ``proofs/`` (as ``gantheory proofs`` does)."""
    return [importlib.import_module(f"{proofs.__name__}.{m}").PROOF.run(known_claims=REGISTRY) for m in proofs.ALL]


def coverage_problems(statements=STATEMENTS, ids: dict[str, set[str]] | None = None) -> list[str]:
    """Problems: a statement without ids, an unknown id, a claim or proof id listed by no statement."""
    ids = known_ids() if ids is None else ids
    out: list[str] = []
    listed: dict[str, set[str]] = {k: set() for k in ids}
    for s in statements:
        if not s.ids:
            out.append(f"statement {s.key} has no id")
        for ref in s.ids:
            kind, _, name = ref.partition(":")
            if kind not in ids or name not in ids[kind]:
                out.append(f"statement {s.key}: unknown id {ref}")
            else:
                listed[kind].add(name)
    for kind in ("claim", "proof"):
        for name in sorted(ids[kind] - listed[kind]):
            out.append(f"{kind} id {name} has no statement")
    return out


def figure_verdict(name: str, root: Path | None = None) -> str:
    """'figure (caption computed)' when the committed caption JSON exists, else 'figure missing'."""
    root = Path(__file__).resolve().parents[2] / "figures" if root is None else root
    return "figure (computed caption)" if (root / f"{name}.json").is_file() else "figure missing"


def proof_verdict(result: dict[str, Any]) -> str:
    c = result["counts"]
    state = "proved" if c["failed"] == 0 else "FAILED STEP"
    return f"{state} ({c['verified']} sympy, {c['numeric']} numeric)"


def verdict_cells(claims: list[dict[str, Any]], proofs_out: list[dict[str, Any]], statements=STATEMENTS,
                  figures_root: Path | None = None) -> dict[str, str]:
    """Statement key -> 'id: verdict; ...' from ``gantheory check --json`` and ``gantheory proofs --json``."""
    cv = {r["id"]: r["verdict"] for r in claims}
    pv = {r["id"]: proof_verdict(r) for r in proofs_out}
    out = {}
    for s in statements:
        parts = []
        for ref in s.ids:
            kind, _, name = ref.partition(":")
            if kind == "claim":
                parts.append(f"`{name}`: {cv.get(name, 'not run')}")
            elif kind == "proof":
                parts.append(f"proof `{name}`: {pv.get(name, 'not run')}")
            else:
                parts.append(f"`{name}`: {figure_verdict(name, figures_root)}")
        out[s.key] = "; ".join(parts)
    return out


def render(claims: list[dict[str, Any]], proofs_out: list[dict[str, Any]], statements=STATEMENTS) -> str:
    cells = verdict_cells(claims, proofs_out, statements)
    lines = [
        "# Traceability: the paper's statements and what checks them", "",
        "Generated by `python3 -m gantheory.claims.traceability` from `gantheory check --json` (claims at their "
        "defaults) and `gantheory proofs --json`; `tests/claims/test_traceability.py` recomputes every verdict "
        "and fails when a statement has no id or a claim / proof id has no statement.", "",
        "Verdicts: a claim `holds` / `fails` / `inconclusive` / `observed` (a finding beyond the paper); a proof "
        "`proved` when no step fails (sympy-checked steps and numeric steps delegated to claims); a figure's "
        "caption is computed from its data (see `figures/`).", "",
        NO_CONCLUSION, "",
        "| key | where | statement | ids and verdicts |", "|---|---|---|---|",
    ]
    for s in statements:
        lines.append(f"| {s.key} | {s.where} | {s.text.replace('|', chr(92) + '|')} | {cells[s.key]} |")
    return "\n".join(lines) + "\n"


def parse_table(text: str) -> dict[str, str]:
    """Statement key -> verdict cell, from a rendered document."""
    out = {}
    for line in text.splitlines():
        if line.startswith("| ") and not line.startswith("| key") and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            out[cells[0]] = cells[-1]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m gantheory.claims.traceability")
    ap.add_argument("--check-json", help="output of `gantheory check --json` (default: run the claims)")
    ap.add_argument("--proofs-json", help="output of `gantheory proofs --json` (default: run the proofs)")
    ap.add_argument("--out", default="docs/traceability.md")
    args = ap.parse_args(argv)
    problems = coverage_problems()
    if problems:
        print("traceability: " + "; ".join(problems), file=sys.stderr)
        return 1
    if args.check_json:
        claims = json.loads(Path(args.check_json).read_text())["claims"]
    else:
        claims = run_claims(jobs=None)
    if args.proofs_json:
        proofs_out = json.loads(Path(args.proofs_json).read_text())["proofs"]
    else:
        proofs_out = run_proofs()
    Path(args.out).write_text(render(claims, proofs_out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
