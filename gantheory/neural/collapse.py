"""Evidence of the literal SN-GAN recipe's collapse on MNIST (the paper's Figure 1 recipe, Section 2).

The literal recipe pairs the improved-WGAN reference's MNIST generator (no batch norm, sigmoid output, data
in [0, 1]) with the vanilla loss of eq. (6) (non-saturating generator loss) and a spectrally normalised
discriminator. Trained side by side with the batch-norm tanh generator of Miyato et al.'s DCGAN setting
(``generator="bn-tanh"``, the project's SN-GAN default), this module records over the iterations:

* ``mean_pixel``: the mean pixel of 500 generated images in the data set's [0, 1] range (black = 0;
  held-out MNIST digits: about 0.13);
* ``d_real``, ``d_fake``: the mean discriminator probability D = sigmoid(logit) of eq. (6) on 500 real
  training images and on the 500 generated ones;
* ``mnist_is``: the MNIST classifier score of the generated images (``gantheory.neural.metrics.classifier``).

The collapse shows as ``mean_pixel`` falling towards 0 with ``d_fake`` near 0 (the discriminator rejects
every black image), while the bn-tanh generator keeps a mean pixel near the data's. ``python -m
gantheory.neural.collapse --out FILE.json`` writes the evidence (JSON, per style and seed).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from gantheory import __version__
from gantheory.neural.data import embedded_mnist


def trace(generator: str, seed: int = 0, iterations: int = 400, every: int = 25, preset: str = "quick",
          n_eval: int = 500, overrides: dict | None = None) -> list[dict]:
    """Train SN-GAN with a generator style on the embedded MNIST subset and record the collapse indicators.

    Parameters
    ----------
    generator : str
        ``"reference"`` (the literal BN-free sigmoid generator) or ``"bn-tanh"``.
    seed : int
        Recipe seed.
    iterations : int
        Generator iterations.
    every : int
        Record every this many iterations (and at iteration 0, before training).
    preset : str
        Recipe preset (``quick``: DIM 16, batch 32).
    n_eval : int
        Real and generated images per record.
    overrides : dict, optional
        Further recipe fields.

    Returns
    -------
    list of dict
        One record per logged iteration: ``iteration``, ``mean_pixel``, ``d_real``, ``d_fake``, ``mnist_is``.
    """
    import torch

    from gantheory.neural.metrics.classifier import classifier_score
    from gantheory.neural.recipes import make_recipe
    from gantheory.neural.train import Trainer

    if iterations < 1 or every < 1 or n_eval < 10:
        raise ValueError("iterations and every must be >= 1 and n_eval >= 10")
    ds = embedded_mnist()
    r = make_recipe("sn-gan", "mnist", preset, generator=generator, seed=seed, iterations=iterations,
                    **(overrides or {}))
    tr = Trainer(r, torch.from_numpy(ds.train))
    g = torch.Generator().manual_seed(seed + 7)
    real = tr.data[torch.randperm(tr.data.shape[0], generator=g)[:n_eval]]
    z = torch.randn(n_eval, r.z_dim, generator=g)
    out = []

    def record() -> None:
        tr.G.eval()
        tr.D.eval()
        with torch.no_grad():
            x = tr.G(z)
            d_real = torch.sigmoid(tr.D(real)).mean()
            d_fake = torch.sigmoid(tr.D(x)).mean()
            u = tr.G.to_data(x)
        tr.G.train()
        tr.D.train()
        out.append({"iteration": tr.iteration, "mean_pixel": float(u.mean()), "d_real": float(d_real),
                    "d_fake": float(d_fake), "mnist_is": float(classifier_score(u.numpy())["mnist_is"])})

    record()
    while tr.iteration < iterations:
        tr.step()
        if tr.iteration % every == 0 or tr.iteration == iterations:
            record()
    return out


def evidence(seeds: tuple[int, ...] = (0, 1, 2), iterations: int = 400, every: int = 25) -> dict:
    """Traces of both generator styles over ``seeds``, with the data's mean pixel and the machine."""
    import torch


    torch.set_num_threads(1)
    t0 = time.perf_counter()
    ds = embedded_mnist()
    runs = {style: {str(s): trace(style, s, iterations, every) for s in seeds} for style in ("reference", "bn-tanh")}
    final = {style: [tr[-1] for tr in by_seed.values()] for style, by_seed in runs.items()}
    return {
        "recipe": "sn-gan", "preset": "quick", "data": "mnist-embedded", "iterations": iterations, "seeds": list(seeds),
        "data_mean_pixel": float(ds.heldout.mean()),
        "final": {style: {k: [round(f[k], 4) for f in fs] for k in ("mean_pixel", "d_real", "d_fake", "mnist_is")}
                  for style, fs in final.items()},
        "traces": runs,
        "machine": f"{platform.machine()} {platform.processor() or ''}".strip() + ", 1 torch thread",
        "seconds": round(time.perf_counter() - t0, 1), "gantheory": __version__, "torch": torch.__version__,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True, help="JSON file to write")
    ap.add_argument("--iterations", type=int, default=400)
    ap.add_argument("--every", type=int, default=25)
    ap.add_argument("--seeds", type=int, default=3)
    a = ap.parse_args(argv)
    if a.iterations < 1 or a.every < 1 or a.seeds < 1:
        print("error: --iterations, --every and --seeds must be >= 1", file=sys.stderr)
        return 2
    out = Path(a.out)
    if not out.parent.is_dir():
        print(f"error: --out: directory {out.parent} does not exist", file=sys.stderr)
        return 2
    ev = evidence(tuple(range(a.seeds)), a.iterations, a.every)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(ev, indent=1) + "\n")
    tmp.replace(out)
    print(json.dumps(ev["final"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
