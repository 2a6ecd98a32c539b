"""Cost of the two findings beyond the paper (finding-fgan-proximal, finding-theorem-3-beyond): the default check
(local thresholds; sampled convex sets) and the heavy variant ``--set global=1`` (family search below lam*, relaxation
bound above it), on three sigma, with the numbers they give. The machine's load average is recorded: the CI machine
is shared.

Writes benchmarks/results/fgan_proximal.json. Usage: PYTHONPATH=. python3 benchmarks/fgan_proximal.py [--quick]
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py

from gantheory.claims.registry import REGISTRY, _evaluate

OUT = Path(__file__).resolve().parent / "results" / "fgan_proximal.json"


def timed(cid: str, **over) -> dict:
    c = REGISTRY[cid]
    params = c.resolve(over)
    ev, dt = _evaluate(cid, params)
    return {"claim": cid, "params": params, "verdict": ev.verdict, "seconds": round(dt, 3),
            "summary": c.summary(ev.metrics), "metrics": ev.metrics, "notes": list(ev.notes)}


def main(quick: bool) -> None:
    res = {"machine": machine(), "load_average_before": os.getloadavg(), "default": [], "heavy": []}
    for cid in ("finding-fgan-proximal", "finding-theorem-3-beyond"):
        runs = [timed(cid) for _ in range(3)]
        res["default"].append({**runs[-1], "seconds_all_runs": [r["seconds"] for r in runs]})
        print(cid, [r["seconds"] for r in runs], flush=True)
    for sigma in ((1.25,) if quick else (1.25, 1.5, 2.0)):
        r = timed("finding-fgan-proximal", sigma=sigma, t=1.0, **{"global": 1})
        res["heavy"].append(r)
        print("global=1 sigma", sigma, r["verdict"], r["seconds"], r["metrics"]["global"], flush=True)
    res["load_average_after"] = os.getloadavg()
    res["generated"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    OUT.write_text(json.dumps(res, indent=2, default=float) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main("--quick" in sys.argv)
