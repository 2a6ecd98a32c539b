"""The empirical findings' figures and the README's account of them, from the run directories of
:mod:`gantheory.grid.empirical`: Figures 1-2 and 4-5 (the probes of one seed), Figures 6-7 with Table 1 (the
finished Table 1 runs), and the README block of :mod:`gantheory.grid.findings_text`."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path

from gantheory import __version__
from gantheory.files import write_atomic
from gantheory.grid.findings import PROBE_ID, finished_table1_runs, probe_steps_done, read_jsonl
from gantheory.grid.findings_text import figure_bullets
from gantheory.neural.recipes import make_recipe
from gantheory.plots.base import write
from gantheory.plots.probes import PROBE_RECIPES, probe_figure
from gantheory.plots.registry import read_index, select
from gantheory.plots.table1_runs import table1_run_figure


def probe_figures(root: str | Path, out: str | Path, *, seed: int, preset: str = "medium",
                  data: str = "mnist-embedded", summary: str | Path | None = None, lam: float = 0.1,
                  inner_steps: int = 50, command: str = "") -> list[Path]:
    """Figures 1-2 and 4-5 (``fig1_probe_minimax``, ``fig4_probe_proximal``) from the finished probes of one
    ``seed`` under ``root`` (layout of :func:`run_findings`), written into ``out`` with the figures' records;
    their captions quote the verdicts over seeds from ``summary`` (the findings JSON) where given. The record
    holds each run's CPU and wall seconds (``cost.jsonl``) and the machine."""

    t0 = time.perf_counter()
    base = Path(root) / data / preset / "probe"
    findings = json.loads(Path(summary).read_text())["findings"] if summary else []
    paths = []
    for objective, name in (("minimax", "fig1_probe_minimax"), ("proximal", "fig4_probe_proximal")):
        runs = {}
        for gan in PROBE_RECIPES:
            hits = sorted(base.glob(f"{gan}-dim*-seed{seed}"))
            if hits and probe_steps_done(hits[0], objective) is not None:
                runs[gan] = hits[0]
        costs = {}
        for gan, run in runs.items():
            cf = run / "cost.jsonl"
            costs[gan] = read_jsonl(cf) if cf.is_file() else []
        fid = PROBE_ID[objective]
        fs = [f for f in findings if f["id"] == fid and f["preset"] == preset and f["data"] == data]
        res = probe_figure(objective, runs, size=preset, seed=seed, lam=lam, inner_steps=inner_steps, preset=preset,
                           params={"root": str(root), "costs": costs, "machine": platform.platform(),
                                   "processor": platform.processor() or platform.machine()},
                           findings=fs)
        paths += write(name, res, Path(out), command=command, seconds=time.perf_counter() - t0, size=preset,
                       version=__version__)
    return paths


def table1_figure(root: str | Path, out: str | Path, *, seed: int, preset: str = "medium",
                  data: str = "mnist-embedded", summary: str | Path | None = None,
                  command: str = "") -> list[Path]:
    """Figures 6-7 and Table 1 (``fig6_table1``) from the finished Table 1 runs under ``root`` (layout of
    :func:`run_findings`), the sample grids of ``seed``; the caption quotes the ``table-1`` verdicts of
    ``summary``. The record holds each run's CPU and wall seconds (``cost.jsonl``) and the machine. Returns the
    paths written (none when no Table 1 run has finished)."""
    t0 = time.perf_counter()
    runs = finished_table1_runs(Path(root) / data / preset / "table1")
    if not runs:
        return []
    findings = json.loads(Path(summary).read_text())["findings"] if summary else []
    fs = [f for f in findings if f["id"] == "table-1" and f["preset"] == preset and f["data"] == data]
    widths = sorted({dim for (_, dim, _, _) in runs})
    pdim = make_recipe("sn-gan", "mnist", preset).dim
    dims = tuple(widths) if len(widths) == 2 else (max(1, pdim // 2), pdim)  # the runs' two widths, else the preset's
    costs = {}
    for key, r in runs.items():
        cf = Path(r["run"]) / "cost.jsonl"
        costs["-".join(map(str, key))] = read_jsonl(cf) if cf.is_file() else []
    res = table1_run_figure(runs, fs, seed=seed, preset=preset, data=data, dims=dims,
                            params={"root": str(root), "costs": costs, "machine": platform.platform(),
                                    "processor": platform.processor() or platform.machine()})
    return write("fig6_table1", res, Path(out), command=command, seconds=time.perf_counter() - t0, size=preset,
                 version=__version__)


def update_index(out: str | Path, names: list[str], *, note: str = "") -> Path:
    """Point the entries of ``names`` in ``out/index.json`` (the figures index of ``gantheory figures``) at the
    records just written for them: caption, size, command, seconds and files from ``out/<name>.json``, claim and
    kind from the figure registry; the other entries are kept as they are. An index that is not one is refused,
    never overwritten; a missing one is created.

    Parameters
    ----------
    out : path
        The figures directory.
    names : list of str
        The figures regenerated into ``out`` (each with its ``<name>.json`` record).
    note : str
        Where the figures' runs come from, stored in each entry.

    Returns
    -------
    Path
        The index written.
    """
    out = Path(out)
    index = out / "index.json"
    old = read_index(index)
    specs = {s.name: s for s in select(names)}
    entries = list(old.get("figures", []))
    for name in names:
        rec = json.loads((out / f"{name}.json").read_text())
        entry = {"figure": name, "claim": specs[name].claim, "kind": specs[name].kind, "seconds": rec["seconds"],
                 "files": [f"{name}.{s}" for s in ("png", "pdf", "csv", "json")] + list(rec.get("extra_files", [])),
                 "caption": rec["caption"], "size": rec["size"], "command": rec["command"]}
        if note:
            entry["note"] = note
        at = [i for i, e in enumerate(entries) if e.get("figure") == name]
        if at:
            entries[at[0]] = entry
        else:
            entries.append(entry)
    head = {k: v for k, v in old.items() if k != "figures"} or {"size": rec["size"], "command": rec["command"]}
    write_atomic(index, json.dumps({**head, "figures": entries}, indent=2) + "\n")
    return index


def readme_block(summary: str | Path, figures: str | Path) -> str:
    """The README's empirical-findings block (:func:`gantheory.grid.findings_text.figure_bullets`) from the
    summary JSON and the records of the empirical figures in ``figures``."""
    records = {}
    for name in ("fig1_probe_minimax", "fig4_probe_proximal", "fig6_table1"):
        p = Path(figures) / f"{name}.json"
        if p.is_file():
            records[name] = json.loads(p.read_text())
    return figure_bullets(json.loads(Path(summary).read_text()), records)
