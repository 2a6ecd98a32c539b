"""Running one cell: an ordinary run directory ``OUT/runs/<cell id>/`` written by ``gantheory.neural.run``
(training) or ``gantheory.neural.probes`` (a probe, on a copy of its training cell's run directory), under
the run directory's lock, and a record ``OUT/cells/<cell id>.json`` written last (its presence marks the
cell done).

A training cell whose directory holds a checkpoint resumes from it (``train_run(resume=True)``: exact on the
CPU), so a worker killed at any moment and retried ends with the weights of an uninterrupted run; without a
checkpoint the directory is emptied and the run starts afresh. A probe is short and restarts from the
training cell's checkpoint. The scores of a training cell are computed on ``samples`` images generated from
fixed noise (seed 12345, as the figures do); a probe logs its own (``gantheory.neural.probes``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import time
from pathlib import Path

from gantheory.grid.lock import RunLock
from gantheory.neural.data import load
from gantheory.neural.probes import probe
from gantheory.neural.run import load_run, train_run, write_atomic
from gantheory.neural.scores import default_scores, make_scorer

SAMPLE_SEED = 12345


def run_dir(out: str | os.PathLike, cell_id: str) -> Path:
    return Path(out) / "runs" / cell_id


def record_path(out: str | os.PathLike, cell_id: str) -> Path:
    return Path(out) / "cells" / f"{cell_id}.json"


def read_record(out: str | os.PathLike, cell_id: str) -> dict | None:
    """The cell's record if the cell is done, else None."""
    p = record_path(out, cell_id)
    try:
        rec = json.loads(p.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None
    return rec if isinstance(rec, dict) and rec.get("status") == "done" else None


def scoring_of(cell: dict, opts: dict, variant: str, data_name: str) -> dict:

    names = opts.get("scores") or default_scores(variant, data_name)
    return {"scores": list(names), "samples": int(opts["samples"]) if cell["kind"] == "train" else 500}


def is_done(out: str | os.PathLike, cell: dict, opts: dict) -> dict | None:
    """The record of a finished cell whose scoring matches ``opts``, else None."""
    rec = read_record(out, cell["id"])
    if rec is None:
        return None
    want = opts.get("scores")
    if want is not None and rec["scoring"]["scores"] != list(want):
        return None
    if cell["kind"] == "train" and rec["scoring"]["samples"] != int(opts["samples"]):
        return None
    return rec


def _setup(opts: dict) -> None:
    for k, v in (opts.get("env") or {}).items():
        os.environ[k] = v
    os.environ["OMP_NUM_THREADS"] = str(int(opts["threads"]))  # what the trainer reads as its CPU budget
    import torch

    torch.set_num_threads(int(opts["threads"]))


def _clear(rd: Path) -> None:
    if rd.exists():
        shutil.rmtree(rd)
    rd.mkdir(parents=True)


def _record_threads(rd: Path, threads: int, cell_id: str) -> dict:
    """Add the grid's entry (cell id, torch threads = --cpus-per-run) to the run's config.json."""
    cfg = json.loads((rd / "config.json").read_text())
    cfg["grid"] = {"cell": cell_id, "threads": threads}
    write_atomic(rd / "config.json", json.dumps(cfg, indent=2) + "\n")
    return cfg


def _train(cell: dict, rd: Path, opts: dict) -> tuple[int, dict]:
    import torch


    r = dict(cell["recipe"])
    overrides = {k: v for k, v in r.items() if k not in ("gan", "variant", "seed", "proximal", "iterations")}
    overrides["betas"] = tuple(overrides["betas"])
    ckpt = rd / "checkpoint.pt"
    resume = ckpt.exists()
    start = int(torch.load(ckpt, weights_only=True, map_location="cpu")["iteration"]) if resume else 0
    if not resume:
        _clear(rd)  # a start killed before its first checkpoint: nothing to keep
    train_run(cell["gan"], str(rd), proximal=r["proximal"], preset=cell["preset"], iterations=r["iterations"],
              seed=r["seed"], data=cell["data"], resume=resume, device=opts["device"],
              checkpoint_every=int(opts["checkpoint_every"]), quiet=True, overrides=overrides)
    cfg = _record_threads(rd, int(opts["threads"]), cell["id"])
    if cfg["recipe"] != r:
        raise RuntimeError(f"run {rd} trained recipe {cfg['recipe']} instead of the cell's {r}")
    return start, cfg


def _score(rd: Path, opts: dict, cell: dict) -> tuple[dict, dict]:
    import numpy as np
    import torch


    tr, ds, cfg = load_run(rd, opts["device"])
    scoring = scoring_of(cell, opts, tr.recipe.variant, ds.name)
    n = min(scoring["samples"], len(ds.heldout))
    scorer = make_scorer(tuple(scoring["scores"]), ds.heldout, seed=tr.recipe.seed, device=str(tr.device))
    gen = torch.Generator().manual_seed(SAMPLE_SEED)
    tr.G.eval()
    xs = []
    with torch.no_grad():
        for i in range(0, n, 500):
            z = torch.randn(min(500, n - i), tr.recipe.z_dim, generator=gen).to(tr.device)
            x = tr.G(z)
            to_data = getattr(tr.G, "to_data", None)  # a generator whose output range differs from the data's
            xs.append((to_data(x) if to_data is not None else x).cpu().numpy())
    scores = {f"score_{k}": float(v) for k, v in scorer(np.concatenate(xs)).items()}
    return scores, scoring


def _probe(cell: dict, parent_dir: Path, rd: Path, opts: dict) -> tuple[dict, dict]:

    if not (parent_dir / "checkpoint.pt").exists():
        raise RuntimeError(f"probe cell {cell['id']}: its training run {parent_dir} has no checkpoint")
    _clear(rd)
    for f in sorted(parent_dir.iterdir()):
        if f.is_file() and not f.name.startswith("probe-") and not f.name.endswith(".tmp"):
            shutil.copy2(f, rd / f.name)
    cfg = _record_threads(rd, int(opts["threads"]), cell["id"])
    ds_name = cfg["data"]
    variant = cfg["recipe"]["variant"]
    names = tuple(opts.get("scores") or default_scores(variant, ds_name))
    if opts.get("scores") is None:
        load(cfg.get("data_spec"))  # the probe loads it too; fail here with the data's own message
    probe(str(rd), cell["objective"], int(cell["steps"]), lam=float(cell["lam"]), inner_steps=int(cell["inner_steps"]),
          log_every=int(cell["log_every"]), device=opts["device"], score=True, scores=names, quiet=True)
    recs = [json.loads(ln) for ln in (rd / f"probe-{cell['objective']}.jsonl").read_text().splitlines() if ln]
    first, last = recs[0], recs[-1]
    res: dict = {}
    for k in sorted(set(first) | set(last)):
        if k == "V" or k.startswith("score_"):
            res[f"{k}_before"], res[f"{k}_after"] = first.get(k), last.get(k)
    prox = [r["prox_objective"] for r in recs if "prox_objective" in r]
    if prox:
        res["prox_objective_before"], res["prox_objective_after"] = prox[0], prox[-1]
    return res, {"scores": list(names), "samples": 500}


def execute(cell: dict, out: str, opts: dict) -> dict:
    """Run one cell to completion (or reuse it) and return its record.

    Parameters
    ----------
    cell : dict
        A TrainCell or ProbeCell as a dict (``gantheory.grid.spec.cell_dict``).
    out : str
        The grid's output directory.
    opts : dict
        ``threads``, ``device``, ``checkpoint_every``, ``samples``, ``scores`` (None: the data's defaults),
        ``env`` (environment variables to set in the worker), ``lock`` (RunLock keyword arguments).

    Returns
    -------
    dict
        The cell's record (also written to ``OUT/cells/<id>.json``), with ``reused`` True when the cell had
        already finished.
    """
    rec = is_done(out, cell, opts)
    if rec is not None:
        return {**rec, "reused": True}
    _setup(opts)
    rd = run_dir(out, cell["id"])
    with RunLock(rd, **(opts.get("lock") or {})) as lock:
        rec = is_done(out, cell, opts)  # another worker may have finished it while we waited
        if rec is not None:
            return {**rec, "reused": True}
        t0 = time.perf_counter()
        if cell["kind"] == "train":
            start, cfg = _train(cell, rd, opts)
            results, scoring = _score(rd, opts, cell)
        else:
            start = 0
            results, scoring = _probe(cell, run_dir(out, cell["parent"]), rd, opts)
            cfg = json.loads((rd / "config.json").read_text())
        rec = {"id": cell["id"], "kind": cell["kind"], "status": "done", "results": results, "scoring": scoring,
               "wall_s": round(time.perf_counter() - t0, 3), "device": cfg["device"], "threads": int(opts["threads"]),
               "host": socket.gethostname(), "pid": os.getpid(), "resumed_from": start,
               "took_over": lock.took_over, "data": cfg["data"]}
        rp = record_path(out, cell["id"])
        rp.parent.mkdir(parents=True, exist_ok=True)
        if not lock.mine():
            raise RuntimeError(f"lost the lock of {rd} before recording it")
        write_atomic(rp, json.dumps(rec, indent=1) + "\n")
    return {**rec, "reused": False}
