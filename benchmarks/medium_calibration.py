"""Calibration of the medium preset's length: train one run on in stages and score it after each stage.

The medium preset's number of generator iterations per recipe (``gantheory/neural/recipes.py``,
``MEDIUM_ITERATIONS``) is the smallest multiple of ``--stage`` at which ONE calibration seed, kept out of the
seeds of ``figures/empirical_summary.json``, reaches the MNIST classifier score ``--target`` (1 000 images, the
generator in training mode as the probes use it, and in eval mode). Training resumes from the run's checkpoint,
so a run of the medium preset's first 2 000 iterations is continued (a copy: the run directory is changed).
Prints one JSON line per stage with the process CPU seconds and wall seconds of the stage (1 torch thread).

    PYTHONPATH=$PWD OMP_NUM_THREADS=1 python3 benchmarks/medium_calibration.py RUN_DIR RECIPE --stop 8000
"""

from __future__ import annotations

import argparse
import json
import time

import torch

from gantheory.neural.metrics.classifier import classifier_score
from gantheory.neural.run import load_run, train_run


def score(run: str, n: int = 1000) -> dict:
    """Classifier scores of ``n`` images of the run's generator, in training and in eval mode (z seed 1)."""
    tr, _, _ = load_run(run, "cpu")
    out = {}
    for mode in ("train", "eval"):
        getattr(tr.G, mode)()
        gen = torch.Generator().manual_seed(1)
        with torch.no_grad():
            x = tr.G.to_data(tr.G(torch.randn(n, tr.recipe.z_dim, generator=gen)))
        out[f"score_{mode}"] = round(float(classifier_score(x.numpy())["mnist_is"]), 3)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("run")
    ap.add_argument("recipe")
    ap.add_argument("--stop", type=int, default=8000)
    ap.add_argument("--stage", type=int, default=1000)
    ap.add_argument("--target", type=float, default=6.3, help="stop once the training-mode score reaches it")
    a = ap.parse_args()
    torch.set_num_threads(1)
    cfg = json.loads(open(f"{a.run}/config.json").read())
    done = int(torch.load(f"{a.run}/checkpoint.pt", map_location="cpu", weights_only=True)["iteration"])
    it = done - done % a.stage  # a stage cut short by a kill is finished first
    while it < a.stop:
        it += a.stage
        c0, w0 = time.process_time(), time.perf_counter()
        train_run(a.recipe, a.run, preset="medium", iterations=it, seed=cfg["recipe"]["seed"], resume=True,
                  device="cpu", quiet=True, checkpoint_every=100)
        rec = {"it": it, "cpu_s_stage": round(time.process_time() - c0, 1),
               "wall_s_stage": round(time.perf_counter() - w0, 1), **score(a.run)}
        print(json.dumps(rec), flush=True)
        if rec["score_train"] >= a.target:
            break


if __name__ == "__main__":
    main()
