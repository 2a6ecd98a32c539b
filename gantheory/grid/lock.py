"""One lock per run directory, so that a worker given up for dead cannot write beside its retry.

The lock is a file ``<run dir>.lock`` holding the owner's host, pid and a random token. It is taken
under an ``fcntl.flock`` on a guard file in the same folder (atomic among processes on one machine, and
on shared file systems with lock support); a missing lock is created with ``O_EXCL``. A lock is stale,
and is taken over, when its owner is a dead process on this host, or when its heartbeat (the file's
modification time, refreshed by the owner every ``heartbeat`` seconds) is older than ``stale_after``
seconds (an owner on another host that stopped). The owner's heartbeat thread re-reads the lock each
time: if another worker has taken it over, the owner has been given up for dead, and it exits at once
(``os._exit``) rather than write one more byte into the run directory.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from pathlib import Path

LOST_LOCK_EXIT = 75  # exit status of a worker whose lock was taken over


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class RunLock:
    """``with RunLock(run_dir): ...``: hold the run directory's lock, waiting while a live owner holds it.

    Parameters
    ----------
    run_dir : path
        The run directory; the lock file is ``run_dir`` + ``.lock`` beside it.
    heartbeat : float
        Seconds between the owner's heartbeats.
    stale_after : float
        A lock whose heartbeat is older than this is stale (must exceed ``heartbeat`` several times).
    wait : float
        Seconds to wait for a live owner before giving up with ``TimeoutError``.
    """

    def __init__(self, run_dir: str | os.PathLike, *, heartbeat: float = 5.0, stale_after: float = 60.0,
                 wait: float = 3600.0) -> None:
        if not stale_after > 2 * heartbeat > 0:
            raise ValueError("stale_after must exceed twice the heartbeat, and heartbeat must be > 0")
        self.run_dir = Path(run_dir)
        self.path = self.run_dir.with_name(self.run_dir.name + ".lock")
        self.guard = self.run_dir.parent / ".locks.guard"
        self.heartbeat, self.stale_after, self.wait = heartbeat, stale_after, wait
        self.token = uuid.uuid4().hex
        self.host = socket.gethostname()
        self.took_over: dict | None = None  # the stale owner replaced, if any
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # -- state of the lock file ---------------------------------------------------------------------------
    def owner(self) -> dict | None:
        """The current owner record, or None when unlocked (an unreadable record counts as an owner
        being written: it is judged by its age)."""
        try:
            text = self.path.read_text()
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            return None
        try:
            rec = json.loads(text)
            if not isinstance(rec, dict):
                raise ValueError
        except ValueError:
            rec = {}
        rec["_age"] = time.time() - mtime
        return rec

    def is_stale(self, rec: dict) -> bool:
        """Whether an owner record is stale: a dead pid on this host, or a heartbeat too old."""
        if rec.get("host") == self.host and isinstance(rec.get("pid"), int) and not _alive(rec["pid"]):
            return True
        return rec["_age"] > self.stale_after

    # -- acquire / release ---------------------------------------------------------------------------------
    def _try(self) -> bool:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.guard, "a") as g:
            fcntl.flock(g, fcntl.LOCK_EX)
            try:
                rec = self.owner()
                if rec is not None and not self.is_stale(rec):
                    return False
                mine = json.dumps({"host": self.host, "pid": os.getpid(), "token": self.token, "since": time.time()})
                if rec is None:
                    try:
                        fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                    except FileExistsError:
                        return False
                    with os.fdopen(fd, "w") as fh:
                        fh.write(mine)
                else:
                    self.took_over = {k: v for k, v in rec.items() if k != "_age"}
                    tmp = self.path.with_name(self.path.name + f".{self.token}")
                    tmp.write_text(mine)
                    os.replace(tmp, self.path)
                return True
            finally:
                fcntl.flock(g, fcntl.LOCK_UN)

    def mine(self) -> bool:
        """Whether this object still owns the lock."""
        rec = self.owner()
        return rec is not None and rec.get("token") == self.token

    def acquire(self) -> RunLock:
        deadline = time.monotonic() + self.wait
        while not self._try():
            if time.monotonic() > deadline:
                rec = self.owner() or {}
                raise TimeoutError(f"{self.run_dir} is locked by pid {rec.get('pid')} on {rec.get('host')}")
            time.sleep(min(0.2, self.heartbeat))
        self._stop.clear()
        self._thread = threading.Thread(target=self._beat, name=f"lock-{self.run_dir.name}", daemon=True)
        self._thread.start()
        return self

    def _beat(self) -> None:
        while not self._stop.wait(self.heartbeat):
            if not self.mine():
                os._exit(LOST_LOCK_EXIT)  # given up for dead and replaced: stop before writing anything more
            try:
                os.utime(self.path)
            except FileNotFoundError:
                os._exit(LOST_LOCK_EXIT)

    def release(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        if self.mine():
            try:
                self.path.unlink()
            except FileNotFoundError:
                pass

    def __enter__(self) -> RunLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
