"""Duality gap of a pair (G, D): how much each player can still gain against the other one frozen (the two
sides of the Nash condition (2), measured by optimisation as in Sec. 2), on V (eq. (5)) and on the proximal
objective V_prox of eq. (11).

* Generator side: a copy of G takes ``steps`` optimiser steps minimising V(G, D) against the frozen D (the
  minimax objective itself, not the non-saturating loss), on fresh minibatches drawn from a generator seeded
  by ``seed``; improvement = V_eval(G_0, D) - V_eval(G_N, D), with V_eval the value on the fixed evaluation
  batch (and ``best``: the largest improvement over the evaluation points along the way).
* Discriminator side: a copy of D maximises V(G, D) against the frozen G, with the recipe's constraint:
  clipping after each step (``project_D``), spectral normalisation inside the model (the copy's power
  iteration runs, as in training), and for WGAN-GP the gradient penalty added to the *optimised* objective
  (``d_penalty``; the reported improvement is in V itself; without the penalty V is unbounded in w).
* Proximal objective (eq. (11)): V_prox(G, D0) = max_D' V(G, D') - lam ||D' - D0||^2 with the Sobolev norm of
  eq. (15) (``sobolev``), estimated by ``inner_steps`` optimiser steps from D' = D0 on the evaluation batch.
  Generator side: G steps on V(G, D'), D' re-maximised from D0 before each step (Proposition 4), improvement
  V_prox(G_0, D0) - V_prox(G_N, D0). Discriminator side: max_D V_prox(G0, D) = max_D V(G0, D) (take D = the
  maximiser), so the improvement is V(G0, D_N) - V_prox(G0, D0) with D_N from the discriminator side above.

Each side is run once per seed and reported with its mean, standard deviation and budget. All of it leaves
the given modules untouched (copies are optimised).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from gantheory.neural.algorithm1 import algorithm1_inner_steps

Tensor = torch.Tensor


@dataclass
class GapProblem:
    """What the gap computations need to know about a game.

    ``value(G, D, real, z)``: V on a batch; ``sample(gen)``: a training minibatch (real, z) drawn from the
    ``torch.Generator`` gen; ``eval_batch``: the fixed (real, z); ``project_G``/``project_D``: in-place
    projections after each step (constraints), or None; ``d_penalty(D, real, fake, gen)``: a penalty subtracted
    from D's optimised objective (WGAN-GP), or None; ``sobolev_ref(D, real)`` and ``sobolev(D, ref, real)``:
    ||D - D_ref||^2 of eq. (15) with the reference computed once; ``penalised(G, D, ref, real, z, lam)``:
    optionally, V - lam * sobolev computed together (Algorithm 1's inner objective)."""

    G: nn.Module
    D: nn.Module
    value: Callable[[nn.Module, nn.Module, Tensor | None, Tensor | None], Tensor]
    sample: Callable[[torch.Generator], tuple[Tensor | None, Tensor | None]]
    eval_batch: tuple[Tensor | None, Tensor | None]
    sobolev_ref: Callable[[nn.Module, Tensor | None], object]
    sobolev: Callable[[nn.Module, object, Tensor | None], Tensor]
    project_G: Callable[[nn.Module], None] | None = None
    project_D: Callable[[nn.Module], None] | None = None
    d_penalty: Callable[[nn.Module, Tensor, Tensor, torch.Generator], Tensor] | None = None
    copy_D_for_training: Callable[[nn.Module], nn.Module] | None = None  # default: deepcopy
    # V(G, D; real, z) - lam * sobolev(D, ref, real) in one go (a neural problem passes Algorithm 1's
    # penalised_objective, which shares D's forward pass on the real batch); default: the two callables above
    penalised: Callable[[nn.Module, nn.Module, object, Tensor | None, Tensor | None, float], Tensor] | None = None


@dataclass(frozen=True)
class Budget:
    """The optimisation budget of one side: optimiser, learning rate, steps, schedule."""

    steps: int
    lr: float = 1e-4
    optimizer: str = "adam"
    betas: tuple[float, float] = (0.5, 0.9)
    schedule: str = "constant"  # or "cosine" (decays to 0 over the steps)
    eval_every: int = 0  # 0: evaluate at the start and the end only

    def __post_init__(self) -> None:
        if not isinstance(self.steps, int) or self.steps < 1:
            raise ValueError(f"steps must be a positive integer, got {self.steps!r}")
        if not (self.lr > 0 and math.isfinite(self.lr)):
            raise ValueError(f"lr must be a positive number, got {self.lr!r}")
        if self.optimizer not in ("adam", "sgd", "rmsprop"):
            raise ValueError(f"optimizer must be adam, sgd or rmsprop, got {self.optimizer!r}")
        if self.schedule not in ("constant", "cosine"):
            raise ValueError(f"schedule must be constant or cosine, got {self.schedule!r}")
        if self.eval_every < 0:
            raise ValueError(f"eval_every must be >= 0, got {self.eval_every!r}")

    def to_dict(self) -> dict:
        return {"steps": self.steps, "lr": self.lr, "optimizer": self.optimizer, "betas": list(self.betas),
                "schedule": self.schedule}

    def make(self, params) -> tuple[torch.optim.Optimizer, torch.optim.lr_scheduler.LRScheduler | None]:
        params = list(params)
        if self.optimizer == "adam":
            opt = torch.optim.Adam(params, lr=self.lr, betas=self.betas)
        elif self.optimizer == "rmsprop":
            opt = torch.optim.RMSprop(params, lr=self.lr)
        else:
            opt = torch.optim.SGD(params, lr=self.lr)
        sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, self.steps) if self.schedule == "cosine" else None
        return opt, sched


