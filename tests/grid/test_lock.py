"""The run-directory lock: exclusive, stale owners taken over, and an owner that lost it exits at once."""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gantheory.grid.lock import LOST_LOCK_EXIT, RunLock

ROOT = Path(__file__).resolve().parents[2]


def test_exclusive_and_released(tmp_path):
    rd = tmp_path / "runs" / "cell"
    with RunLock(rd, heartbeat=0.1, stale_after=5) as lk:
        owner = json.loads(lk.path.read_text())
        assert owner["pid"] == os.getpid() and owner["token"] == lk.token
        with pytest.raises(TimeoutError, match="locked by pid"):
            RunLock(rd, heartbeat=0.1, stale_after=5, wait=0.3).acquire()
    assert not lk.path.exists()
    with RunLock(rd, heartbeat=0.1, stale_after=5) as again:
        assert again.took_over is None


def test_dead_owner_on_this_host_is_taken_over(tmp_path):
    rd = tmp_path / "runs" / "cell"
    rd.parent.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    lk = RunLock(rd, heartbeat=0.1, stale_after=60)
    lk.path.write_text(json.dumps({"host": lk.host, "pid": dead.pid, "token": "old"}))
    with lk:
        assert lk.took_over["pid"] == dead.pid and lk.mine()


def test_silent_owner_elsewhere_is_stale_after_its_heartbeat(tmp_path):
    rd = tmp_path / "runs" / "cell"
    rd.parent.mkdir(parents=True)
    lk = RunLock(rd, heartbeat=0.1, stale_after=1.0, wait=0.2)
    lk.path.write_text(json.dumps({"host": "another-node", "pid": 1, "token": "old"}))
    with pytest.raises(TimeoutError):  # fresh heartbeat: a live owner on another node
        lk.acquire()
    old = time.time() - 5
    os.utime(lk.path, (old, old))
    with lk:
        assert lk.took_over["host"] == "another-node"


def test_owner_that_lost_the_lock_exits(tmp_path):
    rd = tmp_path / "runs" / "cell"
    code = (f"import time; from gantheory.grid.lock import RunLock\n"
            f"lk = RunLock({str(rd)!r}, heartbeat=0.05, stale_after=60).acquire()\n"
            f"print('locked', flush=True); time.sleep(30)\n")
    child = subprocess.Popen([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(ROOT)},
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    path = rd.with_name("cell.lock")
    path.write_text(json.dumps({"host": "another-node", "pid": 1, "token": "new"}))  # a retry took it over
    assert child.wait(timeout=20) == LOST_LOCK_EXIT
    assert json.loads(path.read_text())["token"] == "new"  # and the old owner left it alone
