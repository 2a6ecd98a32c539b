"""Command line: ``gantheory check [ID ...] [--json] [--set key=value ...]`` and the other subcommands.

Exit status of every subcommand: 0 when nothing is refuted, 1 when a claim of the paper is refuted, 2 on
bad input or an unusable file or path (:class:`gantheory._validation.InputError` or ``OSError``: one line on
stderr naming it, no traceback), 3 on an internal error, any other exception included (one line that names
``--debug``; ``--debug`` prints the traceback). No other path prints a traceback.

The modules that import torch (``gantheory.neural``'s training, probes and diagnostics) are imported by the
subcommands that need them, so that ``gantheory --help`` and ``gantheory check`` never load torch.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

import gantheory.proofs as proofs
from gantheory import __version__
from gantheory._validation import InputError
from gantheory.claims.registry import ORDER, REGISTRY, provenance, run_claims
from gantheory.files import check_output_file, run_files, write_atomic
from gantheory.grid.engine import choose_engine, run_grid
from gantheory.grid.results import write_results
from gantheory.grid.spec import check_size, resolve
from gantheory.grid.sweep import parse_axis, run_sweep
from gantheory.neural.probes import probe
from gantheory.neural.run import _device, train_run
from gantheory.neural.threads import configure_torch_threads
from gantheory.plots.diagnostics import spectra_figure
from gantheory.plots.registry import generate
from gantheory.plots.registry import select as select_figures


class _Parser(argparse.ArgumentParser):
    #: a callable returning the epilog, evaluated only when the help is printed (keeps imports lazy)
    lazy_epilog = None

    def error(self, message: str) -> None:  # one line, exit status 2
        sys.stderr.write(f"gantheory: error: {message}\n")
        raise SystemExit(2)

    def format_help(self) -> str:
        if self.lazy_epilog is not None and self.epilog is None:
            self.epilog = self.lazy_epilog()
        return super().format_help()


def domains_text() -> str:
    """Each claim's supported parameter domain, one claim a line (``check --help``, ``list``)."""
    lines = ["supported parameter domains (a --set value outside them exits 2):"]
    for i in ORDER:
        lines.append(f"  {i}: {REGISTRY[i].domain_text()}")
    return "\n".join(lines)


def key_numbers(r: dict[str, Any]) -> list[str]:
    """The table's lines for one result: its claim's summary of the metrics (``-`` when it has none)."""
    claim = REGISTRY.get(r["id"])
    text = claim.summary(r["metrics"]) if claim is not None and claim.summary is not None else ""
    return text.split("\n") if text else ["-"]


def render_table(results: list[dict[str, Any]]) -> str:
    """The ``gantheory check`` table: verdict, seconds and summary per result, then its statement and notes."""
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
    """Run the proof modules of :mod:`gantheory.proofs` (all, or those whose result id is given)."""
    mods = {}
    for name in proofs.ALL:
        try:
            mods[name] = importlib.import_module(f"{proofs.__name__}.{name}")
        except ModuleNotFoundError as e:
            raise InputError(f"proof module proofs/{name}.py is missing ({e})") from None
    by_id = {m.PROOF.id: m.PROOF for m in mods.values()}
    if ids:
        for i in ids:
            if i not in by_id:
                raise InputError(f"unknown proof id {i!r}; known: {', '.join(by_id)}")
        chosen = [by_id[i] for i in dict.fromkeys(ids)]
    else:
        chosen = list(by_id.values())
    return [p.run(known_claims=REGISTRY) for p in chosen]


