"""Per f of the f-table in d = k = 2: the verified upper bound on the minimal Nash gap
(:func:`gantheory.certify.fgan2d_upper.gap_upper_2d` at the corner W = I, u = 0, the embedded 1-D minimiser)
beside the certified lower bound of :func:`gantheory.certify.fgan2d.certify_min_gap_2d` after ``--seconds``
of branch and bound, and the 1-D interval, with wall times.

Writes benchmarks/results/fgan2d_upper.json with the machine noted.
Usage: python benchmarks/fgan2d_upper.py [--seconds S] [--sigma 1.25] [--t 0.5]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from machine import machine  # noqa: E402  (benchmarks/machine.py)


def main() -> None:
    from gantheory.certify.fgan import gap_upper
    from gantheory.certify.fgan2d import certify_min_gap_2d
    from gantheory.certify.fgan2d_upper import gap_upper_2d
    from gantheory.certify.fgan_cache import certify_min_gap_by_key
    from gantheory.games.divergences import F_TABLE

    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--sigma", type=float, default=1.25)
    ap.add_argument("--t", type=float, default=0.5)
    a = ap.parse_args()
    rows = {}
    for key, div in F_TABLE.items():
        t0 = time.perf_counter()
        up = gap_upper_2d(div, a.sigma, a.t, 1.0, 0.0)
        t1 = time.perf_counter()
        cert = certify_min_gap_2d(div, a.sigma, a.t, max_seconds=a.seconds)
        c1 = certify_min_gap_by_key(key, a.sigma, a.t)
        rows[key] = {"lower_2d": cert.lower, "upper_2d": up.upper, "upper_method": up.method,
                     "upper_seconds": t1 - t0, "lower_seconds": cert.seconds, "lower_converged": cert.converged,
                     "lower_boxes": cert.boxes, "incumbent_2d": list(cert.argmin),
                     "one_d": [c1.lower, gap_upper(div, a.sigma, a.t, c1.argmin_s, c1.argmin_u)],
                     "one_d_argmin": [c1.argmin_s, c1.argmin_u]}
        print(key, rows[key], flush=True)
    out = {"sigma": a.sigma, "t": a.t, "seconds_per_f": a.seconds, "rows": rows, "machine": machine()}
    path = Path(__file__).resolve().parent / "results" / "fgan2d_upper.json"
    path.write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
