"""gantheory.grid.stats against hand computations and scipy.stats.ttest_rel."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as sps

from gantheory.grid.stats import (
    INCONCLUSIVE,
    NOT_REPRODUCED,
    REPRODUCED,
    PairedDifference,
    compare,
    paired_difference,
    summarize,
    verdict,
)


def test_summarize_by_hand():
    s = summarize([1.0, 2.0, 4.0])
    assert s.n == 3
    assert s.mean == pytest.approx(7 / 3)
    # sum of squares about 7/3: (4/3)^2 + (1/3)^2 + (5/3)^2 = 42/9; / (n - 1) = 7/3
    assert s.std == pytest.approx(math.sqrt(7 / 3))
    assert summarize([5.0]).std == 0.0
    assert s.format(2) == "2.33 ± 1.53" and s.format() == "2.3 ± 1.5"
    assert summarize([1.0, 1.00002, 1.00004]).format() == "1.000020 ± 0.000020"


def test_paired_interval_by_hand():
    # differences 1, 2, 3: mean 2, sd 1. With 2 degrees of freedom the t CDF is 1/2 + t / (2 sqrt(2 + t^2)),
    # so t_{0.975, 2} solves t / sqrt(2 + t^2) = 0.95: t^2 = 2 * 0.95^2 / (1 - 0.95^2) (4.3027 in the tables)
    d = paired_difference([2.0, 4.0, 6.0], [1.0, 2.0, 3.0])
    t2 = math.sqrt(2 * 0.95**2 / (1 - 0.95**2))
    assert t2 == pytest.approx(4.3027, abs=5e-5)
    half = t2 / math.sqrt(3)
    assert (d.n, d.mean, d.std) == (3, pytest.approx(2.0), pytest.approx(1.0))
    assert d.low == pytest.approx(2.0 - half, rel=1e-12)
    assert d.high == pytest.approx(2.0 + half, rel=1e-12)
    assert verdict(d, +1) == INCONCLUSIVE  # 2 - 2.484 < 0 < 2 + 2.484


def test_paired_interval_by_hand_excludes_zero():
    # differences 1.0, 1.2, 0.8, 1.0: mean 1, sd sqrt(0.08/3), se = sd / 2. With 3 degrees of freedom the t CDF
    # is 1/2 + (u / (1 + u^2) + atan(u)) / pi with u = t / sqrt(3); the interval's t must make it 0.975
    d = paired_difference([2.0, 2.2, 1.8, 2.0], [1.0, 1.0, 1.0, 1.0])
    assert d.mean == pytest.approx(1.0) and d.std == pytest.approx(math.sqrt(0.08 / 3))
    t3 = (d.high - d.mean) / (d.std / 2.0)
    u = t3 / math.sqrt(3)
    assert 0.5 + (u / (1 + u * u) + math.atan(u)) / math.pi == pytest.approx(0.975, abs=1e-12)
    assert t3 == pytest.approx(3.1824, abs=5e-5)  # the tables
    assert d.mean - d.low == pytest.approx(d.high - d.mean, rel=1e-12)
    assert verdict(d, +1) == REPRODUCED
    assert verdict(d, -1) == NOT_REPRODUCED
    neg = paired_difference([1.0, 1.0, 1.0, 1.0], [2.0, 2.2, 1.8, 2.0])
    assert verdict(neg, -1) == REPRODUCED and verdict(neg, +1) == NOT_REPRODUCED


@given(st.lists(st.tuples(st.floats(-50, 50), st.floats(-50, 50)), min_size=2, max_size=12),
       st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_matches_scipy_ttest_rel(pairs, confidence):
    after = np.array([p[0] for p in pairs])
    before = np.array([p[1] for p in pairs])
    d = paired_difference(after, before, confidence)
    diffs = after - before
    if np.std(diffs) < 1e-9 * (1 + np.abs(diffs).max()):
        return  # scipy returns NaN for a zero-variance sample; our interval is the point (checked below)
    ci = sps.ttest_rel(after, before).confidence_interval(confidence)
    scale = 1 + float(np.abs(diffs).max())
    assert d.low == pytest.approx(ci.low, abs=1e-9 * scale)
    assert d.high == pytest.approx(ci.high, abs=1e-9 * scale)
    assert d.mean == pytest.approx(float(np.mean(diffs)), abs=1e-12 * scale)


def test_single_pair_is_undefined_and_inconclusive():
    d, v = compare([3.0], [1.0], +1)
    assert (d.n, d.mean, d.low, d.high, d.defined) == (1, 2.0, None, None, False)
    assert v == INCONCLUSIVE
    assert "undefined" in d.format()


def test_zero_variance_interval_is_the_point():
    d = paired_difference([2.0, 3.0], [1.0, 2.0])
    assert d.low == pytest.approx(1.0) and d.high == pytest.approx(1.0)
    assert verdict(d, +1) == REPRODUCED


def test_interval_touching_zero_is_inconclusive():
    assert verdict(PairedDifference(3, 1.0, 1.0, 0.0, 2.0, 0.95), +1) == INCONCLUSIVE
    assert verdict(PairedDifference(3, -1.0, 1.0, -2.0, 0.0, 0.95), -1) == INCONCLUSIVE


@pytest.mark.parametrize("args, match", [
    (([1.0, 2.0], [1.0]), "pair up"),
    (([], []), "at least one"),
    (([1.0, float("nan")], [1.0, 2.0]), "finite"),
])
def test_bad_input(args, match):
    with pytest.raises(ValueError, match=match):
        paired_difference(*args)
    with pytest.raises(ValueError, match="confidence"):
        paired_difference([1.0, 2.0], [0.0, 0.0], confidence=1.0)
    with pytest.raises(ValueError, match="expected_sign"):
        verdict(paired_difference([1.0, 2.0], [0.0, 0.0]), 2)


def test_expected_no_change():
    moved = paired_difference([2.0, 2.2, 1.8, 2.0], [1.0, 1.0, 1.0, 1.0])
    assert verdict(moved, 0) == NOT_REPRODUCED
    assert verdict(paired_difference([1.0, 0.0, 3.0], [0.0, 1.0, 2.0]), 0) == INCONCLUSIVE  # d = 1, -1, 1
    assert verdict(paired_difference([1.0], [0.0]), 0) == INCONCLUSIVE
