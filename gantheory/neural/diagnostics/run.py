"""``diagnose_run``: the equilibrium diagnostics of a trained run directory (config.json + checkpoint.pt of
``gantheory train``), as one JSON-serialisable dict -- the duality gap on V (eq. (5)) and on the proximal
objective (eq. (11)), the second-order local-Nash test (extreme eigenvalues of grad^2_theta theta V and
grad^2_ww V, share of negative curvature), and the game-Jacobian spectrum (Sec. 3: a local Nash equilibrium
needs the first Hessian PSD and the second NSD).

The pair is evaluated as in training: V is the recipe's value (eq. (8) or eq. (6)) on one fixed evaluation
batch of ``eval_size`` real images and ``eval_size`` noise vectors (drawn from ``eval_seed``), so it is a
deterministic function of the parameters; batch norm uses the statistics of the batch it sees (training mode,
no running-statistics update), spectral normalisation's power iteration is frozen at the checkpoint's u, v
(see :mod:`gantheory.neural.diagnostics.hvp`). The run's checkpoint is never modified.
"""

from __future__ import annotations

import math
import time
from pathlib import Path

import numpy as np

from gantheory._validation import InputError
from gantheory.files import load_torch_state, require_memory
from gantheory.neural.diagnostics.gap import Budget, GapProblem, duality_gap
from gantheory.neural.diagnostics.hvp import GameFunctions, ValuePair, freeze_for_diagnostics
from gantheory.neural.diagnostics.jacobian import jacobian_spectrum
from gantheory.neural.diagnostics.lanczos import hessian_spectrum
from gantheory.neural.memory import diagnose_bytes, footprint
from gantheory.neural.progress import Stages
from gantheory.neural.run import load_run as _load


def load_run(run_dir, device: str = "cpu", generator: str | None = None):
    """The Trainer of a run directory at its checkpoint (as ``gantheory probe`` loads it); ``generator``: a
    generator state file (e.g. a probe's end point ``probe-minimax-generator.pt``) replacing the run's G."""


    path = None
    if generator is not None:  # checked before the run is loaded
        path = Path(generator)
        if not path.is_absolute() and not path.exists():
            path = Path(run_dir) / path
        if not path.exists():
            raise InputError(f"--generator {generator} not found (a probe writes probe-<objective>-generator.pt)")
        state = load_torch_state(path, "--generator", "a generator state (probe-<objective>-generator.pt)",
                                 map_location="cpu")
        if not isinstance(state, dict):
            raise InputError(f"--generator {path} holds a {type(state).__name__}, expected a generator state dict")
    tr, _, _ = _load(run_dir, device)
    if path is not None:
        try:
            sd = state.get("generator", state)
            tr.G.load_state_dict({k: v.to(tr.device) for k, v in sd.items()})
        except (RuntimeError, AttributeError, KeyError, TypeError) as e:
            first = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
            raise InputError(f"--generator {path} does not hold this run's generator ({first})") from None
    import torch

    for name, net, src in (("generator", tr.G, path or Path(run_dir) / "checkpoint.pt"),
                           ("discriminator", tr.D, Path(run_dir) / "checkpoint.pt")):
        bad = [k for k, v in net.state_dict().items() if v.is_floating_point() and not bool(torch.isfinite(v).all())]
        if bad:  # the spectra and gaps of NaN weights are NaN (or a LAPACK error far from the cause)
            raise InputError(f"{src} holds non-finite {name} weights ({bad[0]}, ...); expected a finite state")
    return tr