def _stats(xs: list[float]) -> dict:
    a = np.asarray(xs, dtype=float)
    return {"mean": float(a.mean()), "std": float(a.std(ddof=1)) if len(a) > 1 else 0.0,
            "per_seed": [float(x) for x in a]}


def _seeds(seeds) -> list[int]:
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds must be a nonempty list of integers")
    return seeds


def _eval_value(p: GapProblem, G: nn.Module, D: nn.Module) -> float:
    with torch.no_grad():
        return float(p.value(G, D, *p.eval_batch))


def _copy_D(p: GapProblem, D: nn.Module) -> nn.Module:
    return p.copy_D_for_training(D) if p.copy_D_for_training is not None else copy.deepcopy(D)


def _frozen(m: nn.Module) -> nn.Module:
    for q in m.parameters():
        q.requires_grad_(False)
    return m


def _trainable(m: nn.Module) -> nn.Module:
    for q in m.parameters():
        q.requires_grad_(True)
    return m


def _generator_step(p: GapProblem, G: nn.Module, opt, sched, loss: torch.Tensor) -> None:
    """One optimiser step of G on ``loss`` (V, which G minimises), then the scheduler and G's projection."""
    opt.zero_grad(set_to_none=True)
    loss.backward()
    opt.step()
    if sched is not None:
        sched.step()
    if p.project_G is not None:
        with torch.no_grad():
            p.project_G(G)


def generator_improvement(p: GapProblem, budget: Budget, seeds=(0,)) -> dict:
    """V_eval(G0, D) - V_eval(G_N, D): G minimising V against the frozen D, once per seed."""
    D = _frozen(copy.deepcopy(p.D))
    v0 = _eval_value(p, p.G, D)
    finals, bests = [], []
    for s in _seeds(seeds):
        gen = torch.Generator(device="cpu").manual_seed(s)
        G = _trainable(copy.deepcopy(p.G))
        opt, sched = budget.make(G.parameters())
        best = 0.0
        for k in range(budget.steps):
            real, z = p.sample(gen)
            _generator_step(p, G, opt, sched, p.value(G, D, real, z))
            if budget.eval_every and (k + 1) % budget.eval_every == 0:
                best = max(best, v0 - _eval_value(p, G, D))
        fin = v0 - _eval_value(p, G, D)
        finals.append(fin)
        bests.append(max(best, fin))
    return {"V_start": v0, "improvement": _stats(finals), "best_improvement": _stats(bests),
            "budget": budget.to_dict(), "seeds": list(seeds)}


