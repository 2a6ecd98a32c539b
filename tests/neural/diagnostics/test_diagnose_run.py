"""End to end: ``diagnose_run`` on tiny quick-preset runs (3 iterations, a 120-image IDX data set so that nothing
slow is loaded): the JSON keys, finite numbers, the run's checkpoint untouched, and one-line ValueErrors."""

import json
import math

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural.diagnostics import diagnose_run  # noqa: E402
from gantheory.neural.diagnostics.run import diagnose_probe_endpoint  # noqa: E402
from gantheory.neural.run import train_run  # noqa: E402


def write_idx(path, arr):
    arr = np.asarray(arr, dtype=np.uint8)
    head = bytes([0, 0, 0x08, arr.ndim]) + b"".join(int(s).to_bytes(4, "big") for s in arr.shape)
    path.write_bytes(head + arr.tobytes())


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("idx")
    rng = np.random.default_rng(0)
    write_idx(d / "train-images-idx3-ubyte", rng.integers(0, 256, (120, 28, 28)))
    write_idx(d / "train-labels-idx1-ubyte", rng.integers(0, 10, 120))
    return d


@pytest.fixture(scope="module")
def runs(tmp_path_factory, data_dir):
    out = {}
    for gan in ("wgan-wc", "sn-gan", "wgan-gp"):  # batch norm + clipping, spectral norm, gradient penalty
        rd = tmp_path_factory.mktemp("runs") / gan
        train_run(gan, str(rd), preset="quick", iterations=3, data=f"mnist:{data_dir}", device="cpu", quiet=True)
        out[gan] = rd
    return out


def finite(x):
    if isinstance(x, dict):
        return all(finite(v) for v in x.values())
    if isinstance(x, list):
        return all(finite(v) for v in x)
    if isinstance(x, float):
        return math.isfinite(x)
    return True


KW = dict(eval_size=8, lanczos_steps=6, gap_steps=2, seeds=(0, 1), device="cpu", slq_probes=1, prox_inner_steps=2)


@pytest.mark.parametrize("gan", ["wgan-wc", "sn-gan", "wgan-gp"])
def test_diagnose_run_keys_and_finite_numbers(runs, gan):
    rd = runs[gan]
    before = (rd / "checkpoint.pt").read_bytes()
    out = diagnose_run(rd, **KW)
    assert (rd / "checkpoint.pt").read_bytes() == before
    text = json.dumps(out, allow_nan=False)  # JSON-serialisable, no NaN / inf
    assert json.loads(text) == out
    assert finite(out)
    assert out["iteration"] == 3 and out["recipe"]["gan"] == gan
    for side in ("generator", "discriminator"):
        h = out["hessian"][side]
        assert h["min"] <= h["max"] and 0 <= h["share_negative"] <= 1 and h["steps"] <= 6
        assert len(h["ritz"]) == len(h["weights"]) == h["steps"]
    ln = out["hessian"]["local_nash"]
    assert set(ln) >= {"generator_min_eig", "discriminator_max_eig", "ruled_out"}
    gj = out["game_jacobian"]
    assert gj["n"] == out["params"]["generator"] + out["params"]["discriminator"]
    assert "dense" not in gj and len(gj["arnoldi"]["ritz"]) == gj["arnoldi"]["steps"]
    gap = out["duality_gap"]
    assert len(gap["gap"]["per_seed"]) == 2 and gap["generator"]["budget"]["steps"] == 2
    assert gap["proximal"]["lam"] == out["recipe"]["lam"]
    assert len(gap["proximal"]["gap"]["per_seed"]) == 2
    # the value on the evaluation batch is deterministic
    again = diagnose_run(rd, **{**KW, "gap_steps": 0})
    assert again["V_eval"] == out["V_eval"] and "duality_gap" not in again
    assert again["hessian"]["generator"]["ritz"] == pytest.approx(out["hessian"]["generator"]["ritz"], rel=1e-4)


def test_hvp_modes_agree_on_a_run(runs):
    a = diagnose_run(runs["wgan-wc"], **{**KW, "gap_steps": 0, "lanczos_steps": 4, "arnoldi_steps": 2})
    b = diagnose_run(runs["wgan-wc"], **{**KW, "gap_steps": 0, "lanczos_steps": 4, "arnoldi_steps": 2,
                                         "hvp_mode": "func"})
    for side in ("generator", "discriminator"):
        x, y = np.array(a["hessian"][side]["ritz"]), np.array(b["hessian"][side]["ritz"])
        assert np.abs(x - y).max() <= 1e-3 * np.abs(x).max()


def test_probe_endpoint(runs):
    out = diagnose_probe_endpoint(runs["wgan-gp"], probe_steps=2, **{**KW, "gap_steps": 0})
    assert out["probe"]["steps"] == 2 and finite(out)
    json.dumps(out, allow_nan=False)


def test_bad_input(tmp_path, runs):
    with pytest.raises(ValueError, match="not a run directory"):
        diagnose_run(tmp_path, **KW)
    for key in ("lanczos_steps", "eval_size", "gap_steps", "slq_probes", "prox_inner_steps"):
        with pytest.raises(ValueError, match=key):
            diagnose_run(runs["wgan-gp"], **{**KW, key: -1})
    with pytest.raises(ValueError, match="seeds"):
        diagnose_run(runs["wgan-gp"], **{**KW, "seeds": ()})
    with pytest.raises(ValueError, match="device"):
        diagnose_run(runs["wgan-gp"], **{**KW, "device": "tpu"})


def test_diagnose_cli_writes_json_and_figure(runs, tmp_path, capsys):
    """``gantheory diagnose``: JSON + spectra PNG, a probe end point via --generator, one-line errors (exit 2)."""
    from gantheory.cli import main

    rd = runs["sn-gan"]
    before = (rd / "checkpoint.pt").read_bytes()
    out = tmp_path / "d.json"
    args = ["diagnose", "--run", str(rd), "--gap-steps", "2", "--seeds", "0,1", "--lanczos-steps", "4",
            "--eval-size", "8", "--device", "cpu"]
    assert main([*args, "--out", str(out)]) == 0
    res = json.loads(out.read_text())
    assert res["generator"] == "checkpoint" and out.with_suffix(".png").exists()
    assert res["duality_gap"]["gap"]["per_seed"] and len(res["duality_gap"]["gap"]["per_seed"]) == 2
    assert "local Nash" in capsys.readouterr().out
    # a probe's end point: the probe saves its generator, diagnose evaluates (G_end, D_final)
    assert main(["probe", "--run", str(rd), "--iterations", "2", "--no-score", "--device", "cpu", "--quiet"]) == 0
    assert main([*args, "--generator", "probe-minimax-generator.pt"]) == 0
    end = json.loads((rd / "diagnostics-probe-minimax-generator.json").read_text())
    assert end["generator"] == "probe-minimax-generator.pt" and end["V_eval"] != res["V_eval"]
    assert (rd / "checkpoint.pt").read_bytes() == before
    assert main([*args, "--generator", "nope.pt"]) == 2
    assert main([*args, "--seeds", "x"]) == 2
    assert main(["diagnose", "--run", str(tmp_path)]) == 2
    assert main([*args, "--lanczos-steps", "0"]) == 2
