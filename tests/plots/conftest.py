"""One computation of each theory figure's data per test session: the figure's own test module and the registry
test (``gantheory figures`` at smoke size) read the same run. Every theory figure's ``make`` is
``draw(compute(size, seed, ...))`` and ``compute`` is deterministic in its arguments, so a cached result is the
one a fresh call would return."""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Any

import pytest


class ComputeCache:
    """``module.compute(*args, **kwargs)`` once per module and (defaults-filled) arguments."""

    def __init__(self) -> None:
        self._results: dict[tuple, Any] = {}
        self._originals: dict[str, Any] = {}

    def compute(self, module: ModuleType, *args, **kwargs) -> Any:
        """The figure data of ``module.compute(*args, **kwargs)``, computed on the first call only."""
        fn = self._originals.setdefault(module.__name__, module.compute)
        bound = inspect.signature(fn).bind(*args, **kwargs)
        bound.apply_defaults()
        key = (module.__name__, tuple(bound.arguments.items()))
        if key not in self._results:
            self._results[key] = fn(*args, **kwargs)
        return self._results[key]

    def patch(self, monkeypatch: pytest.MonkeyPatch, modules) -> None:
        """Route each module's ``compute`` through the cache (undone with ``monkeypatch``)."""
        for m in modules:
            self._originals.setdefault(m.__name__, m.compute)
            monkeypatch.setattr(m, "compute", lambda *a, _m=m, **k: self.compute(_m, *a, **k))


@pytest.fixture(scope="session")
def smoke_compute() -> ComputeCache:
    """The session's :class:`ComputeCache` of the theory figures' data."""
    return ComputeCache()
