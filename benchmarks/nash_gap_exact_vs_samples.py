"""Exact Nash gaps (closed forms, gantheory.exact) against sample estimates (gantheory.equilibria.sample_gap).

Side by side in one run, on the same generator: the time and the absolute error of

* the exact Nash gap at (G, D_G): gantheory.exact.wgan.nash_gap_at_best_response (WGAN, eq. (8)) and
  gantheory.exact.w2gan.nash_gap_at_best_response (W2GAN, eq. (9)); its error is measured against a
  40-digit mpmath evaluation written here (WGAN: quadrature of E|X' - c| - E|X - c| at the closed-form
  reply; W2GAN: the Gaussian payoff tr(K S') + u'^T K u' + lin^T u' with the ball maximised over the
  angle of u' on ||u'|| = t, K convex here), and
* the sample estimate from n data samples (default settings: m = n latent draws, 20 bootstrap replicates
  for the standard error, 8 random starts), whose error is |estimate - exact|.

The speed ratio is (seconds of one sample-estimate call, bootstrap included) / (seconds of one exact
call), after a warm-up call (POT's import is not timed); the point estimate alone costs about
seconds / (replicates + 1). Goal: exact >= 1e4 x faster at
a far smaller error. Writes benchmarks/results/nash_gap_exact_vs_samples.json with the machine noted.
Usage: python benchmarks/nash_gap_exact_vs_samples.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import mpmath as mp
import numpy as np
from machine import machine  # benchmarks/machine.py (run from the repository root or benchmarks/)

from gantheory.equilibria.sample_gap import w2gan_nash_gap_from_samples, wgan_nash_gap_from_samples
from gantheory.exact import w2gan as ex2
from gantheory.exact import wgan as ex1
from gantheory.games.gaussian import LinearGenerator

mp.mp.dps = 40


def time_per_call(fn, calls: int = 2000, repeats: int = 5) -> float:
    """Median over ``repeats`` of the mean wall time of ``calls`` back-to-back calls."""
    fn()
    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(calls):
            fn()
        runs.append((time.perf_counter() - t0) / calls)
    return statistics.median(runs)


def wgan_reference(sigma: float, s: float, u: float, t: float) -> mp.mpf:
    """E|X' - c| - E|X - c|, X' ~ N(-t sign(c), 1), X ~ N(u, s^2), c = u sigma / (sigma - s) (sigma > s)."""
    sigma, s, u, t = (mp.mpf(str(a)) for a in (sigma, s, u, t))
    c = u * sigma / (sigma - s)

    def mean_abs(m, tau):
        return mp.quad(lambda z: abs(m + tau * z - c) * mp.npdf(z), [-mp.inf, (c - m) / tau, mp.inf])

    return mean_abs(-t * mp.sign(c), mp.mpf(1)) - mean_abs(u, s)


def w2gan_reference(eta: float, sigma: float, svals: np.ndarray, u: np.ndarray, t: float) -> mp.mpf:
    """Diagonal W = diag(s_i), sigma > s_i: D_G^c(y) = y^T K y + lin^T y + const with K = eta (sigma S^{-1/2} - I)
    (positive definite here) and lin = -2 eta sigma S^{-1/2} u; the reply takes W' = I and ||u'|| = t."""
    eta, sigma, t = mp.mpf(str(eta)), mp.mpf(str(sigma)), mp.mpf(str(t))
    s = [mp.mpf(str(a)) for a in svals]
    uu = [mp.mpf(str(a)) for a in u]
    K = [eta * (sigma / si - 1) for si in s]
    lin = [-2 * eta * sigma * ui / si for si, ui in zip(s, uu, strict=True)]

    def on_ball(theta):
        y = (t * mp.cos(theta), t * mp.sin(theta))
        return sum(K[i] * y[i] ** 2 + lin[i] * y[i] for i in range(2))

    grid = [2 * mp.pi * k / 720 for k in range(720)]
    th0 = max(grid, key=on_ball)
    th = mp.findroot(lambda a: mp.diff(on_ball, a), th0)
    best = sum(K) + on_ball(th)  # tr(K I) + max over the sphere
    own = sum(K[i] * s[i] ** 2 + K[i] * uu[i] ** 2 + lin[i] * uu[i] for i in range(2))
    return best - own


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="small n only (a smoke run; not written to results)")
    args = ap.parse_args()

    # warm-up: the first sample estimate imports POT (lazily); keep that out of the timings
    warm = np.random.default_rng(0).standard_normal((20, 2))
    wgan_nash_gap_from_samples(warm[:, :1], LinearGenerator.scalar(0.5, 0.0), 0.5, replicates=2)
    w2gan_nash_gap_from_samples(warm, LinearGenerator(0.5 * np.eye(2), np.zeros(2)), 0.5, replicates=2)
    cases = []

    # WGAN, eq. (8): sigma = 1.25, G(z) = 0.5 z + 0.2, t = 0.5
    sigma, s, u, t = 1.25, 0.5, 0.2, 0.5
    exact = ex1.nash_gap_at_best_response(sigma, s, u, t)
    ref = wgan_reference(sigma, s, u, t)
    sec = time_per_call(lambda: ex1.nash_gap_at_best_response(sigma, s, u, t))
    ns = (250, 1000) if args.quick else (250, 1000, 4000)
    rows = []
    for n in ns:
        X = sigma * np.random.default_rng(n).standard_normal((n, 1))
        res = wgan_nash_gap_from_samples(X, LinearGenerator.scalar(s, u), t, seed=n)
        rows.append((n, res))
    cases.append(("wgan", {"sigma": sigma, "w": s, "u": u, "t": t, "d": 1, "k": 1}, exact, ref, sec, rows))

    # W2GAN, eq. (9): sigma = 1.25, d = k = 2, W = diag(0.9, 1.0), u = (0.3, 0), t = 0.5, eta = 0.5
    eta, sigma, svals, uv, t = 0.5, 1.25, np.array([0.9, 1.0]), np.array([0.3, 0.0]), 0.5
    W = np.diag(svals)
    exact = ex2.nash_gap_at_best_response(eta, sigma, W, uv, t)
    ref = w2gan_reference(eta, sigma, svals, uv, t)
    sec = time_per_call(lambda: ex2.nash_gap_at_best_response(eta, sigma, W, uv, t), calls=500)
    ns = (250, 500) if args.quick else (250, 500, 1000)
    rows = []
    for n in ns:
        X = sigma * np.random.default_rng(n).standard_normal((n, 2))
        res = w2gan_nash_gap_from_samples(X, LinearGenerator(W, uv), t, eta, seed=n)
        rows.append((n, res))
    cases.append(("w2gan", {"sigma": sigma, "W": W.tolist(), "u": uv.tolist(), "t": t, "eta": eta, "d": 2, "k": 2},
                  exact, ref, sec, rows))

    out_cases = []
    ratios = []
    for game, setting, exact, ref, sec, rows in cases:
        exact_err = float(abs(mp.mpf(exact) - ref))
        samples = []
        for n, res in rows:
            ratio = res.seconds / sec
            ratios.append(ratio)
            samples.append({
                "n": n, "latent_samples": res.latent_samples, "replicates": res.replicates,
                "estimate": res.estimate, "std_error": res.std_error, "abs_error": abs(res.estimate - exact),
                "seconds": round(res.seconds, 4),
                "seconds_point_estimate": round(res.seconds / (res.replicates + 1), 4),
                "speed_ratio_exact_over_samples": round(ratio, 1),
                "speed_ratio_point_estimate_only": round(res.seconds / (res.replicates + 1) / sec, 1),
                "goal_met": bool(ratio >= 1e4 and exact_err < 1e-3 * abs(res.estimate - exact)),
            })
        out_cases.append({
            "game": game, "setting": setting,
            "exact": {"value": exact, "seconds_per_call": sec, "abs_error": exact_err,
                      "reference": "40-digit mpmath evaluation (see the module docstring)"},
            "samples": samples,
        })
    worst_exact_err = max(c["exact"]["abs_error"] for c in out_cases)
    best_sample_err = min(r["abs_error"] for c in out_cases for r in c["samples"])
    out = {
        "benchmark": "Nash gap at (G, D_G): exact closed form vs sample estimate (same generator), CPU",
        "machine": machine(),
        "date": time.strftime("%Y-%m-%d"),
        "goal": "exact >= 1e4 x faster than the sample estimate, at a far smaller error",
        "cases": out_cases,
        "min_speed_ratio": round(min(ratios), 1),
        "max_exact_abs_error": worst_exact_err,
        "min_sample_abs_error": best_sample_err,
        "goal_met": bool(min(ratios) >= 1e4 and worst_exact_err < 1e-3 * best_sample_err),
    }
    text = json.dumps(out, indent=2)
    print(text)
    if not args.quick:
        path = Path(__file__).parent / "results" / "nash_gap_exact_vs_samples.json"
        path.write_text(text + "\n")


if __name__ == "__main__":
    main()
