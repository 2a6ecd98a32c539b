"""gantheory sweep: tidy CSV and plot of a claim's metric over a grid; it reproduces the phase diagram's data."""

import csv
import json
from pathlib import Path

import pytest

from gantheory.cli import main
from gantheory.grid.sweep import Axis, parse_axis, points

ROOT = Path(__file__).resolve().parents[2]


def test_parse_axis_and_points():
    assert parse_axis("t=0.1:1:3") == Axis("t", 0.1, 1.0, 3, False)
    a = parse_axis("sigma=1.001:3:3:log")
    assert a.log and a.values()[0] == pytest.approx(1.001) and a.values()[-1] == pytest.approx(3.0)
    assert a.values()[1] == pytest.approx((1.001 * 3) ** 0.5)
    pts = points("theorem-1-wgan", [parse_axis("t=0.1:1:2"), parse_axis("sigma=1.5:2:3")], ["tol=1e-5"])
    assert len(pts) == 6 and all("tol=1e-5" in p for p in pts)


@pytest.mark.parametrize("argv, message", [
    (["--grid", "t=0:1"], "start:stop:n"),
    (["--grid", "t=a:1:2"], "must be numbers"),
    (["--grid", "t=0:1:0"], "n must be >= 1"),
    (["--grid", "t=0:1:2:log"], "log axis needs"),
    (["--grid", "q=0:1:2"], "has no parameter 'q'"),
    (["--grid", "sigma=0.5:0.9:2"], "outside the supported domain sigma in (1, "),
    (["--grid", "t=0.1:1:2", "--set", "t=0.2"], "swept by --grid"),
    ([], "at least one --grid"),
])
def test_bad_sweeps_one_line_exit_2(tmp_path, capsys, argv, message):
    rc = main(["sweep", "theorem-1-wgan", "--out", str(tmp_path / "o"), "--engine", "serial", *argv])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and message in err, err
    assert not (tmp_path / "o").exists()


def test_sweep_reproduces_the_phase_diagram_wgan_panel(tmp_path):
    """Two points of the committed phase diagram (figures/phase_diagram.csv, WGAN panel): the claim's closed-form
    minimal gap equals the figure's value (written to 10 significant digits) and lies in the certified bracket."""
    rows = [r for r in csv.DictReader(open(ROOT / "figures" / "phase_diagram.csv")) if r["panel"] == "wgan_gap"]
    sigmas = sorted({r["sigma"] for r in rows}, key=float)
    ts = sorted({r["t"] for r in rows}, key=float)
    sigma, t0, t1 = sigmas[20], ts[25], ts[30]
    want = {float(r["t"]): float(r["value"]) for r in rows if r["sigma"] == sigma and r["t"] in (t0, t1)}
    out = tmp_path / "sweep"
    rc = main(["sweep", "theorem-1-wgan", "--grid", f"t={t0}:{t1}:2:log", "--set", f"sigma={sigma}",
               "--metric", "min_nash_gap_closed_form", "--engine", "serial", "--out", str(out)])
    assert rc == 0
    got = list(csv.DictReader(open(out / "sweep.csv")))
    assert [float(g["t"]) for g in got] == pytest.approx(sorted(want))
    for g in got:
        nearest = min(want, key=lambda t: abs(t - float(g["t"])))
        assert float(g["min_nash_gap_closed_form"]) == pytest.approx(want[nearest], rel=1e-9)
        assert float(g["param.sigma"]) == float(sigma) and g["verdict"] == "holds"
        assert float(g["min_nash_gap_lower"]) <= float(g["min_nash_gap_closed_form"]) * (1 + 1e-6)
    assert (out / "sweep.png").stat().st_size > 0
    assert json.loads((out / "sweep.json").read_text())["metric"] == "min_nash_gap_closed_form"


def test_two_axes_heat_map_with_listed_values(tmp_path):
    """Listed values whose printed form is rounded (the claims report parameters to 12 digits) still land in
    their cells of the heat map."""
    from gantheory.grid.sweep import run_sweep, sweep_figure

    axes = [parse_axis("t=0.00668740304976422,0.3"), parse_axis("sigma=1.5:2:2")]
    res = run_sweep("theorem-1-wgan", axes, [], out=tmp_path, engine="serial", progress=False,
                    metric="min_nash_gap_closed_form")
    assert res["points"] == 4
    rows = list(csv.DictReader(open(tmp_path / "sweep.csv")))
    table = [{**r, "t": float(r["t"]), "sigma": float(r["sigma"]),
              "min_nash_gap_closed_form": float(r["min_nash_gap_closed_form"])} for r in rows]
    fig = sweep_figure(table, axes, "min_nash_gap_closed_form", "theorem-1-wgan")
    Z = fig.axes[0].collections[0].get_array()
    assert Z.count() == 4  # no cell left empty
    # the WGAN minimal gap E|t + Z| - E|Z| does not depend on sigma: both rows of the map agree
    gaps = {(r["t"], r["sigma"]): r["min_nash_gap_closed_form"] for r in table}
    for t in {r["t"] for r in table}:
        assert gaps[(t, 1.5)] == pytest.approx(gaps[(t, 2.0)], rel=1e-9)


def test_infinite_values_are_numbers_and_blank_cells():
    from gantheory.grid.sweep import _number, sweep_figure

    assert _number("inf") == float("inf") and _number(2) == 2.0 and _number(True) is None and _number("x") is None
    axes = [parse_axis("t=1,2"), parse_axis("sigma=3,4")]
    rows = [{"t": t, "sigma": s, "m": float("inf") if (t, s) == (2.0, 4.0) else t * s} for t in (1.0, 2.0)
            for s in (3.0, 4.0)]
    Z = sweep_figure(rows, axes, "m", "c").axes[0].collections[0].get_array()
    assert Z.count() == 3  # the infinite cell is masked
