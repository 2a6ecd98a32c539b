"""Contention: 20 training iterations (quick WGAN-GP, embedded MNIST) in a process allowed ONE CPU (its
affinity mask), with torch's threads set to the machine's CPU count (torch's default, which ignores the mask)
against the CPU budget gantheory now uses (``gantheory.neural.threads.cpu_budget``: the mask, 1 here). A
second process keeps that CPU busy, as another job on a shared machine would. Both measured side by side in
one run; the result goes to results/torch_threads.json.

Run: ``PYTHONPATH=. python3 benchmarks/torch_threads.py``
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import subprocess
import sys
import time
from pathlib import Path

from machine import machine

ITERATIONS = 20
CODE = """
import os, sys, time, tempfile, torch
os.sched_setaffinity(0, {0})
torch.set_num_threads(int(sys.argv[1]))
from gantheory.neural.run import train_run
d = tempfile.mkdtemp()
t0 = time.perf_counter()
train_run("wgan-gp", d + "/r", iterations=ITERATIONS, device="cpu", quiet=True)
print(time.perf_counter() - t0)
""".replace("ITERATIONS", str(ITERATIONS))


def burn(stop_at: float) -> None:
    os.sched_setaffinity(0, {0})
    while time.time() < stop_at:
        pass


def timed(threads: int) -> float:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    env.pop("OMP_NUM_THREADS", None)
    out = subprocess.run([sys.executable, "-c", CODE, str(threads)], capture_output=True, text=True, env=env,
                         timeout=1800, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    default = os.cpu_count() or 1
    rows = {}
    for label, threads in (("budget (affinity mask: 1)", 1), (f"torch default (cpu_count: {default})", default)):
        stop = time.time() + 3600
        p = mp.Process(target=burn, args=(stop,))
        p.start()
        try:
            rows[label] = {"threads": threads, "seconds": round(timed(threads), 2)}
        finally:
            p.terminate()
            p.join()
    secs = [r["seconds"] for r in rows.values()]
    res = {"benchmark": f"{ITERATIONS} quick WGAN-GP training iterations in a process pinned to 1 CPU that another "
                        "busy process shares", "machine": machine(), "rows": rows,
           "slowdown_default_over_budget": round(secs[1] / secs[0], 2)}
    import torch

    res["torch"] = torch.__version__
    out = Path(__file__).parent / "results" / "torch_threads.json"
    out.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
