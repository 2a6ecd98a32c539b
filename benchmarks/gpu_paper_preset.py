"""Paper-preset training speed on one GPU (issue 5's device check): WGAN-GP, regular and proximal
(Algorithm 1, T = 20), CIFAR-variant models (DIM 128, batch 64, 5 critic steps) on generated data.

Measures iterations per second (after warm-up, torch.cuda.synchronize around the timed loop) and the
peak GPU memory, and writes gpu_paper_preset.json to $OUT (or benchmarks/results/). It needs only
torch and this repository (no POT / cvxpy). Usage: python benchmarks/gpu_paper_preset.py [--seconds S]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch  # noqa: E402

from gantheory.neural.recipes import make_recipe  # noqa: E402
from gantheory.neural.train import Trainer  # noqa: E402


def bench(proximal: bool, device: str, seconds: float, warmup: int) -> dict:
    r = make_recipe("wgan-gp", "cifar", "paper", proximal=proximal)
    g = torch.Generator(device="cpu").manual_seed(0)
    data = torch.rand(5000, 3, 32, 32, generator=g) * 2 - 1
    tr = Trainer(r, data, device)
    for _ in range(warmup):
        tr.step()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
        torch.cuda.reset_peak_memory_stats()
    n, t0 = 0, time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        tr.step()
        n += 1
        if device.startswith("cuda") and n % 10 == 0:
            torch.cuda.synchronize()
    if device.startswith("cuda"):
        torch.cuda.synchronize()
    dt = time.perf_counter() - t0
    out = {"proximal": proximal, "iterations": n, "seconds": round(dt, 3), "it_per_s": round(n / dt, 3),
           "hours_for_200k": round(200_000 / (n / dt) / 3600, 3), "recipe": r.to_dict()}
    if device.startswith("cuda"):
        out["peak_memory_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--warmup", type=int, default=10)
    args = ap.parse_args()
    device = "cuda" if torch.cuda.is_available() else "cpu"
    res = {"benchmark": "paper preset, WGAN-GP cifar DIM 128 batch 64, regular vs proximal (T = 20)",
           "device": torch.cuda.get_device_name(0) if device == "cuda" else platform.processor() or "cpu",
           "torch": torch.__version__, "python": platform.python_version(),
           "runs": [bench(False, device, args.seconds, args.warmup), bench(True, device, args.seconds, args.warmup)]}
    dest = Path(os.environ.get("OUT") or Path(__file__).parent / "results")
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "gpu_paper_preset.json").write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
