"""Command line: ``gantheory check [ID ...] [--json] [--set key=value ...]``.

Exit status: 0 when no claim fails, 1 when a claim of the paper is refuted, 2 on bad input (one line
on stderr, no traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from gantheory import __version__


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit status 2
        sys.stderr.write(f"gantheory: error: {message}\n")
        raise SystemExit(2)


def _fmt(x: Any) -> str:
    if isinstance(x, float):
        return f"{x:.6g}"
    return str(x)


def key_numbers(r: dict[str, Any]) -> list[str]:
    m = r["metrics"]
    lines = []
    if "min_nash_gap_lower" in m:
        lo, up = m["min_nash_gap_lower"], m["min_nash_gap_upper"]
        if isinstance(lo, dict) and "min_nash_gap_closed_form" in m:
            cf = m["min_nash_gap_closed_form"]
            for k in lo:
                lines.append(f"min gap {k}: [{_fmt(lo[k])}, {_fmt(up[k])}] closed form {_fmt(cf[k])}")
        elif isinstance(lo, dict):
            for k in lo:
                lines.append(f"min gap lower {k}: {_fmt(lo[k])}")
        else:
            lines.append(f"min gap: [{_fmt(lo)}, {_fmt(up)}] closed form {_fmt(m.get('min_nash_gap_closed_form'))}")
    if "local_nash_violation" in m:
        lines.append(f"local violation (rho={_fmt(m['rho'])}): {_fmt(m['local_nash_violation'])}, "
                     f"closed form {_fmt(m['local_nash_violation_closed_form'])}")
    if "nash_gap" in m:
        g = m["nash_gap"]
        gmax = max(g.values(), key=lambda v: float(v)) if isinstance(g, dict) else g
        dd, gg = m["max_discriminator_deviation_gain"], m["max_generator_deviation_gain"]
        if isinstance(dd, dict):
            dd, gg = max(dd.values()), max(gg.values())
        lines.append(f"nash gap {_fmt(gmax)}; best sampled deviation gains D {_fmt(dd)}, G {_fmt(gg)}")
    if "condition_t2_fpp_nondecreasing" in m and "min_nash_gap_lower_for_violators" in m:
        bad = [k for k, v in m["condition_t2_fpp_nondecreasing"].items() if not v]
        lines.append("condition fails for: " + (", ".join(bad) or "none"))
    if "lambda_threshold" in m:
        lines.append(f"lambda = {_fmt(m['lambda'])}: PE margin {_fmt(m['pe_margin'])}; threshold "
                     f"{_fmt(m['lambda_threshold'])} (conjecture {_fmt(m['lambda_threshold_conjecture'])})")
    if "cases" in m:
        agree = sum(1 for c in m["cases"] if c["definition1"] == c["proposition2"])
        inside = sum(1 for c in m["cases"] if c["definition1"])
        lines.append(f"Def. 1 and Prop. 2 agree on {agree}/{len(m['cases'])} pairs ({inside} inside the PE set)")
    if "pe_status" in m:
        lines.append(f"nested: {m['nested']}; a pair drops out as lambda grows: {m['some_pair_drops_out']}")
    if "max_relative_gradient_error" in m:
        lines.append(f"Danskin gradient vs finite differences: rel. error {_fmt(m['max_relative_gradient_error'])}; "
                     f"inner Hessian max eigenvalue {_fmt(m['max_inner_hessian_eigenvalue'])} (lam eta1 = "
                     f"{_fmt(m['lam_eta1'])})")
    if "inf_alpha_squared_gaussian_game" in m:
        inst = m["instance"]
        lines.append(f"Gaussian game: inf alpha^2 = {_fmt(m['inf_alpha_squared_gaussian_game'])}, lambda threshold "
                     f"{_fmt(m['gaussian_game_lambda_threshold'])}; premise instance PE {inst['pe']}, "
                     f"Nash gap {_fmt(inst['nash_gap'])}")
    if "searches" in m:
        pe = [f for f in m["searches"] if float(f["violation"]) <= float(m["tolerance"])]
        lines.append(f"{len(pe)}/{len(m['searches'])} searches found a PE; their W2 cost vs min: "
                     + ", ".join(f"{_fmt(f['divergence'])}" for f in pe) + f" vs {_fmt(m['min_divergence'])}")
    if "lambda_threshold_aligned" in m:
        lines.append(f"lambda = {_fmt(m['lambda'])}: PE margin {_fmt(m['pe_margin'])}; aligned threshold "
                     f"{_fmt(m['lambda_threshold_aligned'])} (axes: {', '.join(_fmt(v) for v in m['axis_formula'])})")
    if "max_relative_deviation_from_formula" in m:
        lines.append(f"threshold vs sigma/(4 eta (sigma - 1)) on {len(m['rows'])} settings: max rel. deviation "
                     f"{_fmt(m['max_relative_deviation_from_formula'])}")
    if "runs" in m:
        for game, rows in m["runs"].items():
            labels = sorted({x["label"] for x in rows})
            lines.append(f"{game}: " + ", ".join(f"{lab} {sum(1 for x in rows if x['label'] == lab)}" for lab in labels)
                         + f" of {len(rows)} runs")
    if "infinite_gaps" in m:
        lines.append(f"infinite gaps: {m['infinite_gaps']} / {m['sampled_generators']}")
    return lines or ["-"]


def render_table(results: list[dict[str, Any]]) -> str:
    w_id = max(len(r["id"]) for r in results)
    out = [f"{'claim':<{w_id}}  {'verdict':<12}  {'seconds':>7}  key numbers", "-" * (w_id + 60)]
    for r in results:
        nums = key_numbers(r)
        verdict = r["verdict"] if r["kind"] == "claim" else f"({r['verdict']})"
        out.append(f"{r['id']:<{w_id}}  {verdict:<12}  {r['seconds']:>7.2f}  {nums[0]}")
        for line in nums[1:]:
            out.append(f"{'':<{w_id}}  {'':<12}  {'':>7}  {line}")
        out.append(f"{'':<{w_id}}  {r['reference']}: {r['statement']}")
        for n in r["notes"]:
            out.append(f"{'':<{w_id}}  note: {n}")
    return "\n".join(out)


def cmd_check(args: argparse.Namespace) -> int:
    from gantheory.claims.registry import provenance, run_claims

    t0 = time.perf_counter()
    results = run_claims(args.ids, args.set, jobs=args.jobs)
    total = time.perf_counter() - t0
    if args.json:
        seeds = {r["id"]: r["params"]["seed"] for r in results if "seed" in r["params"]}
        doc = {"claims": results, "provenance": provenance(seed=seeds), "seconds": round(total, 3)}
        print(json.dumps(doc, indent=2))
    else:
        print(render_table(results))
        print(f"\n{len(results)} entries in {total:.1f} s; verdicts from certified bounds with the stated tolerances.")
    refuted = any(r["verdict"] == "fails" and r["kind"] == "claim" for r in results)
    return 1 if refuted else 0


def run_proofs(ids: list[str] | None) -> list[dict[str, Any]]:
    """Run the proof modules of ``proofs/`` (all, or those whose result id is given)."""
    import importlib

    import proofs

    mods = {}
    for name in proofs.ALL:
        try:
            mods[name] = importlib.import_module(f"proofs.{name}")
        except ModuleNotFoundError as e:
            raise ValueError(f"proof module proofs/{name}.py is missing ({e})") from None
    by_id = {m.PROOF.id: m.PROOF for m in mods.values()}
    if ids:
        for i in ids:
            if i not in by_id:
                raise ValueError(f"unknown proof id {i!r}; known: {', '.join(by_id)}")
        chosen = [by_id[i] for i in dict.fromkeys(ids)]
    else:
        chosen = list(by_id.values())
    return [p.run() for p in chosen]


def cmd_proofs(args: argparse.Namespace) -> int:
    results = run_proofs(args.ids)
    if args.json:
        from gantheory.claims.registry import provenance

        print(json.dumps({"proofs": results, "provenance": provenance()}, indent=2))
    else:
        w = max(len(r["id"]) for r in results)
        print(f"{'result':<{w}}  {'steps':>5}  {'verified':>8}  {'numeric':>7}  {'failed':>6}  findings")
        print("-" * (w + 50))
        for r in results:
            c = r["counts"]
            print(f"{r['id']:<{w}}  {len(r['steps']):>5}  {c['verified']:>8}  {c['numeric']:>7}  {c['failed']:>6}  "
                  f"{len(r['findings'])}")
            for st in r["steps"]:
                if st["status"] == "failed":
                    print(f"{'':<{w}}  FAILED step {st['step']}: {st['text']} ({st['detail']})")
        findings = [(r["id"], f) for r in results for f in r["findings"]]
        if findings:
            print("\nfindings:")
            for rid, f in findings:
                print(f"  [{rid}] {f}")
    return 1 if any(r["counts"]["failed"] for r in results) else 0


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="gantheory", description="Check the claims of Farnia & Ozdaglar (ICML 2020) by computation.")
    p.add_argument("--version", action="version", version=f"gantheory {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    c = sub.add_parser("check", help="evaluate claims and print verdicts")
    c.add_argument("ids", nargs="*", help="claim ids (default: all)")
    c.add_argument("--json", action="store_true", help="print JSON instead of a table")
    c.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a parameter (sigma, t, eta, dim, latent_dim, rho, tol, seed); "
                        "CLAIM.KEY=VALUE for one claim")
    c.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPU count)")
    c.set_defaults(func=cmd_check)
    pr = sub.add_parser("proofs", help="run the sympy-checked proofs of proofs/")
    pr.add_argument("ids", nargs="*", help="proof ids (default: all)")
    pr.add_argument("--json", action="store_true", help="print JSON instead of a table")
    pr.set_defaults(func=cmd_proofs)
    tr = sub.add_parser("train", help="train a DC-GAN recipe (regular or proximal, Algorithm 1)")
    tr.add_argument("--gan", required=True, choices=["wgan-wc", "wgan-gp", "sn-gan", "wgan-sn"])
    tr.add_argument("--proximal", action="store_true", help="proximal training (Algorithm 1)")
    tr.add_argument("--preset", default="quick", choices=["quick", "medium", "paper"])
    tr.add_argument("--iterations", type=int, default=None, help="generator iterations (default: the preset's)")
    tr.add_argument("--out", required=True, help="run directory")
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--data", default=None, help="mnist-embedded (default), fashion-mnist or KIND:DIR")
    tr.add_argument("--resume", action="store_true", help="continue from DIR/checkpoint.pt")
    tr.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda[:N]")
    tr.add_argument("--checkpoint-every", type=int, default=50)
    tr.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                    help="override a recipe field, e.g. dim=32, lam=0.1, inner_steps=20 (repeatable)")
    tr.add_argument("--quiet", action="store_true", help="no progress bar")
    tr.set_defaults(func=cmd_train)
    pb = sub.add_parser("probe", help="Section 2 / 6.1 probes: optimise G against the frozen D of a run")
    pb.add_argument("--run", required=True, help="run directory of gantheory train")
    pb.add_argument("--objective", default="minimax", choices=["minimax", "proximal"])
    pb.add_argument("--iterations", type=int, default=100, help="generator steps (paper: 10000)")
    pb.add_argument("--lam", type=float, default=0.1, help="lambda of eq. (11) (paper: 0.1)")
    pb.add_argument("--inner-steps", type=int, default=50, help="Adam steps of the proximal problem (paper: 50)")
    pb.add_argument("--generator-loss", default="value", choices=["value", "recipe"])
    pb.add_argument("--device", default="auto")
    pb.add_argument("--no-score", action="store_true", help="log no sample-quality score")
    pb.add_argument("--score", action="append", default=None,
                    choices=["sliced-w", "mnist-is", "fashion-is", "inception"],
                    help="sample-quality score (repeatable; default: sliced-w, and mnist-is on MNIST, fashion-is on "
                         "Fashion-MNIST)")
    pb.add_argument("--inception-weights", default=None, help="Inception-v3 weights file for --score inception")
    pb.add_argument("--log-every", type=int, default=10)
    pb.add_argument("--quiet", action="store_true", help="no progress bar")
    pb.set_defaults(func=cmd_probe)
    dg = sub.add_parser("diagnose", help="equilibrium diagnostics of a trained run: duality gaps, Hessian and "
                                         "game-Jacobian spectra")
    dg.add_argument("--run", required=True, help="run directory of gantheory train")
    dg.add_argument("--generator", default=None,
                    help="diagnose (G from this file, D_final), e.g. probe-minimax-generator.pt of a probe")
    dg.add_argument("--eval-size", type=int, default=64, help="fixed evaluation batch (default 64)")
    dg.add_argument("--lanczos-steps", type=int, default=20, help="Lanczos / Arnoldi steps (default 20)")
    dg.add_argument("--gap-steps", type=int, default=50, help="optimiser steps per side of the gap (0: skip)")
    dg.add_argument("--seeds", default="0,1,2", help="seeds of the gap estimates (default 0,1,2)")
    dg.add_argument("--lam", type=float, default=None, help="lambda of eq. (11) (default: the recipe's)")
    dg.add_argument("--no-proximal", action="store_true", help="skip the gap on the proximal objective")
    dg.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda[:N]")
    dg.add_argument("--out", default=None, help="JSON output (default: RUN/diagnostics[-GENERATOR].json)")
    dg.set_defaults(func=cmd_diagnose)
    fg = sub.add_parser("figures", help="regenerate the paper's figures and table (PNG, PDF, data, caption)")
    fg.add_argument("names", nargs="*", help="figure names (default: all; --list shows them)")
    fg.add_argument("--preset", default="quick", choices=["smoke", "quick", "medium", "paper"],
                    help="quick: embedded MNIST on CPU (the committed figures); paper: the paper's sizes on --data; "
                         "smoke: seconds (CI)")
    fg.add_argument("--data", default=None, help="data for the neural figures: mnist-embedded (default) or KIND:DIR")
    fg.add_argument("--out", default="figures", help="output directory (default: figures/)")
    fg.add_argument("--workdir", default=None, help="where the training runs go (default: runs/figures/PRESET)")
    fg.add_argument("--jobs", type=int, default=2, help="training processes at a time (default 2)")
    fg.add_argument("--seed", type=int, default=0)
    fg.add_argument("--inception-weights", default=None, help="Inception-v3 weights: adds the Inception Score")
    fg.add_argument("--list", action="store_true", help="list the figures and the claims they bear on")
    fg.set_defaults(func=cmd_figures)
    sub.add_parser("list", help="list the claim ids").set_defaults(func=cmd_list)
    return p


def cmd_train(args: argparse.Namespace) -> int:
    _need_torch("train")
    from gantheory.neural.run import train_run

    if args.checkpoint_every < 1:
        raise ValueError(f"--checkpoint-every must be >= 1, got {args.checkpoint_every}")
    from gantheory.neural.recipes import parse_override

    overrides = dict(parse_override(item) for item in args.set)
    for clash in ("seed", "proximal", "iterations"):
        if clash in overrides:
            raise ValueError(f"--set {clash}: use the --{clash} option instead")
    res = train_run(args.gan, args.out, proximal=args.proximal, preset=args.preset, iterations=args.iterations,
                    seed=args.seed, data=args.data, resume=args.resume, device=args.device,
                    checkpoint_every=args.checkpoint_every, quiet=args.quiet, overrides=overrides)
    print(json.dumps(res))
    return 0


def cmd_probe(args: argparse.Namespace) -> int:
    _need_torch("probe")
    from gantheory.neural.probes import probe

    if args.log_every < 1:
        raise ValueError(f"--log-every must be >= 1, got {args.log_every}")
    res = probe(args.run, args.objective, args.iterations, lam=args.lam, inner_steps=args.inner_steps,
                generator_loss=args.generator_loss, device=args.device, score=not args.no_score,
                scores=tuple(args.score) if args.score else None, inception_weights=args.inception_weights,
                log_every=args.log_every, quiet=args.quiet)
    print(json.dumps(res))
    return 0


def cmd_diagnose(args: argparse.Namespace) -> int:
    from pathlib import Path

    _need_torch("diagnose")
    try:
        seeds = tuple(int(x) for x in args.seeds.split(","))
    except ValueError:
        raise ValueError(f"--seeds takes comma-separated integers, got {args.seeds!r}") from None
    from gantheory.neural.diagnostics.run import diagnose_run
    from gantheory.neural.run import _device

    res = diagnose_run(args.run, eval_size=args.eval_size, lanczos_steps=args.lanczos_steps,
                       gap_steps=args.gap_steps, seeds=seeds, device=_device(args.device), generator=args.generator,
                       lam=args.lam, proximal=not args.no_proximal)
    stem = "diagnostics" + (f"-{Path(args.generator).stem}" if args.generator else "")
    out = Path(args.out) if args.out else Path(args.run) / f"{stem}.json"
    out.write_text(json.dumps(res, indent=1) + "\n")
    from gantheory.plots.diagnostics import spectra_figure

    fig, _ = spectra_figure({Path(args.run).name + (f" ({args.generator})" if args.generator else ""): res})
    fig.savefig(out.with_suffix(".png"), dpi=110, bbox_inches="tight")
    h = res["hessian"]
    print(f"V = {res['V_eval']:.6g}; H_theta_theta eigenvalues in [{h['generator']['min']:.4g}, "
          f"{h['generator']['max']:.4g}] (negative share {h['generator']['share_negative']:.2f}); H_ww in "
          f"[{h['discriminator']['min']:.4g}, {h['discriminator']['max']:.4g}]; local Nash "
          f"{'ruled out' if h['local_nash']['ruled_out'] else 'not ruled out'}; game Jacobian max |Im| "
          f"{res['game_jacobian']['arnoldi']['max_abs_imag']:.4g}")
    if "duality_gap" in res:
        g = res["duality_gap"]
        line = f"duality gap on V: {g['gap']['mean']:.4g} ± {g['gap']['std']:.2g}"
        if "proximal" in g:
            line += f"; on V_prox (lam {g['proximal']['lam']}): {g['proximal']['gap']['mean']:.4g} ± " \
                    f"{g['proximal']['gap']['std']:.2g}"
        print(line)
    print(f"-> {out} and {out.with_suffix('.png')}")
    return 0


def _need_torch(command: str) -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        raise ValueError(f"gantheory {command} needs the neural extra: pip install torch==2.13.0 (CPU) "
                         "and '.[neural]'") from None


def cmd_figures(args: argparse.Namespace) -> int:
    from gantheory.plots.registry import generate, select

    if args.list:
        for spec in select(args.names or None):
            print(f"{spec.name:24s} [{spec.kind}] {spec.claim}")
        return 0
    cmd = "gantheory figures " + " ".join([*args.names, "--preset", args.preset] +
                                          (["--data", args.data] if args.data else []) +
                                          (["--seed", str(args.seed)] if args.seed else []))
    records = generate(args.names or None, args.preset, args.out, seed=args.seed, data_spec=args.data,
                       workdir=args.workdir, jobs=args.jobs, inception_weights=args.inception_weights, command=cmd,
                       log=lambda m: print(m, file=sys.stderr, flush=True))
    for r in records:
        print(f"{r['figure']}: {r['seconds']} s -> {args.out}/{r['figure']}.png")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from gantheory.claims.registry import ORDER, REGISTRY

    for i in ORDER:
        c = REGISTRY[i]
        print(f"{i:<34} {c.kind:<8} {c.reference}: {c.statement}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except ValueError as e:
        sys.stderr.write(f"gantheory: error: {str(e).splitlines()[0] if str(e) else type(e).__name__}\n")
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
