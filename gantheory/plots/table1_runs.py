"""Figures 6-7 and Table 1 (Section 6.2) drawn from the empirical findings' run directories
(:mod:`gantheory.grid.empirical`, layout ``ROOT/<data>/<preset>/table1/<recipe>-dim<D>-<method>-seed<S>/``):
sample grids of the final generators of regular and proximal training (Algorithm 1) at the two widths, and
each Table 1 row's scores over seeds beside the published CIFAR-10 Inception scores, with the verdicts of
``figures/empirical_summary.json``.

A run counts when it finished (``gantheory.grid.findings.finished_table1_runs``). Rows without a finished
run are drawn as such, never filled in.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from gantheory.grid.findings import TABLE1_RECIPES
from gantheory.grid.results import PUBLISHED_TABLE1
from gantheory.neural.run import load_run
from gantheory.plots.base import FigureResult

METHODS = ("regular", "proximal")
PAPER_DIMS = ("64", "128")


def sample_grid(run: Path, n: int = 64, seed: int = 12345) -> np.ndarray:
    """An 8 x 8 tile of ``n`` images of a run's final generator (eval mode, noise seed ``seed``), values in [0, 1].

    Parameters
    ----------
    run : Path
        A run directory with ``checkpoint.pt``.
    n : int
        Number of images (a square number).
    seed : int
        Seed of the noise z.

    Returns
    -------
    numpy.ndarray
        A 2-D (grey) or 3-D (RGB) image.
    """
    import torch

    tr, _, _ = load_run(run, "cpu")
    tr.G.eval()
    gen = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        x = tr.G.to_data(tr.G(torch.randn(n, tr.recipe.z_dim, generator=gen))).numpy()
    k = int(round(n ** 0.5))
    x = x[: k * k].reshape(k, k, *x.shape[1:])  # (rows, cols, C, H, W)
    c, h, w = x.shape[2:]
    tile = x.transpose(0, 3, 1, 4, 2).reshape(k * h, k * w, c)
    return np.clip(tile[..., 0] if c == 1 else tile, 0.0, 1.0)


def table1_run_figure(runs: dict, findings: list[dict], *, seed: int, preset: str, data: str,
                      dims: tuple[int, int], params: dict | None = None) -> FigureResult:
    """Figures 6-7 and Table 1 from finished runs.

    Parameters
    ----------
    runs : dict
        ``finished_table1_runs``' result.
    findings : list of dict
        The ``table-1`` entries of the empirical summary (their verdicts are quoted).
    seed : int
        The seed whose sample grids are drawn (the first finished seed of a cell otherwise).
    preset, data : str
        The preset and data set of the runs.
    dims : (int, int)
        Our widths standing for the paper's DIM 64 and 128.
    params : dict, optional
        More parameters for the record (costs, machine).

    Returns
    -------
    FigureResult
        Sample grids (SN-GAN, Figs. 6-7, and WGAN-WC), the rows' scores, and a caption with one sentence per row.
    """
    from matplotlib.figure import Figure

    if not runs:
        raise ValueError("no finished Table 1 run")
    metric = next(iter(runs.values()))["metric"]
    # the columns of gantheory figures' fig6_table1 (gantheory.plots.neural), so both read the same way
    data_cols: dict[str, list] = {"recipe": [], "paper_dim": [], "dim": [], "method": [], "seed": [], "mnist_is": [],
                                  "sliced_w": [], "inception_score": []}
    for (gan, dim, method, s), r in sorted(runs.items()):
        if r["metric"] != metric:
            continue
        paper_dim = PAPER_DIMS[dims.index(dim)] if dim in dims else ""
        for k, v in (("recipe", gan), ("paper_dim", paper_dim), ("dim", dim), ("method", method), ("seed", s)):
            data_cols[k].append(v)
        for k in ("mnist_is", "sliced_w", "inception_score"):
            v = r["scores"].get(k)
            data_cols[k].append(float("nan") if v is None else float(v))
    fig = Figure(figsize=(13, 9.5))
    gs = fig.add_gridspec(3, 4, height_ratios=[1, 1, 1.1])
    for i, gan in enumerate(("sn-gan", "wgan-wc")):
        for j, (dim, method) in enumerate((d, m) for d in dims for m in METHODS):
            ax = fig.add_subplot(gs[i, j])
            ax.axis("off")
            cells = sorted(s for (g, d, m, s) in runs if (g, d, m) == (gan, dim, method))
            if not cells:
                ax.set_title(f"{gan} DIM {dim} {method}\nno finished run (resumable)", fontsize=8)
                continue
            s = seed if seed in cells else cells[0]
            r = runs[(gan, dim, method, s)]
            ax.imshow(sample_grid(r["run"]), cmap="gray", vmin=0, vmax=1)
            ax.set_title(f"{gan} DIM {dim} (paper {PAPER_DIMS[dims.index(dim)]}), {method}\nseed {s}, "
                         f"iteration {r['iteration']}, {metric} {r['score']:.2f}", fontsize=8)
    ax = fig.add_subplot(gs[2, :])
    by_row = {(f["recipe"], f["dim"]): f for f in findings}
    labels, sentences = [], []
    for x, (gan, paper_dim) in enumerate((g, p) for g in TABLE1_RECIPES for p in PAPER_DIMS):
        dim = dims[PAPER_DIMS.index(paper_dim)]
        pub = PUBLISHED_TABLE1[(gan, paper_dim)]
        f = by_row.get((gan, dim))
        for j, method in enumerate(METHODS):
            vals = [r["score"] for (g, d, m, _), r in runs.items() if (g, d, m) == (gan, dim, method)]
            if vals:
                ax.bar(x + (j - 0.5) * 0.38, np.mean(vals), 0.38, yerr=np.std(vals, ddof=1) if len(vals) > 1 else 0,
                       capsize=3, color=f"C{j}", label=f"{method} (ours)" if x == 0 else None)
                ax.plot(np.full(len(vals), x + (j - 0.5) * 0.38), vals, "k.", ms=4)
        row = f"{gan} DIM {dim} (paper {paper_dim}): paper {pub[0]:.2f} -> {pub[1]:.2f} (CIFAR-10 IS)"
        if f is None:
            labels.append(f"{gan} DIM {dim}\n(paper {paper_dim})\nno paired seed")
            sentences.append(f"{row}; ours: no seed with both runs finished yet, so no verdict.")
            continue
        ci = f["difference_ci95"]
        ci_s = "undefined with one seed" if ci is None else f"[{ci[0]:+.2f}, {ci[1]:+.2f}]"
        labels.append(f"{gan} DIM {dim}\n(paper {paper_dim})\n{f['n_seeds']} seed(s): {f['verdict']}")
        sentences.append(f"{row}; ours over {f['n_seeds']} seed(s) ({'/'.join(map(str, f['train_iterations']))} "
                         f"it.): {f['before']['mean']:.2f} -> {f['after']['mean']:.2f}, proximal - regular 95 % CI "
                         f"{ci_s}: {f['verdict']}.")
    ax.set_xticks(np.arange(len(labels)), labels, fontsize=8)
    ax.set_ylabel(f"{metric} (higher = better)")
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8)
    ax.set_title(f"Table 1 analogue on {data} ({preset} preset): mean ± std over the finished seeds (dots: seeds)",
                 fontsize=9)
    fig.suptitle("Section 6.2: regular vs proximal training (Algorithm 1, T = 20, lam = 0.1); Figs. 6-7 show "
                 "SN-GAN samples", fontsize=10)
    fig.tight_layout()
    caption = ("The paper (Table 1, Figs. 6-7; CIFAR-10 and CelebA, 200k iterations) reports higher Inception "
               "scores and better-looking samples for proximal training in all four rows. Here, on "
               f"{data} at the {preset} preset with DIM {dims[0]}/{dims[1]} standing for 64/128: "
               + " ".join(sentences))
    out_params = {"preset": preset, "dims": list(dims), "metric": metric, "sample_seed": seed,
                  "iterations": {"-".join(map(str, k)): r["iteration"] for k, r in sorted(runs.items())},
                  **(params or {})}
    seeds = sorted({s for (_, _, _, s) in runs})
    res = FigureResult(fig, data_cols, caption, out_params, seeds, data_source=data)
    res.extra = {"table1.md": table1_markdown(runs, by_row, dims, metric)}
    return res


def table1_markdown(runs: dict, by_row: dict, dims: tuple[int, int], metric: str) -> str:
    """Table 1 as Markdown: the published CIFAR-10 Inception scores beside ours per row (mean ± std over the
    finished seeds of each method, the paired seeds' interval and verdict).

    Parameters
    ----------
    runs : dict
        ``finished_table1_runs``' result.
    by_row : dict
        ``(recipe, dim) -> table-1 entry`` of the empirical summary.
    dims : (int, int)
        Our widths for the paper's DIM 64 and 128.
    metric : str
        The score.

    Returns
    -------
    str
    """
    out = [f"| recipe | paper DIM | our DIM | published IS regular | published IS proximal | ours regular ({metric}) "
           f"| ours proximal ({metric}) | paired seeds | proximal - regular, 95 % CI | verdict |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for gan in TABLE1_RECIPES:
        for paper_dim, dim in zip(PAPER_DIMS, dims, strict=True):
            pub = PUBLISHED_TABLE1[(gan, paper_dim)]
            cells = []
            for method in METHODS:
                v = [r["score"] for (g, d, m, _), r in runs.items() if (g, d, m) == (gan, dim, method)]
                cells.append("not run" if not v else f"{np.mean(v):.3f} ± {np.std(v, ddof=1):.3f} (n={len(v)})"
                             if len(v) > 1 else f"{v[0]:.3f} (n=1)")
            f = by_row.get((gan, dim))
            ci = "" if f is None or f["difference_ci95"] is None else \
                f"[{f['difference_ci95'][0]:+.3f}, {f['difference_ci95'][1]:+.3f}]"
            out.append(f"| {gan} | {paper_dim} | {dim} | {pub[0]:.2f} | {pub[1]:.2f} | {cells[0]} | {cells[1]} | "
                       f"{0 if f is None else f['n_seeds']} | {ci or 'undefined'} | "
                       f"{'no verdict' if f is None else f['verdict']} |")
    return "\n".join(out) + "\n"
