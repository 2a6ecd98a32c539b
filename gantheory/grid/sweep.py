"""``gantheory sweep``: a claim's metrics over a parameter grid, on the grid's engines.

Each point of the grid (the Cartesian product of the ``--grid key=start:stop:n[:log]`` axes, the other
parameters at the claim's defaults or ``--set``) is one evaluation of the claim through the claims
registry's public runner (``gantheory.claims.registry.run_claims``), serially or as one Ray task per point.
Every point is validated (parameter names, ranges and the claim's premises) before any is evaluated.
Output: ``sweep.csv`` (tidy: one row per point, the parameters, the verdict and every scalar metric,
nested metrics flattened with dots), ``sweep.png`` (a line plot of the named metric over one axis, or a
heat map over two) and ``sweep.json`` (the command's parameters and the plotted metric).

The phase diagram's quantities (``gantheory.plots.phase_diagram``) are claim metrics here:
the minimal Nash gaps of Theorem 1's games (``theorem-1-wgan``, ``theorem-1-w2gan``:
``min_nash_gap_closed_form`` with its certified bracket) and the proximal threshold lam* of Theorem 2
(``theorem-2``: ``lambda_threshold``) over (sigma, t).
"""

from __future__ import annotations

import csv
import itertools
import json
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from gantheory._validation import InputError
from gantheory.claims.registry import REGISTRY, parse_overrides, run_claims, select
from gantheory.files import check_output_dir
from gantheory.grid.engine import choose_engine
from gantheory.neural.progress import Progress
from gantheory.neural.run import write_atomic


@dataclass(frozen=True)
class Axis:
    """One swept parameter: ``n`` points from ``start`` to ``stop``, evenly or geometrically (``log``), or the
    listed ``points``."""

    key: str
    start: float
    stop: float
    n: int
    log: bool = False
    points: tuple[float, ...] | None = None

    def values(self) -> list[float]:
        if self.points is not None:
            return list(self.points)
        if self.n == 1:
            return [self.start]
        if self.log:
            return [float(v) for v in np.geomspace(self.start, self.stop, self.n)]
        return [float(v) for v in np.linspace(self.start, self.stop, self.n)]


def parse_axis(text: str) -> Axis:
    """``key=start:stop:n``, ``key=start:stop:n:log`` or ``key=v1,v2,...`` -> Axis (one-line ValueError
    otherwise)."""
    if "=" not in text:
        raise InputError(f"--grid takes key=start:stop:n[:log] or key=v1,v2,..., got {text!r}")
    key, spec = (x.strip() for x in text.split("=", 1))
    if ":" not in spec:
        try:
            vals = tuple(float(v) for v in spec.split(","))
        except ValueError:
            raise InputError(f"--grid {key}: expected start:stop:n[:log] or comma-separated numbers, "
                             f"got {spec!r}") from None
        if not all(math.isfinite(v) for v in vals) or len(set(vals)) != len(vals):
            raise InputError(f"--grid {key}: the listed values must be finite and distinct, got {spec!r}")
        return Axis(key, vals[0], vals[-1], len(vals), False, vals)
    parts = spec.split(":")
    log = len(parts) == 4 and parts[3] == "log"
    if len(parts) not in (3, 4) or (len(parts) == 4 and not log):
        raise InputError(f"--grid {key}: expected start:stop:n or start:stop:n:log, got {spec!r}")
    try:
        start, stop, n = float(parts[0]), float(parts[1]), int(parts[2])
    except ValueError:
        raise InputError(f"--grid {key}: start and stop must be numbers and n an integer, got {spec!r}") from None
    if not (math.isfinite(start) and math.isfinite(stop)):
        raise InputError(f"--grid {key}: start and stop must be finite, got {spec!r}")
    if n < 1:
        raise InputError(f"--grid {key}: n must be >= 1, got {n}")
    if log and not (start > 0 and stop > 0):
        raise InputError(f"--grid {key}: a log axis needs start, stop > 0, got {spec!r}")
    return Axis(key, start, stop, n, log)


def _fmt_value(v: float) -> str:
    return repr(float(v))


