"""Wall time of the sympy proofs (proofs/) and of the dynamics study tables, measured here rather than
asserted in tests (a slow machine must not fail a test).

Runs each proof and ``gantheory.dynamics.study`` for both games ``repeats`` times in one process and
writes benchmarks/results/theory_timings.json with the machine noted.
Usage: python benchmarks/theory_timings.py [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from machine import machine  # noqa: E402  (benchmarks/machine.py)


def main() -> None:
    import importlib

    import gantheory.proofs as proofs

    from gantheory.dynamics.study import study

    ap = argparse.ArgumentParser()
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    times: dict[str, list[float]] = {}
    for _ in range(args.repeats):
        for name in proofs.ALL:
            mod = importlib.import_module(f"gantheory.proofs.{name}")
            t0 = time.perf_counter()
            mod.PROOF.run()
            times.setdefault(f"proof:{name}", []).append(time.perf_counter() - t0)
        for game in ("w2gan", "wgan"):
            t0 = time.perf_counter()
            study(game)
            times.setdefault(f"dynamics-study:{game}", []).append(time.perf_counter() - t0)
    out = {"machine": machine(), "repeats": args.repeats,
           "seconds_median": {k: round(statistics.median(v), 3) for k, v in times.items()},
           "seconds_max": {k: round(max(v), 3) for k, v in times.items()}}
    path = Path(__file__).resolve().parent / "results" / "theory_timings.json"
    path.write_text(json.dumps(out, indent=1) + "\n")
    print(json.dumps(out["seconds_median"], indent=1))


if __name__ == "__main__":
    main()
