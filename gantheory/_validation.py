"""Input validation: every bad input raises ``ValueError`` with a one-line message naming the parameter."""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def finite_scalar(name: str, value: Any) -> float:
    """Return ``value`` as a float, rejecting non-numbers, NaN and infinities."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a real number, got {value!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return x


def positive(name: str, value: Any) -> float:
    x = finite_scalar(name, value)
    if x <= 0:
        raise ValueError(f"{name} must be > 0, got {x:g}")
    return x


def nonnegative(name: str, value: Any) -> float:
    x = finite_scalar(name, value)
    if x < 0:
        raise ValueError(f"{name} must be >= 0, got {x:g}")
    return x


def positive_int(name: str, value: Any) -> int:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a positive integer, got {value!r}") from None
    if not math.isfinite(x) or x != int(x) or x < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(x)


def finite_array(name: str, value: Any, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """Return ``value`` as a float64 array, rejecting NaN/inf and (optionally) a wrong shape."""
    try:
        a = np.array(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be an array of real numbers") from None
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{name} must contain only finite numbers")
    if shape is not None and a.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {a.shape}")
    return a


def nonnegative_int(name: str, value: Any) -> int:
    """Return ``value`` as an int, rejecting bools, non-integers and negative numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {value!r}")
    return int(value)


def integer(name: str, value: Any) -> int:
    """Return ``value`` as an int, rejecting bools and non-integers (e.g. a random seed)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    return int(value)


class InputError(ValueError):
    """Bad input from the user: a parameter outside its domain, an unusable file or path, a malformed option.

    The command line maps this class (and only this class of ``ValueError``) to exit status 2 with a one-line
    message; any other exception raised while computing is an internal error (exit status 3). It subclasses
    ``ValueError`` so that library callers catching ``ValueError`` keep working.
    """
