"""Figures 1-2 and 4-5 drawn from finished probes (Section 2 probe: V of eq. (5) with D frozen; Section 6.1
probe: the proximal objective (11)), shared by ``gantheory figures`` and the empirical findings
(:mod:`gantheory.grid.empirical`)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from gantheory.grid.spec import PROBE_RECIPES
from gantheory.plots.base import FigureResult


def grid_image(path: Path) -> np.ndarray:
    from PIL import Image

    return np.asarray(Image.open(path))


# -- the grid's cells (gantheory grid) behind the figures ------------------------------------------------------------


def _probe_scores(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text().splitlines() if ln.strip()]


def probe_figure(objective: str, runs: dict, *, size: str, seed: int, lam: float, inner_steps: int, preset: str,
                 params: dict | None = None, findings: list[dict] | None = None) -> FigureResult:
    """Figures 1-2 (``objective="minimax"``, Section 2) or 4-5 (``"proximal"``, Section 6.1) from finished
    probes: ``runs`` maps each recipe of PROBE_RECIPES present to its run directory (with
    ``probe-<objective>.jsonl`` and the before/mid/after grids). The sample grids are labelled with the
    recipe, the training iteration plus probe step and the classifier score there. ``findings``: entries of
    the empirical summary (gantheory.grid.empirical) whose verdicts over seeds the caption quotes."""
    from matplotlib.figure import Figure

    recipes = [g for g in PROBE_RECIPES if g in runs]
    if not recipes:
        raise ValueError(f"no finished {objective} probe among {', '.join(PROBE_RECIPES)}")
    data: dict[str, list] = {"recipe": [], "step": [], "V": [], "prox_objective": [], "g_loss": [],
                             "score_sliced_w": [], "score_mnist_is": []}
    train_its = {}
    for gan in recipes:
        train_its[gan] = json.loads((Path(runs[gan]) / "config.json").read_text())["recipe"]["iterations"]
        for rec in _probe_scores(Path(runs[gan]) / f"probe-{objective}.jsonl"):
            data["recipe"].append(gan)
            data["step"].append(rec["iteration"])
            for k in ("V", "prox_objective", "g_loss", "score_sliced_w", "score_mnist_is"):
                v = rec.get(k)
                data[k].append(float("nan") if v is None else float(v))
    cfg = json.loads((Path(runs[recipes[0]]) / "config.json").read_text())
    steps = max(data["step"])
    has_is = not all(np.isnan(data["score_mnist_is"]))
    fig = Figure(figsize=(16, 3.3 * len(recipes)))
    axes = np.atleast_2d(fig.subplots(len(recipes), 5))
    summary = []
    for i, gan in enumerate(recipes):
        rows = [j for j, r in enumerate(data["recipe"]) if r == gan]
        step = [data["step"][j] for j in rows]
        V = [data["V"][j] for j in rows]
        ax = axes[i, 0]
        ax.plot(step, V, "o-", ms=3, color="C0", label="V(G, D_final)")
        if objective == "proximal":
            ax.plot(step, [data["prox_objective"][j] for j in rows], "s--", ms=3, color="C3",
                    label="proximal objective (11)")
        ax.set_xlabel("generator step of the probe")
        ax.set_title(f"{gan}: objective")
        ax.legend(fontsize=7)
        ax = axes[i, 1]
        key, lab = ("score_mnist_is", "MNIST classifier score (higher = better)") if has_is else \
            ("score_sliced_w", "sliced W2 to held-out (lower = better)")
        sc = [data[key][j] for j in rows]
        ax.plot(step, sc, "o-", ms=3, color="C2")
        ax.set_xlabel("generator step of the probe")
        ax.set_title(f"{gan}: {lab}", fontsize=8)
        at = dict(zip(step, sc, strict=True))
        for k, (name, s_) in enumerate((("before", 0), ("mid", steps // 2), ("after", steps))):
            path = Path(runs[gan]) / f"probe-{objective}-{name}.png"
            if not path.exists():  # a one-step probe has no half-way grid
                axes[i, 2 + k].axis("off")
                continue
            axes[i, 2 + k].imshow(grid_image(path), cmap="gray")
            score_s = f", score {at[s_]:.2f}" if s_ in at and at[s_] == at[s_] else ""
            axes[i, 2 + k].set_title(f"{gan}, trained {train_its[gan]} it. + probe step {s_}{score_s}", fontsize=8)
            axes[i, 2 + k].axis("off")
        summary.append((gan, V[0], V[-1], sc[0], sc[-1]))
    what = "V(G, D_final) of eq. (5)" if objective == "minimax" else "V(G, D_final) and the proximal objective (11)"
    score_name = "the MNIST classifier score" if has_is else "the sliced W2 distance"
    moves = "; ".join(f"{g}: V {v0:.3g} -> {v1:.3g}, {score_name} {s0:.3g} -> {s1:.3g}"
                      for g, v0, v1, s0, s1 in summary)
    fig.suptitle(f"{'Section 2 probe (Figs. 1-2)' if objective == 'minimax' else 'Section 6.1 probe (Figs. 4-5)'}: "
                 f"G optimised against the frozen D_final, {steps} steps, data {cfg['data']}, {preset} preset, "
                 f"seed {seed}", fontsize=10)
    fig.tight_layout()
    if objective == "minimax":
        claim = ("The paper (Figs. 1-2, 10 000 steps, SN-GAN) reports that V and the sample quality both fall when "
                 "G keeps optimising against the trained D, i.e. the trained pair is not a Nash equilibrium.")
    else:
        claim = (f"The paper (Figs. 4-5) reports that on the proximal objective (lam = {lam:g}, {inner_steps} inner "
                 "Adam steps) the objective and the sample quality are preserved.")
    falls = [g for g, v0, v1, _, _ in summary if v1 < v0]
    weak = [g for g, _, _, s0, _ in summary if has_is and s0 < 2.0]
    untrained = (f" Caveat: {', '.join(weak)} had not learned digits before the probe (classifier score < 2 at "
                 f"step 0: collapsed or under-trained at this size), so its score curve cannot bear on the "
                 f"sample-quality part of the claim." if weak else "")
    over_seeds = ""
    if findings:
        over_seeds = " Over seeds (figures/empirical_summary.json): " + "; ".join(
            f"{f['recipe']} {f['n_seeds']} seeds (trained "
            f"{'/'.join(str(i) for i in f.get('train_iterations', [])) or '?'} it."
            f"{', carried over from ' + f['carried_over_from'] if 'carried_over_from' in f else ''}), "
            f"score {f['before']['mean']:.2f} -> {f['after']['mean']:.2f}, "
            f"after - before 95 % CI "
            + ("undefined" if f["difference_ci95"] is None else
               f"[{f['difference_ci95'][0]:+.2f}, {f['difference_ci95'][1]:+.2f}]") + f": {f['verdict']}"
            for f in findings) + "."
    caption = (f"{what} over the probe and {score_name} of 500 samples, for {', '.join(recipes)} trained on "
               f"{cfg['data']} ({size} size, seed {seed}). {claim} Here: {moves}. V fell in {len(falls)} of "
               f"{len(summary)} recipes ({', '.join(falls) or 'none'}).{untrained}{over_seeds}")
    out_params = {"objective": objective, "probe_steps": steps, "inner_steps": inner_steps, "lam": lam,
                  "train_iterations": train_its, "preset": preset, "recipes": recipes, **(params or {})}
    return FigureResult(fig, data, caption, out_params, [seed], data_source=str(cfg["data"]))
