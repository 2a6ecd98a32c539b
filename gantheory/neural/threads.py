"""How many CPU threads torch uses: the CPUs this process may run on, or ``OMP_NUM_THREADS``.

torch's default is the machine's core count, whatever the affinity mask or the other processes on it; on a
busy 2-core machine that oversubscription made 20 training iterations about 100x slower (see the README,
"CPU threads", and ``benchmarks/torch_threads.py``).
"""

from __future__ import annotations

import os


def cpu_budget() -> tuple[int, str]:
    """``(threads, source)``: ``OMP_NUM_THREADS`` when it is a positive integer, else the number of CPUs in
    the process's affinity mask (``os.sched_getaffinity``), else ``os.cpu_count()``."""
    env = os.environ.get("OMP_NUM_THREADS", "").strip()
    if env:
        try:
            n = int(env)
        except ValueError:
            raise ValueError(f"OMP_NUM_THREADS must be a positive integer, got {env!r}") from None
        if n < 1:
            raise ValueError(f"OMP_NUM_THREADS must be a positive integer, got {env!r}")
        return n, "OMP_NUM_THREADS"
    try:
        return max(1, len(os.sched_getaffinity(0))), "sched_getaffinity"
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1), "cpu_count"


def configure_torch_threads(threads: int | None = None) -> dict:
    """Set torch's intra-op threads to ``threads`` (default: :func:`cpu_budget`); returns what was set, for
    config.json."""
    import torch

    if threads is None:
        threads, source = cpu_budget()
    else:
        source = "explicit"
    if threads < 1:
        raise ValueError(f"torch threads must be >= 1, got {threads}")
    torch.set_num_threads(threads)
    return {"torch_threads": torch.get_num_threads(), "source": source}
