"""Trajectory configurations (the step-size rule), the kept iterations, and labelled runs re-run one by one."""

from __future__ import annotations

import numpy as np
import pytest

from gantheory.dynamics import classify, make_game, run
from gantheory.dynamics.study import GAME_DEFAULTS, start_point
from gantheory.dynamics.trajectories import kept_steps, labelled_runs, trajectory_configs


def test_kept_steps():
    assert np.array_equal(kept_steps(50), np.arange(51))
    assert np.array_equal(kept_steps(300), np.arange(301))  # stride ceil(200 / 400) = 1
    ks = kept_steps(2000)  # stride ceil(1900 / 400) = 5, odd
    assert np.array_equal(ks, np.concatenate([np.arange(101), np.arange(105, 2001, 5)]))
    ks = kept_steps(1702)  # stride ceil(1602 / 400) = 5
    assert ks[-1] == 1702 and np.array_equal(np.diff(ks[101:-1]), np.full(len(ks) - 103, 5))
    ks = kept_steps(1700)  # stride ceil(1600 / 400) = 4, made odd: 5
    assert np.all(np.diff(ks[100:-1]) == 5) and ks[-1] == 1700


def test_configs_follow_the_step_size_rule():
    p = GAME_DEFAULTS["w2gan"]
    game = make_game("w2gan", **p)
    cs = trajectory_configs(game, 0.3, (0.5, 10.0), 20)
    assert [c["method"] for c in cs] == ["gda-sim", "gda-alt", "algorithm1", "algorithm1"]
    s, eta = p["sigma"], p["eta"]
    for c in cs:  # L_lam = 2 sigma^3 / eta + 8 sigma^2 lam at (G*, D*) (gantheory.dynamics.study)
        lam = c.get("lam", 0.0)
        assert c["gamma_G"] == 0.3
        assert c["gamma_D"] == pytest.approx(min(0.3, 1 / (2 * s**3 / eta + 8 * s * s * lam)), rel=1e-12)
    assert cs[2]["T"] == 20 and cs[3]["lam"] == 10.0


@pytest.mark.parametrize("name", ["w2gan", "wgan"])
def test_labelled_runs_equal_single_runs(name):
    game = make_game(name, **GAME_DEFAULTS[name])
    start = start_point(game, 3, 0.05)
    runs = labelled_runs(game, 0.1, (0.5,), 5, 60, start)
    assert len(runs) == 3
    for r in runs:
        c = r.config
        tr = run(game, c["method"], lam=c.get("lam", 0.0), gamma_G=c["gamma_G"], gamma_D=c["gamma_D"],
                 T=c.get("T", 1), steps=60, start=start)
        assert np.allclose(tr.iterates, r.trajectory.iterates, rtol=1e-12, atol=1e-14, equal_nan=True)
        assert r.label == classify(tr)
