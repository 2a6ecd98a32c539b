"""The experiment-grid subcommands of the command line: ``gantheory grid`` and ``gantheory sweep``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from gantheory._validation import InputError
from gantheory.cli.neural import need_torch
from gantheory.grid.engine import choose_engine, run_grid
from gantheory.grid.results import write_results
from gantheory.grid.spec import check_size, resolve
from gantheory.grid.sweep import parse_axis, run_sweep


def add_grid_parsers(sub: Any, parents: tuple = ()) -> None:
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
    need_torch("grid")
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
