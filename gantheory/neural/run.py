"""``gantheory train``: a run directory with config.json, metrics.jsonl, sample grids and checkpoint.pt.

The checkpoint is written atomically every ``checkpoint_every`` iterations and at the end; ``resume``
continues from it (metrics lines at or after the checkpoint's iteration are dropped first, so a run
killed at any moment and resumed logs each iteration once and ends with the weights of an
uninterrupted run). Sample grids use fixed noise drawn from its own seeded generator.
"""

from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import numpy as np

from gantheory import __version__
from gantheory.neural.progress import Progress


def _device(name: str) -> str:
    import torch

    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError("--device cuda was asked for but no CUDA device is available")
    if name != "cpu" and not name.startswith("cuda"):
        raise ValueError(f"--device must be auto, cpu or cuda[:N], got {name!r}")
    return name


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename (a kill never leaves half a file)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text)
    os.replace(tmp, path)


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


def train_run(gan: str, out: str, *, proximal: bool = False, preset: str = "quick", iterations: int | None = None,
              seed: int = 0, data: str | None = None, resume: bool = False, device: str = "auto",
              log_every: int = 10, checkpoint_every: int = 50, quiet: bool = False,
              overrides: dict | None = None) -> dict:
    """Train recipe ``gan`` (regular or proximal, Algorithm 1) into run directory ``out``; ``overrides``
    sets any other recipe field. Returns the run directory, the final iteration and the wall time."""
    import torch

    from gantheory.neural.data import load
    from gantheory.neural.recipes import make_recipe
    from gantheory.neural.train import Trainer

    out_dir = Path(out)
    ckpt = out_dir / "checkpoint.pt"
    if ckpt.exists() and not resume:
        raise ValueError(f"{out_dir} already holds a run (checkpoint.pt); use --resume or another --out")
    if resume and not ckpt.exists():
        raise ValueError(f"--resume: no checkpoint.pt in {out_dir}")
    ds = load(data)
    overrides = {**(overrides or {}), "seed": seed, "proximal": proximal}
    if iterations is not None:
        if iterations < 1:
            raise ValueError(f"--iterations must be >= 1, got {iterations}")
        overrides["iterations"] = iterations
    recipe = make_recipe(gan, ds.variant, preset, **overrides)
    dev = _device(device)
    out_dir.mkdir(parents=True, exist_ok=True)
    tr = Trainer(recipe, torch.from_numpy(ds.train), dev)
    metrics = out_dir / "metrics.jsonl"
    if resume:
        tr.load(ckpt)
        if metrics.exists():
            write_atomic(metrics, "".join(ln + "\n" for ln in _complete_lines(metrics, tr.iteration)))
    config = {"recipe": recipe.to_dict(), "data": ds.name, "data_spec": data, "device": dev, "preset": preset,
              "gantheory": __version__, "torch": torch.__version__}
    write_atomic(out_dir / "config.json", json.dumps(config, indent=2) + "\n")
    fixed = torch.randn(64, recipe.z_dim, generator=torch.Generator().manual_seed(seed + 2)).to(dev)

    def grid(name):
        tr.G.eval()
        with torch.no_grad():
            save_grid(tr.G.to_data(tr.G(fixed)).cpu().numpy(), out_dir / name)
        tr.G.train()

    t0 = time.perf_counter()
    bar = Progress(recipe.iterations, f"{gan}{' (proximal)' if proximal else ''}", start=tr.iteration,
                   enabled=not quiet)
    with open(metrics, "a") as mf:
        while tr.iteration < recipe.iterations:
            rec = tr.step()
            if rec["iteration"] % log_every == 0 or tr.iteration == recipe.iterations:
                mf.write(json.dumps(rec) + "\n")
                mf.flush()
            if tr.iteration % checkpoint_every == 0 or tr.iteration == recipe.iterations:
                tr.save(ckpt)
            bar.update(tr.iteration)
    bar.close()
    grid(f"samples_{tr.iteration:06d}.png")
    return {"out": str(out_dir), "iterations": tr.iteration, "seconds": round(time.perf_counter() - t0, 3)}


def load_run(run: str | os.PathLike, device: str = "auto"):
    """A trained run directory -> (Trainer at its checkpoint, its ImageData, its config dict)."""
    import torch

    from gantheory.neural.data import load
    from gantheory.neural.recipes import Recipe
    from gantheory.neural.train import Trainer

    rd = Path(run)
    cfg_path, ckpt = rd / "config.json", rd / "checkpoint.pt"
    if not cfg_path.exists() or not ckpt.exists():
        raise ValueError(f"{rd} is not a run directory (needs config.json and checkpoint.pt)")
    try:
        cfg = json.loads(cfg_path.read_text())
        rdict = dict(cfg["recipe"])
        rdict["betas"] = tuple(rdict["betas"])
        recipe = Recipe(**rdict)
    except (json.JSONDecodeError, KeyError, TypeError) as e:
        raise ValueError(f"{cfg_path} is not a gantheory run config ({type(e).__name__}: {e})") from None
    ds = load(cfg.get("data_spec"))
    tr = Trainer(recipe, torch.from_numpy(ds.train), _device(device))
    tr.load(ckpt)
    return tr, ds, cfg