def cmd_proofs(args: argparse.Namespace) -> int:
    results = run_proofs(args.ids)
    if args.json:
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
    p = _Parser(prog="gantheory", description="Check the claims of Farnia & Ozdaglar (ICML 2020) by computation.",
                epilog="Exit status: 0 nothing refuted, 1 a claim refuted, 2 bad input or an unusable file or path, "
                       "3 internal error (rerun with --debug for the traceback).")
    p.add_argument("--version", action="version", version=f"gantheory {__version__}")
    p.add_argument("--debug", action="store_true", help="print the traceback of an error")
    common = _Parser(add_help=False)
    common.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="print the traceback of an error")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    c = sub.add_parser("check", help="evaluate claims and print verdicts", parents=[common],
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.lazy_epilog = domains_text
    c.add_argument("ids", nargs="*", help="claim ids (default: all)")
    c.add_argument("--json", action="store_true", help="print JSON instead of a table")
    c.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a parameter (sigma, t, eta, dim, latent_dim, rho, tol, seed) within the "
                        "claim's domain (listed below); CLAIM.KEY=VALUE for one claim")
    c.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPU count)")
    c.set_defaults(func=cmd_check)
    pr = sub.add_parser("proofs", help="run the sympy-checked proofs of proofs/", parents=[common])
    pr.add_argument("ids", nargs="*", help="proof ids (default: all)")
    pr.add_argument("--json", action="store_true", help="print JSON instead of a table")
    pr.set_defaults(func=cmd_proofs)
    tr = sub.add_parser("train", help="train a DC-GAN recipe (regular or proximal, Algorithm 1)", parents=[common])
    tr.add_argument("--gan", required=True, choices=["wgan-wc", "wgan-gp", "sn-gan", "wgan-sn"],
                    help="the recipe: WGAN with weight clipping or gradient penalty, SN-GAN, or WGAN with "
                         "spectral normalisation")
    tr.add_argument("--proximal", action="store_true", help="proximal training (Algorithm 1)")
    tr.add_argument("--preset", default="quick", choices=["quick", "medium", "paper"],
                    help="quick: small CPU sizes (default); medium: the smallest MNIST sizes at which the recipes "
                         "learn digits (docs/recipes.md); paper: the paper's sizes")
    tr.add_argument("--iterations", type=int, default=None,
                    help="generator iterations (default: the preset's; with --resume: the run's planned length, "
                         "which this may only extend)")
    tr.add_argument("--out", required=True, help="run directory (must be empty or new unless --resume)")
    tr.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    tr.add_argument("--data", default=None, help="mnist-embedded (default), fashion-mnist or KIND:DIR")
    tr.add_argument("--resume", action="store_true", help="continue the run in --out from its checkpoint.pt")
    tr.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda[:N]")
    tr.add_argument("--checkpoint-every", type=int, default=50, metavar="N",
                    help="write checkpoint.pt every N iterations (default 50), and also after every "
                         "--checkpoint-seconds, at the start and at the end")
    tr.add_argument("--checkpoint-seconds", type=float, default=60.0, metavar="S",
                    help="write checkpoint.pt when S seconds have passed since the last one (default 60)")
    tr.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                    help="override a recipe field, e.g. dim=32, lam=0.1, inner_steps=20 (repeatable)")
    tr.add_argument("--quiet", action="store_true", help="no progress bar")
    tr.add_argument("--precision", default="auto", choices=["auto", "fp32", "tf32", "bf16"],
                    help="auto: tf32 on CUDA, fp32 on the CPU; bf16: autocast (recorded in config.json)")
    tr.add_argument("--channels-last", action="store_true", help="NHWC memory format for models and data")
    tr.add_argument("--optimizer-impl", default="default", choices=["default", "foreach", "fused"],
                    help="torch optimiser implementation (fused: Adam only; RMSprop uses foreach)")
    tr.add_argument("--cuda-graphs", action="store_true",
                    help="record each step as a CUDA graph and replay it (CUDA only; off by default)")
    tr.set_defaults(func=cmd_train)
    pb = sub.add_parser("probe", help="Section 2 / 6.1 probes: optimise G against the frozen D of a run",
                        parents=[common])
    pb.add_argument("--run", required=True, help="run directory of gantheory train")
    pb.add_argument("--objective", default="minimax", choices=["minimax", "proximal"],
                    help="minimax: G against V(G, D_final) (Section 2); proximal: against the proximal objective "
                         "(11) (Section 6.1)")
    pb.add_argument("--iterations", type=int, default=100, help="generator steps (paper: 10000)")
    pb.add_argument("--lam", type=float, default=0.1, help="lambda of eq. (11) (paper: 0.1)")
    pb.add_argument("--inner-steps", type=int, default=50, help="Adam steps of the proximal problem (paper: 50)")
    pb.add_argument("--generator-loss", default="value", choices=["value", "recipe"],
                    help="value: G minimises V itself (default); recipe: the recipe's generator loss")
    pb.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda[:N]")
    pb.add_argument("--no-score", action="store_true", help="log no sample-quality score")
    pb.add_argument("--score", action="append", default=None,
                    choices=["sliced-w", "mnist-is", "fashion-is", "inception"],
                    help="sample-quality score (repeatable; default: sliced-w, and mnist-is on MNIST, fashion-is on "
                         "Fashion-MNIST)")
    pb.add_argument("--inception-weights", default=None, help="Inception-v3 weights file for --score inception")
    pb.add_argument("--log-every", type=int, default=10, metavar="N", help="log every N steps (default 10)")
    pb.add_argument("--quiet", action="store_true", help="no progress bar")
    pb.set_defaults(func=cmd_probe)
    dg = sub.add_parser("diagnose", help="equilibrium diagnostics of a trained run: duality gaps, Hessian and "
                                         "game-Jacobian spectra", parents=[common])
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
    dg.add_argument("--out", default=None, help="JSON output (default: RUN/diagnostics[-GENERATOR].json; "
                                               "a PNG of the spectra goes beside it)")
    dg.add_argument("--quiet", action="store_true", help="no stage / progress lines")
    dg.set_defaults(func=cmd_diagnose)
    fg = sub.add_parser("figures", help="regenerate the paper's figures and table (PNG, PDF, data, caption)",
                        parents=[common])
    fg.add_argument("names", nargs="*", help="figure names (default: all; --list shows them)")
    fg.add_argument("--preset", default="quick", choices=["smoke", "quick", "medium", "paper"],
                    help="quick: embedded MNIST on CPU (the committed figures); paper: the paper's sizes on --data; "
                         "smoke: seconds (CI)")
    fg.add_argument("--data", default=None, help="data for the neural figures: mnist-embedded (default) or KIND:DIR")
    fg.add_argument("--out", default="figures", help="output directory (default: figures/)")
    fg.add_argument("--workdir", default=None, help="where the training runs go (default: runs/figures/PRESET)")
    fg.add_argument("--jobs", type=int, default=2, help="training processes at a time (default 2)")
    fg.add_argument("--seed", type=int, default=0, help="random seed of the training runs (default 0)")
    fg.add_argument("--inception-weights", default=None, help="Inception-v3 weights: adds the Inception Score")
    fg.add_argument("--list", action="store_true", help="list the figures and the claims they bear on")
    fg.add_argument("--quiet", action="store_true", help="no stage / progress lines")
    fg.set_defaults(func=cmd_figures)
    sub.add_parser("list", help="list the claim ids, statements and parameter domains",
                   parents=[common]).set_defaults(func=cmd_list)
    add_grid_parsers(sub, [common])
    return p


