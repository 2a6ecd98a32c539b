"""Running a grid's cells: serially in this process, or as Ray tasks (one per cell) that Ray schedules on
CPUs and GPU fractions, and retries when their worker or node dies.

Both engines run the same function (``gantheory.grid.cells.execute``) with the same number of torch
threads per run (``cpus_per_run``), so a cell's result does not depend on the engine. A probe cell's task
takes its training cell's task as an argument, so Ray starts it only after that cell finished.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from gantheory._validation import InputError
from gantheory.grid import cells as cellmod
from gantheory.grid.spec import GridSpec, cell_dict
from gantheory.neural.progress import Progress

ENGINES = ("auto", "ray", "serial")


def ray_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("ray") is not None


def choose_engine(engine: str) -> str:
    """``auto`` -> ``ray`` when Ray is installed, else ``serial``."""
    if engine not in ENGINES:
        raise InputError(f"--engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if engine == "auto":
        return "ray" if ray_available() else "serial"
    if engine == "ray" and not ray_available():
        raise InputError("--engine ray needs Ray: pip install 'gantheory[cluster]'")
    return engine


def _describe(cell: dict, spec: GridSpec) -> str:
    if cell["kind"] == "train":
        return f"{cell['label']} {cell['mode']} seed {cell['seed']}"
    parent = next(c for c in spec.train if c.id == cell["parent"])
    return f"probe {cell['objective']} of {parent.label} {parent.mode} seed {parent.seed}"


class Reporter:
    """One line per finished cell and an overall bar with ETA (``gantheory.neural.progress``)."""

    def __init__(self, spec: GridSpec, total: int, stream: TextIO | None, enabled: bool) -> None:
        self.spec, self.total = spec, total
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled
        self.bar = Progress(max(total, 1), f"grid {spec.name}", enabled=enabled, stream=self.stream)
        self.done = 0
        self.reused = 0

    def finished(self, cell: dict, rec: dict) -> None:
        self.done += 1
        self.reused += bool(rec.get("reused"))
        if self.enabled:
            how = "reused" if rec.get("reused") else (f"{rec['wall_s']:.1f} s" +
                                                      (f", resumed at {rec['resumed_from']}"
                                                       if rec.get("resumed_from") else ""))
            self.stream.write(("\r" if self.bar.tty else "") + f"[{self.done}/{self.total}] {cell['id']} "
                              f"{_describe(cell, self.spec)}: done ({how}) on {rec['device']}\n")
            self.stream.flush()
        self.bar.update(self.done)

    def close(self) -> None:
        self.bar.close()


def run_serial(spec: GridSpec, out: str, opts: dict, on_done: Callable[[dict, dict], None]) -> dict[str, dict]:
    records = {}
    for cell in (cell_dict(c) for c in spec.cells):
        records[cell["id"]] = rec = cellmod.execute(cell, out, opts)
        on_done(cell, rec)
    return records


def _ray_task(cell: dict, out: str, opts: dict, *parents: dict) -> dict:
    """The Ray task of one cell (``parents``: the records of the cells it depends on)."""
    return cellmod.execute(cell, out, opts)


def run_ray(spec: GridSpec, out: str, opts: dict, on_done: Callable[[dict, dict], None], *,
            address: str | None, gpus_per_run: float, max_retries: int) -> dict[str, dict]:
    import ray

    if not ray.is_initialized():
        kw: dict = {"include_dashboard": False, "log_to_driver": False, "configure_logging": False}
        if address:
            ray.init(address=address, **kw)
        else:
            ray.init(**kw)
    task = ray.remote(_ray_task).options(num_cpus=float(opts["threads"]), num_gpus=float(gpus_per_run),
                                         max_retries=int(max_retries), retry_exceptions=False)
    refs: dict[str, object] = {}
    by_ref: dict[object, dict] = {}
    for c in spec.cells:
        cell = cell_dict(c)
        deps = [refs[cell["parent"]]] if cell["kind"] == "probe" else []
        refs[cell["id"]] = ref = task.remote(cell, out, opts, *deps)
        by_ref[ref] = cell
    records: dict[str, dict] = {}
    failed: list[str] = []
    pending = list(by_ref)
    while pending:  # a failed cell does not stop the others; its dependants fail with it
        ready, pending = ray.wait(pending, num_returns=1)
        for ref in ready:
            cell = by_ref[ref]
            try:
                records[cell["id"]] = rec = ray.get(ref)
            except ray.exceptions.RayError as e:
                cause = str(e).strip().splitlines()
                failed.append(f"{cell['id']} ({_describe(cell, spec)}): {cause[-1] if cause else type(e).__name__}")
                continue
            on_done(cell, rec)
    if failed:
        raise RuntimeError(f"{len(failed)} of {len(by_ref)} cells failed (the others are done and reused by a "
                           f"rerun); first: {failed[0]}")
    return records


def run_grid(spec: GridSpec, out: str | os.PathLike, *, engine: str = "auto", address: str | None = None,
             gpus_per_run: float = 0.0, cpus_per_run: int = 1, max_retries: int = 3, device: str = "auto",
             progress: bool = True, stream: TextIO | None = None, lock: dict | None = None) -> dict:
    """Run (or reuse) every cell of a grid and return ``{"records": {id: record}, "engine", "seconds"}``.

    Parameters
    ----------
    spec : GridSpec
        The grid (``gantheory.grid.spec.resolve``).
    out : path
        Output directory: ``runs/``, ``cells/`` and the result files go there.
    engine : str
        ``auto`` (Ray when installed), ``ray`` or ``serial``.
    address : str or None
        Ray cluster address (``auto`` for a running ``ray start --head``); None starts a local instance
        unless one is already initialised in this process.
    gpus_per_run, cpus_per_run : float, int
        Resources of each cell's task; ``cpus_per_run`` is also each run's torch thread count (both
        engines), recorded in the run's config.
    max_retries : int
        Ray's retries of a task whose worker or node died.
    device : str
        ``auto`` (CUDA when the worker has one), ``cpu`` or ``cuda``.
    progress : bool
        One line per finished cell and an overall bar on ``stream`` (stderr).
    lock : dict or None
        Keyword arguments of ``gantheory.grid.lock.RunLock`` (heartbeat, stale_after, wait).

    Returns
    -------
    dict
        The records of all cells, the engine used and the wall time.
    """
    name = choose_engine(engine)
    if cpus_per_run < 1:
        raise InputError(f"--cpus-per-run must be >= 1, got {cpus_per_run}")
    if not gpus_per_run >= 0:
        raise InputError(f"--gpus-per-run must be >= 0, got {gpus_per_run}")
    if max_retries < 0:
        raise InputError(f"--max-retries must be >= 0, got {max_retries}")
    if name == "serial" and (address or gpus_per_run):
        raise InputError("--address and --gpus-per-run need the Ray engine (--engine ray)")
    out = str(Path(out).resolve())
    Path(out, "runs").mkdir(parents=True, exist_ok=True)
    env = {k: os.environ[k] for k in ("GANTHEORY_CACHE",) if k in os.environ}
    opts = {"threads": int(cpus_per_run), "device": device, "checkpoint_every": spec.checkpoint_every,
            "samples": spec.samples, "scores": list(spec.scores) if spec.scores else None, "env": env,
            "lock": lock or {}}
    _warm_classifier(spec, out, opts)
    t0 = time.perf_counter()
    rep = Reporter(spec, len(spec.cells), stream, progress)
    try:
        if name == "serial":
            records = run_serial(spec, out, opts, rep.finished)
        else:
            records = run_ray(spec, out, opts, rep.finished, address=address, gpus_per_run=gpus_per_run,
                              max_retries=max_retries)
    finally:
        rep.close()
    return {"records": records, "engine": name, "seconds": round(time.perf_counter() - t0, 3),
            "reused": rep.reused}


def _warm_classifier(spec: GridSpec, out: str, opts: dict) -> None:
    """Train (or load) the cached MNIST classifier once here, so parallel cells do not each train it."""
    if all(cellmod.is_done(out, cell_dict(c), opts) for c in spec.cells):
        return
    if spec.scores is not None and "mnist-is" not in spec.scores:
        return
    if not (spec.data or "mnist-embedded").startswith("mnist"):  # mnist-is is scored on MNIST digits only
        return
    from gantheory.neural.metrics.classifier import get_classifier

    get_classifier()
