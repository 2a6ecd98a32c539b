"""Files and paths of the command line, checked before any computation starts.

Every function here raises a one-line ``InputError`` (a ``ValueError``) naming the file and what was
expected (the CLI turns it into exit status 2), so an unusable checkpoint, generator file or output path is
reported at load time, never as a traceback after minutes of work. ``write_atomic`` and ``save_atomic`` never leave a
half-written file or a temporary file behind when the write fails.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from gantheory._validation import InputError

# files a run directory of ``gantheory train`` owns; no other command writes over them
RUN_FILES = ("checkpoint.pt", "config.json", "metrics.jsonl")


def _why(e: BaseException) -> str:
    """The first line of an exception's message (or its type)."""
    if isinstance(e, OSError) and e.strerror:
        return e.strerror
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _existing_ancestor(path: Path) -> Path:
    p = path.absolute()
    while not p.exists() and p != p.parent:
        p = p.parent
    return p


def _probe_writable(directory: Path, what: str) -> None:
    """Create and remove a temporary file in ``directory`` (os.access ignores read-only mounts and root)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".gantheory-write-check-", dir=directory)
        os.close(fd)
        os.unlink(name)
    except OSError as e:
        raise InputError(f"{what} {directory} is not writable ({_why(e)})") from None


def check_output_dir(path: str | os.PathLike, what: str = "--out", create: bool = True) -> Path:
    """An output directory: it may exist (as a directory) or be created, and must be writable.

    Parameters
    ----------
    path : the directory.
    what : how the CLI names it in the message (e.g. ``--out``).
    create : create it (and missing parents) now.

    Returns
    -------
    Path : the directory.
    """
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError(f"{what} {p} exists and is not a directory (expected a directory to write into)")
    anc = _existing_ancestor(p)
    if not anc.is_dir():
        raise InputError(f"{what} {p} lies under {anc}, which is a file, not a directory")
    if create:
        try:
            p.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"{what} {p} cannot be created ({_why(e)})") from None
        _probe_writable(p, what)
    else:
        _probe_writable(anc, what)
    return p


def check_output_file(path: str | os.PathLike, what: str = "--out", protect: tuple[Path, ...] = ()) -> Path:
    """An output file: its parent directory must exist and be writable; it must not be a directory, nor one
    of the files in ``protect`` (e.g. a run's checkpoint).

    Parameters
    ----------
    path : the file.
    what : how the CLI names it.
    protect : files this command must not write over.

    Returns
    -------
    Path : the file.
    """
    p = Path(path)
    if p.is_symlink() and not p.exists():
        raise InputError(f"{what} {p} is a dangling or looping symbolic link (expected a file path)")
    if p.is_dir():
        raise InputError(f"{what} {p} is a directory (expected a file path)")
    if p.exists() and not p.is_file():
        raise InputError(f"{what} {p} is not a regular file (expected a file path)")
    if p.name in RUN_FILES and (p.parent / "config.json").exists() and (p.parent / "checkpoint.pt").exists():
        raise InputError(f"{what} {p} would overwrite {p.name} of the run {p.parent}, which this command does not "
                         "own")
    for q in protect:
        if p.absolute() == Path(q).absolute() or (p.exists() and Path(q).exists() and p.samefile(q)):
            raise InputError(f"{what} {p} would overwrite {q}, which this command does not own")
    parent = p.absolute().parent
    if not parent.exists():
        anc = _existing_ancestor(parent)
        if not anc.is_dir():
            raise InputError(f"{what} {p} lies under {anc}, which is a file, not a directory")
        raise InputError(f"{what} {p}: the directory {p.parent} does not exist")
    if not parent.is_dir():
        raise InputError(f"{what} {p} lies under {parent}, which is a file, not a directory")
    if p.exists() and not os.access(p, os.W_OK):
        raise InputError(f"{what} {p} exists and is not writable")
    _probe_writable(parent, what)
    return p


def run_files(run_dir: str | os.PathLike) -> tuple[Path, ...]:
    """The files of a run directory that only ``gantheory train`` writes (and the probes' own outputs)."""
    rd = Path(run_dir)
    own = [rd / f for f in RUN_FILES]
    if rd.is_dir():
        own += sorted(rd.glob("probe-*.jsonl")) + sorted(rd.glob("probe-*-generator.pt"))
    return tuple(own)


def check_input_file(path: str | os.PathLike, what: str, expected: str) -> Path:
    """An input file must exist, be a regular non-empty file and be readable."""
    p = Path(path)
    if p.is_symlink() and not p.exists():
        raise InputError(f"{what} {p} is a dangling or looping symbolic link (expected {expected})")
    if not p.exists():
        raise InputError(f"{what} {p} does not exist (expected {expected})")
    if p.is_dir():
        raise InputError(f"{what} {p} is a directory (expected {expected})")
    if not p.is_file():  # a FIFO, socket or device: reading it could block forever
        raise InputError(f"{what} {p} is not a regular file (expected {expected})")
    try:
        with open(p, "rb") as fh:
            first = fh.read(1)
    except OSError as e:
        raise InputError(f"{what} {p} cannot be read ({_why(e)}; expected {expected})") from None
    if not first:
        raise InputError(f"{what} {p} is empty (expected {expected})")
    return p


def load_torch_state(path: str | os.PathLike, what: str, expected: str, keys: tuple[str, ...] = (),
                     map_location: Any = "cpu") -> Any:
    """``torch.load(path, weights_only=True)`` with every failure (missing, directory, empty, truncated,
    corrupt, not a dict with ``keys``) reported in one line naming the file and what was expected."""
    import pickle
    import zipfile

    import torch

    p = check_input_file(path, what, expected)
    try:
        state = torch.load(p, map_location=map_location, weights_only=True)
    except (RuntimeError, pickle.UnpicklingError, EOFError, zipfile.BadZipFile, ValueError, OSError, KeyError,
            AttributeError, TypeError, IndexError, UnicodeDecodeError) as e:
        raise InputError(f"{what} {p} is not readable as {expected} (truncated or corrupt: {_why(e)})") from None
    if keys:
        if not isinstance(state, dict):
            raise InputError(f"{what} {p} holds a {type(state).__name__}, expected {expected}")
        missing = [k for k in keys if k not in state]
        if missing:
            raise InputError(f"{what} {p} lacks {', '.join(missing)} (expected {expected})")
    return state


def _cleanup(tmp: Path) -> None:
    try:
        tmp.unlink()
    except OSError:
        pass


def save_atomic(path: str | os.PathLike, write: Callable[[BinaryIO], None]) -> None:
    """Write ``path`` through a temporary file in the same directory, fsync and rename. If ``write`` fails
    (or the process is interrupted), the previous file is intact and the temporary file is removed."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as e:  # name the file the write was for (a write error on a file object names none)
        _cleanup(tmp)
        raise OSError(e.errno, e.strerror or _why(e), str(path)) from None
    except BaseException:
        _cleanup(tmp)
        raise


def write_atomic(path: str | os.PathLike, text: str) -> None:
    """Write ``text`` to ``path`` atomically (see :func:`save_atomic`)."""
    save_atomic(path, lambda fh: fh.write(text.encode()))


def remove_stale_tmp(path: str | os.PathLike) -> None:
    """Remove ``PATH.tmp`` left by a process killed (SIGKILL) in the middle of :func:`save_atomic`."""
    _cleanup(Path(path).with_name(Path(path).name + ".tmp"))


def memory_available(device: str = "cpu") -> int | None:
    """Bytes the process can still allocate on ``device`` (MemAvailable, or the CUDA free memory); None when
    unknown."""
    if str(device).startswith("cuda"):
        try:
            import torch

            free, _ = torch.cuda.mem_get_info(torch.device(device))
            return int(free)
        except Exception:  # no estimate rather than a failure
            return None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return None


def gib(n: float) -> str:
    return f"{n / 2**30:.3g} GiB"


def require_memory(need: int, what: str, device: str = "cpu") -> None:
    """Refuse, before any computation, a request whose estimated memory ``need`` (bytes) exceeds what is
    available on ``device``."""
    have = memory_available(device)
    if have is not None and need > have:
        raise InputError(f"{what} needs about {gib(need)} of memory, more than the {gib(have)} available on {device}")