def add_grid_parsers(sub, parents: tuple = ()) -> None:
    """``gantheory grid`` and ``gantheory sweep`` (gantheory.grid); ``parents``: shared option parsers."""
    gr = sub.add_parser("grid", help="run the experiment grid (Table 1, the probes, or a TOML grid file) serially "
                                     "or as fault-tolerant Ray tasks", parents=list(parents))
    gr.add_argument("name", help="table1, probes, or a TOML grid file")
    gr.add_argument("--size", default="smoke", help="smoke (seconds, CI), quick, medium or paper (default: smoke)")
    gr.add_argument("--seeds", type=int, default=None, help="number of seeds, from 0 (default: the size's)")
    gr.add_argument("--data", default=None, help="mnist-embedded (default) or KIND:DIR")
    gr.add_argument("--out", required=True, help="output directory (runs/, cells/, grid.csv, tables)")
    gr.add_argument("--engine", default="auto", choices=["auto", "ray", "serial"],
                    help="auto: Ray when installed, else serial")
    gr.add_argument("--address", default=None, help="Ray address, e.g. auto for a running 'ray start --head' "
                                                    "(default: a local Ray instance)")
    gr.add_argument("--gpus-per-run", type=float, default=0.0, help="GPU fraction per run (Ray), e.g. 0.25")
    gr.add_argument("--cpus-per-run", type=int, default=1, help="CPUs and torch threads per run (default 1)")
    gr.add_argument("--max-retries", type=int, default=3, help="retries of a task whose worker died (default 3)")
    gr.add_argument("--device", default="auto", help="auto (CUDA when the worker has one), cpu or cuda")
    gr.add_argument("--quiet", action="store_true", help="no progress lines")
    gr.set_defaults(func=cmd_grid)
    sw = sub.add_parser("sweep", help="evaluate a claim's metrics over a parameter grid (CSV and a plot)",
                        parents=list(parents))
    sw.add_argument("claim", help="claim id (gantheory list)")
    sw.add_argument("--grid", action="append", default=[], metavar="KEY=START:STOP:N[:log]",
                    help="a swept parameter: N points from START to STOP (evenly, or geometrically with :log), or "
                         "KEY=V1,V2,... (repeatable; one key gives a line plot, two a heat map)")
    sw.add_argument("--set", action="append", default=[], metavar="KEY=VALUE", help="fix another parameter")
    sw.add_argument("--metric", default=None, help="metric to plot (default: the claim's first numeric metric)")
    sw.add_argument("--out", required=True, help="output directory (sweep.csv, sweep.png)")
    sw.add_argument("--engine", default="auto", choices=["auto", "ray", "serial"],
                    help="auto: Ray when installed, else serial")
    sw.add_argument("--address", default=None, help="Ray address (default: a local Ray instance)")
    sw.set_defaults(func=cmd_sweep)


