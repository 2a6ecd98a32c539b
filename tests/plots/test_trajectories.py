"""The trajectories figure at size="smoke": columns, and every run re-simulated on its own by gda.run."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gantheory.dynamics import classify, make_game, run
from gantheory.dynamics.study import GAME_DEFAULTS, start_point
from gantheory.plots import trajectories as fig


@pytest.fixture(scope="module")
def data(smoke_compute) -> fig.TrajectoryData:
    return smoke_compute.compute(fig, "smoke", 0)


def test_columns_and_caption(data):
    r = fig.draw(data)
    assert list(r.data) == list(fig.COLUMNS) and r.seeds == [0] and r.figure.axes
    assert f"{fig.STEPS['smoke']} steps" in r.caption
    assert fig.series_name({"method": "gda-sim"}) == "gda-sim"
    assert fig.series_name({"method": "algorithm1", "lam": 0.5}) == "Algorithm 1, lam = 0.5"


def test_runs_match_gda_run(data):
    """Rerun each configuration with gda.run and compare the end points and labels."""
    t_ = data.table
    games = np.array(t_["game"])
    series = np.array(t_["series"])
    k = np.array(t_["k"])
    steps = int(k.max())
    assert steps == fig.STEPS["smoke"]
    for g in ("w2gan", "wgan"):
        game = make_game(g, **GAME_DEFAULTS[g])
        start = start_point(game, 0, 0.05)
        assert data.starts[g] == start
        for s in np.unique(series[games == g]):
            sel = (games == g) & (series == s)
            i = np.flatnonzero(sel)[-1]
            assert k[i] == steps
            lam = t_["lam"][i]
            tr = run(game, t_["method"][i], lam=0.0 if math.isnan(lam) else lam, gamma_G=t_["gamma_G"][i],
                     gamma_D=t_["gamma_D"][i], T=t_["T"][i], steps=steps, start=start)
            assert classify(tr) == t_["label"][i]
            assert np.allclose(tr.iterates[-1], [t_[c][i] for c in ("w", "u", "p", "q")], rtol=1e-9, atol=1e-12)
            if t_["label"][i] == "converges":
                assert t_["distance"][i] < 1e-6


def test_seed_is_recorded():
    r = fig.make(size="smoke", seed=1, data_spec=None, workdir=None)
    game = make_game("w2gan", **GAME_DEFAULTS["w2gan"])
    assert r.seeds == [1] and r.params["starts"]["w2gan"] == list(start_point(game, 1, 0.05))
