"""torch threads follow the CPUs the process may use, or OMP_NUM_THREADS."""

import os

import pytest

from gantheory.neural.threads import configure_torch_threads, cpu_budget


def test_omp_num_threads_wins(monkeypatch):
    monkeypatch.setenv("OMP_NUM_THREADS", "3")
    assert cpu_budget() == (3, "OMP_NUM_THREADS")
    for bad in ("0", "two", "-1"):
        monkeypatch.setenv("OMP_NUM_THREADS", bad)
        with pytest.raises(ValueError, match="OMP_NUM_THREADS"):
            cpu_budget()


def test_affinity_mask_otherwise(monkeypatch):
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("os.sched_getaffinity is Linux-only")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert cpu_budget() == (1, "sched_getaffinity")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 3, 5})
    assert cpu_budget() == (3, "sched_getaffinity")


def test_configure_sets_torch(monkeypatch):
    torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")
    old = torch.get_num_threads()
    try:
        monkeypatch.setenv("OMP_NUM_THREADS", "1")
        assert configure_torch_threads() == {"torch_threads": 1, "source": "OMP_NUM_THREADS"}
        assert torch.get_num_threads() == 1
    finally:
        torch.set_num_threads(old)
