"""Regular (alternating) and proximal (Algorithm 1) GAN training on an image tensor, with atomic,
exactly-resumable checkpoints.

Regular training: ``n_critic`` discriminator steps on the recipe's loss (weight clipping after each
step, or the gradient penalty; spectral normalisation lives in the model), then one generator step.

Proximal training, Algorithm 1 (``gantheory.neural.algorithm1``): at every outer step k, with w_k the
current discriminator, the reference input gradients grad_x D_{w_k}(x_i) are computed once on a real batch;
then ``inner_steps`` Adam steps (the recipe's constraint kept on: clipping after each step) maximise
V(G_theta_k, D_w) - lam * mean_i ||grad_x D_w(x_i) - grad_x D_{w_k}(x_i)||^2 (eq. (11)'s lam; Algorithm
1's display writes lam/2), differentiating through the penalty (double backprop); then one generator
step with the gradient taken at the new discriminator (Proposition 4). The inner Adam state persists
across outer steps by default (``inner_state="reset"`` zeroes it, i.e. a fresh Adam, each step). With batch
norm in the critic (the weight-clipping recipe) the input gradients are taken in training mode, i.e.
through the batch statistics of the real batch (per-sample gradients are then coupled through the batch).

No step reads a value back to the host: ``step`` returns the metrics as device tensors, read with
``host_record`` at log points only. All randomness (batch indices, noise, the gradient penalty's
interpolation weights) is drawn from one ``torch.Generator`` on the training device, in a fixed order,
before the computation it feeds; its state is checkpointed with the models, optimisers and the iteration,
so a run resumed from its checkpoint ends with bit-identical weights on the CPU to an uninterrupted run
(on CUDA: for the same device and software). Checkpoints are written to a temporary file and renamed.

How the steps execute (precision, channels_last, optimiser implementation, CUDA graphs) is set by an
``Execution`` (``gantheory.neural.execution``); with ``cuda_graphs`` each of the three steps below is
recorded once as a CUDA graph and replayed (``gantheory.neural.cuda_graphs``).
"""

from __future__ import annotations

import json
import os

import torch

from gantheory.files import load_torch_state, save_atomic
from gantheory.neural import losses
from gantheory.neural.algorithm1 import algorithm1_inner_steps, penalised_objective, reference_gradients
from gantheory.neural.cuda_graphs import CapturedStep
from gantheory.neural.execution import Execution
from gantheory.neural.models import build, data_to_model
from gantheory.neural.recipes import Recipe, model_spec

Tensor = torch.Tensor

CHECKPOINT_KEYS = ("generator", "discriminator", "opt_g", "opt_d", "opt_inner", "rng", "iteration", "recipe")