def points(claim: str, axes: list[Axis], sets: list[str]) -> list[list[str]]:
    """Every point's overrides (``key=value`` strings), each validated by the claim's ``resolve``."""
    select([claim])
    if not axes:
        raise InputError("sweep needs at least one --grid key=start:stop:n")
    keys = [a.key for a in axes]
    if len(set(keys)) != len(keys):
        raise InputError(f"--grid: a key is swept twice ({', '.join(keys)})")
    c = REGISTRY[claim]
    for a in axes:
        if a.key not in c.defaults:
            raise InputError(f"--grid {a.key}: claim {claim} has no parameter {a.key!r} "
                             f"(it takes: {', '.join(c.defaults)})")
    fixed = parse_overrides(sets, [claim])[claim]
    for k in fixed:
        if k in keys:
            raise InputError(f"--set {k}: the parameter is swept by --grid")
    out = []
    for combo in itertools.product(*(a.values() for a in axes)):
        over = [f"{k}={v}" for k, v in fixed.items()] + [f"{a.key}={_fmt_value(v)}" for a, v in zip(axes, combo,
                                                                                                    strict=True)]
        try:
            c.resolve(dict(o.split("=", 1) for o in over))
        except ValueError as e:
            raise InputError(f"sweep point {', '.join(over)}: {str(e).splitlines()[0]}") from None
        out.append(over)
    return out


def _evaluate(claim: str, over: list[str]) -> dict:
    return run_claims([claim], over, jobs=1)[0]


