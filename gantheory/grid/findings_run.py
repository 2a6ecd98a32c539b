"""Running the empirical findings' training runs and probes, resumably (layout in
:mod:`gantheory.grid.empirical`): a finished run or probe is reused, a partial run resumed from its
checkpoint, a partial probe redone; each stage's CPU and wall seconds go to ``cost.jsonl``."""

from __future__ import annotations

import json
import platform
import time
from contextlib import contextmanager
from pathlib import Path

from gantheory.grid.findings import TABLE1_RECIPES, final_score, probe_complete, probe_steps_done
from gantheory.neural.data import load
from gantheory.neural.probes import probe
from gantheory.neural.run import train_run


# -- running ---------------------------------------------------------------------------------------------------------
def _train(out: Path, gan: str, *, preset: str, seed: int, data, proximal: bool, iterations: int | None,
           overrides: dict) -> None:
    import torch

    from gantheory.neural.recipes import make_recipe

    ckpt = out / "checkpoint.pt"
    target = iterations
    if target is None:
        target = make_recipe(gan, "mnist", preset, **overrides).iterations
    if ckpt.is_file():
        state = torch.load(ckpt, weights_only=True, map_location="cpu")
        if int(state["iteration"]) >= target:
            return
        train_run(gan, str(out), proximal=proximal, preset=preset, iterations=target, seed=seed, data=data,
                  resume=True, device="cpu", quiet=True, overrides=overrides, checkpoint_every=50)
        return
    train_run(gan, str(out), proximal=proximal, preset=preset, iterations=target, seed=seed, data=data,
              device="cpu", quiet=True, overrides=overrides, checkpoint_every=50)


@contextmanager
def _cost(run: Path, stage: str):
    """Append the process CPU seconds and wall seconds of a stage (training up to the run's current iteration, or
    a probe) to ``run/cost.jsonl`` when it ends; a stage with nothing left to do is not recorded."""
    c0, w0 = time.process_time(), time.perf_counter()
    before = _iteration(run)
    yield
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    after = _iteration(run)
    if stage == "train" and after == before:
        return
    rec = {"stage": stage, "cpu_s": round(cpu, 1), "wall_s": round(wall, 1), "from_iteration": before,
           "to_iteration": after, "machine": platform.node() or platform.platform(), "threads": _threads()}
    with open(run / "cost.jsonl", "a") as fh:
        fh.write(json.dumps(rec) + "\n")


def _threads() -> int:
    import torch

    return int(torch.get_num_threads())


def _iteration(run: Path) -> int | None:
    import torch

    ckpt = run / "checkpoint.pt"
    if not ckpt.is_file():
        return None
    try:
        return int(torch.load(ckpt, map_location="cpu", weights_only=True)["iteration"])
    except (OSError, RuntimeError, KeyError, ValueError, EOFError, TypeError):
        return None


