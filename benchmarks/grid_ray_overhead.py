"""Ray's overhead per grid cell against the serial engine, side by side in one run.

The same cells (Table 1's quick recipe: WGAN-WC, DIM 8, batch 32, regular training, one seed each) run
first with ``--engine serial`` and then with ``--engine ray`` (a local Ray instance with one CPU, so the
cells run one after another there too and only the engine differs), each into a fresh directory. A
cell's own wall time (training and scoring, ``wall_s`` of its record) is measured inside the cell; the
engine's overhead per cell is (engine wall time - sum of the cells' own times) / cells, which keeps the
machine's noise in the training itself out of the comparison. Ray's start-up (``ray.init``) is
measured separately. Writes benchmarks/results/grid_ray_overhead.json with the machine noted.

Usage: python benchmarks/grid_ray_overhead.py [--cells 3] [--iterations 200]   (200: the quick size)
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py

GRID = """
preset = "quick"
iterations = {iterations}
seeds = {cells}
modes = ["regular"]
scores = ["sliced-w", "mnist-is"]
samples = 1000
checkpoint_every = 25
fields = {{ dim = 8 }}

[[recipes]]
gan = "wgan-wc"
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=3)
    ap.add_argument("--iterations", type=int, default=200, help="generator iterations per cell (quick: 200)")
    args = ap.parse_args()
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import ray

    from gantheory.grid.engine import run_grid
    from gantheory.grid.spec import resolve
    from gantheory.neural.metrics.classifier import get_classifier

    get_classifier()  # cached before either engine runs
    tmp = Path(tempfile.mkdtemp(prefix="grid-bench-"))
    gfile = tmp / "bench.toml"
    gfile.write_text(GRID.format(iterations=args.iterations, cells=args.cells))
    spec = resolve(str(gfile), "quick")
    res = {}
    t0 = time.perf_counter()
    ray.init(num_cpus=1, include_dashboard=False, log_to_driver=False)
    ray_init = time.perf_counter() - t0
    for engine in ("serial", "ray"):
        t0 = time.perf_counter()
        out = run_grid(spec, tmp / engine, engine=engine, progress=False)
        total = time.perf_counter() - t0
        cell = [r["wall_s"] for r in out["records"].values()]
        res[engine] = {"total_s": round(total, 3), "cell_wall_s": cell,
                       "overhead_per_cell_s": round((total - sum(cell)) / len(cell), 3)}
    ray.shutdown()
    mean_cell = sum(res["serial"]["cell_wall_s"]) / args.cells
    extra = res["ray"]["overhead_per_cell_s"] - res["serial"]["overhead_per_cell_s"]
    doc = {
        "benchmark": "gantheory grid: Ray's overhead per cell against the serial engine (same cells, one CPU)",
        "machine": machine(),
        "load_average_at_start": os.getloadavg(),
        "cells": args.cells,
        "cell": f"wgan-wc regular, quick preset, DIM 8, batch 32, {args.iterations} generator iterations, "
                "scored on 1000 samples (sliced-w, mnist-is)",
        "size": "quick" if args.iterations == 200 else f"smaller than quick ({args.iterations} of 200 iterations)",
        "ray_init_s": round(ray_init, 3),
        "results": res,
        "ray_extra_overhead_per_cell_s": round(extra, 3),
        "ray_extra_overhead_fraction_of_cell": round(extra / mean_cell, 4),
        "goal_fraction": 0.05,
        "date": time.strftime("%Y-%m-%d"),
    }
    path = Path(__file__).parent / "results" / "grid_ray_overhead.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(doc, indent=1) + "\n")
    print(json.dumps(doc, indent=1))


if __name__ == "__main__":
    main()