def _maximise_D(p: GapProblem, G: nn.Module, D0: nn.Module, budget: Budget, gen: torch.Generator | None,
                lam: float | None = None, batch: tuple | None = None) -> nn.Module:
    """A copy of D0 after ``budget.steps`` steps maximising V(G, D) (minus lam ||D - D0||^2 when lam is given,
    else minus the recipe's penalty) on fresh batches from ``gen`` (or on the fixed ``batch``)."""
    if lam is not None and batch is None:
        raise ValueError("the proximal maximisation runs on a fixed batch")
    D = _trainable(_copy_D(p, D0))
    opt, sched = budget.make(D.parameters())
    if lam is not None:  # the proximal maximisation: Algorithm 1's inner loop on the fixed batch
        real, z = batch
        ref = p.sobolev_ref(D0, real)
        if p.penalised is not None:
            objective = lambda: p.penalised(G, D, ref, real, z, lam)  # noqa: E731
        else:
            objective = lambda: p.value(G, D, real, z) - lam * p.sobolev(D, ref, real)  # noqa: E731
        algorithm1_inner_steps(D, opt, objective, budget.steps, project=p.project_D, scheduler=sched)
        return D
    for _ in range(budget.steps):
        real, z = batch if batch is not None else p.sample(gen)
        with torch.no_grad():
            fake = G(z) if z is not None else None
        obj = p.value(G, D, real, z)
        if p.d_penalty is not None:
            obj = obj - p.d_penalty(D, real, fake, gen if gen is not None else torch.Generator().manual_seed(0))
        opt.zero_grad(set_to_none=True)
        (-obj).backward()
        opt.step()
        if sched is not None:
            sched.step()
        if p.project_D is not None:
            with torch.no_grad():
                p.project_D(D)
    return D


def discriminator_improvement(p: GapProblem, budget: Budget, seeds=(0,)) -> dict:
    """V_eval(G, D_N) - V_eval(G, D0): D maximising V against the frozen G (constraint kept), once per seed.
    The returned dict holds the per-seed V_eval(G, D_N) (``V_end``) for the proximal gap."""
    G = _frozen(copy.deepcopy(p.G))
    v0 = _eval_value(p, G, p.D)
    ends = []
    for s in _seeds(seeds):
        gen = torch.Generator(device="cpu").manual_seed(s)
        D = _maximise_D(p, G, p.D, budget, gen)
        ends.append(_eval_value(p, G, D))
    return {"V_start": v0, "improvement": _stats([e - v0 for e in ends]), "V_end": [float(e) for e in ends],
            "budget": budget.to_dict(), "seeds": list(seeds),
            "penalty_in_optimised_objective": p.d_penalty is not None}


def proximal_value(p: GapProblem, G: nn.Module, D0: nn.Module, lam: float, inner: Budget) -> float:
    """V_prox_lam(G, D0) of eq. (11) on the evaluation batch, by ``inner.steps`` steps from D' = D0 (a lower
    bound on the maximum up to the optimisation error); the objective V - lam ||D' - D0||^2 at the end."""
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam!r}")
    G = _frozen(copy.deepcopy(G))
    D = _maximise_D(p, G, D0, inner, None, lam=lam, batch=p.eval_batch)
    real, z = p.eval_batch
    with torch.no_grad():
        v = p.value(G, D, real, z)
    pen = p.sobolev(D, p.sobolev_ref(D0, real), real)
    return float(v.detach() - lam * pen.detach())


