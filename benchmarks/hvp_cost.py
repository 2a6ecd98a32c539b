"""Cost of one Hessian-vector product of V (gantheory.neural.diagnostics.hvp) relative to one gradient of V, for
the generator block (grad^2_theta theta V) and the discriminator block (grad^2_ww V) of the MNIST DC-GAN, at the
quick preset's sizes (DIM 16, batch 32) and the paper's MNIST width (DIM 64, batch 50), WGAN-GP recipe (no batch
norm) and WGAN-WC recipe (batch norm in G and D), side by side in one run, interleaved repeats, medians.

Timed, each on the same fixed evaluation batch:
* gradient: forward + backward of V w.r.t. the block;
* HVP (autograd, fresh): forward + backward with create_graph + one more backward (an HVP from scratch);
* HVP (autograd, cached): the one extra backward through a gradient graph built once (a Lanczos step's cost);
* HVP (func): torch.func.jvp(torch.func.grad(f)) on the flat parameter vector.
Goal: an HVP costs at most 2.5x a gradient. Writes benchmarks/results/hvp_cost.json with the machine noted.
"""

from __future__ import annotations

import json
import statistics
import time
from pathlib import Path

import torch
from machine import machine  # benchmarks/machine.py

from gantheory.neural.diagnostics.run import neural_problem
from gantheory.neural.recipes import make_recipe
from gantheory.neural.train import Trainer

GOAL = 2.5


def timed(fn, reps: int) -> float:
    t0 = time.perf_counter()
    for _ in range(reps):
        fn()
    return (time.perf_counter() - t0) / reps


def case(gan: str, dim: int, batch: int, repeats: int, reps: int) -> dict:
    torch.manual_seed(0)
    data = torch.rand(500, 1, 28, 28, generator=torch.Generator().manual_seed(0))
    tr = Trainer(make_recipe(gan, "mnist", "quick", dim=dim, batch_size=batch), data)
    tr.step()
    tr.step()
    _, fns = neural_problem(tr, batch, eval_seed=0)
    out = {"recipe": gan, "dim": dim, "batch": batch, "params": {"G": fns.n_theta, "D": fns.n_w}}
    for block in ("G", "D"):
        v = torch.randn(fns.size(block), generator=torch.Generator().manual_seed(1))
        params = fns.params(block)
        fns.clear_cache()
        fns.hvp(block, v)  # build the cached graph

        fns_ = {
            "gradient": lambda ps=params: torch.autograd.grad(fns.value(), ps),
            "hvp_autograd_fresh": lambda b=block, x=v: fns.hvp(b, x, cached=False),
            "hvp_autograd_cached": lambda b=block, x=v: fns.hvp(b, x),
            "hvp_func": lambda b=block, x=v: fns.hvp(b, x, mode="func"),
        }
        for f in fns_.values():  # warm-up
            f()
        times = {k: [] for k in fns_}
        for _ in range(repeats):
            for k, f in fns_.items():
                times[k].append(timed(f, reps))
        med = {k: statistics.median(t) for k, t in times.items()}
        ratio = {k: round(s / med["gradient"], 3) for k, s in med.items() if k != "gradient"}
        out[block] = {"seconds": {k: round(s, 6) for k, s in med.items()}, "ratio_to_gradient": ratio}
        fns.clear_cache()
    return out


def main() -> None:
    torch.set_num_threads(2)
    cases = [case("wgan-gp", 16, 32, 7, 5), case("wgan-wc", 16, 32, 7, 5),
             case("wgan-gp", 64, 50, 5, 2), case("wgan-wc", 64, 50, 5, 2)]
    worst = {k: max(c[b]["ratio_to_gradient"][k] for c in cases for b in ("G", "D"))
             for k in ("hvp_autograd_fresh", "hvp_autograd_cached", "hvp_func")}
    out = {"benchmark": "one Hessian-vector product of V vs one gradient of V (same block, same fixed batch), MNIST "
                        "DC-GAN, CPU 2 threads, medians of interleaved repeats",
           "machine": machine(), "torch": torch.__version__, "device": "cpu", "cases": cases,
           "worst_ratio": worst, "goal_ratio": GOAL,
           "goal_met": {k: r <= GOAL for k, r in worst.items()},
           "note": "Lanczos/Arnoldi use the cached autograd HVP (graph of the gradient built once per block); "
                   "no GPU was lent to this task, so the on-device numbers are not measured here",
           "date": time.strftime("%Y-%m-%d")}
    path = Path(__file__).parent / "results" / "hvp_cost.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
