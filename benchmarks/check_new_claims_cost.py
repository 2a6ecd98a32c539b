"""Cost of the claims added for the generality work in the default ``gantheory check``.

Runs ``gantheory check --jobs 2`` with every default claim and with the same list minus the new default claim
(theorem-1-no-local-nash), interleaved ``repeats`` times (drift on a noisy machine hits both alike), plus the
new claim's own seconds from ``--json``; writes benchmarks/results/check_new_claims_cost.json (machine noted).
Usage: python benchmarks/check_new_claims_cost.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py

NEW = ["theorem-1-no-local-nash"]
OUT = Path(__file__).resolve().parent / "results" / "check_new_claims_cost.json"


def _ids() -> list[str]:
    from gantheory.claims.registry import ORDER

    return list(ORDER)


def run(ids: list[str] | None) -> float:
    cmd = [sys.executable, "-m", "gantheory.cli", "check", "--jobs", "2"] + (ids or [])
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode not in (0, 1):
        raise SystemExit(f"gantheory check failed: {r.stderr.strip()}")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    without = [i for i in _ids() if i not in NEW]
    full, base = [], []
    for _ in range(args.repeats):
        full.append(run(None))
        base.append(run(without))
    r = subprocess.run([sys.executable, "-m", "gantheory.cli", "check", *NEW, "--jobs", "1", "--json"],
                       capture_output=True, text=True)
    own = {c["id"]: c["seconds"] for c in json.loads(r.stdout)["claims"]}
    res = {"machine": machine(), "repeats": args.repeats, "with_new_s": full, "without_new_s": base,
           "median_with_s": statistics.median(full), "median_without_s": statistics.median(base),
           "median_difference_s": statistics.median(full) - statistics.median(base),
           "new_claim_own_seconds_one_worker": own}
    OUT.write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps(res, indent=2))


if __name__ == "__main__":
    main()
