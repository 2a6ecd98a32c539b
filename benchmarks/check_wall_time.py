"""Wall time of the whole ``gantheory check`` command (interpreter start and imports included).

Runs the command as a user would, ``repeats`` times for each worker count side by side (interleaved,
so drift on a noisy machine hits both alike), and writes benchmarks/results/check_wall_time.json
with the machine noted. Usage: python benchmarks/check_wall_time.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py (run from the repository root or benchmarks/)


def run_once(jobs: int) -> float:
    exe = shutil.which("gantheory")
    cmd = [exe] if exe else [sys.executable, "-m", "gantheory.cli"]
    t0 = time.perf_counter()
    r = subprocess.run(cmd + ["check", "--jobs", str(jobs)], capture_output=True, text=True)
    dt = time.perf_counter() - t0
    if r.returncode not in (0, 1):
        raise SystemExit(f"gantheory check failed: {r.stderr.strip()}")
    return dt


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    times: dict[str, list[float]] = {"jobs=1": [], "jobs=2": []}
    for _ in range(args.repeats):
        for jobs in (1, 2):
            times[f"jobs={jobs}"].append(run_once(jobs))
    out = {
        "benchmark": "gantheory check (all claims, default parameters, CPU), wall seconds incl. start-up",
        "machine": machine(),
        "goal_seconds": 10.0,
        "results": {k: {"runs": [round(x, 3) for x in v], "median": round(statistics.median(v), 3)}
                    for k, v in times.items()},
        "speedup_jobs2_over_jobs1": round(statistics.median(times["jobs=1"]) / statistics.median(times["jobs=2"]), 3),
        "date": time.strftime("%Y-%m-%d"),
    }
    path = Path(__file__).parent / "results" / "check_wall_time.json"
    path.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
