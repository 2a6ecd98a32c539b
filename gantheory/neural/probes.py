"""The paper's probes on a trained run; they never change the run's checkpoint.

* Section 2 (``objective="minimax"``): freeze D_final and keep optimising G for N steps on V(G, D) of
  eq. (5) (the generator part of eq. (8) or eq. (6); ``generator_loss="recipe"`` uses the recipe's
  generator loss instead), with the run's generator optimiser (its saved state).
* Section 6.1 (``objective="proximal"``): the same on the proximal objective (11): at every step a
  copy of D_final takes ``inner_steps`` fresh Adam steps (paper: 50, lam = 0.1) on
  V(G, D') - lam ||D' - D_final||^2 (Sobolev penalty on a real batch), then G steps on V(G, D') at that
  maximiser (Proposition 4). The frozen D_final and its optimiser are untouched.
Each logged step records V(G, D_final) on a fresh batch, the proximal objective where computed, the
generator loss and a sample-quality score -- the sliced Wasserstein distance (POT, 200 projections)
between 500 generated and 500 held-out real images -- and grids are written before and at the end.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np


def sliced_w(x: np.ndarray, y: np.ndarray, seed: int = 0, projections: int = 200) -> float:
    """Sliced Wasserstein-2 distance between two image sets (flattened), by POT."""
    import ot

    return float(ot.sliced_wasserstein_distance(x.reshape(len(x), -1).astype(np.float64),
                                                y.reshape(len(y), -1).astype(np.float64),
                                                n_projections=projections, seed=seed))


def probe(run: str, objective: str = "minimax", iterations: int = 100, *, lam: float = 0.1, inner_steps: int = 50,
          generator_loss: str = "value", log_every: int = 10, device: str = "auto", score: bool = True) -> dict:
    import torch

    from gantheory.neural import losses
    from gantheory.neural.data import load
    from gantheory.neural.recipes import Recipe
    from gantheory.neural.run import _device, save_grid
    from gantheory.neural.sobolev import input_gradients, sobolev_penalty
    from gantheory.neural.train import Trainer

    if objective not in ("minimax", "proximal"):
        raise ValueError(f"--objective must be minimax or proximal, got {objective!r}")
    if generator_loss not in ("value", "recipe"):
        raise ValueError(f"generator_loss must be value or recipe, got {generator_loss!r}")
    if iterations < 1 or inner_steps < 1 or not lam > 0:
        raise ValueError("iterations and inner_steps must be >= 1 and lam > 0")
    rd = Path(run)
    cfg_path, ckpt = rd / "config.json", rd / "checkpoint.pt"
    if not cfg_path.exists() or not ckpt.exists():
        raise ValueError(f"{rd} is not a run directory (needs config.json and checkpoint.pt)")
    cfg = json.loads(cfg_path.read_text())
    rdict = dict(cfg["recipe"])
    rdict["betas"] = tuple(rdict["betas"])
    recipe = Recipe(**rdict)
    ds = load(cfg.get("data_spec"))
    dev = _device(device)
    tr = Trainer(recipe, torch.from_numpy(ds.train), dev)
    tr.load(ckpt)
    D_final = tr.D
    for p in D_final.parameters():
        p.requires_grad_(False)
    kind = recipe.loss
    gen = torch.Generator().manual_seed(recipe.seed + 3)
    fixed = torch.randn(64, recipe.z_dim, generator=torch.Generator().manual_seed(recipe.seed + 2)).to(dev)
    heldout = ds.heldout[:500]

    def V_of(D):
        idx = torch.randint(0, tr.data.shape[0], (recipe.batch_size,), generator=gen)
        real = tr.data[idx.to(dev)]
        z = torch.randn(recipe.batch_size, recipe.z_dim, generator=gen).to(dev)
        with torch.no_grad():
            d_real, d_fake = D(real), D(tr.G(z))
        value = losses.wasserstein_value if kind == "wasserstein" else losses.gan_value
        return float(value(d_real, d_fake))

    def quality():
        if not score:
            return None
        z = torch.randn(len(heldout), recipe.z_dim, generator=gen).to(dev)
        with torch.no_grad():
            x = tr.G(z).cpu().numpy()
        return sliced_w(x, heldout, seed=recipe.seed)

    def g_loss_on(D):
        z = torch.randn(recipe.batch_size, recipe.z_dim, generator=gen).to(dev)
        d_fake = D(tr.G(z))
        if generator_loss == "recipe":
            return losses.generator_loss(kind, d_fake)
        return losses.generator_loss(kind, d_fake, non_saturating=False) if kind == "gan" else -d_fake.mean()

    out = rd / f"probe-{objective}.jsonl"
    with torch.no_grad():
        save_grid(tr.G(fixed).cpu().numpy(), rd / f"probe-{objective}-before.png")
    with open(out, "w") as fh:
        for it in range(iterations + 1):
            rec = {"iteration": it}
            D_use = D_final
            if objective == "proximal" and it < iterations:
                D_use = copy.deepcopy(D_final)
                for p in D_use.parameters():
                    p.requires_grad_(True)
                inner = torch.optim.Adam(D_use.parameters(), lr=recipe.inner_lr, betas=recipe.betas)
                idx = torch.randint(0, tr.data.shape[0], (recipe.batch_size,), generator=gen)
                real = tr.data[idx.to(dev)]
                z = torch.randn(recipe.batch_size, recipe.z_dim, generator=gen).to(dev)
                with torch.no_grad():
                    fake = tr.G(z)
                ref = input_gradients(D_final, real).detach()
                for _ in range(inner_steps):
                    dr, df = D_use(real), D_use(fake)
                    val = losses.wasserstein_value(dr, df) if kind == "wasserstein" else losses.gan_value(dr, df)
                    obj = val - lam * sobolev_penalty(D_use, real, ref)
                    inner.zero_grad(set_to_none=True)
                    (-obj).backward()
                    inner.step()
                    if recipe.clip > 0:
                        with torch.no_grad():
                            for p in D_use.parameters():
                                p.clamp_(-recipe.clip, recipe.clip)
                rec["prox_objective"] = float(obj)
                for p in D_use.parameters():
                    p.requires_grad_(False)
            if it % log_every == 0 or it == iterations:
                rec["V"] = V_of(D_final)
                rec["score_sliced_w"] = quality()
            if it < iterations:
                loss = g_loss_on(D_use)
                tr.optG.zero_grad(set_to_none=True)
                loss.backward()
                tr.optG.step()
                rec["g_loss"] = float(loss)
            if it % log_every == 0 or it == iterations:
                fh.write(json.dumps(rec) + "\n")
                fh.flush()
    with torch.no_grad():
        save_grid(tr.G(fixed).cpu().numpy(), rd / f"probe-{objective}-after.png")
    return {"out": str(out), "iterations": iterations}
