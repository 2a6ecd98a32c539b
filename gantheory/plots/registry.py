"""All figure recipes by name, and ``generate``: run them and write figures/ (``gantheory figures``).

The theory figures are one module each (``compute`` -> tidy data, ``draw`` -> figure, ``SPEC``); the list is
derived from :data:`THEORY_MODULES`, so no figure name is written twice."""

from __future__ import annotations

import inspect
import json
import os
import platform
import time
from pathlib import Path

from gantheory import __version__
from gantheory._validation import InputError
from gantheory.files import check_output_dir, write_atomic
from gantheory.neural.data import load
from gantheory.neural.progress import Stages
from gantheory.plots import (
    fgan_proximal,
    fig3_proximal_gap,
    landscape_theorem1,
    mixed_equilibrium,
    phase_diagram,
    theorem3_two_squares,
    trajectories,
    w2gan_prox_all_c_concave,
)
from gantheory.plots.base import SIZES, FigureSpec, write
from gantheory.plots.diagnostics import DIAGNOSTIC_FIGURES
from gantheory.plots.neural import NEURAL_FIGURES

#: the theory figures (closed forms), in the order they are generated
THEORY_MODULES = (fig3_proximal_gap, landscape_theorem1, phase_diagram, trajectories, fgan_proximal,
                  w2gan_prox_all_c_concave, theorem3_two_squares, mixed_equilibrium)
THEORY_FIGURES: list[FigureSpec] = [m.SPEC for m in THEORY_MODULES]


def all_figures() -> list[FigureSpec]:
    """Every registered figure: the theory ones (closed forms) first, then those that train networks."""
    return [*THEORY_FIGURES, *NEURAL_FIGURES, *DIAGNOSTIC_FIGURES]


def select(names: list[str] | None) -> list[FigureSpec]:
    """The figures named (all when ``names`` is empty); an unknown name is a one-line error."""
    figs = all_figures()
    if not names:
        return figs
    by_name = {f.name: f for f in figs}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise InputError(f"unknown figure {unknown[0]!r}; choose from {', '.join(by_name)}")
    return [by_name[n] for n in names]


def generate(names: list[str] | None, size: str = "quick", out: str | Path = "figures", *, seed: int = 0,
             data_spec: str | None = None, workdir: str | None = None, jobs: int = 2,
             inception_weights: str | None = None, command: str = "gantheory figures",
             log=None, progress: bool = False) -> list[dict]:
    """Regenerate the named figures (all by default) at ``size`` into ``out``; returns one record each.

    The output directory, its ``index.json``, the work directory and the data are checked before any figure
    runs; ``progress`` prints each figure as a stage with a progress bar and ETA on stderr."""
    if size not in SIZES:
        raise InputError(f"unknown figure size {size!r}; choose from {', '.join(SIZES)}")
    if jobs < 1:
        raise InputError(f"--jobs must be >= 1, got {jobs}")
    specs = select(names)
    if any(s.kind != "theory" for s in specs):
        try:
            import torch  # noqa: F401
        except ImportError:
            raise InputError("the neural figures need the neural extra: pip install torch==2.13.0 (CPU) "
                             "and '.[neural]'") from None
        load(data_spec)  # a missing or malformed data set fails here, in one line, before any figure runs
        if inception_weights is not None:  # so do unusable Inception weights (used after the training runs)
            from gantheory.neural.metrics.inception import load_inception

            load_inception(inception_weights)
    out = check_output_dir(out, "--out")
    if workdir is not None:
        check_output_dir(workdir, "--workdir")
    index = out / "index.json"
    old = read_index(index)
    records = []
    t_all = time.perf_counter()
    # rough relative costs (CPU seconds at the quick size) for the ETA: the neural figures train networks
    weight = {"theory": 10, "neural": 300, "diagnostics": 120}
    stages = Stages([(f"{s.name} [{s.kind}]", weight.get(s.kind, 60)) for s in specs], "figures",
                    enabled=progress)
    for spec in specs:
        stages.start(f"{spec.name} [{spec.kind}]")
        t0 = time.perf_counter()
        kw = {"size": size, "seed": seed, "data_spec": data_spec, "workdir": workdir}
        params = inspect.signature(spec.make).parameters
        if "jobs" in params:
            kw["jobs"] = jobs
        if "inception_weights" in params:
            kw["inception_weights"] = inception_weights
        result = spec.make(**kw)
        seconds = time.perf_counter() - t0
        paths = write(spec.name, result, out, command=command, seconds=seconds, size=size, version=__version__)
        rec = {"figure": spec.name, "claim": spec.claim, "kind": spec.kind, "seconds": round(seconds, 1),
               "files": [p.name for p in paths], "caption": result.caption}
        records.append(rec)
        if log is not None:
            log(f"{spec.name}: {seconds:.1f} s")
    stages.close()
    total = time.perf_counter() - t_all
    figs = {r["figure"]: r for r in old.get("figures", [])} if old.get("size") == size else {}
    figs.update({r["figure"]: r for r in records})
    record = {"size": size, "command": command, "last_total_seconds": round(total, 1)}
    if not names:  # a full regeneration: its total wall time is the number the README quotes
        record["full_run"] = {"command": command, "total_seconds": round(total, 1), "machine": _machine()}
    elif old.get("size") == size and "full_run" in old:
        record["full_run"] = old["full_run"]
    write_atomic(index, json.dumps({**record, "figures": list(figs.values())}, indent=2) + "\n")
    return records


def read_index(index: Path) -> dict:
    """The figures index of an earlier run (empty when there is none); a file that is not a figures index
    is refused before any figure runs, never overwritten."""
    if not index.exists():
        return {}
    try:
        old = json.loads(index.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        why = e.strerror if isinstance(e, OSError) and e.strerror else str(e).splitlines()[0]
        raise InputError(f"{index} is not a figures index (JSON of gantheory figures: {why}); move it away or "
                         "choose another --out") from None
    if not isinstance(old, dict) or not isinstance(old.get("figures", []), list):
        raise InputError(f"{index} is not a figures index (expected an object with a 'figures' list); move it "
                         "away or choose another --out")
    return old


def _machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs {cpu}".strip()
