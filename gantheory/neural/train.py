"""Regular (alternating) and proximal (Algorithm 1) GAN training on an image tensor, with atomic,
exactly-resumable checkpoints.

Regular training: ``n_critic`` discriminator steps on the recipe's loss (weight clipping after each
step, or the gradient penalty; spectral normalisation lives in the model), then one generator step.

Proximal training, Algorithm 1: at every outer step k, with w_k the current discriminator, the
reference input gradients grad_x D_{w_k}(x_i) are computed once on a real batch; then ``inner_steps``
Adam steps (the recipe's constraint kept on: clipping after each step) maximise
V(G_theta_k, D_w) - lam * mean_i ||grad_x D_w(x_i) - grad_x D_{w_k}(x_i)||^2 (eq. (11)'s lam; Algorithm
1's display writes lam/2), differentiating through the penalty (double backprop); then one generator
step with the gradient taken at the new discriminator (Proposition 4). The inner Adam state persists
across outer steps by default (``inner_state="reset"`` re-creates it each step). With batch norm in the
critic (the weight-clipping recipe) the input gradients are taken in training mode, i.e. through the
batch statistics of the real batch (per-sample gradients are then coupled through the batch).

All randomness goes through one ``torch.Generator`` whose state is checkpointed with the models,
optimisers and the iteration, so a run resumed from its checkpoint ends with bit-identical weights on
the CPU to an uninterrupted run. Checkpoints are written to a temporary file and renamed (atomic).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import torch

from gantheory.neural import losses
from gantheory.neural.models import build, data_to_model
from gantheory.neural.recipes import Recipe, model_spec
from gantheory.neural.sobolev import input_gradients, sobolev_penalty


class Trainer:
    def __init__(self, recipe: Recipe, data: torch.Tensor, device: str = "cpu") -> None:
        if data.dim() != 4:
            raise ValueError(f"data must be an (N, C, H, W) tensor, got shape {tuple(data.shape)}")
        self.recipe = recipe
        self.device = torch.device(device)
        spec = model_spec(recipe)
        self.data = data_to_model(spec, data).to(self.device)  # [-1, 1] for a tanh MNIST generator
        if tuple(data.shape[1:]) != spec.image_shape:
            raise ValueError(f"data images have shape {tuple(data.shape[1:])}, the {recipe.variant} models "
                             f"expect {spec.image_shape}")
        torch.manual_seed(recipe.seed)
        self.G, self.D = build(spec)
        self.G.to(self.device)
        self.D.to(self.device)
        self.gen = torch.Generator(device="cpu").manual_seed(recipe.seed + 1)
        self.optG = self._opt(self.G.parameters(), recipe.lr)
        self.optD = self._opt(self.D.parameters(), recipe.lr)
        self.inner = torch.optim.Adam(self.D.parameters(), lr=recipe.inner_lr, betas=recipe.betas)
        self.iteration = 0

    def _opt(self, params, lr):
        r = self.recipe
        if r.optimizer == "adam":
            return torch.optim.Adam(params, lr=lr, betas=r.betas)
        return torch.optim.RMSprop(params, lr=lr)

    # -- sampling (all randomness from self.gen) ------------------------------------------------------
    def real_batch(self) -> torch.Tensor:
        idx = torch.randint(0, self.data.shape[0], (self.recipe.batch_size,), generator=self.gen)
        return self.data[idx.to(self.device)]

    def noise(self, n: int | None = None) -> torch.Tensor:
        n = self.recipe.batch_size if n is None else n
        return torch.randn(n, self.recipe.z_dim, generator=self.gen).to(self.device)

    def _clip(self) -> None:
        if self.recipe.clip > 0:
            with torch.no_grad():
                for p in self.D.parameters():
                    p.clamp_(-self.recipe.clip, self.recipe.clip)

    def _value(self, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
        d_real, d_fake = self.D(real), self.D(fake)
        if self.recipe.loss == "wasserstein":
            return losses.wasserstein_value(d_real, d_fake)
        return losses.gan_value(d_real, d_fake)

    # -- one outer iteration ----------------------------------------------------------------------------
    def d_step(self) -> float:
        real = self.real_batch()
        with torch.no_grad():
            fake = self.G(self.noise())
        loss = -self._value(real, fake)
        if self.recipe.gp_weight > 0:
            loss = loss + self.recipe.gp_weight * losses.gradient_penalty(self.D, real, fake, self.gen)
        self.optD.zero_grad(set_to_none=True)
        loss.backward()
        self.optD.step()
        self._clip()
        return float(-loss.detach())

    def proximal_d_steps(self) -> dict:
        """Algorithm 1's inner loop: returns the penalised objective before and after."""
        r = self.recipe
        real = self.real_batch()
        with torch.no_grad():
            fake = self.G(self.noise())
        ref = input_gradients(self.D, real).detach()  # grad_x D_{w_k}, once per outer step
        if r.inner_state == "reset":
            self.inner = torch.optim.Adam(self.D.parameters(), lr=r.inner_lr, betas=r.betas)
        first = None
        for _ in range(r.inner_steps):
            obj = self._value(real, fake) - r.lam * sobolev_penalty(self.D, real, ref)
            if first is None:
                first = float(obj.detach())
            self.inner.zero_grad(set_to_none=True)
            (-obj).backward()
            self.inner.step()
            self._clip()
        last = float((self._value(real, fake) - r.lam * sobolev_penalty(self.D, real, ref)).detach())
        return {"prox_objective_start": first, "prox_objective_end": last}

    def g_step(self) -> float:
        fake = self.G(self.noise())
        d_fake = self.D(fake)
        loss = losses.generator_loss(self.recipe.loss, d_fake)
        self.optG.zero_grad(set_to_none=True)
        loss.backward()
        self.optG.step()
        return float(loss.detach())

    def step(self) -> dict:
        """One generator iteration (the reference skips the generator step at iteration 0)."""
        rec: dict = {"iteration": self.iteration}
        if self.recipe.proximal:
            rec.update(self.proximal_d_steps())
        else:
            rec["V"] = [self.d_step() for _ in range(self.recipe.n_critic)][-1]
        if self.iteration > 0 or self.recipe.proximal:
            rec["g_loss"] = self.g_step()
        self.iteration += 1
        return rec

    # -- checkpoints -----------------------------------------------------------------------------------
    def state_dict(self) -> dict:
        return {"generator": self.G.state_dict(), "discriminator": self.D.state_dict(),
                "opt_g": self.optG.state_dict(), "opt_d": self.optD.state_dict(), "opt_inner": self.inner.state_dict(),
                "rng": self.gen.get_state(), "iteration": self.iteration, "recipe": json.dumps(self.recipe.to_dict())}

    def save(self, path: str | os.PathLike) -> None:
        """Atomic: write a temporary file in the same directory, fsync, rename."""
        path = Path(path)
        tmp = path.with_suffix(path.suffix + ".tmp")
        with open(tmp, "wb") as fh:
            torch.save(self.state_dict(), fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def load(self, path: str | os.PathLike) -> None:
        state = torch.load(path, map_location=self.device, weights_only=True)
        saved = json.loads(state["recipe"])
        mine = json.loads(json.dumps(self.recipe.to_dict()))
        saved.pop("iterations", None)  # a resumed run may extend the number of iterations
        mine.pop("iterations", None)
        if saved != mine:
            raise ValueError(f"checkpoint {path} was written by a different recipe")
        self.G.load_state_dict(state["generator"])
        self.D.load_state_dict(state["discriminator"])
        self.optG.load_state_dict(state["opt_g"])
        self.optD.load_state_dict(state["opt_d"])
        self.inner.load_state_dict(state["opt_inner"])
        self.gen.set_state(state["rng"])
        self.iteration = int(state["iteration"])
