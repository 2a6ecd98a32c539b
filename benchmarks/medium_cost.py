"""CPU cost of one medium-preset run per recipe (1 torch thread): process CPU seconds per generator iteration.

Process CPU time is used instead of the wall time because the machine is shared (the wall time depends on the
load; the CPU time much less). Writes ``benchmarks/results/medium_cost.json`` with the machine noted.

    PYTHONPATH=$PWD OMP_NUM_THREADS=1 python3 benchmarks/medium_cost.py [--iterations 40]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch
from machine import machine  # benchmarks/machine.py

from gantheory.neural.data import embedded_mnist
from gantheory.neural.recipes import make_recipe
from gantheory.neural.train import Trainer


def measure(gan: str, iterations: int, proximal: bool = False) -> dict:
    ds = embedded_mnist()
    r = make_recipe(gan, "mnist", "medium", proximal=proximal)
    tr = Trainer(r, torch.from_numpy(ds.train))
    for _ in range(3):  # warm-up
        tr.step()
    c0, w0 = time.process_time(), time.perf_counter()
    for _ in range(iterations):
        tr.step()
    cpu = (time.process_time() - c0) / iterations
    return {"recipe": gan, "proximal": proximal, "n_critic": r.n_critic, "batch_size": r.batch_size, "dim": r.dim,
            "preset_iterations": r.iterations, "cpu_s_per_iteration": round(cpu, 4),
            "wall_s_per_iteration_on_shared_machine": round((time.perf_counter() - w0) / iterations, 4),
            "cpu_minutes_per_run": round(cpu * r.iterations / 60, 2)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--iterations", type=int, default=40)
    ap.add_argument("--out", default=str(Path(__file__).parent / "results" / "medium_cost.json"))
    a = ap.parse_args()
    torch.set_num_threads(1)
    rows = [measure(g, a.iterations) for g in ("wgan-gp", "sn-gan", "wgan-wc")]
    rows += [measure(g, max(5, a.iterations // 8), proximal=True) for g in ("sn-gan", "wgan-wc")]
    res = {"machine": {**machine(), "note": "shared by other jobs; 1 torch thread"},
           "torch": torch.__version__, "iterations_timed": a.iterations, "rows": rows}
    Path(a.out).parent.mkdir(parents=True, exist_ok=True)
    Path(a.out).write_text(json.dumps(res, indent=1) + "\n")
    print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