def proximal_generator_improvement(p: GapProblem, budget: Budget, inner: Budget, lam: float, seeds=(0,),
                                   eval_inner: Budget | None = None) -> dict:
    """V_prox(G0, D0) - V_prox(G_N, D0): G steps on V(G, D'), D' re-maximised from D0 (``inner`` steps, on the
    step's minibatch) before every generator step (Proposition 4); V_prox evaluated with ``eval_inner``."""
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam!r}")
    eval_inner = eval_inner or inner
    D0 = _frozen(copy.deepcopy(p.D))
    v0 = proximal_value(p, p.G, D0, lam, eval_inner)
    finals = []
    for s in _seeds(seeds):
        gen = torch.Generator(device="cpu").manual_seed(s)
        G = _trainable(copy.deepcopy(p.G))
        opt, sched = budget.make(G.parameters())
        for _ in range(budget.steps):
            real, z = p.sample(gen)
            _frozen(G)
            Dp = _frozen(_maximise_D(p, G, D0, inner, None, lam=lam, batch=(real, z)))
            _trainable(G)
            _generator_step(p, G, opt, sched, p.value(G, Dp, real, z))
        finals.append(v0 - proximal_value(p, G, D0, lam, eval_inner))
    return {"Vprox_start": v0, "improvement": _stats(finals), "budget": budget.to_dict(),
            "inner_budget": inner.to_dict(), "eval_inner_budget": eval_inner.to_dict(), "lam": lam,
            "seeds": list(seeds)}


def duality_gap(p: GapProblem, g_budget: Budget, d_budget: Budget, seeds=(0,), *, lam: float | None = None,
                inner: Budget | None = None, eval_inner: Budget | None = None,
                prox_g_budget: Budget | None = None) -> dict:
    """The duality gap on V (generator and discriminator improvements, their sum per seed) and, when ``lam`` is
    given, on V_prox_lam (eq. (11)); each with mean and std over ``seeds`` and its budget."""
    seeds = _seeds(seeds)
    g = generator_improvement(p, g_budget, seeds)
    d = discriminator_improvement(p, d_budget, seeds)
    total = [a + b for a, b in zip(g["improvement"]["per_seed"], d["improvement"]["per_seed"], strict=True)]
    out = {"V": g["V_start"], "generator": g, "discriminator": d, "gap": _stats(total)}
    if lam is not None:
        inner = inner or Budget(steps=20, lr=d_budget.lr, optimizer=d_budget.optimizer, betas=d_budget.betas)
        pg = proximal_generator_improvement(p, prox_g_budget or g_budget, inner, lam, seeds, eval_inner)
        v_prox0 = pg["Vprox_start"]
        # max_D V_prox(G0, D) = max_D' V(G0, D') (take D = D'); its estimate is the better of the plain ascent's end
        # and V at the proximal maximiser D' of V_prox(G0, D0), so that, as in exact arithmetic, it is >= V_prox
        G0 = _frozen(copy.deepcopy(p.G))
        D_prox = _maximise_D(p, G0, p.D, eval_inner or inner, None, lam=lam, batch=p.eval_batch)
        v_at_prox = _eval_value(p, G0, D_prox)
        d_prox = [max(e, v_at_prox) - v_prox0 for e in d["V_end"]]
        ptotal = [a + b for a, b in zip(pg["improvement"]["per_seed"], d_prox, strict=True)]
        out["proximal"] = {"lam": lam, "Vprox": v_prox0, "generator": pg,
                           "discriminator": {"improvement": _stats(d_prox),
                                             "V_at_proximal_maximiser": v_at_prox,
                                             "note": "max_D V(G0, D) - V_prox(G0, D0); max_D V estimated as the "
                                                     "larger of the plain gap's discriminator ascent and V at "
                                                     "the maximiser D' of V_prox(G0, D0)"},
                           "gap": _stats(ptotal)}
    return out