def neural_problem(tr, eval_size: int, eval_seed: int = 0, tick=None) -> tuple[GapProblem, GameFunctions]:
    """The trained pair of a Trainer as a :class:`GapProblem` and as :class:`GameFunctions` on a fixed evaluation
    batch (frozen copies; the Trainer's modules are untouched). ``tick()``, if given, is called at every
    evaluation of V by the gap computations (progress reporting)."""
    import torch

    from gantheory.neural import losses
    from gantheory.neural.algorithm1 import penalised_objective
    from gantheory.neural.sobolev import input_gradients, sobolev_penalty

    r = tr.recipe
    dev = tr.device
    G = freeze_for_diagnostics(tr.G)
    D = freeze_for_diagnostics(tr.D)
    gen = torch.Generator(device="cpu").manual_seed(eval_seed)
    idx = torch.randint(0, tr.data.shape[0], (eval_size,), generator=gen)
    real = tr.data[idx.to(dev)]
    z = torch.randn(eval_size, r.z_dim, generator=gen).to(dev)
    value_of = losses.wasserstein_value if r.loss == "wasserstein" else losses.gan_value

    def value(G_, D_, real_, z_):
        if tick is not None:
            tick()
        return value_of(D_(real_), D_(G_(z_)))

    def sample(g):
        i = torch.randint(0, tr.data.shape[0], (r.batch_size,), generator=g)
        return tr.data[i.to(dev)], torch.randn(r.batch_size, r.z_dim, generator=g).to(dev)

    def clip(D_):
        for p in D_.parameters():
            p.clamp_(-r.clip, r.clip)

    def gp(D_, real_, fake_, g):
        return r.gp_weight * losses.gradient_penalty(D_, real_, fake_, g)

    def penalised(G_, D_, ref, real_, z_, lam):  # Algorithm 1's objective: one forward of D on real_
        with torch.no_grad():
            fake_ = G_(z_)
        return penalised_objective(D_, real_, fake_, ref, lam, value_of)

    problem = GapProblem(G=G, D=D, value=value, sample=sample, eval_batch=(real, z), penalised=penalised,
                         sobolev_ref=lambda D0, x: input_gradients(D0, x).detach(),
                         sobolev=lambda D_, ref, x: sobolev_penalty(D_, x, ref),
                         project_D=clip if r.clip > 0 else None, d_penalty=gp if r.gp_weight > 0 else None,
                         copy_D_for_training=lambda D_: freeze_for_diagnostics(D_, power_iteration=True))
    fns = GameFunctions(ValuePair(G, D, value), real, z)
    return problem, fns


