"""The neural subcommands of the command line: ``gantheory train``, ``probe`` and ``diagnose``.

The modules that import torch at import time (recipes, diagnostics) are imported by the command that needs
them, after :func:`need_torch` has checked that torch is installed.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from gantheory._validation import InputError
from gantheory.files import check_output_file, run_files, write_atomic
from gantheory.neural.probes import probe
from gantheory.neural.run import _device, train_run
from gantheory.neural.threads import configure_torch_threads
from gantheory.plots.diagnostics import spectra_figure


def add_neural_parsers(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """``gantheory train``, ``probe`` and ``diagnose`` (gantheory.neural); ``parents``: shared option parsers."""
    tr = sub.add_parser("train", help="train a DC-GAN recipe (regular or proximal, Algorithm 1)", parents=list(parents))
    tr.add_argument("--gan", required=True, choices=["wgan-wc", "wgan-gp", "sn-gan", "wgan-sn"],
                    help="the recipe: WGAN with weight clipping or gradient penalty, SN-GAN, or WGAN with "
                         "spectral normalisation")
    tr.add_argument("--proximal", action="store_true", help="proximal training (Algorithm 1)")
    tr.add_argument("--preset", default="quick", choices=["quick", "medium", "paper"],
                    help="quick: small CPU sizes (default); medium: the smallest MNIST sizes at which the recipes "
                         "learn digits (docs/recipes.md); paper: the paper's sizes")
    tr.add_argument("--iterations", type=int, default=None,
                    help="generator iterations (default: the preset's; with --resume: the run's planned length, "
                         "which this may only extend)")
    tr.add_argument("--out", required=True, help="run directory (must be empty or new unless --resume)")
    tr.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    tr.add_argument("--data", default=None, help="mnist-embedded (default), fashion-mnist or KIND:DIR")
    tr.add_argument("--resume", action="store_true", help="continue the run in --out from its checkpoint.pt")
    tr.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda[:N]")
    tr.add_argument("--checkpoint-every", type=int, default=50, metavar="N",
                    help="write checkpoint.pt every N iterations (default 50), and also after every "
                         "--checkpoint-seconds, at the start and at the end")
    tr.add_argument("--checkpoint-seconds", type=float, default=60.0, metavar="S",
                    help="write checkpoint.pt when S seconds have passed since the last one (default 60)")
    tr.add_argument("--set", action="append", default=[], metavar="FIELD=VALUE",
                    help="override a recipe field, e.g. dim=32, lam=0.1, inner_steps=20 (repeatable)")
    tr.add_argument("--quiet", action="store_true", help="no progress bar")
    tr.add_argument("--precision", default="auto", choices=["auto", "fp32", "tf32", "bf16"],
                    help="auto: tf32 on CUDA, fp32 on the CPU; bf16: autocast (recorded in config.json)")
    tr.add_argument("--channels-last", action="store_true", help="NHWC memory format for models and data")
    tr.add_argument("--optimizer-impl", default="default", choices=["default", "foreach", "fused"],
                    help="torch optimiser implementation (fused: Adam only; RMSprop uses foreach)")
    tr.add_argument("--cuda-graphs", action="store_true",
                    help="record each step as a CUDA graph and replay it (CUDA only; off by default)")
    tr.set_defaults(func=cmd_train)
    pb = sub.add_parser("probe", help="Section 2 / 6.1 probes: optimise G against the frozen D of a run",
                        parents=list(parents))
    pb.add_argument("--run", required=True, help="run directory of gantheory train")
    pb.add_argument("--objective", default="minimax", choices=["minimax", "proximal"],
                    help="minimax: G against V(G, D_final) (Section 2); proximal: against the proximal objective "
                         "(11) (Section 6.1)")
    pb.add_argument("--iterations", type=int, default=100, help="generator steps (paper: 10000)")
    pb.add_argument("--lam", type=float, default=0.1, help="lambda of eq. (11) (paper: 0.1)")
    pb.add_argument("--inner-steps", type=int, default=50, help="Adam steps of the proximal problem (paper: 50)")
    pb.add_argument("--generator-loss", default="value", choices=["value", "recipe"],
                    help="value: G minimises V itself (default); recipe: the recipe's generator loss")
    pb.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda[:N]")
    pb.add_argument("--no-score", action="store_true", help="log no sample-quality score")
    pb.add_argument("--score", action="append", default=None,
                    choices=["sliced-w", "mnist-is", "fashion-is", "inception"],
                    help="sample-quality score (repeatable; default: sliced-w, and mnist-is on MNIST, fashion-is on "
                         "Fashion-MNIST)")
    pb.add_argument("--inception-weights", default=None, help="Inception-v3 weights file for --score inception")
    pb.add_argument("--log-every", type=int, default=10, metavar="N", help="log every N steps (default 10)")
    pb.add_argument("--quiet", action="store_true", help="no progress bar")
    pb.set_defaults(func=cmd_probe)
    dg = sub.add_parser("diagnose", help="equilibrium diagnostics of a trained run: duality gaps, Hessian and "
                                         "game-Jacobian spectra", parents=list(parents))
    dg.add_argument("--run", required=True, help="run directory of gantheory train")
    dg.add_argument("--generator", default=None,
                    help="diagnose (G from this file, D_final), e.g. probe-minimax-generator.pt of a probe")
    dg.add_argument("--eval-size", type=int, default=64, help="fixed evaluation batch (default 64)")
    dg.add_argument("--lanczos-steps", type=int, default=20, help="Lanczos / Arnoldi steps (default 20)")
    dg.add_argument("--gap-steps", type=int, default=50, help="optimiser steps per side of the gap (0: skip)")
    dg.add_argument("--seeds", default="0,1,2", help="seeds of the gap estimates (default 0,1,2)")
    dg.add_argument("--lam", type=float, default=None, help="lambda of eq. (11) (default: the recipe's)")
    dg.add_argument("--no-proximal", action="store_true", help="skip the gap on the proximal objective")
    dg.add_argument("--device", default="auto", help="auto (CUDA when present), cpu or cuda[:N]")
    dg.add_argument("--out", default=None, help="JSON output (default: RUN/diagnostics[-GENERATOR].json; "
                                               "a PNG of the spectra goes beside it)")
    dg.add_argument("--quiet", action="store_true", help="no stage / progress lines")
    dg.set_defaults(func=cmd_diagnose)


def cmd_train(args: argparse.Namespace) -> int:
    need_torch("train")
    from gantheory.neural.recipes import parse_override

    overrides = dict(parse_override(item) for item in args.set)
    for clash in ("seed", "proximal", "iterations"):
        if clash in overrides:
            raise InputError(f"--set {clash}: use the --{clash} option instead")
    res = train_run(args.gan, args.out, proximal=args.proximal, preset=args.preset, iterations=args.iterations,
                    seed=args.seed, data=args.data, resume=args.resume, device=args.device,
                    checkpoint_every=args.checkpoint_every, checkpoint_seconds=args.checkpoint_seconds,
                    quiet=args.quiet, overrides=overrides,
                    execution={"precision": args.precision, "channels_last": args.channels_last,
                               "optimizer_impl": args.optimizer_impl, "cuda_graphs": args.cuda_graphs})
    print(json.dumps(res))
    return 0


def cmd_probe(args: argparse.Namespace) -> int:
    need_torch("probe")
    if args.log_every < 1:
        raise InputError(f"--log-every must be >= 1, got {args.log_every}")
    res = probe(args.run, args.objective, args.iterations, lam=args.lam, inner_steps=args.inner_steps,
                generator_loss=args.generator_loss, device=args.device, score=not args.no_score,
                scores=tuple(args.score) if args.score else None, inception_weights=args.inception_weights,
                log_every=args.log_every, quiet=args.quiet)
    print(json.dumps(res))
    return 0


def diagnose_outputs(run: str, generator: str | None, out: str | None) -> tuple:
    """The JSON and PNG paths of ``gantheory diagnose``, checked before any computation: writable, and none of
    the run's own files (checkpoint, config, metrics, probe logs, generator files, sample grids)."""
    rd = Path(run)
    stem = "diagnostics" + (f"-{Path(generator).stem}" if generator else "")
    path = Path(out) if out else rd / f"{stem}.json"
    if path.suffix.lower() == ".png":
        raise InputError(f"--out {path}: give the JSON path; the PNG of the spectra is written beside it")
    protect = run_files(rd)
    if rd.is_dir():
        protect += tuple(sorted(rd.glob("samples_*.png"))) + tuple(sorted(rd.glob("probe-*.png")))
    if generator:
        g = Path(generator)
        protect += (g, rd / g)
    json_path = check_output_file(path, "--out", protect)
    png_path = check_output_file(path.with_suffix(".png"), "--out (its PNG)", protect)
    return json_path, png_path


