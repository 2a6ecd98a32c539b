"""Statistics over seeds: the one implementation used by the grid's tables, the figures and the empirical
summary.

Every comparison of the empirical half is paired: the same seed trained regularly and proximally (Table 1 of
the paper, Section 6.2), or the same trained pair before and after a probe (Sections 2 and 6.1, Figures 1-2
and 4-5). For n paired values the differences d_i = after_i - before_i have mean dbar and sample standard
deviation s (ddof = 1); the two-sided Student t-interval at level 1 - alpha is

    dbar -+ t_{1 - alpha/2, n - 1} * s / sqrt(n),

the interval of ``scipy.stats.ttest_rel(after, before).confidence_interval``. It needs n >= 2; with one seed
the interval is undefined (``None``) and the verdict is ``inconclusive``.

A verdict compares the interval with the sign the paper reports (``expected_sign`` = +1 or -1):
``reproduced`` when the interval excludes 0 on the expected side, ``not reproduced`` when it excludes 0 on
the other side, ``inconclusive`` when it contains 0 (or is undefined). Where the paper reports no change
(``expected_sign`` = 0: Figures 4-5, the objective and the sample quality "were preserved"), an interval
that excludes 0 is ``not reproduced`` and one that contains 0 is ``inconclusive``: a t-interval around 0
does not by itself show that nothing changed (that would need an equivalence margin, which the paper does
not give).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

REPRODUCED, NOT_REPRODUCED, INCONCLUSIVE = "reproduced", "not reproduced", "inconclusive"
VERDICTS = (REPRODUCED, NOT_REPRODUCED, INCONCLUSIVE)
CONFIDENCE = 0.95


@dataclass(frozen=True)
class Summary:
    """Mean and sample standard deviation (ddof = 1; 0.0 for a single value) of ``n`` values."""

    n: int
    mean: float
    std: float

    def format(self, digits: int | None = None) -> str:
        """``mean ± std`` with ``digits`` decimals (default: two significant digits of the std)."""
        d = _decimals(self.std) if digits is None else digits
        return f"{self.mean:.{d}f} ± {self.std:.{d}f}"


@dataclass(frozen=True)
class PairedDifference:
    """The paired difference ``after - before`` over ``n`` pairs and its two-sided t-interval.

    ``low`` and ``high`` are ``None`` when ``n < 2`` (the interval is undefined)."""

    n: int
    mean: float
    std: float
    low: float | None
    high: float | None
    confidence: float

    @property
    def defined(self) -> bool:
        """Whether the interval exists (n >= 2)."""
        return self.low is not None and self.high is not None

    def format(self, digits: int | None = None) -> str:
        """``mean [low, high]`` with ``digits`` decimals (default: two significant digits of the half width),
        or ``mean [undefined, n = 1]``."""
        if not self.defined:
            d = _decimals(abs(self.mean)) if digits is None else digits
            return f"{self.mean:+.{d}f} [undefined, n = {self.n}]"
        assert self.low is not None and self.high is not None
        d = _decimals((self.high - self.low) / 2) if digits is None else digits
        return f"{self.mean:+.{d}f} [{self.low:+.{d}f}, {self.high:+.{d}f}]"


def _decimals(scale: float) -> int:
    """Decimals that show two significant digits of ``scale`` (3 when it is 0; at most 12)."""
    if not scale > 0 or not math.isfinite(scale):
        return 3
    return int(min(12, max(0, 1 - math.floor(math.log10(scale)))))


def _finite_list(values: Sequence[float], name: str) -> list[float]:
    out = [float(v) for v in values]
    if not out:
        raise ValueError(f"{name} must contain at least one value")
    if not all(math.isfinite(v) for v in out):
        raise ValueError(f"{name} must be finite numbers, got {list(values)!r}")
    return out


def _mean_std(x: list[float]) -> tuple[float, float]:
    n = len(x)
    mean = math.fsum(x) / n
    std = math.sqrt(math.fsum((v - mean) ** 2 for v in x) / (n - 1)) if n > 1 else 0.0
    return mean, std


def summarize(values: Sequence[float]) -> Summary:
    """Mean and standard deviation over seeds.

    Parameters
    ----------
    values : sequence of float
        One finite value per seed (at least one).

    Returns
    -------
    Summary
        ``n``, ``mean`` and the sample standard deviation ``std`` (ddof = 1; 0.0 when n = 1).
    """
    x = _finite_list(values, "values")
    mean, std = _mean_std(x)
    return Summary(len(x), mean, std)


def paired_difference(after: Sequence[float], before: Sequence[float],
                      confidence: float = CONFIDENCE) -> PairedDifference:
    """The paired difference ``after - before`` (proximal - regular, or after - before a probe) with a
    two-sided Student t-interval.

    Parameters
    ----------
    after, before : sequence of float
        Paired values, one pair per seed, in the same order (equal lengths, at least one pair).
    confidence : float
        Level of the interval, in (0, 1); 0.95 by default.

    Returns
    -------
    PairedDifference
        Mean and sample standard deviation of the differences, and the interval
        ``mean -+ t_{(1 + confidence)/2, n - 1} * std / sqrt(n)``; ``low = high = None`` when n = 1.
    """
    from scipy.stats import t as student_t

    a = _finite_list(after, "after")
    b = _finite_list(before, "before")
    if len(a) != len(b):
        raise ValueError(f"after and before must pair up: {len(a)} values against {len(b)}")
    if not 0.0 < float(confidence) < 1.0:
        raise ValueError(f"confidence must lie in (0, 1), got {confidence!r}")
    d = [x - y for x, y in zip(a, b, strict=True)]
    n = len(d)
    mean, std = _mean_std(d)
    if n < 2:
        return PairedDifference(n, mean, std, None, None, float(confidence))
    half = float(student_t.ppf(0.5 + float(confidence) / 2.0, n - 1)) * std / math.sqrt(n)
    return PairedDifference(n, mean, std, mean - half, mean + half, float(confidence))


def verdict(diff: PairedDifference, expected_sign: int) -> str:
    """Compare a paired difference's interval with the sign the paper reports.

    Parameters
    ----------
    diff : PairedDifference
        The paired difference and its interval.
    expected_sign : int
        +1 if the paper reports ``after > before`` (e.g. proximal scores above regular), -1 if below, 0 if
        it reports no change.

    Returns
    -------
    str
        ``"reproduced"`` when the interval lies strictly on the expected side of 0, ``"not reproduced"``
        when it lies strictly on the other side (or, for ``expected_sign`` = 0, on either side),
        ``"inconclusive"`` when it contains 0 or is undefined.
    """
    if expected_sign not in (1, 0, -1):
        raise ValueError(f"expected_sign must be +1, 0 or -1, got {expected_sign!r}")
    if not diff.defined:
        return INCONCLUSIVE
    assert diff.low is not None and diff.high is not None
    if diff.low > 0.0:
        side = 1
    elif diff.high < 0.0:
        side = -1
    else:
        return INCONCLUSIVE
    return REPRODUCED if side == expected_sign else NOT_REPRODUCED


def sign(x: float) -> int:
    """The sign of ``x`` as -1, 0 or +1 (used for the published differences)."""
    return (x > 0) - (x < 0)


def compare(after: Sequence[float], before: Sequence[float], expected_sign: int,
            confidence: float = CONFIDENCE) -> tuple[PairedDifference, str]:
    """Paired difference and verdict in one call.

    Parameters
    ----------
    after, before : sequence of float
        Paired values, one pair per seed.
    expected_sign : int
        +1, 0 or -1, the sign of ``after - before`` the paper reports (0: no change).
    confidence : float
        Level of the t-interval.

    Returns
    -------
    (PairedDifference, str)
        The difference with its interval, and the verdict.
    """
    diff = paired_difference(after, before, confidence)
    return diff, verdict(diff, expected_sign)
