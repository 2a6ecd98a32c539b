"""The landscape figure at size="smoke": columns, minima above the lower bounds, Remark 1's zero."""

from __future__ import annotations

import numpy as np
import pytest

from gantheory.plots import landscape_theorem1 as fig


@pytest.fixture(scope="module")
def data(smoke_compute) -> fig.LandscapeData:
    return smoke_compute.compute(fig, "smoke", 0)


def _col(table, c, mask=None):
    a = np.array(table[c], dtype=float)
    return a if mask is None else a[mask]


def test_columns_and_caption(data):
    r = fig.draw(data)
    assert list(r.data) == list(fig.COLUMNS) and r.seeds == [0] and r.figure.axes
    assert "reproduces Theorem 1" in r.caption and "reproducing Remark 1" in r.caption
    n = fig.GRID["smoke"]
    assert len(r.data["panel"]) == 4 * (n * n + 1) + 2 * n


def test_minimum_above_lower_bound(data):
    t_ = data.table
    panel = np.array(t_["panel"])
    gap = _col(t_, "gap")
    assert not np.any(np.isnan(gap))
    is_min = np.array(t_["is_minimiser"])
    for p in ("theorem1_kl", "theorem1_js", "theorem1_wgan", "theorem1_w2gan"):
        sel = panel == p
        lower = _col(t_, "lower_bound", sel)[0]
        assert lower > 0
        assert np.nanmin(gap[sel]) >= lower * (1 - 1e-9)  # certified / proven lower bound
        assert gap[sel & is_min][0] == np.nanmin(gap[sel])
    sel = (panel == "theorem1_w2gan") & is_min
    assert gap[sel][0] == pytest.approx(0.5 * 0.25 * 0.25, rel=1e-9)  # eta (sigma - 1) t^2
    for p in ("remark1_wgan", "remark1_w2gan"):
        sel = panel == p
        assert np.all(np.isfinite(gap[sel])) and np.min(gap[sel]) <= 1e-12 and np.all(gap[sel] >= -1e-12)
        assert _col(t_, "u", sel & is_min)[0] == 0.0
