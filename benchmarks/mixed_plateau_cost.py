"""Cost of the WGAN mixed equilibrium beyond t^2 = 2 ln sigma (the corners-plus-plateau form,
gantheory.mixed.wgan_plateau): wall and CPU seconds of solve_plateau and of its certified gap bound at a few
(sigma, t), with the gap reached, and of ``gantheory check mixed-equilibrium-wgan --set t=0.7`` (one process);
writes benchmarks/results/mixed_plateau_cost.json (machine and load noted).
Usage: PYTHONPATH=. python3 benchmarks/mixed_plateau_cost.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py

from gantheory.mixed.wgan_plateau import gap_upper, solve_plateau

OUT = Path(__file__).resolve().parent / "results" / "mixed_plateau_cost.json"
POINTS = [(1.25, 0.68), (1.25, 0.7), (1.25, 0.72), (2.0, 1.3), (2.0, 1.5), (2.0, 1.9)]


def main() -> None:
    load_before = os.getloadavg()
    rows = []
    for sigma, t in POINTS:
        t0, c0 = time.perf_counter(), time.process_time()
        eq = solve_plateau(sigma, t)
        t1, c1 = time.perf_counter(), time.process_time()
        g = gap_upper(eq)
        rows.append({"sigma": sigma, "t": t, "a": eq.a, "b": eq.b, "m": eq.m, "value": eq.value,
                     "gap_upper": g.upper, "w1_slack": g.w1_slack, "deviation_upper": g.deviation_upper,
                     "boxes": g.boxes, "converged": g.converged, "solve_wall_s": round(t1 - t0, 3),
                     "solve_cpu_s": round(c1 - c0, 3), "certify_wall_s": round(time.perf_counter() - t1, 3),
                     "certify_cpu_s": round(time.process_time() - c1, 3)})
        print(json.dumps(rows[-1]), flush=True)
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "gantheory.cli", "check", "mixed-equilibrium-wgan", "--set", "t=0.7",
                        "--json"], capture_output=True, text=True)
    claim = json.loads(r.stdout)["claims"][0]
    res = {"machine": machine(), "load_average_before": load_before, "load_average_after": os.getloadavg(),
           "points": rows, "check_t07": {"exit": r.returncode, "verdict": claim["verdict"],
                                         "claim_seconds": claim["seconds"],
                                         "process_wall_s": round(time.perf_counter() - t0, 3)}}
    OUT.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res["check_t07"]))


if __name__ == "__main__":
    main()
