"""The registry of claims and the runner behind ``gantheory check``."""

from __future__ import annotations

import multiprocessing
import os
import platform
import subprocess
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from importlib import metadata
from pathlib import Path
from typing import Any

from gantheory import __version__
from gantheory._validation import InputError
from gantheory.claims import (
    corollary_1,
    finding_dynamics,
    finding_fgan_condition_examples,
    finding_fgan_proximal,
    finding_theorem_2_threshold,
    finding_theorem_3_beyond,
    finding_w2gan_latent_dim,
    mixed_equilibrium,
    proposition_1,
    proposition_2,
    proposition_3,
    proposition_4,
    remark_1,
    theorem_1_fgan,
    theorem_1_no_local_nash,
    theorem_1_w2gan,
    theorem_1_w2gan_quadratic,
    theorem_1_wgan,
    theorem_2,
    theorem_3,
)
from gantheory.claims.base import Claim, Evidence, clean

#: the claim modules in the paper's order: the table and ``gantheory list`` follow it
MODULES = (
    proposition_1,
    theorem_1_fgan, theorem_1_w2gan, theorem_1_w2gan_quadratic, theorem_1_wgan, theorem_1_no_local_nash,
    remark_1,
    mixed_equilibrium,
    proposition_2, proposition_3, proposition_4, theorem_2, theorem_3, corollary_1,
    finding_fgan_condition_examples, finding_w2gan_latent_dim,
    finding_theorem_2_threshold,
    finding_dynamics,
    finding_fgan_proximal, finding_theorem_3_beyond,
)
REGISTRY: dict[str, Claim] = {c.id: c for m in MODULES for c in m.CLAIMS}
ORDER = list(REGISTRY)
if len(ORDER) != sum(len(m.CLAIMS) for m in MODULES):  # pragma: no cover -- a programming error
    raise RuntimeError("two claim modules register the same claim id")

#: modules whose claims take longest at their defaults, longest first: ``run_claims`` starts them first
SLOW_FIRST = (theorem_1_fgan, theorem_1_w2gan_quadratic, theorem_1_w2gan, corollary_1, theorem_2, finding_dynamics,
              remark_1, theorem_3, proposition_1)


def parse_overrides(items: list[str], ids: list[str]) -> dict[str, dict[str, str]]:
    """``key=value`` applies to every selected claim with that parameter; ``claim-id.key=value`` to one."""
    per: dict[str, dict[str, str]] = {i: {} for i in ids}
    for item in items:
        if "=" not in item:
            raise InputError(f"--set takes key=value, got {item!r}")
        key, value = item.split("=", 1)
        key, value = key.strip(), value.strip()
        if "." in key and key.split(".", 1)[0] in REGISTRY:
            cid, k = key.split(".", 1)
            if cid not in per:
                raise InputError(f"--set {key}: claim {cid} is not selected")
            if k not in REGISTRY[cid].defaults:
                raise InputError(f"claim {cid} has no parameter {k!r}")
            per[cid][k] = value
            continue
        hit = [i for i in ids if key in REGISTRY[i].defaults]
        if not hit:
            raise InputError(f"unknown parameter {key!r} for the selected claims")
        for i in hit:
            per[i][key] = value
    return per


def select(ids: list[str] | None) -> list[str]:
    if not ids:
        return list(ORDER)
    for i in ids:
        if i not in REGISTRY:
            raise InputError(f"unknown claim id {i!r}; known: {', '.join(ORDER)}")
    return list(dict.fromkeys(ids))


def _record(c: Claim, params: dict[str, Any], ev: Evidence, seconds: float) -> dict[str, Any]:
    return {
        "id": c.id, "kind": c.kind, "reference": c.reference, "statement": c.statement,
        "verdict": ev.verdict, "params": clean(params), "metrics": clean(ev.metrics),
        "notes": list(ev.notes), "seconds": round(seconds, 3),
    }


def _evaluate(claim_id: str, params: dict[str, Any],
              part: dict[str, Any] | None = None) -> tuple[Evidence, float]:
    c = REGISTRY[claim_id]
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # inf/overflow handled explicitly
        ev = c.check(params) if part is None else c.check_part(params, part)
    return ev, time.perf_counter() - t0


def run_claims(ids: list[str] | None = None, overrides: list[str] | None = None,
               jobs: int | None = None) -> list[dict[str, Any]]:
    """Evaluate the selected claims; every parameter is validated before any computation starts.

    ``jobs`` worker processes (default: the CPU count) evaluate independent claims -- and the parts of
    a claim that declares a split -- in parallel; results do not depend on it (every claim seeds its
    own generator; a split claim merges its parts in a fixed order).
    """
    ids = select(ids)
    per = parse_overrides(overrides or [], ids)
    resolved = {i: REGISTRY[i].resolve(per[i]) for i in ids}
    jobs = (os.cpu_count() or 1) if jobs is None else jobs
    if jobs < 1:
        raise InputError(f"jobs must be >= 1, got {jobs}")
    if jobs == 1:
        out = []
        for i in ids:
            ev, dt = _evaluate(i, resolved[i])
            out.append(_record(REGISTRY[i], resolved[i], ev, dt))
        return out
    tasks = []  # (claim id, part or None), longest first
    for i in ids:
        c = REGISTRY[i]
        if c.parts is not None:
            tasks += [(i, part) for part in c.parts(resolved[i], jobs)]
        else:
            tasks.append((i, None))
    rank = {c.id: r for r, m in enumerate(SLOW_FIRST) for c in m.CLAIMS}
    tasks.sort(key=lambda task: rank.get(task[0], len(SLOW_FIRST)))
    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
    with ProcessPoolExecutor(max_workers=min(jobs, len(tasks)), mp_context=ctx) as pool:
        futures = [(task, pool.submit(_evaluate, task[0], resolved[task[0]], task[1])) for task in tasks]
        done = [(task, fut.result()) for task, fut in futures]
    out = []
    for i in ids:
        c = REGISTRY[i]
        mine = [res for task, res in done if task[0] == i]
        if c.parts is not None:
            ev = c.merge(resolved[i], [e for e, _ in mine])
            dt = sum(t for _, t in mine)
        else:
            ev, dt = mine[0]
        out.append(_record(c, resolved[i], ev, dt))
    return out


def git_revision() -> str:
    try:
        root = Path(__file__).resolve().parents[2]
        r = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"], capture_output=True,
                           text=True, timeout=5)
        return r.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def provenance(seed: Any = None) -> dict[str, Any]:
    """Versions and revision behind a result; ``seed``: the seeds used (per claim)."""
    def ver(name: str) -> str | None:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return None

    return {
        "package": "gantheory", "version": __version__, "git_revision": git_revision(),
        "python": platform.python_version(), "machine": platform.machine(),
        "numpy": ver("numpy"), "scipy": ver("scipy"), "cvxpy": ver("cvxpy"), "pot": ver("pot"), "seed": seed,
    }
