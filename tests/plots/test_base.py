"""The figure record: size check, caption numbers, and a table written and read back."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from gantheory.plots.base import FigureResult, check_size, fmt, new_figure, read_table, write


def test_check_size_names_the_parameter():
    check_size("smoke")
    with pytest.raises(ValueError, match="size must be one of"):
        check_size("huge")


def test_fmt():
    assert fmt(math.inf) == "inf"
    assert fmt(0.123456) == "0.1235"
    assert fmt(12345.0, 2) == "1.2e+04"


def test_unequal_columns_are_refused():
    fig, _ = new_figure(1, 1, 2.0, 2.0)
    with pytest.raises(ValueError, match="differ in length"):
        FigureResult(fig, {"a": [1, 2], "b": [1]}, "caption")


def test_write_and_read_back(tmp_path: Path):
    fig, axes = new_figure(1, 2, 4.0, 2.0)
    assert axes.shape == (1, 2)
    gap = [1.0 / 3.0, -2.5e-300, math.inf, math.nan]
    r = FigureResult(fig, {"panel": ["a", "a", "b", "b"], "gap": gap, "ok": [True, False, True, False]}, "cap",
                     {"x": 1}, [0])
    paths = write("demo", r, tmp_path, command="test", seconds=0.0, size="smoke", version="test")
    assert all(p.exists() for p in paths)
    table = read_table(tmp_path / "demo.csv")
    assert list(table) == ["panel", "gap", "ok"]
    assert table["gap"][2:] == ["inf", "nan"] and table["ok"] == ["True", "False", "True", "False"]
    back = np.array(table["gap"][:2], dtype=float)
    assert np.allclose(back, gap[:2], rtol=1e-9, atol=0)  # 10 significant digits
