"""The paper's probes on a trained run; they never change the run's checkpoint.

* Section 2 (``objective="minimax"``): freeze D_final and keep optimising G for N steps on V(G, D) of
  eq. (5) (the generator part of eq. (8) or eq. (6); ``generator_loss="recipe"`` uses the recipe's
  generator loss instead), with the run's generator optimiser (its saved state).
* Section 6.1 (``objective="proximal"``): the same on the proximal objective (11): at every step a
  copy of D_final takes ``inner_steps`` fresh Adam steps (paper: 50, lam = 0.1) on
  V(G, D') - lam ||D' - D_final||^2 (Sobolev penalty on a real batch), then G steps on V(G, D') at that
  maximiser (Proposition 4). The frozen D_final and its optimiser are untouched.
Each logged step records V(G, D_final) on a fresh batch, the proximal objective where computed, the
generator loss and sample-quality scores of 500 generated images (``gantheory.neural.scores``: the
sliced Wasserstein distance to 500 held-out real images, and on MNIST the classifier-based score), and
sample grids are written before, half-way and at the end (``probe-<objective>-{before,mid,after}.png``).
"""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

from gantheory._validation import InputError
from gantheory.files import check_output_dir, save_atomic
from gantheory.neural.progress import Progress
from gantheory.neural.run import load_run, save_grid
from gantheory.neural.scores import default_scores, make_scorer


def probe(run: str, objective: str = "minimax", iterations: int = 100, *, lam: float = 0.1, inner_steps: int = 50,
          generator_loss: str = "value", log_every: int = 10, device: str = "auto", score: bool = True,
          scores: tuple[str, ...] | None = None, inception_weights: str | None = None, quiet: bool = True) -> dict:
    """Run the Section 2 (``minimax``) or Section 6.1 (``proximal``) probe on run directory ``run``; writes
    ``probe-<objective>.jsonl`` and grids there. Returns the output path and the number of steps."""
    import torch

    from gantheory.neural import losses
    from gantheory.neural.algorithm1 import algorithm1_inner_steps, penalised_objective, reference_gradients

    if objective not in ("minimax", "proximal"):
        raise InputError(f"--objective must be minimax or proximal, got {objective!r}")
    if generator_loss not in ("value", "recipe"):
        raise InputError(f"generator_loss must be value or recipe, got {generator_loss!r}")
    if iterations < 1 or inner_steps < 1:
        raise InputError(f"--iterations and --inner-steps must be >= 1, got {iterations} and {inner_steps}")
    if not (math.isfinite(lam) and lam > 0):
        raise InputError(f"--lam must be a finite number > 0, got {lam}")
    if log_every < 1:
        raise InputError(f"--log-every must be >= 1, got {log_every}")
    rd = Path(run)
    tr, ds, cfg = load_run(rd, device)
    check_output_dir(rd, "--run", create=False)  # the probe writes its log, grids and end point there
    recipe, dev = tr.recipe, str(tr.device)
    train_iteration = int(tr.iteration)
    D_final = tr.D
    for p in D_final.parameters():
        p.requires_grad_(False)
    kind = recipe.loss
    value = losses.wasserstein_value if kind == "wasserstein" else losses.gan_value
    gen = torch.Generator().manual_seed(recipe.seed + 3)
    fixed = torch.randn(64, recipe.z_dim, generator=torch.Generator().manual_seed(recipe.seed + 2)).to(dev)
    heldout = ds.heldout[:500]
    scorer = None
    if score:
        names = default_scores(recipe.variant, ds.name) if scores is None else tuple(scores)
        scorer = make_scorer(names, heldout, seed=recipe.seed, inception_weights=inception_weights, device=dev)

    def V_of(D):
        idx = torch.randint(0, tr.data.shape[0], (recipe.batch_size,), generator=gen)
        real = tr.data[idx.to(dev)]
        z = torch.randn(recipe.batch_size, recipe.z_dim, generator=gen).to(dev)
        with torch.no_grad():
            d_real, d_fake = D(real), D(tr.G(z))
        return float(value(d_real, d_fake))

    def quality() -> dict:
        if scorer is None:
            return {}
        z = torch.randn(len(heldout), recipe.z_dim, generator=gen).to(dev)
        with torch.no_grad():
            x = tr.G.to_data(tr.G(z)).cpu().numpy()
        return {f"score_{k}": v for k, v in scorer(x).items()}

    def g_loss_on(D):
        z = torch.randn(recipe.batch_size, recipe.z_dim, generator=gen).to(dev)
        d_fake = D(tr.G(z))
        if generator_loss == "recipe":
            return losses.generator_loss(kind, d_fake)
        return losses.generator_loss(kind, d_fake, non_saturating=False) if kind == "gan" else -d_fake.mean()

    def clip(D):
        if recipe.clip > 0:
            for p in D.parameters():
                p.clamp_(-recipe.clip, recipe.clip)

    out = rd / f"probe-{objective}.jsonl"
    with torch.no_grad():
        save_grid(tr.G.to_data(tr.G(fixed)).cpu().numpy(), rd / f"probe-{objective}-before.png")
    bar = Progress(iterations, f"probe {objective}", enabled=not quiet)
    with open(out, "w") as fh:
        for it in range(iterations + 1):
            if it == iterations // 2 and iterations > 1:
                with torch.no_grad():
                    save_grid(tr.G.to_data(tr.G(fixed)).cpu().numpy(), rd / f"probe-{objective}-mid.png")
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
                ref = reference_gradients(D_final, real)
                _, obj = algorithm1_inner_steps(
                    D_use, inner, lambda: penalised_objective(D_use, real, fake, ref, lam, value),  # noqa: B023
                    inner_steps, project=clip)
                rec["prox_objective"] = float(obj.detach())
                for p in D_use.parameters():
                    p.requires_grad_(False)
            if it % log_every == 0 or it == iterations:
                rec["V"] = V_of(D_final)
                rec.update(quality())
            if it < iterations:
                loss = g_loss_on(D_use)
                tr.optG.zero_grad(set_to_none=True)
                loss.backward()
                tr.optG.step()
                rec["g_loss"] = float(loss.detach())
            bad = [f"{k} = {v}" for k, v in rec.items() if isinstance(v, float) and not math.isfinite(v)]
            if bad:
                raise InputError(f"the {objective} probe diverged at step {it} ({bad[0]}, lam = {lam}); {out} holds "
                                 "the steps before it")
            if it % log_every == 0 or it == iterations:
                fh.write(json.dumps(rec, allow_nan=False) + "\n")
                fh.flush()
            bar.update(min(it + 1, iterations))
    bar.close()
    with torch.no_grad():
        save_grid(tr.G.to_data(tr.G(fixed)).cpu().numpy(), rd / f"probe-{objective}-after.png")
    # the probe's end point, for diagnostics of (G_end, D_final); the run's checkpoint is not touched
    # train_iteration: the run's iteration the probe started from, so a probe of a run trained on since is stale
    end = {"generator": tr.G.state_dict(), "iterations": iterations, "objective": objective,
           "train_iteration": train_iteration}
    save_atomic(rd / f"probe-{objective}-generator.pt", lambda f: torch.save(end, f))
    return {"out": str(out), "iterations": iterations}
