"""The grid end to end on tiny cells: serial and Ray engines agree, a killed Ray worker is retried and its cell
resumes to the weights of an uninterrupted grid, a killed driver's rerun finishes only the missing cells."""

import csv
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

torch = pytest.importorskip("torch")

from gantheory.grid.engine import run_grid  # noqa: E402
from gantheory.grid.results import write_results  # noqa: E402
from gantheory.grid.spec import resolve  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
# 4 training cells (1 recipe x {regular, proximal} x 2 seeds) and 4 probe cells; checkpoints every 2 iterations
GRID = """
iterations = 10
seeds = 2
modes = ["regular", "proximal"]
scores = ["sliced-w"]
samples = 100
checkpoint_every = 2
fields = { batch_size = 16, dim = 4, inner_steps = 2 }

[[recipes]]
gan = "wgan-wc"

[[probes]]
objective = "minimax"
steps = 2
log_every = 1
"""
VOLATILE = {"wall_s", "resumed_from"}  # wall times, and where a resumed cell restarted


def _rows(path: Path) -> list[dict]:
    with open(path) as fh:
        return [{k: v for k, v in r.items() if k not in VOLATILE} for r in csv.DictReader(fh)]


def _weights(run: Path) -> dict:
    st = torch.load(run / "checkpoint.pt", weights_only=True, map_location="cpu")
    out = {f"G.{k}": v for k, v in st["generator"].items()}
    out.update({f"D.{k}": v for k, v in st["discriminator"].items()})
    out["iteration"] = st["iteration"]
    return out


def _iteration(ckpt: Path) -> int:
    """The iteration of a checkpoint (-1 when there is none yet)."""
    try:
        return int(torch.load(ckpt, weights_only=True, map_location="cpu")["iteration"])
    except Exception:  # absent, or replaced while being read
        return -1


def _same_weights(a: Path, b: Path) -> None:
    wa, wb = _weights(a), _weights(b)
    assert wa.keys() == wb.keys()
    for k in wa:
        if isinstance(wa[k], torch.Tensor):
            assert torch.equal(wa[k], wb[k]), k
        else:
            assert wa[k] == wb[k], k


@pytest.fixture(scope="module")
def grid_file(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("gridfile") / "tiny.toml"
    p.write_text(GRID)
    return p


@pytest.fixture(scope="module")
def reference(grid_file, tmp_path_factory):
    """The uninterrupted grid, serial engine."""
    out = tmp_path_factory.mktemp("serial")
    spec = resolve(str(grid_file), "smoke")
    res = run_grid(spec, out, engine="serial", progress=False)
    write_results(spec, out, res["records"])
    return spec, out, res


def test_serial_grid_writes_tables(reference):
    spec, out, res = reference
    assert len(spec.cells) == 8 and res["engine"] == "serial" and res["reused"] == 0
    rows = _rows(out / "grid.csv")
    assert len(rows) == 8
    assert {r["mode"] for r in rows} == {"regular", "proximal"} and {r["kind"] for r in rows} == {"train", "probe"}
    for r in rows:
        assert r["threads"] == "1" and r["device"] == "cpu"
        assert float(r["score_sliced_w"] or r["score_sliced_w_after"]) > 0
    md = (out / "table1.md").read_text()
    assert "wgan-wc" in md and "proximal - regular" in md
    assert (out / "probes.md").exists()
    # every cell is an ordinary run directory, its config recording the thread count
    for c in spec.cells:
        cfg = json.loads((out / "runs" / c.id / "config.json").read_text())
        assert cfg["grid"] == {"cell": c.id, "threads": 1} and (out / "runs" / c.id / "checkpoint.pt").exists()
    for c in spec.probes:
        assert (out / "runs" / c.id / "probe-minimax.jsonl").exists()
    # the table's statistics are those of the records, recomputed here by hand
    t1 = list(csv.DictReader(open(out / "table1.csv")))
    assert len(t1) == 1
    reg = [float(r["score_sliced_w"]) for r in rows if r["kind"] == "train" and r["mode"] == "regular"]
    prox = [float(r["score_sliced_w"]) for r in rows if r["kind"] == "train" and r["mode"] == "proximal"]
    d = [p - q for p, q in zip(prox, reg, strict=True)]
    assert float(t1[0]["diff_mean"]) == pytest.approx(sum(d) / 2, rel=1e-12)
    half = 12.706204736174705 * abs(d[0] - d[1]) / 2 ** 0.5 / 2 ** 0.5  # t_{0.975,1}; sd of 2 = |d0 - d1| / sqrt 2
    assert float(t1[0]["diff_high95"]) - float(t1[0]["diff_mean"]) == pytest.approx(half, rel=1e-9)


def test_rerun_reuses_every_cell(reference, grid_file):
    spec, out, _ = reference
    res = run_grid(spec, out, engine="serial", progress=False)
    assert res["reused"] == len(spec.cells)


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False)
    yield ray
    ray.shutdown()