def run_findings(root: str | Path, *, preset: str = "medium", recipes=("wgan-gp", "sn-gan", "wgan-wc"),
                 seeds=(0, 1, 2), data: str | None = None, probe_steps: int = 100, probe_inner: int = 50,
                 probe_log_every: int = 10, table1: bool = True, table1_dims: tuple[int, int] | None = None,
                 table1_iterations: int | None = None, table1_recipes: tuple[str, ...] = TABLE1_RECIPES,
                 table1_methods: tuple[str, ...] = ("regular", "proximal"), overrides: dict | None = None,
                 log=print) -> None:
    """Train and probe every (recipe, seed), then the Table 1 runs; resumable at every stage.

    Parameters
    ----------
    root : path
        Directory of the runs (outside git).
    preset : str
        Recipe preset of the runs.
    recipes, seeds : sequences
        Recipes and seeds of the probes.
    data : str, optional
        ``--data`` spec.
    probe_steps, probe_inner, probe_log_every : int
        Generator steps of each probe, inner Adam steps of the proximal probe (paper: 50), logging interval.
    table1 : bool
        Whether to run Table 1 (WGAN-WC and SN-GAN at two widths, regular and proximal, every seed).
    table1_dims : tuple of int, optional
        The widths standing for the paper's DIM 64 and 128 (default: half the preset's DIM and the preset's);
        a subset (one width) runs only those rows.
    table1_iterations : int, optional
        Generator iterations of the Table 1 runs (default: the preset's).
    table1_recipes, table1_methods : tuples of str
        The Table 1 recipes (default: the paper's WGAN-WC and SN-GAN) and methods (``regular``, ``proximal``)
        to run -- a subset schedules the expensive proximal runs separately; the layout is unchanged.
    overrides : dict, optional
        Recipe fields set in every run.
    """
    from gantheory.neural.recipes import make_recipe

    overrides = dict(overrides or {})
    ds_name = load(data).name
    base = Path(root) / ds_name / preset
    t0 = time.perf_counter()
    for seed in seeds:  # seed-major: every recipe gets its first seeds first
        for gan in recipes:
            dim = make_recipe(gan, "mnist", preset, **overrides).dim
            out = base / "probe" / f"{gan}-dim{dim}-seed{seed}"
            with _cost(out, "train"):
                _train(out, gan, preset=preset, seed=seed, data=data, proximal=False, iterations=None,
                       overrides=overrides)
            for objective in ("minimax", "proximal"):
                if not probe_complete(out, objective, probe_steps):
                    with _cost(out, f"probe-{objective}"):
                        probe(str(out), objective, probe_steps, inner_steps=probe_inner, log_every=probe_log_every,
                              device="cpu")
            log(f"[{time.perf_counter() - t0:8.0f} s] probes done: {out}")
    if not table1:
        return
    for m in table1_methods:
        if m not in ("regular", "proximal"):
            raise ValueError(f"table1_methods: expected 'regular' or 'proximal', got {m!r}")
    for gan in table1_recipes:
        if gan not in TABLE1_RECIPES:
            raise ValueError(f"table1_recipes: expected a subset of {', '.join(TABLE1_RECIPES)}, got {gan!r}")
    for seed in seeds:
        for gan in table1_recipes:
            pdim = make_recipe(gan, "mnist", preset, **overrides).dim
            dims = table1_dims or (max(1, pdim // 2), pdim)
            for dim in dims:
                for method in table1_methods:
                    out = base / "table1" / f"{gan}-dim{dim}-{method}-seed{seed}"
                    with _cost(out, "train"):
                        _train(out, gan, preset=preset, seed=seed, data=data, proximal=method == "proximal",
                               iterations=table1_iterations, overrides={**overrides, "dim": dim})
                    final_score(out)
                    log(f"[{time.perf_counter() - t0:8.0f} s] table 1 run done: {out}")




# -- progress ----------------------------------------------------------------------------------------------------------
def run_progress(root: str | Path) -> list[dict]:
    """Where every run under ``root`` (layout of :func:`run_findings`) stands, so a partial grid can be resumed
    knowingly: per run directory its kind (``probe`` or ``table1``), data, preset, the checkpoint's iteration of
    the recipe's ``iterations``, the probes' finished step counts (probe runs) and whether the final score is
    cached for the current checkpoint (Table 1 runs).

    Parameters
    ----------
    root : path
        Directory of the runs.

    Returns
    -------
    list of dict
        One record per run directory with keys ``run``, ``kind``, ``data``, ``preset``, ``iteration``
        (``None`` before the first checkpoint), ``iterations``, ``done`` and, for probe runs, ``probes``
        (``{objective: steps or None}``), for Table 1 runs ``scored``.
    """
    out = []
    for kind_dir in sorted(Path(root).glob("*/*/*")):
        kind = kind_dir.name
        if kind not in ("probe", "table1") or not kind_dir.is_dir():
            continue
        for run in sorted(p for p in kind_dir.iterdir() if p.is_dir()):
            try:
                target = int(json.loads((run / "config.json").read_text())["recipe"]["iterations"])
            except (OSError, ValueError, KeyError, TypeError):
                target = None
            it = _iteration(run)
            rec = {"run": str(run), "kind": kind, "data": kind_dir.parent.parent.name, "preset": kind_dir.parent.name,
                   "iteration": it, "iterations": target}
            trained = it is not None and target is not None and it >= target
            if kind == "probe":
                rec["probes"] = {o: probe_steps_done(run, o) for o in ("minimax", "proximal")}
                rec["done"] = trained and all(v is not None for v in rec["probes"].values())
            else:
                rec["scored"] = _scored(run, it)
                rec["done"] = trained and rec["scored"]
            out.append(rec)
    return out


def _scored(run: Path, iteration: int | None) -> bool:
    """Whether ``final-score.json`` holds the score of the checkpoint at ``iteration`` (see ``final_score``)."""
    if iteration is None:
        return False
    try:
        cache = json.loads((run / "final-score.json").read_text())
    except (OSError, ValueError):
        return False
    return isinstance(cache, dict) and cache.get("iteration") == iteration
