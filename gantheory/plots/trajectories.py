"""Gradient descent-ascent and Algorithm 1 (proximal training, Section 5) in the exact 1-D Gaussian games.

Games of :mod:`gantheory.dynamics.models` with the ``finding-dynamics`` settings
(:data:`gantheory.dynamics.study.GAME_DEFAULTS`): the W2GAN (eq. (9), quadratic D = a x^2 + b x) and the WGAN
(eq. (8), D = a |x - c|), exact population gradients, start = (G*, D*) perturbed by the seeded
:func:`gantheory.dynamics.study.start_point`. Methods: simultaneous and alternating GDA, and Algorithm 1 with
T inner ascent steps on V - lam ||D - D_k||^2 (eq. (11), Sobolev seminorm (15)) at a lam below and one above
the W2GAN's proximal threshold sigma / (4 eta (sigma - 1)). Each run is labelled by
:func:`gantheory.dynamics.classification.classify` (:func:`gantheory.dynamics.trajectories.labelled_runs`).

Columns: game, series, method, lam, T, gamma_G, gamma_D, k, w, u, p, q (the discriminator's parameters:
(a, b) or (a, c)), distance (to (G*, D*)), label.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from gantheory.dynamics.models import make_game
from gantheory.dynamics.study import GAME_DEFAULTS, STUDY_DEFAULTS, start_point
from gantheory.dynamics.trajectories import LabelledRun, kept_steps, labelled_runs
from gantheory.plots.base import THEORY_SOURCE, FigureResult, FigureSpec, check_size, new_figure
from gantheory.proximal.thresholds import conjectured_threshold

STEPS = {"smoke": 300, "quick": 2000, "paper": 5000}
SETTINGS = {"w2gan": {"gamma": 0.3, "lams": (0.5, 10.0)}, "wgan": {"gamma": 0.1, "lams": (0.5, 10.0)}}
COLUMNS = ("game", "series", "method", "lam", "T", "gamma_G", "gamma_D", "k", "w", "u", "p", "q", "distance", "label")


@dataclass(frozen=True)
class TrajectoryData:
    """The tidy ``table`` and what the drawing reads: per game, (series name, labelled run) in order; the
    starts; the kept iterations ``ks``; T and the number of steps."""

    table: dict[str, list]
    runs: dict[str, list[tuple[str, LabelledRun]]]
    starts: dict[str, tuple[float, float, float, float]]
    ks: np.ndarray
    T: int
    steps: int
    size: str
    seed: int


def series_name(config: dict[str, Any]) -> str:
    """The ``series`` column of one run.

    Parameters
    ----------
    config : dict
        A configuration of :func:`gantheory.dynamics.trajectories.trajectory_configs`.

    Returns
    -------
    str
        The method, or "Algorithm 1, lam = <lam>".
    """
    if config["method"] != "algorithm1":
        return f"{config['method']}"
    return f"Algorithm 1, lam = {float(config.get('lam', math.nan)):g}"


def compute(size: str = "quick", seed: int = 0) -> TrajectoryData:
    """Every game's labelled runs from the start of ``seed``, kept at the iterations of ``kept_steps``.

    Parameters
    ----------
    size : str
        ``"smoke"``, ``"quick"`` or ``"paper"``: the number of steps (:data:`STEPS`).
    seed : int
        Recorded in the figure's record: the start point is (G*, D*) perturbed by ``start_point(game, seed)``.

    Returns
    -------
    TrajectoryData
        The tidy table (``table``: column -> list, :data:`COLUMNS`) and what :func:`draw` reads.
    """
    check_size(size)
    steps = STEPS[size]
    T = int(STUDY_DEFAULTS["T"])
    ks = kept_steps(steps)
    table: dict[str, list] = {c: [] for c in COLUMNS}
    runs: dict[str, list] = {}
    starts = {}
    for name, st in SETTINGS.items():
        game = make_game(name, **GAME_DEFAULTS[name])
        starts[name] = start_point(game, seed, STUDY_DEFAULTS["scale"])
        runs[name] = []
        for run in labelled_runs(game, st["gamma"], st["lams"], T, steps, starts[name]):
            c, tr = run.config, run.trajectory
            series = series_name(c)
            runs[name].append((series, run))
            for k in ks:
                w, u, p, q = (float(x) for x in tr.iterates[k])
                row = (name, series, c["method"], float(c.get("lam", math.nan)), int(c.get("T", 1)),
                       float(c["gamma_G"]), float(c["gamma_D"]), int(k), w, u, p, q, float(tr.distance[k]), run.label)
                for col, v in zip(COLUMNS, row, strict=True):
                    table[col].append(v)
    return TrajectoryData(table, runs, starts, ks, T, steps, size, seed)


def draw(d: TrajectoryData) -> FigureResult:
    """Per game: u_k, the phase portrait (u, discriminator parameter) and the distance to (G*, D*).

    Parameters
    ----------
    d : TrajectoryData
        The output of :func:`compute`.

    Returns
    -------
    FigureResult
        The figure, the tidy table, the caption (written from the computed numbers), parameters and seed.
    """
    ks, T = d.ks, d.T
    fig, axes = new_figure(2, 3, 16.0, 8.6)
    colors = ["tab:blue", "tab:orange", "tab:green", "tab:red"]
    for row, (name, rr) in enumerate(d.runs.items()):
        game = make_game(name, **GAME_DEFAULTS[name])
        _, qn = game.phi_names
        desc = ", ".join(f"{k} = {v:g}" for k, v in GAME_DEFAULTS[name].items())
        for (series, run), col in zip(rr, colors, strict=True):
            lab = f"{series} (γ_D = {run.config['gamma_D']:.3g}): {run.label}"
            it = run.trajectory.iterates[ks]
            z = 3 if run.label == "converges" else 2  # the converging runs drawn over the orbits
            axes[row, 0].plot(ks, it[:, 1], color=col, lw=0.9, label=lab, zorder=z)
            axes[row, 1].plot(it[:, 1], it[:, 3], color=col, lw=0.7, alpha=0.85, label=lab)
            axes[row, 1].plot([it[-1, 1]], [it[-1, 3]], "o", color=col, ms=5, mec="k")
            dist = run.trajectory.distance[ks]
            ok = np.isfinite(dist) & (dist > 0)
            axes[row, 2].semilogy(ks[ok], dist[ok], color=col, lw=0.9, label=lab)
        ax = axes[row, 0]
        ax.axhline(game.G_star[1], color="k", ls=":", lw=1, label=r"$u^* = 0$ (minimiser $G^*$)")
        ax.set_xlabel("iteration $k$")
        ax.set_ylabel(r"generator mean $u_k$")
        ax.set_title(f"{name.upper()} ({desc}), γ_G = {SETTINGS[name]['gamma']:g}", fontsize=10)
        ax.legend(fontsize=7)
        ax = axes[row, 1]
        ax.plot([game.G_star[1]], [game.D_star[1]], "*", ms=16, color="k", label=r"$(G^*, D^*)$")
        ax.plot([d.starts[name][1]], [d.starts[name][3]], "s", ms=6, color="gray", label="start")
        ax.set_xlabel(r"generator mean $u$")
        ax.set_ylabel(f"discriminator parameter ${qn}$")
        ax.set_title("phase portrait (dots: final iterates)", fontsize=10)
        ax.legend(fontsize=7)
        ax = axes[row, 2]
        ax.set_xlabel("iteration $k$")
        ax.set_ylabel(r"distance to $(G^*, D^*)$ (log)")
        ax.set_title(f"T = {T} inner steps for Algorithm 1", fontsize=10)
        ax.grid(alpha=0.3, which="both")
    params = {"games": {k: dict(GAME_DEFAULTS[k]) for k in SETTINGS}, "settings": {
        k: {"gamma": v["gamma"], "lams": list(v["lams"])} for k, v in SETTINGS.items()}, "T": T, "steps": d.steps,
        "start_scale": STUDY_DEFAULTS["scale"], "starts": {k: list(v) for k, v in d.starts.items()},
        "stored_iterations": len(ks), "size": d.size}
    return FigureResult(fig, d.table, _caption(d), params, [d.seed], THEORY_SOURCE)


def _caption(d: TrajectoryData) -> str:
    def summary(name):
        return "; ".join(f"{series}: {run.label} (final distance {run.trajectory.distance[-1]:.2g})"
                         for series, run in d.runs[name])

    def labels(name):
        return {series: run.label for series, run in d.runs[name]}

    gw, gg = GAME_DEFAULTS["w2gan"], GAME_DEFAULTS["wgan"]
    thr = conjectured_threshold(gw["sigma"], gw["eta"])
    w2 = labels("w2gan")
    lam_lo, lam_hi = SETTINGS["w2gan"]["lams"]
    below, above = w2[f"Algorithm 1, lam = {lam_lo:g}"], w2[f"Algorithm 1, lam = {lam_hi:g}"]
    wg_conv = [s for s, lab in labels("wgan").items() if lab == "converges"]
    return (
        f"Gradient descent-ascent (simultaneous, alternating) and Algorithm 1 (T = {d.T} inner ascent steps on "
        "V - lam ||D - D_k||^2, eq. (11) with the Sobolev seminorm (15)) in the exact 1-D Gaussian games, "
        f"{d.steps} steps with exact population gradients from a seeded perturbation (seed {d.seed}) of (G*, D*); "
        "gamma_D = min(gamma_G, 1/L_lam) keeps the discriminator's ascent stable. Left: the generator mean u_k; "
        "middle: phase portrait (u, discriminator parameter); right: distance to (G*, D*). W2GAN (quadratic D, "
        f"sigma = {gw['sigma']:g}, t = {gw['t']:g}, eta = {gw['eta']:g}): {summary('w2gan')}. "
        + (f"Algorithm 1 {below} below the proximal threshold lam* = {thr:.3g} and {above} above it, "
           "as the proximal equilibrium of Theorem 2 predicts (G* minimises V_prox(., D*) only for lam <= lam*)."
           if below == "converges" and above != "converges" else
           f"Algorithm 1 {below} at lam = {lam_lo:g} < lam* = {thr:.3g} and {above} at lam = "
           f"{lam_hi:g} > lam*: the threshold does not separate the behaviours here.")
        + f" WGAN (D = a|x - c|, sigma = {gg['sigma']:g}, t = {gg['t']:g}): {summary('wgan')}. "
        + ("No method converges to (G*, D*) in the WGAN game, consistent with Figure 3's finding that (G*, D*) is a "
           "proximal equilibrium there for no lam > 0 (Algorithm 1 comes to rest at spurious points created by the "
           "kink of the Sobolev penalty, or cycles)." if not wg_conv else
           f"In the WGAN game {', '.join(wg_conv)} converge(s) to (G*, D*).")
        + " Computed, not proved: the labels depend on the horizon and step sizes (gantheory.dynamics.study)."
    )


def make(size: str = "quick", seed: int = 0, data_spec=None, workdir=None) -> FigureResult:
    """The figure recipe of :data:`SPEC`.

    Parameters
    ----------
    size, seed
        As for :func:`compute`.
    data_spec, workdir
        Accepted for the common recipe signature and ignored (nothing is read from disk).

    Returns
    -------
    FigureResult
        ``draw(compute(size, seed))``.
    """
    return draw(compute(size, seed))


SPEC = FigureSpec("trajectories", "Section 5: GDA and proximal training (Algorithm 1) near the W-minimiser of the "
                  "Gaussian W2GAN and WGAN games", make)
