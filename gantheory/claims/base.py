"""Claims: one per paper result, each with concrete default parameters and a computed verdict."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

HOLDS, FAILS, INCONCLUSIVE, OBSERVED = "holds", "fails", "inconclusive", "observed"

#: parameters that are integers; every other parameter is a real number
INTEGER_PARAMS = {"dim", "latent_dim", "seed"}


@dataclass(frozen=True)
class ParamRange:
    """The interval of values a claim supports for one parameter: ``[lo, hi]``, either end open.

    Parameters
    ----------
    lo, hi : float
        Ends of the interval (``-inf`` / ``inf`` allowed only as open ends).
    lo_open, hi_open : bool
        Whether the end is excluded.
    integer : bool
        Whether the parameter takes integer values only.
    """

    lo: float
    hi: float
    lo_open: bool = False
    hi_open: bool = False
    integer: bool = False

    def __post_init__(self) -> None:
        if not self.lo <= self.hi:
            raise ValueError(f"empty range: lo = {self.lo!r} > hi = {self.hi!r}")

    def contains(self, x: float) -> bool:
        """Whether ``x`` lies in the range (and is an integer when the range is integer)."""
        if not math.isfinite(x):
            return False
        if self.integer and x != int(x):
            return False
        above = x > self.lo if self.lo_open else x >= self.lo
        below = x < self.hi if self.hi_open else x <= self.hi
        return above and below

    def __str__(self) -> str:
        lo = "-inf" if self.lo == -math.inf else f"{self.lo:g}"
        hi = "inf" if self.hi == math.inf else f"{self.hi:g}"
        body = f"{'(' if self.lo_open else '['}{lo}, {hi}{')' if self.hi_open else ']'}"
        if self.integer:
            return f"{{{int(self.lo)}, ..., {int(self.hi)}}}"
        return body


def real(lo: float, hi: float, lo_open: bool = False, hi_open: bool = False) -> ParamRange:
    """A real interval (shorthand for :class:`ParamRange`)."""
    return ParamRange(float(lo), float(hi), lo_open, hi_open)


def integer(lo: int, hi: int) -> ParamRange:
    """An integer range ``{lo, ..., hi}``."""
    return ParamRange(float(lo), float(hi), integer=True)


#: the ranges shared by most claims (each claim lists its own, see ``Claim.domain``)
SEED = integer(0, 2**32 - 1)
TOL_RANGE = real(1e-12, 1e-2)
SIGMA_ABOVE_1 = real(1, 1e3, lo_open=True)  # Theorem 1's data scale
T_RANGE = real(1e-6, 1e2)  # the bound on ||u||
ETA_RANGE = real(1e-6, 1e6)  # the cost eta ||x - x'||^2 of W2GAN
LAM_RANGE = real(1e-6, 1e6)  # lambda of eq. (11)


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
    #: the supported range of every parameter: values outside are refused (ValueError, CLI exit 2)
    #: before any computation; inside, the check must return a verdict that follows from its numbers
    domain: dict[str, ParamRange] = field(default_factory=dict)
    kind: str = "claim"  # or "finding": our own result beyond a statement of the paper
    # optional parallel split: parts(params, n) -> list of extra keyword dicts for check_part, and
    # merge(params, [Evidence]) -> Evidence; the result must not depend on the split
    parts: Callable[[dict[str, Any], int], list[dict[str, Any]]] | None = None
    check_part: Callable[[dict[str, Any], dict[str, Any]], Evidence] | None = None
    merge: Callable[[dict[str, Any], list[Evidence]], Evidence] | None = None
    summary: Callable[[dict[str, Any]], str] | None = None

    def __post_init__(self) -> None:
        # a shared domain table applies to the parameters this claim takes
        object.__setattr__(self, "domain", {k: self.domain[k] for k in self.defaults if k in self.domain})

    def resolve(self, overrides: dict[str, Any]) -> dict[str, Any]:
        params = dict(self.defaults)
        for k, v in overrides.items():
            if k not in params:
                raise ValueError(f"claim {self.id} has no parameter {k!r} (it takes: {', '.join(params)})")
            params[k] = v
        params = {k: _coerce(k, v, self.domain.get(k)) for k, v in params.items()}
        for k, v in params.items():
            rng = self.domain.get(k)
            if rng is not None and not rng.contains(v):
                raise ValueError(f"{self.id}: {k} = {v:g} is outside the supported domain {k} in {rng}")
        self.premises(params)
        return params

    def domain_text(self) -> str:
        """The domain as one line: ``sigma in (1, 1000], t in [1e-06, 100], ...``."""
        return ", ".join(f"{k} in {self.domain[k]}" for k in self.defaults if k in self.domain)


#: a plain decimal number (ASCII digits, no digit separators), or inf / nan (refused as not finite)
_DECIMAL = re.compile(r"[+-]?((\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|inf|infinity|nan)", re.IGNORECASE | re.ASCII)


def _coerce(key: str, value: Any, rng: ParamRange | None = None) -> float | int:
    where = f" (supported: {key} in {rng})" if rng is not None else ""
    if isinstance(value, str) and not _DECIMAL.fullmatch(value.strip()):  # float() also takes '1_5' and '２'
        raise ValueError(f"parameter {key} must be a number, got {value!r}{where}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"parameter {key} must be a number, got {value!r}{where}") from None
    if not math.isfinite(x):
        raise ValueError(f"parameter {key} must be finite, got {value!r}{where}")
    if key in INTEGER_PARAMS or (rng is not None and rng.integer):
        if x != int(x):
            raise ValueError(f"parameter {key} must be an integer, got {value!r}{where}")
        return int(x)
    return x


def verdict_from_bounds(lower: float, upper: float, tol: float) -> str:
    """The verdict on "no Nash equilibrium" from rigorous bounds lower <= m* <= upper on the minimal
    Nash gap m*.

    'holds' when the certified lower bound exceeds ``tol``; 'fails' only when the verified upper bound
    is at most ``tol`` and no positive lower bound was certified (a positive certified lower bound is
    never overridden: m* > 0 rules out an equilibrium); 'inconclusive' otherwise, and always when the
    bounds contradict each other (lower > upper: one of them is wrong).
    """
    if math.isnan(lower) or math.isnan(upper) or lower > upper:
        return INCONCLUSIVE
    if lower > tol:
        return HOLDS
    if upper <= tol and lower <= 0:
        return FAILS
    return INCONCLUSIVE


def assess_bounds(lower: float, upper: float, tol: float, search_gap: float | None = None, search_rel: float = 1e-3,
                  search_verified: float | None = None) -> tuple[str, dict[str, Any], list[str]]:
    """Verdict, consistency metrics and notes for a certified ``lower`` and a verified ``upper`` bound.

    ``search_gap`` is the closed-form-free search's own estimate of the minimal gap (approximate best
    responses, so not a bound): it is an independent cross-check, and one below the certified lower
    bound by more than ``search_rel`` (relative, at least absolute ``search_rel``) makes the verdict
    inconclusive -- the certificate or the search is wrong. ``search_verified`` is the gap at the
    search's own generator with exact best responses: where the search's estimate misses it by more than
    10 %, its approximate best responses do not resolve these parameters (e.g. a discriminator beyond
    the floating-point range), so the cross-check is only noted.
    """
    verdict = verdict_from_bounds(lower, upper, tol)
    metrics: dict[str, Any] = {"bounds_consistent": not lower > upper, "bound_discrepancy": max(lower - upper, 0.0)
                               if math.isfinite(lower) and math.isfinite(upper) else 0.0}
    notes = []
    if lower > upper:
        notes.append(f"inconsistent bounds: certified lower {lower:.10g} > verified upper {upper:.10g}")
    if search_gap is not None:
        metrics["search_gap_below_lower"] = max(lower - search_gap, 0.0) if math.isfinite(lower) else 0.0
        reliable = search_verified is None or not (
            math.isfinite(search_verified) and abs(search_gap - search_verified) > 0.1 * abs(search_verified))
        metrics["search_resolves_parameters"] = reliable
        if math.isfinite(lower) and search_gap < lower - search_rel * max(1.0, abs(lower)):
            if reliable:
                verdict = INCONCLUSIVE
            notes.append(f"the closed-form-free search found gap {search_gap:.10g}, below the certified lower "
                         f"bound {lower:.10g}" + ("" if reliable else
                                                  f" (its estimate misses the exact gap {search_verified:.10g} at "
                                                  "its own generator by > 10 %: not used for the verdict)"))
    if lower == 0 and verdict != FAILS:
        notes.append("the certified lower bound is 0: it certifies nothing at these parameters")
    return verdict, metrics, notes


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