def cmd_grid(args: argparse.Namespace) -> int:
    _need_torch("grid")
    check_size(args.size)
    engine = choose_engine(args.engine)
    spec = resolve(args.name, args.size, args.seeds, args.data)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} exists and is not a directory")
    res = run_grid(spec, out, engine=engine, address=args.address, gpus_per_run=args.gpus_per_run,
                   cpus_per_run=args.cpus_per_run, max_retries=args.max_retries, device=args.device,
                   progress=not args.quiet)
    paths = write_results(spec, out, res["records"])
    print(f"grid {spec.name}: {len(spec.cells)} cells ({res['reused']} reused) on {res['engine']} in "
          f"{res['seconds']:.1f} s -> " + ", ".join(str(p) for p in paths))
    return 0


def cmd_sweep(args: argparse.Namespace) -> int:
    axes = [parse_axis(g) for g in args.grid]
    res = run_sweep(args.claim, axes, args.set, out=args.out, metric=args.metric, engine=args.engine,
                    address=args.address)
    print(f"sweep {args.claim}: {res['points']} points on {res['engine']} in {res['seconds']:.1f} s -> "
          + ", ".join(res["files"]))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    _need_torch("train")
    from gantheory.neural.recipes import parse_override

    overrides = dict(parse_override(item) for item in args.set)
    for clash in ("seed", "proximal", "iterations"):
        if clash in overrides:
            raise InputError(f"--set {clash}: use the --{clash} option instead")
    res = train_run(args.gan, args.out, proximal=args.proximal, preset=args.preset, iterations=args.iterations,
                    seed=args.seed, data=args.data, resume=args.resume, device=args.device,
                    checkpoint_every=args.checkpoint_every, checkpoint_seconds=args.checkpoint_seconds,
                    quiet=args.quiet, overrides=overrides,
                    execution={"precision": args.precision, "channels_last": args.channels_last,
                               "optimizer_impl": args.optimizer_impl, "cuda_graphs": args.cuda_graphs})
    print(json.dumps(res))
    return 0


