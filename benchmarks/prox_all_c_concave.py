"""V_prox over every c-concave D in the 1-D Gaussian W2GAN game: the bracket [lower, upper] as the spline grid is
refined (N) and its support grows (L), and the threshold lambda*_all on three (sigma, eta) settings, with times.

Writes benchmarks/results/prox_all_c_concave.json (machine noted). Usage: python benchmarks/prox_all_c_concave.py
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from machine import machine  # benchmarks/machine.py

from gantheory.proximal import w2gan_all as wa

OUT = Path(__file__).resolve().parent / "results" / "prox_all_c_concave.json"


def _bracket(sigma, eta, lam, s, u, **kw):
    t0 = time.perf_counter()
    b = wa.bracket(sigma, eta, lam, s, u, **kw)
    return {"lower": b.lower, "upper": b.upper, "width": b.upper - b.lower, "quadratic": b.quadratic,
            "spline_evaluated": b.spline, "program_value": b.program,
            "excludes_quadratic": b.spline > b.quadratic, "solver_status": b.status,
            "seconds": round(time.perf_counter() - t0, 2), **kw}


def main() -> None:
    res = {"machine": machine(), "t": 0.5, "settings": []}
    sigma, eta = 1.25, 0.5
    lam = sigma / (4 * eta * (sigma - 1))
    s, u = 0.5, 0.25
    res["refinement"] = {"sigma": sigma, "eta": eta, "lam": lam, "s": s, "u": u,
                         "grid": [_bracket(sigma, eta, lam, s, u, N=N, L=4.0) for N in (20, 40, 80, 160)],
                         "support": [_bracket(sigma, eta, lam, s, u, N=80, L=L) for L in (1.0, 2.0, 4.0, 8.0)]}
    for sigma, eta in ((1.25, 0.5), (1.5, 1.0), (2.0, 0.25)):
        t0 = time.perf_counter()
        thr = wa.threshold_check(sigma, eta, res["t"])
        lam_q = thr["lambda_threshold_quadratic"]
        gens = [(1.0, 0.3), (0.5, 0.25)]
        brackets = [{"s": g[0], "u": g[1], "lam": lam_q, **_bracket(sigma, eta, lam_q, g[0], g[1], N=80, L=4.0)}
                    for g in gens]
        res["settings"].append({"sigma": sigma, "eta": eta, **thr, "brackets_at_lambda_quad": brackets,
                                "seconds": round(time.perf_counter() - t0, 1)})
        print(sigma, eta, thr["lambda_all_bracket"], [(b["lower"], b["upper"]) for b in brackets], flush=True)
    OUT.write_text(json.dumps(res, indent=2) + "\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
