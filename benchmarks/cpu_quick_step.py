"""CPU quick-preset training speed, before and after the fast-path step, side by side in one run.

"Before" is the Trainer of commit 6162b8c (per-step float() reads, CPU generator, two forward passes of
D on the real batch per Algorithm 1 inner step plus an end evaluation), extracted with ``git archive``
into a temporary directory; "after" is this working tree. Each measurement runs in its own subprocess
(the two versions are both called ``gantheory``), rounds alternate before/after, and the median over
rounds is reported. Recipes: the quick preset (MNIST sizes, DIM 16, batch 32, 5 critic steps, T = 20) of
wgan-gp, wgan-wc and sn-gan, regular and proximal, on random MNIST-shaped data, one torch thread.
Writes benchmarks/results/cpu_quick_step.json with the machine noted.

Usage: python benchmarks/cpu_quick_step.py [--rounds 3] [--steps 8] [--prox-steps 2] [--before REV]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py

ROOT = Path(__file__).resolve().parents[1]
CASES = [(gan, prox) for prox in (False, True) for gan in ("wgan-gp", "wgan-wc", "sn-gan")]

WORKER = r"""
import json, sys, time
import torch
torch.set_num_threads(1)
from gantheory.neural.recipes import make_recipe
from gantheory.neural.train import Trainer
gan, prox, steps = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3])
data = torch.rand(2000, 1, 28, 28, generator=torch.Generator().manual_seed(0))
tr = Trainer(make_recipe(gan, "mnist", "quick", proximal=prox), data)
tr.step(); tr.step()
t0 = time.perf_counter()
for _ in range(steps):
    tr.step()
print(json.dumps({"seconds_per_iteration": (time.perf_counter() - t0) / steps}))
"""


def measure(src: Path, gan: str, prox: bool, steps: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", WORKER, gan, "1" if prox else "0", str(steps)], cwd=src, env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["seconds_per_iteration"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--steps", type=int, default=8, help="timed iterations per regular measurement")
    ap.add_argument("--prox-steps", type=int, default=2, help="timed iterations per proximal measurement")
    ap.add_argument("--before", default="6162b8c", help="git revision of the 'before' Trainer")
    ap.add_argument("--cases", default=None, help="comma-separated subset, e.g. 'wgan-gp,sn-gan proximal'")
    ap.add_argument("--out", default=str(ROOT / "benchmarks" / "results" / "cpu_quick_step.json"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        before = Path(tmp)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.before, "gantheory"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(before)], input=archive, check=True)
        times: dict[str, dict[str, list[float]]] = {}
        wanted = None if args.cases is None else {c.strip() for c in args.cases.split(",")}
        for r in range(args.rounds):
            for gan, prox in CASES:
                key = f"{gan}{' proximal' if prox else ''}"
                if wanted is not None and key not in wanted:
                    continue
                steps = args.prox_steps if prox else args.steps
                pair = [("before", before), ("after", ROOT)] if r % 2 == 0 else [("after", ROOT), ("before", before)]
                for name, src in pair:
                    times.setdefault(key, {}).setdefault(name, []).append(measure(src, gan, prox, steps))
                print(key, {k: round(v[-1], 4) for k, v in times[key].items()}, flush=True)
    rows = {}
    for key, t in times.items():
        b, a = statistics.median(t["before"]), statistics.median(t["after"])
        rows[key] = {"before_it_per_s": round(1 / b, 3), "after_it_per_s": round(1 / a, 3),
                     "speedup_after_over_before": round(b / a, 3),
                     "seconds_per_iteration": {k: [round(x, 4) for x in v] for k, v in t.items()}}
    res = {"benchmark": "quick preset (MNIST sizes, DIM 16, batch 32, n_critic 5, T 20), CPU, 1 torch thread, "
                        f"before = {args.before}, after = working tree, alternating subprocess rounds (median)",
           "machine": machine(), "rounds": args.rounds, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "note": "2 CPU cores shared with other jobs while measuring: the ratios (same round, alternating order) "
                   "are the result, absolute it/s are indicative",
           "results": rows}
    Path(args.out).write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps({k: {kk: v[kk] for kk in ("before_it_per_s", "after_it_per_s", "speedup_after_over_before")}
                      for k, v in rows.items()}, indent=2))


if __name__ == "__main__":
    main()