def cmd_probe(args: argparse.Namespace) -> int:
    _need_torch("probe")
    if args.log_every < 1:
        raise InputError(f"--log-every must be >= 1, got {args.log_every}")
    res = probe(args.run, args.objective, args.iterations, lam=args.lam, inner_steps=args.inner_steps,
                generator_loss=args.generator_loss, device=args.device, score=not args.no_score,
                scores=tuple(args.score) if args.score else None, inception_weights=args.inception_weights,
                log_every=args.log_every, quiet=args.quiet)
    print(json.dumps(res))
    return 0


def diagnose_outputs(run: str, generator: str | None, out: str | None) -> tuple:
    """The JSON and PNG paths of ``gantheory diagnose``, checked before any computation: writable, and none of
    the run's own files (checkpoint, config, metrics, probe logs, generator files, sample grids)."""
    rd = Path(run)
    stem = "diagnostics" + (f"-{Path(generator).stem}" if generator else "")
    path = Path(out) if out else rd / f"{stem}.json"
    if path.suffix.lower() == ".png":
        raise InputError(f"--out {path}: give the JSON path; the PNG of the spectra is written beside it")
    protect = run_files(rd)
    if rd.is_dir():
        protect += tuple(sorted(rd.glob("samples_*.png"))) + tuple(sorted(rd.glob("probe-*.png")))
    if generator:
        g = Path(generator)
        protect += (g, rd / g)
    json_path = check_output_file(path, "--out", protect)
    png_path = check_output_file(path.with_suffix(".png"), "--out (its PNG)", protect)
    return json_path, png_path


def cmd_diagnose(args: argparse.Namespace) -> int:
    _need_torch("diagnose")
    try:
        seeds = tuple(int(x) for x in args.seeds.split(","))
    except ValueError:
        raise InputError(f"--seeds takes comma-separated integers, got {args.seeds!r}") from None
    from gantheory.neural.diagnostics.run import diagnose_run

    out, png = diagnose_outputs(args.run, args.generator, args.out)
    res = diagnose_run(args.run, eval_size=args.eval_size, lanczos_steps=args.lanczos_steps,
                       gap_steps=args.gap_steps, seeds=seeds, device=_device(args.device), generator=args.generator,
                       lam=args.lam, proximal=not args.no_proximal, quiet=args.quiet)
    from gantheory.neural.diagnostics.run import json_safe

    write_atomic(out, json.dumps(json_safe(res), indent=1, allow_nan=False) + "\n")
    fig, _ = spectra_figure({Path(args.run).name + (f" ({args.generator})" if args.generator else ""): res})
    fig.savefig(png, dpi=110, bbox_inches="tight")
    h = res["hessian"]
    print(f"V = {_num(res['V_eval'])}; H_theta_theta eigenvalues in [{_num(h['generator']['min'])}, "
          f"{_num(h['generator']['max'])}] (negative share {_num(h['generator']['share_negative'])}); H_ww in "
          f"[{_num(h['discriminator']['min'])}, {_num(h['discriminator']['max'])}]; local Nash "
          f"{'ruled out' if h['local_nash']['ruled_out'] else 'not ruled out'}; game Jacobian max |Im| "
          f"{_num(res['game_jacobian']['arnoldi']['max_abs_imag'])}")
    if "duality_gap" in res:
        g = res["duality_gap"]
        line = f"duality gap on V: {_num(g['gap']['mean'])} ± {_num(g['gap']['std'])}"
        if "proximal" in g:
            line += f"; on V_prox (lam {_num(g['proximal']['lam'])}): {_num(g['proximal']['gap']['mean'])} ± " \
                    f"{_num(g['proximal']['gap']['std'])}"
        print(line)
    print(f"-> {out} and {png}")
    return 0