def _flatten(d: Any, prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(d, dict):
        for k, v in d.items():
            out.update(_flatten(v, f"{prefix}{k}."))
    elif isinstance(d, bool) or isinstance(d, (int, float)) or isinstance(d, str):
        out[prefix[:-1]] = d
    return out


def map_points(fn: Callable[..., Any], args: list[tuple], *, engine: str = "serial", address: str | None = None,
               progress: bool = False, label: str = "sweep") -> list[Any]:
    """The sweep's engine: ``fn(*a)`` for every ``a`` in ``args``, serially or as one Ray task per point.

    :func:`run_sweep` evaluates its claim points with it; other per-point computations over a grid (the phase
    diagram, ``gantheory.plots.phase_diagram``) use it too, so one engine evaluates every grid.

    Parameters
    ----------
    fn : callable
        A module-level function (Ray pickles it by reference); its results must be picklable.
    args : list of tuple
        The points: positional arguments of ``fn``, one tuple per point.
    engine, address : str
        ``auto`` / ``ray`` / ``serial`` (``choose_engine``), and the Ray address.
    progress : bool
        A progress bar with ETA over the points.
    label : str
        The progress bar's label.

    Returns
    -------
    list
        ``fn``'s results in the order of ``args``.
    """
    name = choose_engine(engine)
    bar = Progress(max(len(args), 1), label, enabled=progress)
    results: list[Any] = []
    if name == "serial":
        for i, a in enumerate(args):
            results.append(fn(*a))
            bar.update(i + 1)
    else:
        import ray

        if not ray.is_initialized():
            kw: dict = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
            ray.init(address=address, **kw) if address else ray.init(**kw)
        task = ray.remote(fn).options(num_cpus=1, max_retries=3)
        refs = [task.remote(*a) for a in args]
        index = {r: i for i, r in enumerate(refs)}
        slots: list[Any] = [None] * len(refs)
        pending = list(refs)
        while pending:
            ready, pending = ray.wait(pending, num_returns=1)
            for r in ready:
                slots[index[r]] = ray.get(r)
            bar.update(len(refs) - len(pending))
        results = slots
    bar.close()
    return results


def run_sweep(claim: str, axes: list[Axis], sets: list[str] | None = None, *, out: str | os.PathLike,
              metric: str | None = None, engine: str = "auto", address: str | None = None,
              progress: bool = True) -> dict:
    """Evaluate ``claim`` over the grid of ``axes`` and write sweep.csv, sweep.png and sweep.json to ``out``.

    Parameters
    ----------
    claim : str
        A claim id (``gantheory list``).
    axes : list of Axis
        The swept parameters (``parse_axis``); one gives a line plot, two a heat map.
    sets : list of str
        ``key=value`` for other parameters of the claim.
    out : path
        Output directory.
    metric : str or None
        The (flattened) metric to plot; default: the first numeric metric.
    engine, address : str
        ``auto`` / ``ray`` / ``serial``, and the Ray address (as ``gantheory grid``).
    progress : bool
        A progress bar with ETA over the points.

    Returns
    -------
    dict
        ``points``, ``engine``, ``seconds``, ``metric`` and the ``files`` written.
    """
    pts = points(claim, axes, sets or [])
    name = choose_engine(engine)
    outp = Path(out)
    if outp.exists() and not outp.is_dir():
        raise InputError(f"--out {outp} exists and is not a directory")
    check_output_dir(outp, "--out", create=False)  # writable (or creatable) before any point is evaluated
    t0 = time.perf_counter()
    results = map_points(_evaluate, [(claim, over) for over in pts], engine=name, address=address,
                         progress=progress, label=f"sweep {claim}")
    seconds = time.perf_counter() - t0
    rows = []
    for r in results:
        row = {"claim": claim, **{a.key: r["params"][a.key] for a in axes}, "verdict": r["verdict"],
               "seconds": r["seconds"]}
        row.update({f"param.{k}": v for k, v in r["params"].items() if k not in {a.key for a in axes}})
        row.update(_flatten(r["metrics"]))
        rows.append(row)
    cols = list(dict.fromkeys(k for row in rows for k in row))
    outp.mkdir(parents=True, exist_ok=True)
    with open(outp / "sweep.csv.tmp", "w", newline="") as fh:  # written first: the points are never lost
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        for row in rows:
            w.writerow([repr(v) if isinstance(v, float) else ("" if v is None else v) for v in
                        (row.get(c) for c in cols)])
    os.replace(outp / "sweep.csv.tmp", outp / "sweep.csv")
    swept = {a.key for a in axes}
    numeric = [k for k in cols if k not in {"claim", "verdict", "seconds"} and not k.startswith("param.")
               and k not in swept and all(_number(row.get(k)) is not None for row in rows)]
    if metric is None:
        if not numeric:
            raise InputError(f"claim {claim} has no numeric metric to plot ({outp / 'sweep.csv'} written)")
        metric = numeric[0]
    elif metric not in numeric:
        raise InputError(f"--metric {metric!r} is not a numeric metric of {claim} ({outp / 'sweep.csv'} written; "
                         f"numeric: {', '.join(numeric)})")
    rows = [{**row, metric: _number(row[metric])} for row in rows]
    fig = sweep_figure(rows, axes, metric, claim)
    fig.savefig(outp / "sweep.png", dpi=110, bbox_inches="tight")
    meta = {"claim": claim, "axes": [{**a.__dict__, "values": a.values()} for a in axes], "set": list(sets or []),
            "metric": metric,
            "engine": name, "points": len(rows), "seconds": round(seconds, 3),
            "verdicts": {v: sum(r["verdict"] == v for r in rows) for v in sorted({r["verdict"] for r in rows})}}
    write_atomic(outp / "sweep.json", json.dumps(meta, indent=1) + "\n")
    return {"points": len(rows), "engine": name, "seconds": seconds, "metric": metric,
            "files": [str(outp / f) for f in ("sweep.csv", "sweep.png", "sweep.json")]}


def _number(v: Any) -> float | None:
    """A metric value as a float (the claims write infinities as 'inf'), or None when it is not a number."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return float(v)
    if v in ("inf", "-inf", "nan"):
        return float(v)
    return None


def _nearest(values: list[float], x: float) -> int:
    return int(np.argmin([abs(v - x) for v in values]))


def _log_axis(a: Axis) -> bool:
    """A geometric axis, or listed positive values spanning more than a factor 50."""
    v = a.values()
    return a.log or (a.points is not None and min(v) > 0 and max(v) / min(v) > 50)


def sweep_figure(rows: list[dict], axes: list[Axis], metric: str, claim: str):
    """A line plot (one axis) or heat map (two axes; further axes: their first value) of ``metric``."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.6))
    ax = fig.add_subplot(1, 1, 1)
    if len(axes) == 1:
        a = axes[0]
        xs = [row[a.key] for row in rows]
        ys = [row[metric] for row in rows]
        ax.plot(xs, ys, "o-", ms=3)
        if _log_axis(a):
            ax.set_xscale("log")
        ax.set_xlabel(a.key)
        ax.set_ylabel(metric)
    else:
        a, b = axes[0], axes[1]
        xa, yb = a.values(), b.values()
        Z = np.full((len(yb), len(xa)), np.nan)
        first = {c.key: c.values() for c in axes[2:]}
        for row in rows:
            if any(_nearest(v, row[k]) != 0 for k, v in first.items()):
                continue
            Z[_nearest(yb, row[b.key]), _nearest(xa, row[a.key])] = row[metric]  # params come back rounded
        finite = Z[np.isfinite(Z)]
        norm = None
        if finite.size and finite.min() > 0 and finite.max() / finite.min() > 100:
            from matplotlib.colors import LogNorm

            norm = LogNorm(vmin=finite.min(), vmax=finite.max())
        X, Y = np.meshgrid(xa, yb)
        m = ax.pcolormesh(X, Y, np.ma.masked_invalid(Z), shading="nearest", norm=norm, cmap="magma")
        if not np.all(np.isfinite(Z)):
            ax.text(0.01, 0.01, "blank: infinite or no value", transform=ax.transAxes, fontsize=7)
        fig.colorbar(m, ax=ax, label=metric + (" (log)" if norm is not None else ""))
        if _log_axis(a):
            ax.set_xscale("log")
        if _log_axis(b):
            ax.set_yscale("log")
        ax.set_xlabel(a.key)
        ax.set_ylabel(b.key)
    ax.set_title(f"gantheory sweep {claim}: {metric}", fontsize=9)
    fig.tight_layout()
    return fig