def test_ray_worker_killed_mid_cell_resumes_to_the_serial_result(reference, grid_file, local_ray, tmp_path):
    spec, ref_out, _ = reference
    out = tmp_path / "ray"
    killed: list[int] = []

    def killer():  # SIGKILL the worker of the first training cell with a checkpoint past iteration 0
        deadline = time.monotonic() + 120
        runs = out / "runs"
        while time.monotonic() < deadline and not killed:
            for c in spec.train:
                lock, ckpt = runs / f"{c.id}.lock", runs / c.id / "checkpoint.pt"
                if _iteration(ckpt) >= 2 and lock.exists():
                    try:
                        owner = json.loads(lock.read_text())
                    except (OSError, ValueError):
                        continue
                    if owner["pid"] != os.getpid():
                        os.kill(owner["pid"], signal.SIGKILL)
                        killed.append(owner["pid"])
                        return
            time.sleep(0.02)

    th = threading.Thread(target=killer, daemon=True)
    th.start()
    res = run_grid(spec, out, engine="ray", progress=False, max_retries=3)
    th.join(timeout=5)
    assert killed, "no worker was killed: the cells finished too fast to test the retry"
    write_results(spec, out, res["records"])
    resumed = [r for r in res["records"].values() if r.get("took_over")]
    assert len(resumed) == 1 and resumed[0]["took_over"]["pid"] == killed[0]
    assert resumed[0]["resumed_from"] > 0  # restarted from its checkpoint, not from scratch
    assert _rows(out / "grid.csv") == _rows(ref_out / "grid.csv")
    for c in spec.cells:
        _same_weights(out / "runs" / c.id, ref_out / "runs" / c.id)
    assert (out / "table1.md").read_text() == (ref_out / "table1.md").read_text()


def test_killed_driver_rerun_finishes_only_missing_cells(reference, grid_file, tmp_path):
    spec, ref_out, _ = reference
    out = tmp_path / "driver"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    cmd = [sys.executable, "-m", "gantheory.cli", "grid", str(grid_file), "--engine", "serial", "--out", str(out),
           "--quiet"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:  # kill it in the middle of its second cell, after the first finished
        while time.monotonic() < deadline and proc.poll() is None:
            done = list((out / "cells").glob("*.json")) if (out / "cells").exists() else []
            if len(done) == 1 and _iteration(out / "runs" / spec.train[1].id / "checkpoint.pt") >= 2:
                proc.send_signal(signal.SIGKILL)
                break
            time.sleep(0.02)
    finally:
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL, "the driver finished before it could be killed"
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "8 cells (1 reused)" in r.stdout
    assert _rows(out / "grid.csv") == _rows(ref_out / "grid.csv")
    for c in spec.cells:
        _same_weights(out / "runs" / c.id, ref_out / "runs" / c.id)
    rec = json.loads((out / "cells" / f"{spec.train[1].id}.json").read_text())
    assert rec["resumed_from"] > 0 and rec["took_over"]["pid"] == proc.pid


def test_ray_sweep_equals_serial_sweep(local_ray, tmp_path):
    from gantheory.grid.sweep import parse_axis, run_sweep

    axes = [parse_axis("t=0.2:0.6:2")]
    for engine in ("serial", "ray"):
        run_sweep("theorem-1-wgan", axes, ["sigma=1.5"], out=tmp_path / engine, engine=engine, progress=False)

    def rows(engine):
        with open(tmp_path / engine / "sweep.csv") as fh:
            return [{k: v for k, v in r.items() if k != "seconds"} for r in csv.DictReader(fh)]

    assert rows("ray") == rows("serial") and len(rows("ray")) == 2
