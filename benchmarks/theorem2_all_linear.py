"""Theorem 2 in d = k = 2 over all linear generators: the lambda threshold of (G*, D*) on three anisotropic
settings against the axis formula min_i sigma_i / (4 eta (sigma_i - 1)), with times and the optimality report.

Writes benchmarks/results/theorem2_all_linear.json (machine noted). Usage: python benchmarks/theorem2_all_linear.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np
from machine import machine  # benchmarks/machine.py

from gantheory.proximal.threshold2d import threshold

OUT = Path(__file__).resolve().parent / "results" / "theorem2_all_linear.json"


def _plain(x):
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    if isinstance(x, np.ndarray):
        return x.tolist()
    return x


def main() -> None:
    res = {"machine": machine(), "t": 0.5, "settings": []}
    for s1, s2, eta in ((1.25, 2.0, 0.5), (1.5, 3.0, 0.5), (1.25, 1.5, 1.0)):
        t0 = time.perf_counter()
        r = threshold(eta, s1, s2, 0.5)
        res["settings"].append({"sigma1": s1, "sigma2": s2, "eta": eta, **_plain(r),
                                "seconds": round(time.perf_counter() - t0, 1)})
        print(s1, s2, eta, r["lambda_threshold_all_linear"], r["lambda_axis_formula"], flush=True)
    OUT.write_text(json.dumps(res, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
