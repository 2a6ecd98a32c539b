"""``gantheory train``: a run directory with config.json, metrics.jsonl, sample grids and checkpoint.pt.

The checkpoint is written atomically at the start, every ``checkpoint_every`` iterations, whenever
``checkpoint_seconds`` have passed since the last one, and at the end; ``resume`` continues from it
(metrics lines at or after the checkpoint's iteration are dropped first, so a run killed at any moment and
resumed logs each iteration once and ends with the weights of an uninterrupted run). A new run refuses a
non-empty directory (``--resume`` continues one); a resumed run keeps its planned length unless
``iterations`` extends it. A non-finite loss stops training with a one-line error and keeps the last
checkpoint. Sample grids use fixed noise drawn from its own seeded generator.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import numpy as np

from gantheory import __version__
from gantheory._validation import InputError
from gantheory.files import check_output_dir, load_torch_state, remove_stale_tmp, write_atomic
from gantheory.neural.data import load
from gantheory.neural.memory import check_training
from gantheory.neural.progress import Progress
from gantheory.neural.threads import cpu_budget

__all__ = ["train_run", "load_run", "save_grid", "write_atomic", "planned_iterations"]


def _device(name: str) -> str:
    import torch

    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise InputError("--device cuda was asked for but no CUDA device is available")
    if name != "cpu" and not name.startswith("cuda"):
        raise InputError(f"--device must be auto, cpu or cuda[:N], got {name!r}")
    return name


def save_grid(images, path: Path) -> None:
    """A square grid PNG of images (N, C, H, W) in [0, 1] or [-1, 1]."""
    from PIL import Image

    x = np.asarray(images, dtype=np.float32)
    if x.min() < 0:
        x = (x + 1) / 2
    x = np.clip(x, 0, 1)
    n, c, h, w = x.shape
    k = int(math.ceil(math.sqrt(n)))
    grid = np.ones((c, k * (h + 2), k * (w + 2)), dtype=np.float32)
    for i in range(n):
        r, q = divmod(i, k)
        grid[:, r * (h + 2) + 1: r * (h + 2) + 1 + h, q * (w + 2) + 1: q * (w + 2) + 1 + w] = x[i]
    arr = (grid.transpose(1, 2, 0) * 255).round().astype(np.uint8)
    Image.fromarray(arr[:, :, 0] if c == 1 else arr).save(path)


def _complete_lines(path: Path, before: int) -> list[str]:
    """The metrics lines of iterations < ``before``; a line cut short by a kill is dropped."""
    kept = []
    for ln in path.read_text().splitlines():
        try:
            rec = json.loads(ln)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict) and rec.get("iteration", before) < before:
            kept.append(ln)
    return kept


def planned_iterations(out_dir: Path) -> int | None:
    """The planned length recorded in a run directory's config.json (None when it has none)."""
    cfg = out_dir / "config.json"
    if not cfg.is_file():
        return None
    try:
        return int(json.loads(cfg.read_text())["recipe"]["iterations"])
    except (OSError, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise InputError(f"{cfg} is not a gantheory run config ({type(e).__name__}); cannot resume from it") from None


def _finite(rec: dict) -> str | None:
    for k, v in rec.items():
        if isinstance(v, float) and not math.isfinite(v):
            return f"{k} = {v}"
    return None


def train_run(gan: str, out: str, *, proximal: bool = False, preset: str = "quick", iterations: int | None = None,
              seed: int = 0, data: str | None = None, resume: bool = False, device: str = "auto",
              log_every: int = 10, checkpoint_every: int = 50, checkpoint_seconds: float = 60.0,
              quiet: bool = False, overrides: dict | None = None, execution: dict | None = None) -> dict:
    """Train recipe ``gan`` (regular or proximal, Algorithm 1) into run directory ``out``; ``overrides``
    sets any other recipe field, ``execution`` the fields of ``gantheory.neural.execution.Execution``
    (precision, channels_last, optimizer_impl, cuda_graphs). Returns the run directory, the final iteration
    and the wall time.

    Every input (the directory, the checkpoint, the data, the memory the recipe needs) is checked before
    training starts; problems raise a one-line ValueError."""
    import torch

    from gantheory.neural.execution import Execution
    from gantheory.neural.recipes import make_recipe
    from gantheory.neural.train import CHECKPOINT_KEYS, Trainer, host_record

    if checkpoint_every < 1:
        raise InputError(f"--checkpoint-every must be >= 1, got {checkpoint_every}")
    if not checkpoint_seconds > 0:
        raise InputError(f"--checkpoint-seconds must be > 0, got {checkpoint_seconds}")
    if log_every < 1:
        raise InputError(f"log_every must be >= 1, got {log_every}")
    out_dir = check_output_dir(out, "--out", create=False)
    ckpt = out_dir / "checkpoint.pt"
    state = None
    if not resume:
        if out_dir.is_dir() and any(out_dir.iterdir()):
            held = ", ".join(sorted(p.name for p in out_dir.iterdir())[:3])
            raise InputError(f"--out {out_dir} is not empty (holds {held}, ...); continue that run with --resume "
                             "or choose another --out")
    else:
        if not out_dir.is_dir():
            raise InputError(f"--resume: {out_dir} does not exist (no run to continue)")
        if ckpt.exists() or ckpt.is_symlink():  # a dangling or looping link is an unusable checkpoint, not none
            state = load_torch_state(ckpt, "checkpoint", "a checkpoint.pt written by gantheory train",
                                     CHECKPOINT_KEYS)
        elif not (out_dir / "config.json").exists():
            raise InputError(f"--resume: {out_dir} holds neither checkpoint.pt nor config.json (not a run directory)")
    if iterations is not None and iterations < 1:
        raise InputError(f"--iterations must be >= 1, got {iterations}")
    overrides = {**(overrides or {}), "seed": seed, "proximal": proximal}
    if resume:
        planned = planned_iterations(out_dir)
        done = int(state["iteration"]) if state is not None else 0
        if planned is None and state is not None:
            planned = int(json.loads(state["recipe"]).get("iterations", done))
        planned = max(planned or 0, done)
        if iterations is None:
            iterations = planned
        elif iterations < planned:
            raise InputError(f"--iterations {iterations} would shorten the run in {out_dir}, planned for {planned} "
                             f"iterations ({done} done); omit --iterations or give at least {planned}")
    if iterations is not None:
        overrides["iterations"] = iterations
    ds = load(data)
    recipe = make_recipe(gan, ds.variant, preset, **overrides)
    ex = Execution(**(execution or {}))
    dev = _device(device)
    check_training(recipe, dev, data_bytes=ds.train.nbytes if dev == "cpu" else 0)
    check_output_dir(out_dir, "--out", create=True)
    for name in ("checkpoint.pt", "config.json", "metrics.jsonl"):
        remove_stale_tmp(out_dir / name)
    tr = Trainer(recipe, torch.from_numpy(ds.train), dev, ex)
    metrics = out_dir / "metrics.jsonl"
    if state is not None:
        tr.load_state(state, ckpt)
    if resume and metrics.exists():
        write_atomic(metrics, "".join(ln + "\n" for ln in _complete_lines(metrics, tr.iteration)))
    threads, source = cpu_budget()
    config = {"recipe": recipe.to_dict(), "data": ds.name, "data_spec": data, "device": dev, "preset": preset,
              "gantheory": __version__, "torch": torch.__version__,
              "threads": {"torch": torch.get_num_threads(), "cpu_budget": threads, "source": source},
              "execution": tr.execution_record()}
    write_atomic(out_dir / "config.json", json.dumps(config, indent=2) + "\n")
    fixed = torch.randn(64, recipe.z_dim, generator=torch.Generator().manual_seed(seed + 2)).to(dev)

    def grid(name):
        tr.G.eval()
        with torch.no_grad():
            save_grid(tr.G.to_data(tr.G(fixed)).cpu().numpy(), out_dir / name)
        tr.G.train()

    t0 = time.perf_counter()
    if state is None:
        tr.save(ckpt)  # a run killed before its first periodic checkpoint still resumes
    last_save, saved_at = time.perf_counter(), tr.iteration
    bar = Progress(recipe.iterations, f"{gan}{' (proximal)' if proximal else ''}", start=tr.iteration,
                   enabled=not quiet)
    with open(metrics, "a") as mf:
        while tr.iteration < recipe.iterations:
            rec = tr.step()  # metrics stay on the device; read back only at log and checkpoint points
            log_now = rec["iteration"] % log_every == 0 or tr.iteration == recipe.iterations
            now = time.perf_counter()
            save_now = (tr.iteration % checkpoint_every == 0 or tr.iteration == recipe.iterations
                        or now - last_save >= checkpoint_seconds)
            if log_now or save_now:
                host = host_record(rec)  # the only read-back
                bad = _finite(host)
                if bad is not None:
                    raise InputError(f"training diverged by iteration {host['iteration']} ({bad}); {ckpt} keeps "
                                     f"iteration {saved_at}: lower the learning rate or change the recipe")
                if log_now:
                    mf.write(json.dumps(host, allow_nan=False) + "\n")
                    mf.flush()
            if save_now:
                tr.save(ckpt)
                last_save, saved_at = time.perf_counter(), tr.iteration
            bar.update(tr.iteration)
    bar.close()
    grid(f"samples_{tr.iteration:06d}.png")
    return {"out": str(out_dir), "iterations": tr.iteration, "seconds": round(time.perf_counter() - t0, 3)}


def load_run(run: str | os.PathLike, device: str = "auto"):
    """A trained run directory -> (Trainer at its checkpoint, its ImageData, its config dict)."""
    import torch

    from gantheory.neural.recipes import Recipe
    from gantheory.neural.train import CHECKPOINT_KEYS, Trainer

    rd = Path(run)
    cfg_path, ckpt = rd / "config.json", rd / "checkpoint.pt"
    if not rd.is_dir():
        raise InputError(f"--run {rd} is not a directory (expected a run directory of gantheory train)")
    if not cfg_path.exists() or not ckpt.exists():
        raise InputError(f"--run {rd} is not a run directory (needs config.json and checkpoint.pt)")
    try:
        cfg = json.loads(cfg_path.read_text())
        rdict = dict(cfg["recipe"])
        rdict["betas"] = tuple(rdict["betas"])
        recipe = Recipe(**rdict)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as e:
        raise InputError(f"{cfg_path} is not a gantheory run config ({type(e).__name__}: "
                         f"{str(e).splitlines()[0] if str(e) else ''})") from None
    state = load_torch_state(ckpt, "checkpoint", "a checkpoint.pt written by gantheory train", CHECKPOINT_KEYS)
    ds = load(cfg.get("data_spec"))
    tr = Trainer(recipe, torch.from_numpy(ds.train), _device(device))
    tr.load_state(state, ckpt)
    return tr, ds, cfg