def _num(x: Any) -> str:
    """A summary number with 4 significant digits whatever its scale (0.0008 prints as 0.0008, not 0.00)."""
    try:
        return f"{float(x):.4g}"
    except (TypeError, ValueError):
        return str(x)


def _need_torch(command: str) -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        raise InputError(f"gantheory {command} needs the neural extra: pip install torch==2.13.0 (CPU) "
                         "and '.[neural]'") from None
    configure_torch_threads()


def cmd_figures(args: argparse.Namespace) -> int:
    if args.list:
        for spec in select_figures(args.names or None):
            print(f"{spec.name:24s} [{spec.kind}] {spec.claim}")
        return 0
    cmd = "gantheory figures " + " ".join([*args.names, "--preset", args.preset] +
                                          (["--data", args.data] if args.data else []) +
                                          (["--seed", str(args.seed)] if args.seed else []))
    records = generate(args.names or None, args.preset, args.out, seed=args.seed, data_spec=args.data,
                       workdir=args.workdir, jobs=args.jobs, inception_weights=args.inception_weights, command=cmd,
                       log=None if args.quiet else (lambda m: print(m, file=sys.stderr, flush=True)),
                       progress=not args.quiet)
    for r in records:
        print(f"{r['figure']}: {r['seconds']} s -> {args.out}/{r['figure']}.png")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    for i in ORDER:
        c = REGISTRY[i]
        print(f"{i:<34} {c.kind:<8} {c.reference}: {c.statement}")
        print(f"{'':<34} {'':<8} domain: {c.domain_text()}")
    return 0


def _one_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


_MAIN_PID = os.getpid()


def _on_signal(signum, frame):
    """SIGINT / SIGTERM: the main process unwinds like Ctrl-C (atomic writes remove their temporary files, exit
    130); a forked worker process (``check --jobs``) inherits this handler and leaves quietly, without the
    traceback Python would print for an idle worker."""
    if os.getpid() != _MAIN_PID:
        os._exit(130)
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0, 1, 2 or 3; 130 when interrupted)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    debug = bool(getattr(args, "debug", False))
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    global _MAIN_PID
    old = {}
    if threading_main():
        _MAIN_PID = os.getpid()
        for sig in (signal.SIGINT, signal.SIGTERM):
            old[sig] = signal.signal(sig, _on_signal)
    try:
        return args.func(args)
    except InputError as e:  # bad input: parameters, files and paths are checked before the work starts
        if debug:
            traceback.print_exc()
        sys.stderr.write(f"gantheory: error: {_one_line(e)}\n")
        return 2
    except BrokenPipeError:  # the reader of stdout went away (e.g. | head): nothing is wrong here
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 -- silences the flush at exit
        except OSError:
            pass
        return 0
    except OSError as e:  # an unusable file or path met during the work (disk full, permissions, ...)
        if debug:
            traceback.print_exc()
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        sys.stderr.write(f"gantheory: error: {where}{e.strerror or _one_line(e)}\n")
        return 2
    except MemoryError as e:  # a request too large for this machine that no up-front estimate caught
        if debug:
            traceback.print_exc()
        sys.stderr.write(f"gantheory: error: out of memory ({_one_line(e)}); reduce the size of the request "
                         "(dim, batch size, steps)\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("gantheory: interrupted\n")
        return 130
    except Exception as e:  # anything else is a bug of gantheory: one line, the traceback only with --debug
        if debug:
            traceback.print_exc()
        sys.stderr.write(f"gantheory: internal error ({type(e).__name__}: {_one_line(e)}); rerun with --debug "
                         "for the traceback\n")
        return 3
    finally:
        for sig, handler in old.items():
            signal.signal(sig, handler)


def threading_main() -> bool:
    """Whether this is the main thread (only there can signal handlers be installed)."""
    return threading.current_thread() is threading.main_thread()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
