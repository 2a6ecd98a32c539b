"""The phase diagram at size="smoke": the closed forms, the checks, and the data coming from the sweep engine."""

from __future__ import annotations

import numpy as np
import pytest

from gantheory.grid import sweep
from gantheory.plots import phase_diagram as fig
from gantheory.proximal.phase import phase_point


@pytest.fixture(scope="module")
def data(smoke_compute) -> fig.PhaseData:
    """The session's smoke run (tests/plots/conftest.py), shared with the registry test."""
    return smoke_compute.compute(fig, "smoke", 0)


def _col(table, c, mask=None):
    a = np.array(table[c], dtype=float)
    return a if mask is None else a[mask]


def test_columns_and_caption(data):
    r = fig.draw(data)
    assert list(r.data) == list(fig.COLUMNS) and r.seeds == [0] and r.figure.axes
    assert "Theorem 2 reproduced on the whole grid)" in r.caption


def test_closed_forms(data):
    t_ = data.table
    panel = np.array(t_["panel"])
    for col in ("sigma", "t", "value", "reference"):
        assert np.all(np.isfinite(_col(t_, col)))
    eta = 0.5
    sel = panel == "w2gan_threshold"
    sigma, t, thr = _col(t_, "sigma", sel), _col(t_, "t", sel), _col(t_, "value", sel)
    formula = sigma / (4 * eta * (sigma - 1))  # the threshold the claims found
    # bisection on log lam to 1e-3; larger t: the dip just above lam* is O((lam - lam*)^2), resolved to ~5%
    assert np.all(np.abs(thr / formula - 1) < np.where(t <= 0.5, 5e-3, 5e-2))
    sel = panel == "w2gan_gap"
    s2, t2 = _col(t_, "sigma", sel), _col(t_, "t", sel)
    assert np.allclose(_col(t_, "value", sel), eta * (s2 - 1) * t2**2, rtol=1e-8)
    for p in ("wgan_gap_check", "w2gan_gap_check"):
        sel = panel == p
        assert np.all(_col(t_, "search_min", sel) >= _col(t_, "value", sel) * (1 - 1e-9))


def test_data_comes_from_the_sweep_engine(monkeypatch, data):
    """Every point is a ``phase_point`` evaluated by the sweep engine (``map_points``), and the figure's numbers
    are those the engine returned; the minimal gaps equal the claims' closed-form metrics run directly through
    the claims registry."""
    from gantheory.claims.registry import run_claims

    calls, returned = [], []

    def spy(fn, args, **kw):
        calls.append((fn, list(args), kw))
        returned.append(sweep.map_points(fn, args, **kw))
        return returned[-1]

    monkeypatch.setattr(fig, "map_points", spy)
    r = fig.compute("smoke", 0).table
    assert r == data.table  # the same numbers as the fixture's run
    g = fig.GRID["smoke"]
    assert len(calls) == 1
    fn, args, kw = calls[0]
    assert fn is phase_point and kw["engine"] == "serial"
    assert len(args) == g["fine"] ** 2 + g["coarse_sigma"] * g["coarse_t"]
    panel = np.array(r["panel"])
    fine = [a for a in args if a[0] == "fine"]
    coarse = [a for a in args if a[0] == "coarse"]
    # the figure's fine panels, row by row, are the engine's points in order
    assert np.array_equal(_col(r, "sigma", panel == "wgan_gap"), [a[1] for a in fine])
    assert np.array_equal(_col(r, "t", panel == "w2gan_gap"), [a[2] for a in fine])
    assert np.array_equal(_col(r, "t", panel == "w2gan_threshold"), [a[2] for a in coarse])
    # a poisoned engine shows through: the data is what map_points returns, not recomputed elsewhere. The
    # poisoned engine answers the same points with the spied run's answers (phase_point is deterministic, so
    # these are what evaluating them again would return), their "wgan" values replaced
    def poisoned(fn, args, **kw):
        assert fn is phase_point and list(args) == calls[0][1]
        return [{**res, "wgan": 7.0 + i} for i, res in enumerate(returned[0])]

    monkeypatch.setattr(fig, "map_points", poisoned)
    r2 = fig.compute("smoke", 0).table
    p2 = np.array(r2["panel"])
    assert np.array_equal(_col(r2, "value", p2 == "wgan_gap"), 7.0 + np.arange(len(fine)))
    # against the claims run directly, on two coarse points
    for a in coarse[:2]:
        sigma, t = a[1], a[2]
        over = [f"sigma={float(sigma)!r}", f"t={float(t)!r}"]
        sel = (panel == "w2gan_gap_check") & (_col(r, "sigma") == sigma) & (_col(r, "t") == t)
        w2 = run_claims(["theorem-1-w2gan"], over, jobs=1)[0]["metrics"]
        assert _col(r, "value", sel)[0] == pytest.approx(w2["min_nash_gap_closed_form"], rel=1e-9)
        wg = run_claims(["theorem-1-wgan"], over, jobs=1)[0]["metrics"]
        sel = (panel == "wgan_gap_check") & (_col(r, "sigma") == sigma) & (_col(r, "t") == t)
        assert _col(r, "value", sel)[0] == pytest.approx(wg["min_nash_gap_closed_form"], rel=1e-9)