def cmd_diagnose(args: argparse.Namespace) -> int:
    need_torch("diagnose")
    try:
        seeds = tuple(int(x) for x in args.seeds.split(","))
    except ValueError:
        raise InputError(f"--seeds takes comma-separated integers, got {args.seeds!r}") from None
    from gantheory.neural.diagnostics.run import diagnose_run

    out, png = diagnose_outputs(args.run, args.generator, args.out)
    res = diagnose_run(args.run, eval_size=args.eval_size, lanczos_steps=args.lanczos_steps,
                       gap_steps=args.gap_steps, seeds=seeds, device=_device(args.device), generator=args.generator,
                       lam=args.lam, proximal=not args.no_proximal, quiet=args.quiet)
    from gantheory.neural.diagnostics.run import json_safe

    write_atomic(out, json.dumps(json_safe(res), indent=1, allow_nan=False) + "\n")
    fig, _ = spectra_figure({Path(args.run).name + (f" ({args.generator})" if args.generator else ""): res})
    fig.savefig(png, dpi=110, bbox_inches="tight")
    h = res["hessian"]
    print(f"V = {_num(res['V_eval'])}; H_theta_theta eigenvalues in [{_num(h['generator']['min'])}, "
          f"{_num(h['generator']['max'])}] (negative share {_num(h['generator']['share_negative'])}); H_ww in "
          f"[{_num(h['discriminator']['min'])}, {_num(h['discriminator']['max'])}]; local Nash "
          f"{'ruled out' if h['local_nash']['ruled_out'] else 'not ruled out'}; game Jacobian max |Im| "
          f"{_num(res['game_jacobian']['arnoldi']['max_abs_imag'])}")
    if "duality_gap" in res:
        g = res["duality_gap"]
        line = f"duality gap on V: {_num(g['gap']['mean'])} ± {_num(g['gap']['std'])}"
        if "proximal" in g:
            line += f"; on V_prox (lam {_num(g['proximal']['lam'])}): {_num(g['proximal']['gap']['mean'])} ± " \
                    f"{_num(g['proximal']['gap']['std'])}"
        print(line)
    print(f"-> {out} and {png}")
    return 0


def _num(x: Any) -> str:
    """A summary number with 4 significant digits whatever its scale (0.0008 prints as 0.0008, not 0.00)."""
    try:
        return f"{float(x):.4g}"
    except (TypeError, ValueError):
        return str(x)


def need_torch(command: str) -> None:
    """Refuse (InputError) a neural command when torch is not installed; set torch's thread count."""
    try:
        import torch  # noqa: F401
    except ImportError:
        raise InputError(f"gantheory {command} needs the neural extra: pip install torch==2.13.0 (CPU) "
                         "and '.[neural]'") from None
    configure_torch_threads()
