"""Claims: one per paper result, each with concrete default parameters and a computed verdict."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HOLDS, FAILS, INCONCLUSIVE, OBSERVED = "holds", "fails", "inconclusive", "observed"

#: parameters that are integers; every other parameter is a real number
INTEGER_PARAMS = {"dim", "latent_dim", "seed"}


@dataclass(frozen=True)
class Evidence:
    verdict: str
    metrics: dict[str, Any]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    id: str
    reference: str
    statement: str
    defaults: dict[str, float | int]
    check: Callable[[dict[str, Any]], Evidence]
    premises: Callable[[dict[str, Any]], None] = field(default=lambda p: None)
    kind: str = "claim"  # or "finding": our own result beyond a statement of the paper
    # optional parallel split: parts(params, n) -> list of extra keyword dicts for check_part, and
    # merge(params, [Evidence]) -> Evidence; the result must not depend on the split
    parts: Callable[[dict[str, Any], int], list[dict[str, Any]]] | None = None
    check_part: Callable[[dict[str, Any], dict[str, Any]], Evidence] | None = None
    merge: Callable[[dict[str, Any], list[Evidence]], Evidence] | None = None

    def resolve(self, overrides: dict[str, Any]) -> dict[str, Any]:
        params = dict(self.defaults)
        for k, v in overrides.items():
            if k not in params:
                raise ValueError(f"claim {self.id} has no parameter {k!r} (it takes: {', '.join(params)})")
            params[k] = v
        params = {k: _coerce(k, v) for k, v in params.items()}
        self.premises(params)
        return params


def _coerce(key: str, value: Any) -> float | int:
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"parameter {key} must be a number, got {value!r}") from None
    if not math.isfinite(x):
        raise ValueError(f"parameter {key} must be finite, got {value!r}")
    if key in INTEGER_PARAMS:
        if x != int(x):
            raise ValueError(f"parameter {key} must be an integer, got {value!r}")
        return int(x)
    return x


def verdict_from_bounds(lower: float, upper: float, tol: float) -> str:
    """'holds' (no equilibrium) when the certified lower bound exceeds tol, 'fails' when a point
    with gap <= tol was found, else 'inconclusive'."""
    if lower > tol:
        return HOLDS
    if upper <= tol:
        return FAILS
    return INCONCLUSIVE


def clean(x: Any) -> Any:
    """JSON-friendly numbers: floats rounded to 12 significant digits, inf as the string 'inf'."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [clean(v) for v in x]
    if hasattr(x, "tolist"):
        return clean(x.tolist())
    if isinstance(x, bool) or x is None or isinstance(x, (int, str)):
        return x
    if isinstance(x, float):
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return float(f"{x:.12g}")
    return x


def require(cond: bool, message: str) -> None:
    if not cond:
        raise ValueError(message)


def require_positive(p: dict[str, Any], *names: str) -> None:
    """Each of ``names`` present in the parameters must be > 0; dim / latent_dim present must be >= 1."""
    for name in names:
        if name in p:
            require(p[name] > 0, f"{name} must be > 0, got {p[name]:g}")
    for name in ("dim", "latent_dim"):
        if name in p:
            require(p[name] >= 1, f"{name} must be >= 1, got {p[name]}")
