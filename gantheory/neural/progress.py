"""A dependency-free progress bar with rate and ETA for long neural work (training, probes, figures).

On a terminal the bar redraws in place at most every ``interval`` seconds; when stderr is not a
terminal (logs, CI) it prints a plain line at every tenth of the work instead, so logs stay short.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    s = int(round(max(seconds, 0.0)))
    h, rem = divmod(s, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


class Progress:
    """``Progress(total, label)``; call ``update(done)`` with the absolute count, ``close()`` at the end.

    The rate is measured from the first update of this session (a resumed run starts at ``start``)."""

    def __init__(self, total: int, label: str, *, start: int = 0, enabled: bool = True, width: int = 28,
                 interval: float = 0.5, stream: TextIO | None = None) -> None:
        if total < 1:
            raise ValueError(f"progress total must be >= 1, got {total}")
        self.total, self.label, self.start, self.width, self.interval = total, label, start, width, interval
        self.stream = sys.stderr if stream is None else stream
        self.enabled = enabled
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.t0 = time.perf_counter()
        self._last = -1.0
        self._decile = -1
        self.done = start

    def line(self, done: int, now: float | None = None) -> str:
        """The bar's text at ``done`` of ``total``: bar, count, rate and ETA."""
        now = time.perf_counter() if now is None else now
        frac = min(max(done / self.total, 0.0), 1.0)
        filled = int(frac * self.width)
        bar = "#" * filled + "." * (self.width - filled)
        elapsed = now - self.t0
        rate = (done - self.start) / elapsed if elapsed > 0 else 0.0
        eta = (self.total - done) / rate if rate > 0 else float("inf")
        eta_s = _clock(eta) if eta != float("inf") else "--:--"
        return (f"{self.label} [{bar}] {done}/{self.total} {100 * frac:5.1f}% {rate:.2f} it/s "
                f"elapsed {_clock(elapsed)} ETA {eta_s}")

    def update(self, done: int) -> None:
        self.done = done
        if not self.enabled:
            return
        now = time.perf_counter()
        if self.tty:
            if now - self._last >= self.interval or done >= self.total:
                self.stream.write("\r" + self.line(done, now) + " ")
                self.stream.flush()
                self._last = now
        else:
            decile = int(10 * done / self.total)
            if decile > self._decile:
                self._decile = decile
                self.stream.write(self.line(done, now) + "\n")
                self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.tty:
            self.stream.write("\r" + self.line(self.done) + "\n")
            self.stream.flush()


class Stages:
    """A multi-stage job (``gantheory diagnose``, ``gantheory figures``): prints ``label: stage i/n: name`` when
    a stage starts and one :class:`Progress` bar (with ETA) over the estimated work units of all stages.

    ``stages`` is a list of ``(name, units)``; ``tick`` counts a unit of the current stage (a count past the
    stage's estimate is held at its end), ``start`` moves to the next stage (completing the previous one)."""

    def __init__(self, stages: list[tuple[str, int]], label: str, *, enabled: bool = True,
                 stream: TextIO | None = None) -> None:
        if not stages:
            raise ValueError("Stages needs at least one stage")
        self.names = [n for n, _ in stages]
        self.units = [max(1, int(u)) for _, u in stages]
        self.label, self.enabled = label, enabled
        self.stream = sys.stderr if stream is None else stream
        self.bar = Progress(sum(self.units), label, enabled=enabled, stream=self.stream)
        self.index = -1
        self.base = 0
        self.count = 0

    def start(self, name: str) -> None:
        """Begin stage ``name`` (the next one in the list)."""
        if self.index >= 0:
            self.base += self.units[self.index]
        self.index = self.names.index(name)
        self.count = 0
        if self.enabled:
            if self.bar.tty:
                self.stream.write("\n")
            self.stream.write(f"{self.label}: stage {self.index + 1}/{len(self.names)}: {name}\n")
            self.stream.flush()
            self.bar._decile = int(10 * self.base / self.bar.total) - 1  # a fresh line for the new stage
        self.bar.update(self.base)

    def tick(self, k: int = 1) -> None:
        """Count ``k`` units of work in the current stage."""
        self.count += k
        self.bar.update(self.base + min(self.count, self.units[self.index]))

    def close(self) -> None:
        self.bar.update(self.bar.total)
        self.bar.close()
