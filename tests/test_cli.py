"""The command line: exit statuses, one-line errors, JSON schema."""

import json
import subprocess
import sys

import pytest

from gantheory.cli import main


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "gantheory.cli", *args], capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize(
    "args, fragment",
    [
        (["check", "no-such-claim"], "unknown claim id"),
        (["check", "theorem-1-wgan", "--set", "sigma=-1"], "sigma in (1, 1000]"),
        (["check", "theorem-1-wgan", "--set", "sigma=1e308"], "sigma in (1, 1000]"),
        (["check", "theorem-1-w2gan", "--set", "dim=100000"], "dim in {1, ..., 8}"),
        (["check", "theorem-1-wgan", "--set", "sigma=nan"], "must be finite"),
        (["check", "theorem-1-wgan", "--set", "sigma=abc"], "must be a number"),
        (["check", "theorem-1-wgan", "--set", "t=-0.5"], "t in [1e-06, 100]"),
        (["check", "theorem-1-wgan", "--set", "bogus=1"], "unknown parameter"),
        (["check", "theorem-1-wgan", "--set", "sigma"], "key=value"),
        (["check", "remark-1-wgan", "--set", "sigma=1.5"], "sigma in [0.001, 1)"),
        (["check", "proposition-1-w2gan", "--set", "dim=1.5"], "integer"),
        (["check", "theorem-1-w2gan", "--set", "eta=0"], "eta in [1e-06, 1e+06]"),
        (["check", "theorem-1-wgan", "--set", "theorem-1-fgan.sigma=2"], "not selected"),
        (["check", "--jobs", "x"], "invalid int value"),
        (["nonsense"], "invalid choice"),
    ],
)
def test_bad_input_is_one_line_exit_2(args, fragment):
    r = run_cli(*args)
    assert r.returncode == 2, (r.stdout, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    assert fragment in lines[0]
    assert "Traceback" not in r.stderr


def test_json_output_parses_and_has_schema(capsys):
    assert main(["check", "theorem-1-wgan", "proposition-1-w2gan", "--json", "--jobs", "1"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [c["id"] for c in out["claims"]] == ["theorem-1-wgan", "proposition-1-w2gan"]
    for c in out["claims"]:
        assert set(c) >= {"id", "statement", "verdict", "params", "metrics", "seconds"}
        assert c["verdict"] in {"holds", "fails", "inconclusive"}
    prov = out["provenance"]
    assert set(prov) >= {"version", "git_revision", "numpy", "scipy", "cvxpy", "pot", "seed"}


def _wgan_min_gap_by_quadrature(t):
    """E|t + Z| - E|Z| for Z ~ N(0, 1) by adaptive quadrature (independent of gantheory's closed forms)."""
    from scipy import integrate, stats

    val, err = integrate.quad(lambda z: (abs(t + z) - abs(z)) * stats.norm.pdf(z), -40, 40, points=[-t, 0.0],
                              epsabs=1e-13, epsrel=1e-12, limit=200)
    assert err < 1e-10
    return val


def test_set_overrides_reach_the_claim(capsys):
    """The --set values reach the claim and its bound is recomputed, not cached: in one process, the certified
    lower bound of theorem-1-wgan at t = 0.25 and at t = 0.5 each track E|t + Z| - E|Z| by quadrature (their
    ratio too), never above it."""
    lows = {}
    for t in (0.25, 0.5):
        assert main(["check", "theorem-1-wgan", "--json", "--jobs", "1", "--set", "sigma=2", "--set", f"t={t}"]) == 0
        c = json.loads(capsys.readouterr().out)["claims"][0]
        assert c["params"]["sigma"] == 2.0 and c["params"]["t"] == t
        lows[t] = c["metrics"]["min_nash_gap_lower"]
        truth = _wgan_min_gap_by_quadrature(t)
        assert 0.5 * truth <= lows[t] <= truth * (1 + 1e-9), (t, lows[t], truth)
    truth_ratio = _wgan_min_gap_by_quadrature(0.5) / _wgan_min_gap_by_quadrature(0.25)
    assert lows[0.5] / lows[0.25] == pytest.approx(truth_ratio, rel=0.05)
    assert truth_ratio > 3  # the two settings are far apart: a cached bound could not match both


def test_refuted_claim_exits_1(monkeypatch, capsys):
    """A claim whose computation finds a Nash equilibrium must make the CLI exit 1."""
    from gantheory.claims import registry
    from gantheory.claims.base import Claim, Evidence

    fake = Claim("remark-1-wgan", "x", "x", {"tol": 1e-6}, lambda p: Evidence("fails", {}))
    monkeypatch.setitem(registry.REGISTRY, "remark-1-wgan", fake)
    assert main(["check", "remark-1-wgan", "--jobs", "1"]) == 1


def test_list_and_help(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    for cid in ["proposition-1-fgan", "theorem-1-w2gan-quadratic-local", "remark-1-w2gan"]:
        assert cid in out
    assert "domain: sigma in (1, 1000], t in [1e-06, 100], tol in [1e-12, 0.01]" in out  # theorem-1-wgan
    assert main([]) == 0
    with pytest.raises(SystemExit) as e:
        main(["check", "--help"])
    assert e.value.code == 0
    helptext = capsys.readouterr().out
    assert "theorem-1-w2gan: sigma in (1, 1000]" in helptext and "dim in {1, ..., 8}" in helptext


def test_proofs_command_runs_the_selected_proofs_without_a_failed_step(capsys):
    """The CLI path on three proofs (every proof is run by tests/claims/test_traceability.py, each one by
    tests/proofs/, and all of them by `gantheory proofs` in .ci/run)."""
    ids = ["theorem-1-w2gan", "proposition-3", "remark-1"]
    assert main(["proofs", *ids, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert [p["id"] for p in out["proofs"]] == ids
    for p in out["proofs"]:
        assert p["counts"]["failed"] == 0 and p["counts"]["verified"] >= 4, p["id"]


def test_proofs_unknown_id_and_failed_step_exit_codes(monkeypatch, capsys):
    r = run_cli("proofs", "no-such-proof")
    assert r.returncode == 2 and "unknown proof id" in r.stderr and "Traceback" not in r.stderr
    import importlib

    m = importlib.import_module("gantheory.proofs.theorem_1_w2gan")  # the module the CLI runs

    monkeypatch.setattr(m, "BRENIER_SLOPE", m.SIG / m.S)
    assert main(["proofs", "theorem-1-w2gan"]) == 1
    assert "FAILED step 2" in capsys.readouterr().out


def test_train_fashion_mnist_missing_package_is_one_line(tmp_path, monkeypatch, capsys):
    from gantheory.neural import data as gd

    monkeypatch.delenv("GANTHEORY_FASHION_MNIST", raising=False)
    monkeypatch.setattr(gd, "FASHION_MNIST_DEBIAN_DIR", tmp_path / "absent")
    monkeypatch.setattr(gd, "_dpkg_dirs", lambda package, filename: [])
    assert main(["train", "--gan", "sn-gan", "--data", "fashion-mnist", "--out", str(tmp_path / "run")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "apt-get install -y dataset-fashion-mnist" in err[0]
    assert not (tmp_path / "run").exists()


def test_value_error_inside_a_claim_is_an_internal_error(monkeypatch, capsys):
    """Only InputError (bad parameters, files, options) exits 2: a plain ValueError raised by a claim's
    computation is a bug of gantheory and exits 3, with one line naming --debug."""
    from gantheory.claims import registry
    from gantheory.claims.base import Claim

    def broken(p):
        raise ValueError("math domain error deep inside a computation")

    fake = Claim("remark-1-wgan", "x", "x", {"tol": 1e-6}, broken)
    monkeypatch.setitem(registry.REGISTRY, "remark-1-wgan", fake)
    assert main(["check", "remark-1-wgan", "--jobs", "1"]) == 3
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "internal error (ValueError" in err[0] and "--debug" in err[0]


def test_input_error_exits_2(monkeypatch, capsys):
    from gantheory._validation import InputError
    from gantheory.claims import registry
    from gantheory.claims.base import Claim

    def refuse(p):
        raise InputError("sigma must be > 1")

    monkeypatch.setitem(registry.REGISTRY, "remark-1-wgan", Claim("remark-1-wgan", "x", "x", {"tol": 1e-6}, refuse))
    assert main(["check", "remark-1-wgan", "--jobs", "1"]) == 2
    assert capsys.readouterr().err.strip() == "gantheory: error: sigma must be > 1"


def test_help_imports_no_heavy_library():
    """`gantheory --help` and `check --help` may import scipy, never torch, cvxpy, POT, matplotlib or ray."""
    code = ("import sys\nfrom gantheory.cli import main\n"
            "for argv in (['--help'], ['check', '--help']):\n"
            "    try:\n        main(argv)\n    except SystemExit:\n        pass\n"
            "print('HEAVY', sorted(m for m in ('torch', 'cvxpy', 'ot', 'matplotlib', 'ray') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert "HEAVY []" in r.stdout, r.stdout[-500:]
