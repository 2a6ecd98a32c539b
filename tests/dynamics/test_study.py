"""The study grid behind finding-dynamics (gantheory.dynamics.study)."""

import pytest

from gantheory.dynamics.study import format_table, study


def test_study_tables():
    w2 = study("w2gan")
    rows = {(r["method"], r["lam"], r["gamma"], r["inner_step"]): r for r in w2["rows"]}
    assert rows[("gda-sim", None, 0.02, "gamma")]["label"] == "converges"
    assert rows[("gda-alt", None, 0.3, "gamma")]["label"] == "cycles"
    # lam = 10 with gamma_D = 0.02: the inner loop is unstable (gamma_D L > 2) and leaves a < eta at once
    assert rows[("algorithm1", 10.0, 0.02, "gamma")]["diverged_at"] == 1
    assert rows[("algorithm1", 10.0, 0.02, "1/L")]["label"] == "converges"
    wg = study("wgan", {"steps": 1000})
    assert all(r["label"] == "cycles" for r in wg["rows"] if r["method"].startswith("gda"))
    assert "algorithm1" in format_table(wg)
    with pytest.raises(ValueError):
        study("wgan", {"eta": 0.5})
