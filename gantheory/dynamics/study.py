"""A small grid of training dynamics in the exact 1-D Gaussian games (:mod:`gantheory.dynamics.models`).

For each step size gamma (gamma_G = gamma_D = gamma): simultaneous GDA, alternating GDA and
Algorithm 1 (proximal training, T inner ascent steps, lam in eq. (11)'s convention with the Sobolev
norm of eq. (15)) for each lam, all from one start: a fixed perturbation of (G*, D*) drawn from a
seeded rng. Every run is labelled by :func:`gantheory.dynamics.classification.classify`.

Algorithm 1's inner loop is gradient ascent on a lam-dependent objective: its curvature grows like
lam (8 sigma^2 lam in a for the W2GAN, 2 lam in a for the WGAN family), so with gamma_D fixed a large
lam makes the inner loop itself unstable (it overshoots, and in the W2GAN leaves a < eta). To separate
that step-size effect from the outer dynamics, rows with gamma_D = 1/L_lam are added where that is
smaller than gamma (``inner_step = "1/L"``), L_lam = the largest curvature of the penalised objective's
smooth part at D* (:func:`inner_curvature`); GDA gets the same with lam = 0 (L_0 = 2 sigma^3/eta = 7.8
in the default W2GAN, so its gamma = 0.3 rows also get gamma_D = 0.128).

Observed at the defaults (computed, not proved; see the report in ``study``'s rows): in the W2GAN every
method converges to (G*, D*) once gamma_D < 1/L_lam, and every failure with gamma_D = gamma is a
step-size instability (gamma_D L_lam > 2: GDA cycles at gamma = 0.3, Algorithm 1 leaves a < eta) --
except Algorithm 1 with lam = 10 and gamma = 0.3, which cycles: lam = 10 exceeds the lambda threshold
sigma / (4 eta (sigma - 1)) = 2.5 of the proximal-equilibrium check, above which u = 0 is a local
maximum of V_prox(., D*) (d^2/du^2 V_prox = -0.18 at lam = 10, +0.44 at lam = 0.5), so a fast generator
leaves G*. In the WGAN family GDA cycles for every step size (the linearisation at (G*, D*) has
eigenvalues with positive real part); Algorithm 1 never converges: it cycles, or comes to rest at
spurious points u = c ~ -2 lam / T created by the kink of the Sobolev penalty (see
:mod:`gantheory.dynamics.models`).

All rows of a study are simulated as one vectorised batch (cost ~ steps x (T + 1) small numpy
operations, independent of the number of rows); ``seconds`` in the result is the measured wall time.
"""

from __future__ import annotations

import math
import time

import numpy as np

from gantheory.dynamics.classification import describe
from gantheory.dynamics.models import W2GAN1D, WGAN1D, make_game
from gantheory.dynamics.simulation import run_batch

GAME_DEFAULTS = {"w2gan": {"sigma": 1.25, "t": 0.5, "eta": 0.5}, "wgan": {"sigma": 1.25, "t": 0.5}}
STUDY_DEFAULTS = {"lams": (0.1, 0.5, 2.5, 10.0), "gammas": (0.02, 0.1, 0.3), "T": 20, "steps": 2000,
                  "seed": 0, "scale": 0.05, "scaled_inner_step": True}


def start_point(game, seed: int = 0, scale: float = 0.05) -> tuple[float, float, float, float]:
    """(G*, D*) perturbed by scale * N(0, I_4) from ``default_rng(seed)``, moved into the feasible set:
    w = 1 - |e_0| (G* has w = 1 on the boundary), u = clip(e_1); for the WGAN a = 1 - |e_2| (D* has
    a = 1 on the boundary |a| <= 1)."""
    e = scale * np.random.default_rng(seed).standard_normal(4)
    p_star, q_star = game.D_star
    w = 1.0 - abs(e[0])
    u = float(np.clip(e[1], -game.t, game.t))
    p = p_star - abs(e[2]) if isinstance(game, WGAN1D) else p_star + e[2]
    return float(w), u, float(p), float(q_star + e[3])


