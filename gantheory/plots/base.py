"""The figure record shared by every figure recipe, and how it is written to disk.

A recipe is a function ``make(size, seed, data_spec, workdir) -> FigureResult`` where ``size`` is
``"smoke"`` (seconds: the CI test), ``"quick"`` (the committed figures, 2 CPU cores) or ``"paper"``.
Its data is one tidy table (columns of equal length) written as CSV beside the PNG and PDF; its caption
record (JSON) holds the caption, the parameters, the seeds, the data, the package version, the command
and the wall time.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

SIZES = ("smoke", "quick", "paper")
#: the data source recorded for the figures computed from the closed forms (nothing read from disk)
THEORY_SOURCE = "none (computed from the closed forms of the Gaussian games)"


@dataclass
class FigureResult:
    """One regenerated figure: the matplotlib ``figure``, its tidy ``data`` (column -> list, all of one
    length), a ``caption`` (what it shows and whether it reproduces the paper), ``params`` and ``seeds``."""

    figure: Any
    data: dict[str, list]
    caption: str
    params: dict = field(default_factory=dict)
    seeds: list[int] = field(default_factory=list)
    data_source: str = "none (computed from the closed forms)"
    extra: dict[str, str] = field(default_factory=dict)  # more text files: suffix -> content (e.g. a table)

    def __post_init__(self) -> None:
        lengths = {k: len(v) for k, v in self.data.items()}
        if not lengths:
            raise ValueError("a figure's data table has no columns")
        if len(set(lengths.values())) != 1:
            raise ValueError(f"a figure's data columns differ in length: {lengths}")


@dataclass(frozen=True)
class FigureSpec:
    """A registered figure: ``name`` (file stem), the paper ``claim`` it bears on, and its recipe."""

    name: str
    claim: str
    make: Callable[..., FigureResult]
    kind: str = "theory"  # "theory" (closed forms) or "neural" (trains networks)


def check_size(size: str) -> None:
    """Refuse a size outside :data:`SIZES`.

    Parameters
    ----------
    size : str
        The figure size asked for.

    Raises
    ------
    ValueError
        One line naming the parameter and the sizes allowed.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, got {size!r}")


def new_figure(nrows: int, ncols: int, width: float, height: float):
    """A pyplot-free matplotlib figure with constrained layout.

    Parameters
    ----------
    nrows, ncols : int
        The axes grid.
    width, height : float
        The size in inches.

    Returns
    -------
    tuple
        The :class:`matplotlib.figure.Figure` and its axes as a 2-D array (``squeeze=False``).
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes


def fmt(x: float, digits: int = 4) -> str:
    """A number for a caption.

    Parameters
    ----------
    x : float
        The number.
    digits : int
        Significant digits.

    Returns
    -------
    str
        ``x`` to ``digits`` significant digits, or "inf".
    """
    if x == math.inf:
        return "inf"
    return f"{x:.{digits}g}"


def _cell(v: Any) -> Any:
    """A CSV cell: floats to 10 significant digits (the data are computed in float64; 10 digits keep the
    committed tables small and exceed every tolerance the figures are checked at)."""
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (float, np.floating)):
        v = float(v)
        if not math.isfinite(v):
            return "inf" if v > 0 else ("-inf" if v < 0 else "nan")
        return f"{v:.10g}"
    if isinstance(v, np.integer):
        return int(v)
    return v


def write(name: str, result: FigureResult, out: Path, *, command: str, seconds: float, size: str,
          version: str) -> list[Path]:
    """Write ``name``.png, .pdf, .csv and .json into ``out``; returns the paths written."""
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / f"{name}.png", out / f"{name}.pdf", out / f"{name}.csv", out / f"{name}.json"]
    result.figure.savefig(paths[0], dpi=130, bbox_inches="tight")
    result.figure.savefig(paths[1], bbox_inches="tight")
    cols = list(result.data)
    n = len(result.data[cols[0]])
    with open(paths[2], "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(cols)
        for i in range(n):
            w.writerow([_cell(result.data[c][i]) for c in cols])
    record = {"figure": name, "caption": result.caption, "command": command, "size": size,
              "params": result.params, "seeds": result.seeds, "data": result.data_source,
              "gantheory": version, "seconds": round(seconds, 2), "columns": cols, "rows": n}
    for suffix, text in result.extra.items():
        paths.append(out / f"{name}.{suffix}")
        paths[-1].write_text(text)
    record["extra_files"] = [p.name for p in paths[4:]]
    paths[3].write_text(json.dumps(record, indent=2, default=str) + "\n")
    import matplotlib.pyplot as plt

    plt.close(result.figure)
    return paths


def read_table(path: Path) -> dict[str, list[str]]:
    """The CSV a figure wrote, as column -> list of strings."""
    with open(path, newline="") as fh:
        rows = list(csv.reader(fh))
    cols = rows[0]
    return {c: [r[i] for r in rows[1:]] for i, c in enumerate(cols)}