def json_safe(x):
    """``x`` with every non-finite float written as the string "nan", "inf" or "-inf", so that the JSON file
    stays valid JSON (``json.dumps(..., allow_nan=False)``)."""
    if isinstance(x, float) and not math.isfinite(x):
        return "nan" if x != x else ("inf" if x > 0 else "-inf")
    if isinstance(x, dict):
        return {k: json_safe(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [json_safe(v) for v in x]
    if isinstance(x, np.floating):
        return json_safe(float(x))
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, np.ndarray):
        return json_safe(x.tolist())
    return x


def _check_memory(tr, eval_size: int, steps: int, dense_max: int) -> None:
    """Refuse Lanczos / Arnoldi steps or an evaluation batch whose memory cannot fit, before any work."""

    f = footprint(tr.recipe)
    need = diagnose_bytes(f["n_theta"], f["n_w"], steps, eval_size, f["activations_per_sample"], dense_max)
    require_memory(need, f"--lanczos-steps {steps} with --eval-size {eval_size} "
                         f"({f['n_theta'] + f['n_w']} parameters)", str(tr.device))


def _count_matvecs(fns, tick) -> None:
    """Make the Hessian and Jacobian operators of ``fns`` call ``tick()`` at every product (progress)."""
    operator, jacobian_operator = fns.operator, fns.jacobian_operator

    def counted(op):
        def matvec(v):
            tick()
            return op(v)
        return matvec

    fns.operator = lambda block, mode="autograd": counted(operator(block, mode=mode))
    fns.jacobian_operator = lambda mode="autograd": counted(jacobian_operator(mode))


def _check(name: str, v, minimum: int = 1) -> int:
    if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < minimum:
        raise InputError(f"{name} must be an integer >= {minimum}, got {v!r}")
    return int(v)


def diagnose_trainer(tr, *, eval_size: int = 64, lanczos_steps: int = 20, gap_steps: int = 50, seeds=(0, 1, 2),
                     arnoldi_steps: int | None = None, slq_probes: int = 2, gap_lr: float = 1e-4,
                     gap_optimizer: str = "adam", lam: float | None = None, proximal: bool = True,
                     prox_inner_steps: int = 10, eval_seed: int = 0, hvp_mode: str = "autograd",
                     dense_max: int = 3000, top: int = 6, rel_tol: float = 1e-6, quiet: bool = True) -> dict:
    """The diagnostics of a loaded Trainer (see :func:`diagnose_run`); ``quiet=False`` prints each stage and a
    progress bar with ETA on stderr. A request whose Krylov bases cannot fit in memory is refused first."""
    import torch

    eval_size = _check("eval_size", eval_size, 2)
    lanczos_steps = _check("lanczos_steps", lanczos_steps)
    arnoldi_steps = _check("arnoldi_steps", lanczos_steps if arnoldi_steps is None else arnoldi_steps)
    gap_steps = _check("gap_steps", gap_steps, 0)
    slq_probes = _check("slq_probes", slq_probes)
    prox_inner_steps = _check("prox_inner_steps", prox_inner_steps)
    seeds = [int(s) for s in seeds]
    if not seeds:
        raise InputError("seeds must be a nonempty list of integers")
    r = tr.recipe
    lam = r.lam if lam is None else lam
    if not (isinstance(lam, (int, float)) and math.isfinite(lam) and lam > 0):
        raise InputError(f"lam must be a finite number > 0, got {lam!r}")
    _check_memory(tr, eval_size, max(lanczos_steps, arnoldi_steps), dense_max)
    n_theta = sum(p.numel() for p in tr.G.parameters())
    n_w = sum(p.numel() for p in tr.D.parameters())
    per_block = {"G": (1 + slq_probes) * min(lanczos_steps, n_theta) + (n_theta if n_theta <= dense_max else 0),
                 "D": (1 + slq_probes) * min(lanczos_steps, n_w) + (n_w if n_w <= dense_max else 0)}
    plan = [("Hessian of the generator block (Lanczos)", per_block["G"]),
            ("Hessian of the discriminator block (Lanczos)", per_block["D"]),
            ("game Jacobian (Arnoldi)", min(arnoldi_steps, n_theta + n_w))]
    if gap_steps > 0:
        per_seed = 2 * (gap_steps + 2) + (gap_steps * (prox_inner_steps + 2) if proximal else 0)
        plan.append(("duality gaps" + (" (V and V_prox)" if proximal else " (V)"),
                     len(seeds) * per_seed + (prox_inner_steps + 2 if proximal else 0)))
    stages = Stages(plan, "diagnose", enabled=not quiet)
    times = {}
    problem, fns = neural_problem(tr, eval_size, eval_seed, tick=stages.tick)
    _count_matvecs(fns, stages.tick)
    out: dict = {
        "iteration": int(tr.iteration), "recipe": r.to_dict(), "device": str(tr.device), "torch": torch.__version__,
        "evaluation": {"size": eval_size, "seed": eval_seed,
                       "batchnorm": "batch statistics of each batch (training mode), running statistics unused",
                       "spectral_norm": "power iteration frozen at the checkpoint's u, v",
                       "value": "eq. (8) E D(x) - E D(G(z))" if r.loss == "wasserstein"
                       else "eq. (6) E log D(x) + E log(1 - D(G(z))), D = sigmoid(logit)"},
        "params": {"generator": fns.n_theta, "discriminator": fns.n_w},
    }
    with torch.no_grad():
        out["V_eval"] = float(fns.value())
    t0 = time.perf_counter()
    stages.start(plan[0][0])
    hg = hessian_spectrum(fns, "G", lanczos_steps, probes=slq_probes, seed=eval_seed, rel_tol=rel_tol, mode=hvp_mode,
                          dense_max=dense_max)
    stages.start(plan[1][0])
    hd = hessian_spectrum(fns, "D", lanczos_steps, probes=slq_probes, seed=eval_seed, rel_tol=rel_tol, mode=hvp_mode,
                          dense_max=dense_max)
    fns.clear_cache()
    times["hessians"] = time.perf_counter() - t0
    out["hessian"] = {
        "generator": hg, "discriminator": hd, "method": f"Lanczos with full reorthogonalisation ({hvp_mode} HVPs)",
        "local_nash": {
            "generator_min_eig": hg["min"], "discriminator_max_eig": hd["max"],
            "generator_negative_curvature_certified": hg["negative_curvature_certified"],
            "discriminator_positive_curvature_certified": bool(hd["max"] > hd["tol"]),
            "ruled_out": bool(hg["negative_curvature_certified"] or hd["max"] > hd["tol"]),
            "note": "Ritz values are Rayleigh quotients: min Ritz(H_tt) < -tol or max Ritz(H_ww) > tol proves the "
                    "pair is not a local Nash equilibrium of V on the evaluation batch (unconstrained parameters); "
                    "the converse is not proven"}}
    t0 = time.perf_counter()
    stages.start(plan[2][0])
    out["game_jacobian"] = jacobian_spectrum(fns, arnoldi_steps, top=top, dense_max=dense_max, seed=eval_seed,
                                             mode=hvp_mode)
    fns.clear_cache()
    times["game_jacobian"] = time.perf_counter() - t0
    if gap_steps > 0:
        t0 = time.perf_counter()
        stages.start(plan[3][0])
        budget = Budget(steps=gap_steps, lr=gap_lr, optimizer=gap_optimizer)
        inner = Budget(steps=prox_inner_steps, lr=r.inner_lr, optimizer="adam", betas=r.betas)
        gap = duality_gap(problem, budget, budget, seeds, lam=lam if proximal else None, inner=inner)
        gap["batch_size"] = r.batch_size
        gap["constraint"] = ("weight clipping after each D step" if r.clip > 0 else
                             "gradient penalty in D's optimised objective" if r.gp_weight > 0 else
                             "spectral normalisation in the model (power iteration on)" if r.spectral_norm else "none")
        out["duality_gap"] = gap
        times["duality_gap"] = time.perf_counter() - t0
    stages.close()
    out["seconds"] = {k: round(v, 3) for k, v in times.items()}
    return out


def diagnose_run(run_dir, *, eval_size: int = 64, lanczos_steps: int = 20, gap_steps: int = 50, seeds=(0, 1, 2),
                 device: str = "cpu", generator: str | None = None, **kw) -> dict:
    """Equilibrium diagnostics of the run in ``run_dir`` (config.json + checkpoint.pt), JSON-serialisable.

    ``eval_size``: size of the fixed evaluation batch; ``lanczos_steps``: Lanczos steps per Hessian block (and
    Arnoldi steps for the game Jacobian unless ``arnoldi_steps``); ``gap_steps``: optimiser steps of each side
    of the duality gap (0: skip the gap), once per seed in ``seeds``; ``device``: cpu, cuda[:N] or auto.
    Further keywords (see :func:`diagnose_trainer`): ``slq_probes``, ``gap_lr``, ``gap_optimizer``, ``lam``
    (eq. (11); default: the recipe's), ``proximal``, ``prox_inner_steps``, ``eval_seed``, ``hvp_mode``
    (autograd or func), ``dense_max`` (dense Hessians / Jacobian up to that many parameters), ``top``;
    ``generator``: diagnose (G from this state file, D_final) instead, e.g. a probe's end point."""
    eval_size = _check("eval_size", eval_size, 2)
    lanczos_steps = _check("lanczos_steps", lanczos_steps)
    _check("gap_steps", gap_steps, 0)
    tr = load_run(run_dir, device, generator)
    out = diagnose_trainer(tr, eval_size=eval_size, lanczos_steps=lanczos_steps, gap_steps=gap_steps, seeds=seeds,
                           **kw)
    return {"run": str(run_dir), "generator": generator or "checkpoint", **out}


def diagnose_probe_endpoint(run_dir, *, probe_steps: int = 100, probe_lr: float = 1e-4, probe_seed: int = 0,
                            device: str = "cpu", **kw) -> dict:
    """Sec. 2's probe, then the diagnostics at its endpoint: G takes ``probe_steps`` Adam steps minimising V
    against the frozen D_final (fresh minibatches from ``probe_seed``), and the pair (G_N, D_final) is diagnosed
    as :func:`diagnose_run` does (keywords passed on). The run's checkpoint is untouched."""
    import torch

    probe_steps = _check("probe_steps", probe_steps)
    tr = load_run(run_dir, device)
    problem, _ = neural_problem(tr, 2, 0)
    G = problem.G
    for p in problem.D.parameters():
        p.requires_grad_(False)
    opt = torch.optim.Adam(G.parameters(), lr=probe_lr, betas=(0.5, 0.9))
    gen = torch.Generator(device="cpu").manual_seed(probe_seed)
    for _ in range(probe_steps):
        real, z = problem.sample(gen)
        loss = problem.value(G, problem.D, real, z)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    tr.G.load_state_dict(G.state_dict(), strict=False)
    out = diagnose_trainer(tr, **kw)
    return {"run": str(run_dir), "probe": {"steps": probe_steps, "lr": probe_lr, "optimizer": "adam",
                                           "seed": probe_seed, "objective": "V(G, D_final) (eq. (5))"}, **out}