def inner_curvature(game, lam: float) -> float:
    """L_lam: the largest curvature (minus the smallest Hessian eigenvalue) of the smooth part of
    V(G*, D_phi) - lam ||D_phi - D*||^2 at phi = D*.

    W2GAN: d^2V/da^2 = -((b + 2 eta u)^2 + 4 eta^2 w^2) / (2 (eta - a)^3) = -2 sigma^3/eta at (G*, D*),
    d^2V/db^2 = -sigma/(2 eta), the penalty adds 8 sigma^2 lam and 2 lam: L = 2 sigma^3/eta + 8 sigma^2 lam.
    WGAN: V is linear in a (penalty 2 lam); in c, |d^2V/dc^2| = sqrt(2/pi) (1 - 1/sigma) at (G*, D*), the
    penalty's kink at c = c_k has no curvature bound: L = max(2 lam, sqrt(2/pi) (1 - 1/sigma)).
    Plain gradient ascent with step gamma_D on a quadratic of curvature L is stable iff gamma_D L < 2."""
    s = game.sigma
    if isinstance(game, W2GAN1D):
        return 2 * s**3 / game.eta + 8 * s * s * lam
    return max(2 * lam, math.sqrt(2 / math.pi) * (1 - 1 / s))


def study(game_name: str, params: dict | None = None) -> dict:
    """Run the grid for ``game_name`` ("w2gan" or "wgan"); ``params`` overrides the game's parameters
    (sigma, t, eta) and the study's (lams, gammas, T, steps, seed, scale, scaled_inner_step).

    Returns {"game", "params", "start", "rows", "seconds"}; each row has method, lam, gamma, gamma_D,
    inner_step ("gamma" or "1/L"), T, label, final_distance, amplitude (last tenth), distance_range,
    diverged_at."""
    if game_name not in GAME_DEFAULTS:
        raise ValueError(f"unknown game {game_name!r}; known: {sorted(GAME_DEFAULTS)}")
    params = dict(params or {})
    unknown = set(params) - set(GAME_DEFAULTS[game_name]) - set(STUDY_DEFAULTS)
    if unknown:
        raise ValueError(f"unknown parameters {sorted(unknown)}")
    gp = {k: params.get(k, v) for k, v in GAME_DEFAULTS[game_name].items()}
    sp = {k: params.get(k, v) for k, v in STUDY_DEFAULTS.items()}
    t0 = time.perf_counter()
    game = make_game(game_name, **gp)
    start = start_point(game, sp["seed"], sp["scale"])
    configs, meta = [], []
    def steps_D(g, lam):
        gl = 1.0 / inner_curvature(game, lam)
        return [("gamma", g)] + ([("1/L", gl)] if sp["scaled_inner_step"] and gl < g else [])

    for g in sp["gammas"]:
        for m in ("gda-sim", "gda-alt"):
            for tag, gD in steps_D(g, 0.0):
                configs.append({"method": m, "gamma_G": g, "gamma_D": gD})
                meta.append({"method": m, "lam": None, "gamma": g, "inner_step": tag, "T": 1})
        for lam in sp["lams"]:
            for tag, gD in steps_D(g, lam):
                configs.append({"method": "algorithm1", "gamma_G": g, "gamma_D": gD, "lam": lam, "T": sp["T"]})
                meta.append({"method": "algorithm1", "lam": lam, "gamma": g, "inner_step": tag, "T": sp["T"]})
    trajs = run_batch(game, configs, int(sp["steps"]), start)
    rows = []
    for m, c, tr in zip(meta, configs, trajs, strict=True):
        d = describe(tr)
        rows.append({**m, "gamma_D": c["gamma_D"], "label": d["label"], "final_distance": d["final_distance"],
                     "amplitude": d["amplitude"], "distance_range": d["distance_range"],
                     "diverged_at": d["diverged_at"], "final": tr.iterates[-1].tolist()})
    seconds = time.perf_counter() - t0
    return {"game": game_name, "params": {**gp, **sp, "lams": list(sp["lams"]), "gammas": list(sp["gammas"])},
            "start": list(start), "target": [*game.G_star, *game.D_star], "rows": rows, "seconds": seconds}


def format_table(result: dict) -> str:
    """A plain-text table of a study's rows."""
    lines = [f"{result['game']}  params={ {k: v for k, v in result['params'].items()} }  "
             f"({result['seconds']:.2f} s)",
             f"{'method':<11}{'lam':>6}{'gamma':>7}{'gamma_D':>9}  {'label':<10}{'final dist':>12}{'amplitude':>12}"
             f"  {'diverged at':>11}  final (w, u, p, q)"]
    for r in result["rows"]:
        lam = "" if r["lam"] is None else f"{r['lam']:g}"
        div = "" if r["diverged_at"] is None else str(r["diverged_at"])
        fin = "" if r["label"] == "diverges" else "(" + ", ".join(f"{x:.4g}" for x in r["final"]) + ")"
        lines.append(f"{r['method']:<11}{lam:>6}{r['gamma']:>7g}{r['gamma_D']:>9.3g}  {r['label']:<10}"
                     f"{r['final_distance']:>12.3g}{r['amplitude']:>12.3g}  {div:>11}  {fin}")
    return "\n".join(lines)
