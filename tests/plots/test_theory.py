"""The theory figure recipes at size="smoke": columns, finiteness, and one independent check per figure."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy import special

from gantheory.plots.base import FigureResult, read_table, write
from gantheory.plots.theory import (
    THEORY_FIGURES,
    make_fig3_proximal_gap,
    make_landscape_theorem1,
    make_phase_diagram,
    make_trajectories,
)

COLUMNS = {
    "fig3_proximal_gap": ["panel", "lam", "gap", "dip", "worst_s", "worst_u", "is_pe", "v_star", "nash_level",
                          "stackelberg_level", "theorem_lambda", "lambda_threshold", "lambda_formula"],
    "landscape_theorem1": ["panel", "game", "sigma", "t", "s", "u", "gap", "lower_bound", "is_minimiser"],
    "phase_diagram": ["panel", "sigma", "t", "value", "reference", "search_min", "certified_lower"],
    "trajectories": ["game", "series", "method", "lam", "T", "gamma_G", "gamma_D", "k", "w", "u", "p", "q",
                     "distance", "label"],
}


@pytest.fixture(scope="module")
def results() -> dict[str, FigureResult]:
    return {spec.name: spec.make(size="smoke", seed=0) for spec in THEORY_FIGURES}


def test_registry():
    assert [s.name for s in THEORY_FIGURES] == list(COLUMNS)
    assert all(s.kind == "theory" and s.claim for s in THEORY_FIGURES)
    with pytest.raises(ValueError):
        make_fig3_proximal_gap(size="huge")


@pytest.mark.parametrize("name", list(COLUMNS))
def test_columns_and_caption(results, name):
    r = results[name]
    assert isinstance(r, FigureResult)
    assert list(r.data) == COLUMNS[name]
    assert len(r.data[COLUMNS[name][0]]) > 0
    assert r.caption and r.seeds == [0]
    assert r.figure.axes


def _col(r, c, mask=None):
    a = np.array(r.data[c], dtype=float)
    return a if mask is None else a[mask]


def test_fig3_levels_and_threshold(results):
    """The lam -> inf end approaches the closed-form Nash level; the W2GAN threshold equals the formula."""
    r = results["fig3_proximal_gap"]
    panel = np.array(r.data["panel"])
    for col in ("lam", "gap", "worst_s", "worst_u", "nash_level"):
        assert np.all(np.isfinite(_col(r, col)))
    sigma, t, eta = 1.25, 0.5, 0.5  # the theorem-2 / theorem-3 claims' defaults
    w2 = panel == "w2gan"
    nash_w2 = -eta * (sigma - 1) * t * t  # -(Nash gap at (G*, D*)), proofs/theorem_1_w2gan
    assert np.allclose(_col(r, "nash_level", w2), nash_w2, rtol=1e-9)
    gap = _col(r, "gap", w2)
    lam = _col(r, "lam", w2)
    # lam = 1e3: V_prox -> V as lam -> inf, the distance to the Nash level shrinks like 1/lam (~0.1/lam here)
    assert abs(gap[-1] - nash_w2) < 1e-2 * abs(nash_w2)
    assert abs(gap[-1] - nash_w2) < abs(gap[-2] - nash_w2)
    thr = _col(r, "lambda_threshold", w2)[0]
    assert abs(thr / (sigma / (4 * eta * (sigma - 1))) - 1) < 5e-3  # bisection rel_tol 1e-3 on log lam
    assert thr >= 1 / (4 * eta)  # Theorem 2
    # Proposition 2: PE exactly where lam <= threshold (on the grid)
    assert np.array_equal(np.array(r.data["is_pe"])[w2], lam <= thr)
    wg = panel == "wgan"

    def m(x):  # E|x + Z|, the folded-normal mean
        return x * special.erf(x / math.sqrt(2)) + math.sqrt(2 / math.pi) * math.exp(-x * x / 2)

    nash_wg = -(m(t) - m(0.0))  # proofs/theorem_1_wgan
    assert np.allclose(_col(r, "nash_level", wg), nash_wg, rtol=1e-9)
    assert abs(_col(r, "gap", wg)[-1] - nash_wg) < 0.01 * abs(nash_wg)  # lam = 100
    assert np.all(_col(r, "gap") <= 1e-9)  # V_prox(G*, D*) = V*: the minimum over G is never above V*


def test_landscape_minimum_above_lower_bound(results):
    r = results["landscape_theorem1"]
    panel = np.array(r.data["panel"])
    gap = _col(r, "gap")
    assert not np.any(np.isnan(gap))
    is_min = np.array(r.data["is_minimiser"])
    for p in ("theorem1_kl", "theorem1_js", "theorem1_wgan", "theorem1_w2gan"):
        sel = panel == p
        lower = _col(r, "lower_bound", sel)[0]
        assert lower > 0
        assert np.nanmin(gap[sel]) >= lower * (1 - 1e-9)  # certified / proven lower bound
        gmin = gap[sel & is_min][0]
        assert gmin == np.nanmin(gap[sel])
    sel = (panel == "theorem1_w2gan") & is_min
    assert gap[sel][0] == pytest.approx(0.5 * 0.25 * 0.25, rel=1e-9)  # eta (sigma - 1) t^2
    for p in ("remark1_wgan", "remark1_w2gan"):
        sel = panel == p
        assert np.all(np.isfinite(gap[sel])) and np.min(gap[sel]) <= 1e-12 and np.all(gap[sel] >= -1e-12)


def test_phase_diagram_closed_forms(results):
    r = results["phase_diagram"]
    panel = np.array(r.data["panel"])
    for col in ("sigma", "t", "value", "reference"):
        assert np.all(np.isfinite(_col(r, col)))
    eta = 0.5
    sel = panel == "w2gan_threshold"
    sigma = _col(r, "sigma", sel)
    t = _col(r, "t", sel)
    thr = _col(r, "value", sel)
    formula = sigma / (4 * eta * (sigma - 1))  # the threshold the claims found
    # bisection on log lam to 1e-3; larger t: the dip just above lam* is O((lam - lam*)^2), resolved to ~5%
    assert np.all(np.abs(thr / formula - 1) < np.where(t <= 0.5, 5e-3, 5e-2))
    sel = panel == "w2gan_gap"
    s2, t2 = _col(r, "sigma", sel), _col(r, "t", sel)
    assert np.allclose(_col(r, "value", sel), eta * (s2 - 1) * t2**2, rtol=1e-8)
    for p in ("wgan_gap_check", "w2gan_gap_check"):
        sel = panel == p
        assert np.all(_col(r, "search_min", sel) >= _col(r, "value", sel) * (1 - 1e-9))


def test_trajectories_match_classify(results):
    """Rerun each configuration with gda.run and compare the end points and labels."""
    from gantheory.dynamics import classify, make_game, run
    from gantheory.dynamics.study import GAME_DEFAULTS, start_point

    r = results["trajectories"]
    games = np.array(r.data["game"])
    series = np.array(r.data["series"])
    k = _col(r, "k")
    steps = int(k.max())
    for g in ("w2gan", "wgan"):
        game = make_game(g, **GAME_DEFAULTS[g])
        start = start_point(game, 0, 0.05)
        for s in np.unique(series[games == g]):
            sel = (games == g) & (series == s)
            i = np.flatnonzero(sel)[-1]
            assert k[i] == steps
            lam = r.data["lam"][i]
            tr = run(game, r.data["method"][i], lam=0.0 if math.isnan(lam) else lam, gamma_G=r.data["gamma_G"][i],
                     gamma_D=r.data["gamma_D"][i], T=r.data["T"][i], steps=steps, start=start)
            assert classify(tr) == r.data["label"][i]
            assert np.allclose(tr.iterates[-1], [r.data[c][i] for c in ("w", "u", "p", "q")], rtol=1e-9, atol=1e-12)
            if r.data["label"][i] == "converges":
                assert r.data["distance"][i] < 1e-6


def test_write_and_read_back(results, tmp_path: Path):
    r = results["fig3_proximal_gap"]
    paths = write("fig3_proximal_gap", r, tmp_path, command="test", seconds=0.0, size="smoke", version="test")
    assert all(p.exists() for p in paths)
    table = read_table(tmp_path / "fig3_proximal_gap.csv")
    assert list(table) == list(r.data)
    assert len(table["lam"]) == len(r.data["lam"])
    assert np.allclose(np.array(table["gap"], dtype=float), r.data["gap"], rtol=1e-9, atol=1e-300)


def test_sizes_are_consistent():
    """The recipes take the documented keyword arguments (data_spec, workdir ignored for theory)."""
    r = make_trajectories(size="smoke", seed=1, data_spec=None, workdir=None)
    assert r.seeds == [1]
    assert make_landscape_theorem1.__doc__ and make_phase_diagram.__doc__


def test_phase_diagram_data_comes_from_the_sweep_engine(monkeypatch):
    """Every phase-diagram point is a ``phase_point`` evaluated by the sweep engine (``map_points``), and the
    figure's numbers are those the engine returned; the minimal gaps equal the claims' closed-form metrics run
    directly through the claims registry."""
    import gantheory.plots.theory as theory
    from gantheory.claims.registry import run_claims
    from gantheory.grid import sweep

    calls = []

    def spy(fn, args, **kw):
        calls.append((fn, list(args), kw))
        return sweep.map_points(fn, args, **kw)

    monkeypatch.setattr(theory, "map_points", spy)
    r = make_phase_diagram(size="smoke", seed=0)
    g = theory.PHASE_GRID["smoke"]
    assert len(calls) == 1
    fn, args, kw = calls[0]
    assert fn is theory.phase_point and kw["engine"] == "serial"
    assert len(args) == g["fine"] ** 2 + g["coarse_sigma"] * g["coarse_t"]
    panel = np.array(r.data["panel"])
    fine = [a for a in args if a[0] == "fine"]
    coarse = [a for a in args if a[0] == "coarse"]
    # the figure's fine panels, row by row, are the engine's points in order
    assert np.array_equal(_col(r, "sigma", panel == "wgan_gap"), [a[1] for a in fine])
    assert np.array_equal(_col(r, "t", panel == "w2gan_gap"), [a[2] for a in fine])
    assert np.array_equal(_col(r, "t", panel == "w2gan_threshold"), [a[2] for a in coarse])
    # a poisoned engine shows through: the data is what map_points returns, not recomputed elsewhere
    monkeypatch.setattr(theory, "map_points", lambda fn, args, **kw: [
        {**fn(*a), "wgan": 7.0 + i} for i, a in enumerate(args)])
    r2 = make_phase_diagram(size="smoke", seed=0)
    p2 = np.array(r2.data["panel"])
    assert np.array_equal(_col(r2, "value", p2 == "wgan_gap"), 7.0 + np.arange(len(fine)))
    # against the claims run directly, on two coarse points
    for a in coarse[:2]:
        sigma, t = a[1], a[2]
        sel = (panel == "w2gan_gap_check") & (_col(r, "sigma") == sigma) & (_col(r, "t") == t)
        over = [f"sigma={float(sigma)!r}", f"t={float(t)!r}"]
        w2 = run_claims(["theorem-1-w2gan"], over, jobs=1)[0]["metrics"]
        assert _col(r, "value", sel)[0] == pytest.approx(w2["min_nash_gap_closed_form"], rel=1e-9)
        wg = run_claims(["theorem-1-wgan"], over, jobs=1)[0]["metrics"]
        sel = (panel == "wgan_gap_check") & (_col(r, "sigma") == sigma) & (_col(r, "t") == t)
        assert _col(r, "value", sel)[0] == pytest.approx(wg["min_nash_gap_closed_form"], rel=1e-9)
