"""Cost of the three mixed-equilibrium claims in the default ``gantheory check``.

Runs ``gantheory check --jobs 2`` with every default claim and without the mixed-equilibrium claims,
interleaved ``repeats`` times, plus each mixed claim's own seconds (``--jobs 1 --json``), each mixed claim's wall and
CPU seconds in a fresh process after the registry is imported (the marginal cost inside ``check``, whose workers
fork from a process that imported it; median of ``repeats``) and the load average (the machine may be shared);
writes benchmarks/results/mixed_equilibrium_cost.json (machine noted).
Usage: python benchmarks/mixed_equilibrium_cost.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py

NEW = ["mixed-equilibrium-wgan", "mixed-equilibrium-w2gan", "mixed-equilibrium-fgan"]
OUT = Path(__file__).resolve().parent / "results" / "mixed_equilibrium_cost.json"
#: one fresh process: import the registry, then run each mixed claim at its defaults (wall and CPU seconds)
MARGINAL = f"""
import json, time
from gantheory.claims.registry import REGISTRY
out = {{}}
for cid in {NEW!r}:
    c = REGISTRY[cid]
    t0, c0 = time.perf_counter(), time.process_time()
    c.check(c.resolve({{}}))
    out[cid] = [time.perf_counter() - t0, time.process_time() - c0]
print(json.dumps(out))
"""


def run(ids: list[str] | None) -> float:
    cmd = [sys.executable, "-m", "gantheory.cli", "check", "--jobs", "2"] + (ids or [])
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit(f"gantheory check failed: {r.stderr.strip()}")
    return time.perf_counter() - t0


def main() -> None:
    from gantheory.claims.registry import ORDER

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=1)
    args = ap.parse_args()
    without = [i for i in ORDER if i not in NEW]
    load_before = os.getloadavg()
    full, base = [], []
    for _ in range(args.repeats):
        full.append(run(None))
        base.append(run(without))
    r = subprocess.run([sys.executable, "-m", "gantheory.cli", "check", *NEW, "--jobs", "1", "--json"],
                       capture_output=True, text=True)
    own = {c["id"]: c["seconds"] for c in json.loads(r.stdout)["claims"]}
    marginal = [json.loads(subprocess.run([sys.executable, "-c", MARGINAL], capture_output=True, text=True,
                                          check=True).stdout) for _ in range(max(3, args.repeats))]
    med = {i: {"wall_s": round(statistics.median(m[i][0] for m in marginal), 3),
               "cpu_s": round(statistics.median(m[i][1] for m in marginal), 3)} for i in NEW}
    res = {"machine": machine(), "load_average_before": load_before, "load_average_after": os.getloadavg(),
           "repeats": args.repeats, "with_mixed_s": full, "without_mixed_s": base,
           "median_difference_s": statistics.median(full) - statistics.median(base),
           "mixed_claims_own_seconds_one_worker": own, "mixed_claims_after_registry_import": med,
           "mixed_claims_after_registry_import_total_wall_s": round(sum(m["wall_s"] for m in med.values()), 3)}
    OUT.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