class Trainer:
    def __init__(self, recipe: Recipe, data: torch.Tensor, device: str = "cpu",
                 execution: Execution | None = None) -> None:
        if data.dim() != 4:
            raise ValueError(f"data must be an (N, C, H, W) tensor, got shape {tuple(data.shape)}")
        self.recipe = recipe
        self.device = torch.device(device)
        self.execution = (execution or Execution()).resolve(self.device)
        spec = model_spec(recipe)
        if tuple(data.shape[1:]) != spec.image_shape:
            raise ValueError(f"data images have shape {tuple(data.shape[1:])}, the {recipe.variant} models "
                             f"expect {spec.image_shape}")
        torch.manual_seed(recipe.seed)
        self.G, self.D = build(spec)
        fmt = torch.channels_last if self.execution.channels_last else torch.preserve_format
        self.G.to(self.device, memory_format=fmt)
        self.D.to(self.device, memory_format=fmt)
        # [-1, 1] for a tanh MNIST generator
        self.data = data_to_model(spec, data).to(self.device).contiguous(
            memory_format=torch.channels_last if self.execution.channels_last else torch.contiguous_format)
        if self.device.type == "cuda":
            self.execution.set_matmul_flags()
        self.gen = torch.Generator(device=self.device).manual_seed(recipe.seed + 1)
        self.optG = self._opt(self.G.parameters(), recipe.lr)
        self.optD = self._opt(self.D.parameters(), recipe.lr)
        self.inner = torch.optim.Adam(self.D.parameters(), lr=recipe.inner_lr, betas=recipe.betas,
                                      **self.execution.optimizer_kwargs("adam"))
        self.value = losses.wasserstein_value if recipe.loss == "wasserstein" else losses.gan_value
        self.graphs: dict[str, CapturedStep] = {}
        self.iteration = 0

    def execution_record(self) -> dict:
        """The execution options in effect (for config.json), with the optimiser implementation used."""
        ex = self.execution
        return {**ex.to_dict(), "optimizer_impl_used": {"G and D": ex.optimizer_impl_for(self.recipe.optimizer),
                                                        "inner (Adam)": ex.optimizer_impl_for("adam")}}

    def _opt(self, params, lr):
        r = self.recipe
        kw = self.execution.optimizer_kwargs(r.optimizer)
        if r.optimizer == "adam":
            return torch.optim.Adam(params, lr=lr, betas=r.betas, **kw)
        return torch.optim.RMSprop(params, lr=lr, **kw)

    # -- randomness: every draw from self.gen, on the training device -----------------------------------
    def batch_indices(self) -> Tensor:
        return torch.randint(0, self.data.shape[0], (self.recipe.batch_size,), generator=self.gen,
                             device=self.device)

    def noise(self, n: int | None = None) -> Tensor:
        n = self.recipe.batch_size if n is None else n
        return torch.randn(n, self.recipe.z_dim, generator=self.gen, device=self.device)

    def interpolation_weights(self) -> Tensor:
        """The gradient penalty's e ~ U[0, 1], one per sample."""
        return torch.rand((self.recipe.batch_size, 1, 1, 1), generator=self.gen, device=self.device)

    def real_batch(self) -> Tensor:
        return self.data[self.batch_indices()]

    def _clip(self, D: torch.nn.Module) -> None:
        """Weight clipping of every D parameter to [-clip, clip] (two multi-tensor kernels, as p.clamp_)."""
        if self.recipe.clip > 0:
            with torch.no_grad():
                params = list(D.parameters())
                torch._foreach_clamp_min_(params, -self.recipe.clip)
                torch._foreach_clamp_max_(params, self.recipe.clip)

    # -- the three steps, each a function of its random inputs (what a CUDA graph records) ----------------
    def critic_step(self, idx: Tensor, z: Tensor, eps: Tensor | None = None) -> Tensor:
        """One discriminator step on -V (plus the gradient penalty on e real + (1 - e) fake), then clipping.
        Returns the maximised objective V - gp_weight * penalty (a device tensor)."""
        real = self.data[idx]
        with self.execution.autocast(self.device):
            with torch.no_grad():
                fake = self.G(z)
            loss = -self.value(self.D(real), self.D(fake))
            if eps is not None:
                loss = loss + self.recipe.gp_weight * losses.gradient_penalty(self.D, real, fake, eps=eps)
        self.optD.zero_grad(set_to_none=True)
        loss.backward()
        self.optD.step()
        self._clip(self.D)
        return -loss.detach()

    def proximal_critic_steps(self, idx: Tensor, z: Tensor) -> tuple[Tensor, Tensor]:
        """Algorithm 1's inner loop from w_k = the current D; returns the penalised objective at the first and
        at the last inner step (each before that step's update: no extra forward pass, whose batch-norm and
        spectral-norm side effects would change the training)."""
        r = self.recipe
        real = self.data[idx]
        with self.execution.autocast(self.device):
            with torch.no_grad():
                fake = self.G(z)
            ref = reference_gradients(self.D, real)  # grad_x D_{w_k}, once per outer step
        if r.inner_state == "reset":
            self._reset(self.inner)

        def objective() -> Tensor:
            with self.execution.autocast(self.device):
                return penalised_objective(self.D, real, fake, ref, r.lam, self.value)

        return algorithm1_inner_steps(self.D, self.inner, objective, r.inner_steps, project=self._clip)

    def generator_step(self, z: Tensor) -> Tensor:
        """One generator step on the recipe's generator loss against the current D."""
        self.D.requires_grad_(False)  # no gradient for D's parameters in the generator step
        with self.execution.autocast(self.device):
            loss = losses.generator_loss(self.recipe.loss, self.D(self.G(z)))
        self.optG.zero_grad(set_to_none=True)
        loss.backward()
        self.optG.step()
        self.D.requires_grad_(True)
        return loss.detach()

    def step(self) -> dict:
        """One generator iteration (the reference skips the generator step at iteration 0). The metrics are
        device tensors (``host_record`` reads them)."""
        r = self.recipe
        rec: dict = {"iteration": self.iteration}
        if r.proximal:
            rec["prox_objective_start"], rec["prox_objective_end"] = self._run(
                "proximal", self.proximal_critic_steps, self.batch_indices(), self.noise())
        else:
            for _ in range(r.n_critic):
                inputs = (self.batch_indices(), self.noise())
                if r.gp_weight > 0:
                    inputs += (self.interpolation_weights(),)
                rec["V"] = self._run("critic", self.critic_step, *inputs)
        if self.iteration > 0 or r.proximal:
            rec["g_loss"] = self._run("generator", self.generator_step, self.noise())
        self.iteration += 1
        return rec

    # -- execution ----------------------------------------------------------------------------------------
    def _run(self, name: str, fn, *inputs: Tensor):
        """``fn(*inputs)`` eagerly, or by replaying its CUDA graph (recorded on first use)."""
        if not self.execution.cuda_graphs:
            return fn(*inputs)
        if name not in self.graphs:
            self.graphs[name] = CapturedStep(fn, inputs, [self.G, self.D], [self.optG, self.optD, self.inner])
        return self.graphs[name](*inputs)

    @staticmethod
    @torch.no_grad()
    def _reset(opt: torch.optim.Optimizer) -> None:
        """A fresh optimiser in place: Adam's initial state is all zeros (step counters included)."""
        for st in opt.state.values():
            for v in st.values():
                if torch.is_tensor(v):
                    v.zero_()

    # -- checkpoints -----------------------------------------------------------------------------------
    def state_dict(self) -> dict:
        return {"generator": self.G.state_dict(), "discriminator": self.D.state_dict(),
                "opt_g": self.optG.state_dict(), "opt_d": self.optD.state_dict(), "opt_inner": self.inner.state_dict(),
                "rng": self.gen.get_state(), "iteration": self.iteration, "recipe": json.dumps(self.recipe.to_dict())}

    def save(self, path: str | os.PathLike) -> None:
        """Atomic: write a temporary file in the same directory, fsync, rename. A failed or interrupted save
        leaves the previous checkpoint intact and removes the temporary file."""
        state = self.state_dict()
        save_atomic(path, lambda fh: torch.save(state, fh))

    def load(self, path: str | os.PathLike) -> None:
        """Load a checkpoint file; an unreadable, truncated or foreign file raises a one-line ValueError."""
        state = load_torch_state(path, "checkpoint", "a checkpoint.pt written by gantheory train", CHECKPOINT_KEYS,
                                 map_location=self.device)
        self.load_state(state, path)

    def load_state(self, state: dict, path: str | os.PathLike = "checkpoint") -> None:
        """Load a checkpoint's state dict (as :func:`gantheory.files.load_torch_state` returns it)."""
        try:
            saved = json.loads(state["recipe"])
        except (TypeError, json.JSONDecodeError):
            raise ValueError(f"checkpoint {path} holds no readable recipe") from None
        mine = json.loads(json.dumps(self.recipe.to_dict()))
        saved.pop("iterations", None)  # a resumed run may extend the number of iterations
        mine.pop("iterations", None)
        if saved != mine:
            diff = sorted(k for k in set(saved) | set(mine) if saved.get(k) != mine.get(k))
            raise ValueError(f"checkpoint {path} was written by a different recipe (differs in "
                             f"{', '.join(f'{k}: {saved.get(k)!r} vs {mine.get(k)!r}' for k in diff[:3])})")
        try:
            self.G.load_state_dict(state["generator"])
            self.D.load_state_dict(state["discriminator"])
            self.optG.load_state_dict(state["opt_g"])
            self.optD.load_state_dict(state["opt_d"])
            self.inner.load_state_dict(state["opt_inner"])
            self.gen.set_state(state["rng"].cpu())  # a generator's state is a CPU byte tensor on every device
            self.iteration = int(state["iteration"])
        except (RuntimeError, KeyError, TypeError, ValueError, AttributeError) as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise ValueError(f"checkpoint {path} does not match this recipe's models ({first})") from None
        self.graphs.clear()  # the optimisers' state tensors were replaced: record the steps again


def host_record(rec: dict) -> dict:
    """A step's record with its device tensors read back as floats, in one device-to-host copy."""
    keys = [k for k, v in rec.items() if torch.is_tensor(v)]
    values = torch.stack([rec[k].detach().float() for k in keys]).tolist() if keys else []
    return {**rec, **dict(zip(keys, values, strict=True))}
