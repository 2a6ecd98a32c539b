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
from typing import Any

import gantheory.proofs as proofs
from gantheory import __version__
from gantheory._validation import InputError
from gantheory.claims.registry import ORDER, REGISTRY, provenance, run_claims
from gantheory.cli.grid import add_grid_parsers
from gantheory.cli.neural import add_neural_parsers
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
    add_neural_parsers(sub, [common])
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
