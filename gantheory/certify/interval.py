"""Vectorised interval arithmetic with outward rounding.

An :class:`Interval` holds arrays ``lo <= hi``; every operation returns an enclosure of the exact
range (each result bound is pushed one ulp outward with ``numpy.nextafter``, which covers the
correctly-rounded IEEE operations and the few-ulp error of ``exp``/``log``/``erfc``
we use, see ``_SLOP``). Infinite bounds are allowed; a product ``0 * inf`` is taken as 0,
which is the correct limit for the non-negative, finite-measure quantities this package bounds.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from scipy import special

# Transcendental functions in numpy/scipy are accurate to a few ulp; we widen their results by a
# relative 4e-15 (about 16-32 ulp) in addition to the one-ulp outward rounding.
_SLOP = 4e-15


def _down(x: np.ndarray) -> np.ndarray:
    return np.nextafter(x, -np.inf)


def _up(x: np.ndarray) -> np.ndarray:
    return np.nextafter(x, np.inf)


def _widen(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with np.errstate(invalid="ignore", over="ignore"):
        lo = _down(lo - _SLOP * np.abs(lo))
        hi = _up(hi + _SLOP * np.abs(hi))
    return lo, hi


class Interval:
    """A vector of closed intervals ``[lo, hi]`` (numpy arrays of one broadcast shape)."""

    __slots__ = ("lo", "hi")
    __array_priority__ = 100  # make numpy defer to our reflected operators

    def __init__(self, lo, hi=None) -> None:
        lo = np.asarray(lo, dtype=float)
        hi = lo if hi is None else np.asarray(hi, dtype=float)
        lo, hi = np.broadcast_arrays(lo, hi)
        if np.any(np.isnan(lo)) or np.any(np.isnan(hi)):
            raise ValueError("interval bounds must not be NaN")
        if np.any(lo > hi):
            raise ValueError("interval with lo > hi")
        self.lo = np.array(lo)
        self.hi = np.array(hi)

    # -- construction helpers -------------------------------------------------------------------
    @staticmethod
    def _make(lo: np.ndarray, hi: np.ndarray) -> Interval:
        lo = np.where(np.isnan(lo), -np.inf, lo)
        hi = np.where(np.isnan(hi), np.inf, hi)
        out = Interval.__new__(Interval)
        out.lo, out.hi = lo, hi
        return out

    @staticmethod
    def coerce(x) -> Interval:
        return x if isinstance(x, Interval) else Interval(x)

    @property
    def mid(self) -> np.ndarray:
        return 0.5 * (self.lo + self.hi)

    @property
    def width(self) -> np.ndarray:
        return self.hi - self.lo

    def __repr__(self) -> str:
        return f"Interval({self.lo!r}, {self.hi!r})"

    def __getitem__(self, idx) -> Interval:
        return Interval._make(self.lo[idx], self.hi[idx])

    # -- arithmetic ----------------------------------------------------------------------------
    def __add__(self, other) -> Interval:
        o = Interval.coerce(other)
        with np.errstate(invalid="ignore"):
            return Interval._make(_down(self.lo + o.lo), _up(self.hi + o.hi))

    __radd__ = __add__

    def __neg__(self) -> Interval:
        return Interval._make(-self.hi, -self.lo)

    def __sub__(self, other) -> Interval:
        return self + (-Interval.coerce(other))

    def __rsub__(self, other) -> Interval:
        return Interval.coerce(other) + (-self)

    def __mul__(self, other) -> Interval:
        o = Interval.coerce(other)
        with np.errstate(invalid="ignore"):
            prods = [self.lo * o.lo, self.lo * o.hi, self.hi * o.lo, self.hi * o.hi]
        prods = [np.where(np.isnan(p), 0.0, p) for p in prods]  # 0 * inf -> 0
        lo = np.minimum(np.minimum(prods[0], prods[1]), np.minimum(prods[2], prods[3]))
        hi = np.maximum(np.maximum(prods[0], prods[1]), np.maximum(prods[2], prods[3]))
        return Interval._make(_down(lo), _up(hi))

    __rmul__ = __mul__

    def reciprocal(self) -> Interval:
        """1/x; an interval containing 0 gives ``[-inf, inf]`` (or a half line at an endpoint 0)."""
        with np.errstate(divide="ignore"):
            lo = np.where(self.hi == 0, -np.inf, 1.0 / self.hi)
            hi = np.where(self.lo == 0, np.inf, 1.0 / self.lo)
        straddle = (self.lo < 0) & (self.hi > 0)
        lo = np.where(straddle, -np.inf, lo)
        hi = np.where(straddle, np.inf, hi)
        return Interval._make(_down(lo), _up(hi))

    def __truediv__(self, other) -> Interval:
        return self * Interval.coerce(other).reciprocal()

    def __rtruediv__(self, other) -> Interval:
        return Interval.coerce(other) * self.reciprocal()

    def square(self) -> Interval:
        a, b = np.abs(self.lo), np.abs(self.hi)
        lo = np.where((self.lo <= 0) & (self.hi >= 0), 0.0, np.minimum(a, b) ** 2)
        hi = np.maximum(a, b) ** 2
        return Interval._make(_down(lo), _up(hi))


# -- monotone elementary functions ------------------------------------------------------------------
def increasing(fn: Callable[[np.ndarray], np.ndarray], x: Interval) -> Interval:
    """Enclosure of a non-decreasing function applied to ``x`` (with the transcendental slop).

    Parameters
    ----------
    fn : callable
        Non-decreasing vectorised function.
    x : Interval
        Argument intervals.

    Returns
    -------
    Interval
        [fn(lo), fn(hi)], widened outward for rounding.
    """
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        lo, hi = fn(x.lo), fn(x.hi)
    lo, hi = _widen(lo, hi)
    return Interval._make(lo, hi)


def decreasing(fn: Callable[[np.ndarray], np.ndarray], x: Interval) -> Interval:
    """Enclosure of fn(x) for a non-increasing fn, widened by its rounding.

    Parameters
    ----------
    fn : callable
        Non-increasing vectorised function.
    x : Interval
        Argument intervals.

    Returns
    -------
    Interval
        [fn(hi), fn(lo)], widened outward for rounding.
    """
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        lo, hi = fn(x.hi), fn(x.lo)
    lo, hi = _widen(lo, hi)
    return Interval._make(lo, hi)


def exp(x: Interval) -> Interval:
    """Enclosure of exp(x) (>= 0).

    Parameters
    ----------
    x : Interval
        Argument intervals.

    Returns
    -------
    Interval
        Outward-rounded enclosure of exp(x).
    """
    out = increasing(np.exp, x)
    return Interval._make(np.maximum(out.lo, 0.0), out.hi)


def log(x: Interval) -> Interval:
    """Enclosure of log(x) (-inf at and below 0).

    Parameters
    ----------
    x : Interval
        Argument intervals.

    Returns
    -------
    Interval
        Outward-rounded enclosure of log(x).
    """
    def _log(v):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(v > 0, np.log(np.where(v > 0, v, 1.0)), -np.inf)

    return increasing(_log, x)


def sqrt(x: Interval) -> Interval:
    """Enclosure of sqrt(max(x, 0)) (>= 0).

    Parameters
    ----------
    x : Interval
        Argument intervals.

    Returns
    -------
    Interval
        Outward-rounded enclosure of sqrt(max(x, 0)).
    """
    out = increasing(lambda v: np.sqrt(np.maximum(v, 0.0)), x)
    return Interval._make(np.maximum(out.lo, 0.0), out.hi)


_NDTR_REL = 1e-12  # scipy's ndtr / log_ndtr: relative error up to ~2.3e-13 in the lower tail


def ndtr(x: Interval) -> Interval:
    """Standard normal CDF Phi, from exp(log_ndtr) (no underflow to 0 above about x = -38.5), widened by a
    relative 1e-12 for the library's accuracy.

    Parameters
    ----------
    x : Interval
        Argument intervals.

    Returns
    -------
    Interval
        Enclosure of Phi(x), clipped to [0, 1].
    """
    with np.errstate(over="ignore", under="ignore"):
        lo = np.exp(special.log_ndtr(x.lo)) * (1 - _NDTR_REL)
        hi = np.exp(special.log_ndtr(x.hi)) * (1 + _NDTR_REL)
    hi = np.where(hi == 0, np.nextafter(0.0, 1.0), hi)
    return Interval._make(np.clip(_down(lo), 0.0, 1.0), np.clip(_up(hi), 0.0, 1.0))


def hull(*xs: Interval) -> Interval:
    """The smallest intervals containing all of ``xs`` (componentwise).

    Parameters
    ----------
    *xs : Interval
        Intervals of a common shape.

    Returns
    -------
    Interval
        [min of lo, max of hi] componentwise.
    """
    return Interval._make(np.minimum.reduce([x.lo for x in xs]), np.maximum.reduce([x.hi for x in xs]))


def maximum(a: Interval, b: Interval) -> Interval:
    """Enclosure of max(a, b) (componentwise).

    Parameters
    ----------
    a, b : Interval
        Intervals of a common shape.

    Returns
    -------
    Interval
        [max(a.lo, b.lo), max(a.hi, b.hi)].
    """
    return Interval._make(np.maximum(a.lo, b.lo), np.maximum(a.hi, b.hi))
