"""Cost of one proximal outer iteration (Algorithm 1, T inner steps + one generator step) against T
WGAN-GP critic steps plus one generator step, side by side on the same model and batch (CPU, quick
sizes), interleaved repeats; and the quick preset's iterations per second. Writes
benchmarks/results/proximal_step_cost.json with the machine noted. Goal: ratio <= 0.9.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import torch
from machine import machine  # benchmarks/machine.py

from gantheory.neural.recipes import make_recipe
from gantheory.neural.train import Trainer


def timed(fn, reps: int) -> float:
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t0) / reps


def main() -> None:
    torch.set_num_threads(2)
    T = 20
    data = torch.rand(2000, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    reg = Trainer(make_recipe("wgan-gp", "mnist", "quick", n_critic=T), data)
    prox = Trainer(make_recipe("wgan-gp", "mnist", "quick", proximal=True, inner_steps=T), data)
    quick = Trainer(make_recipe("wgan-gp", "mnist", "quick"), data)
    for tr in (reg, prox, quick):
        tr.step()
        tr.step()
    r_times, p_times, q_times = [], [], []
    for _ in range(5):
        r_times.append(timed(reg.step, 2))
        p_times.append(timed(prox.step, 2))
        q_times.append(timed(quick.step, 3))
    r, p = statistics.median(r_times), statistics.median(p_times)
    out = {"benchmark": f"proximal outer iteration (T={T}) vs T WGAN-GP critic steps + 1 generator step, "
                        "MNIST quick sizes (DIM 16, batch 32), CPU 2 threads",
           "machine": machine(), "torch": torch.__version__,
           "seconds_regular": round(r, 4), "seconds_proximal": round(p, 4),
           "ratio_proximal_over_regular": round(p / r, 3),
           "goal_ratio": 0.9, "goal_met": p / r <= 0.9,
           "quick_preset_it_per_s": round(1 / statistics.median(q_times), 3),
           "note": "the penalty recomputes D(x_real) for its input gradients (not shared with the loss yet)",
           "date": time.strftime("%Y-%m-%d")}
    path = Path(__file__).parent / "results" / "proximal_step_cost.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
