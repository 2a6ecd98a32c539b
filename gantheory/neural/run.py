"""``gantheory train``: a run directory with config.json, metrics.jsonl, sample grids and checkpoint.pt.

The checkpoint is written atomically every ``checkpoint_every`` iterations and at the end; ``resume``
continues from it (metrics lines at or after the checkpoint's iteration are dropped first, so a run
killed at any moment and resumed logs each iteration once and ends with the weights of an
uninterrupted run). Sample grids use fixed noise drawn from its own seeded generator.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from gantheory import __version__


def _device(name: str) -> str:
    import torch

    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if name.startswith("cuda") and not torch.cuda.is_available():
        raise ValueError("--device cuda was asked for but no CUDA device is available")
    if name != "cpu" and not name.startswith("cuda"):
        raise ValueError(f"--device must be auto, cpu or cuda[:N], got {name!r}")
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


def train_run(gan: str, out: str, *, proximal: bool = False, preset: str = "quick", iterations: int | None = None,
              seed: int = 0, data: str | None = None, resume: bool = False, device: str = "auto",
              log_every: int = 10, checkpoint_every: int = 50, quiet: bool = False) -> dict:
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
    overrides = {"seed": seed, "proximal": proximal}
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
            kept = [ln for ln in metrics.read_text().splitlines() if ln and json.loads(ln)["iteration"] < tr.iteration]
            metrics.write_text("".join(k + "\n" for k in kept))
    config = {"recipe": recipe.to_dict(), "data": ds.name, "data_spec": data, "device": dev, "preset": preset,
              "gantheory": __version__, "torch": torch.__version__}
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    fixed = torch.randn(64, recipe.z_dim, generator=torch.Generator().manual_seed(seed + 2)).to(dev)

    def grid(name):
        tr.G.eval()
        with torch.no_grad():
            save_grid(tr.G(fixed).cpu().numpy(), out_dir / name)
        tr.G.train()

    t0, last_print = time.perf_counter(), 0.0
    start = tr.iteration
    with open(metrics, "a") as mf:
        while tr.iteration < recipe.iterations:
            rec = tr.step()
            if rec["iteration"] % log_every == 0 or tr.iteration == recipe.iterations:
                mf.write(json.dumps(rec) + "\n")
                mf.flush()
            if tr.iteration % checkpoint_every == 0 or tr.iteration == recipe.iterations:
                tr.save(ckpt)
            now = time.perf_counter()
            if not quiet and now - last_print > 1.0:
                done = tr.iteration - start
                rate = done / (now - t0)
                eta = (recipe.iterations - tr.iteration) / max(rate, 1e-12)
                sys.stderr.write(f"\r{gan}{' (proximal)' if proximal else ''}: {tr.iteration}/{recipe.iterations} "
                                 f"{rate:.2f} it/s, ETA {eta:.0f} s ")
                sys.stderr.flush()
                last_print = now
    if not quiet:
        sys.stderr.write("\n")
    grid(f"samples_{tr.iteration:06d}.png")
    return {"out": str(out_dir), "iterations": tr.iteration, "seconds": round(time.perf_counter() - t0, 3)}
