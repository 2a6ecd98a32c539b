"""Figures of the equilibrium diagnostics (Sec. 2's argument made quantitative): the Hessian spectra of
grad^2_theta theta V and grad^2_ww V (a local Nash equilibrium needs the first PSD and the second NSD), the
game-Jacobian spectrum (complex; its imaginary parts are the rotational part of the dynamics) and the duality
gaps on V (eq. (5)) and on the proximal objective (eq. (11)), for a regularly and a proximally trained run
and for the end points of the Section 2 / 6.1 probes.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from gantheory.neural.probes import probe
from gantheory.plots.base import FigureResult, FigureSpec
from gantheory.plots.neural import figure_sizes, figure_workdir, run_jobs, table1_runs, training_job

DIAG_SIZES = {  # Lanczos / Arnoldi steps, gap optimiser steps, seeds, evaluation batch
    "smoke": dict(lanczos_steps=5, gap_steps=2, seeds=(0, 1), eval_size=16, prox_inner_steps=2),
    "quick": dict(lanczos_steps=30, gap_steps=30, seeds=(0, 1, 2), eval_size=64, prox_inner_steps=10),
    "paper": dict(lanczos_steps=60, gap_steps=500, seeds=(0, 1, 2), eval_size=256, prox_inner_steps=50),
}


def spectra_figure(results: dict[str, dict]):
    """A figure of several ``diagnose_run`` results (label -> result) and its tidy data table."""
    from matplotlib.figure import Figure

    data: dict[str, list] = {"run": [], "quantity": [], "re": [], "im": [], "weight": []}
    for label, d in results.items():
        for block, q in (("generator", "H_theta_theta"), ("discriminator", "H_ww")):
            h = d["hessian"][block]
            for r, w in zip(h["ritz"], h["weights"], strict=True):
                data["run"].append(label)
                data["quantity"].append(q)
                data["re"].append(float(r))
                data["im"].append(0.0)
                data["weight"].append(float(w))
        for re, im in d["game_jacobian"]["arnoldi"]["ritz"]:
            data["run"].append(label)
            data["quantity"].append("J_game")
            data["re"].append(float(re))
            data["im"].append(float(im))
            data["weight"].append(float("nan"))
        gap = d.get("duality_gap")
        if gap:
            for q, g in (("gap_V", gap["gap"]), ("gap_Vprox", gap.get("proximal", {}).get("gap"))):
                if g is not None:
                    data["run"].append(label)
                    data["quantity"].append(q)
                    data["re"].append(float(g["mean"]))
                    data["im"].append(0.0)
                    data["weight"].append(float(g["std"]))
    fig = Figure(figsize=(15, 4.2))
    axes = fig.subplots(1, 4)
    labels = list(results)
    for k, (block, title) in enumerate((("generator", r"$\nabla^2_{\theta\theta}V$ (needs $\geq 0$)"),
                                        ("discriminator", r"$\nabla^2_{ww}V$ (needs $\leq 0$)"))):
        ax = axes[k]
        for i, label in enumerate(labels):
            h = results[label]["hessian"][block]
            r = np.asarray(h["ritz"])
            scale = max(abs(h["min"]), abs(h["max"]), 1e-300)
            ax.scatter(r / scale, np.full(len(r), i), s=12 + 300 * np.asarray(h["weights"]) / max(h["weights"]),
                       color=f"C{i}")
            ax.text(1.05, i, f"[{h['min']:.2g}, {h['max']:.2g}]\nneg. share {h['share_negative']:.3g}",
                    fontsize=7, va="center")
        ax.axvline(0, color="k", lw=0.7)
        ax.set_yticks(range(len(labels)), labels, fontsize=7)
        ax.set_xlim(-1.1, 1.9)
        ax.set_xlabel("Ritz value / max |Ritz| (dot size: SLQ weight)")
        ax.set_title(title, fontsize=9)
    ax = axes[2]
    for i, label in enumerate(labels):
        z = np.asarray(results[label]["game_jacobian"]["arnoldi"]["ritz"])
        scale = np.abs(z[:, 0] + 1j * z[:, 1]).max() or 1.0
        ax.scatter(z[:, 0] / scale, z[:, 1] / scale, s=14, color=f"C{i}", label=label)
    ax.axvline(0, color="k", lw=0.5)
    ax.axhline(0, color="k", lw=0.5)
    ax.set_xlabel("Re / max modulus")
    ax.set_ylabel("Im / max modulus")
    ax.set_title("game Jacobian (Arnoldi Ritz values)", fontsize=9)
    ax.legend(fontsize=6)
    ax = axes[3]
    x = np.arange(len(labels))
    for j, (key, name) in enumerate((("gap", "on V, eq. (5)"), ("proximal", "on V_prox, eq. (11)"))):
        means, stds = [], []
        for label in labels:
            g = results[label].get("duality_gap") or {}
            g = g.get("gap") if key == "gap" else (g.get("proximal") or {}).get("gap")
            means.append(g["mean"] if g else np.nan)
            stds.append(g["std"] if g else 0.0)
        ax.bar(x + (j - 0.5) * 0.38, means, 0.38, yerr=stds, capsize=3, label=f"duality gap {name}", color=f"C{j + 4}")
    ax.set_xticks(x, labels, fontsize=6, rotation=20)
    ax.axhline(0, color="k", lw=0.5)
    ax.legend(fontsize=7)
    ax.set_title("duality gap (mean ± std over seeds)", fontsize=9)
    fig.tight_layout()
    return fig, data


SPECTRA_RECIPE = "wgan-wc"  # at the quick size the SN-GAN runs collapse (see fig1's caption); WGAN-WC learns digits


def make_spectra(size: str = "quick", seed: int = 0, data_spec=None, workdir=None, jobs: int = 2) -> FigureResult:
    """Spectra and gaps of a regularly and a proximally trained WGAN-WC (Table 1's runs at the larger width,
    seed ``seed``) and of the end points of the Section 2 and 6.1 probes (the probe figures' WGAN-WC run)."""
    from gantheory.neural.diagnostics.run import diagnose_run

    sz = figure_sizes(size)
    cfg = DIAG_SIZES[size]
    table = [r for r in table1_runs(size, seed, data_spec, workdir)
             if r["gan"] == SPECTRA_RECIPE and r["paper_dim"] == "128" and r["seed"] == seed]
    run_jobs([r["job"] for r in table], jobs)
    probe_dir = figure_workdir(workdir, size) / "probe" / SPECTRA_RECIPE
    if not (probe_dir / "checkpoint.pt").exists():
        run_jobs([training_job(SPECTRA_RECIPE, probe_dir, sz, proximal=False, seed=seed, data_spec=data_spec,
                                  iterations=sz.train_iterations)], 1)
    for objective in ("minimax", "proximal"):
        if not (probe_dir / f"probe-{objective}-generator.pt").exists():
            probe(str(probe_dir), objective, sz.probe_steps, inner_steps=sz.probe_inner,
                  log_every=sz.probe_log_every, quiet=True)
    targets = {f"{r['method']} training": (r["job"]["out"], None) for r in table}  # DIM in params / caption
    targets["Sec. 2 probe end"] = (str(probe_dir), "probe-minimax-generator.pt")
    targets["Sec. 6.1 probe end"] = (str(probe_dir), "probe-proximal-generator.pt")
    results = {label: diagnose_run(run, generator=gen, device="auto", **cfg) for label, (run, gen) in targets.items()}
    fig, data = spectra_figure(results)
    lines = []
    for label, d in results.items():
        h = d["hessian"]
        g = d["duality_gap"]
        lines.append(f"{label}: min eig H_tt {h['generator']['min']:.3g}, "
                     f"max eig H_ww {h['discriminator']['max']:.3g}, "
                     f"local Nash {'ruled out' if h['local_nash']['ruled_out'] else 'not ruled out'}, "
                     f"gap on V {g['gap']['mean']:.3g} ± {g['gap']['std']:.2g}, on V_prox "
                     f"{g['proximal']['gap']['mean']:.3g} ± {g['proximal']['gap']['std']:.2g}")
    ruled = sum(d["hessian"]["local_nash"]["ruled_out"] for d in results.values())
    cfgj = json.loads((Path(table[0]["job"]["out"]) / "config.json").read_text())
    verdict = ("which bears out Section 2's argument" if ruled == len(results) else
               "so the second-order test does not settle Section 2's argument for every pair")
    caption = (f"Equilibrium diagnostics of {SPECTRA_RECIPE} pairs on {cfgj['data']} ({size} size; the trained "
               f"pairs are Table 1's DIM-{table[0]['dim']} runs, seed {seed}): Lanczos "
               f"Ritz values of the two Hessians ({cfg['lanczos_steps']} steps, HVPs by double backprop, fixed "
               f"evaluation batch of {cfg['eval_size']}), Arnoldi Ritz values of the game Jacobian, and duality "
               f"gaps ({cfg['gap_steps']} Adam steps per side, seeds {list(cfg['seeds'])}; lam = 0.1 with "
               f"{cfg['prox_inner_steps']} inner steps for eq. (11)). The second-order test rules out a local Nash "
               f"equilibrium in {ruled} of {len(results)} pairs, {verdict}. " + "; ".join(lines) + ".")
    params = {**{k: list(v) if isinstance(v, tuple) else v for k, v in cfg.items()}, "runs": {
        k: {"run": v[0], "generator": v[1] or "checkpoint"} for k, v in targets.items()}}
    return FigureResult(fig, data, caption, params, [seed], data_source=str(cfgj["data"]),
                        extra={"diagnostics.json": json.dumps(results, indent=1, default=float) + "\n"})


DIAGNOSTIC_FIGURES = [
    FigureSpec("spectra", "Sec. 2 made quantitative: trained pairs fail the second-order local-Nash test; "
               "duality gaps on V and on V_prox for regular vs proximal training and the probes' end points.",
               make_spectra, kind="neural"),
]
