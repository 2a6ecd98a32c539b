"""gantheory.claims.mixed_equilibrium: verdicts and numbers at the defaults, and outside the proven regimes."""

from __future__ import annotations

import math

import pytest

from gantheory.claims.mixed_equilibrium import CLAIMS

BY_ID = {c.id: c for c in CLAIMS}


def _run(cid, **over):
    c = BY_ID[cid]
    return c.check(c.resolve(over))


def test_wgan_defaults_hold_with_the_closed_form_value():
    ev = _run("mixed-equilibrium-wgan")
    m = ev.metrics
    assert ev.verdict == "holds" and m["mixed_nash_gap_upper"] <= 1e-6
    # hidden-reference style: the value in closed form, sigma sqrt(2/pi) - E|t + Z| at sigma = 1.25, t = 0.5
    r = math.sqrt(2 / math.pi)
    closed = 1.25 * r - (r * math.exp(-0.125) + 0.5 * math.erf(0.5 / math.sqrt(2)))
    assert m["mixed_value"] == pytest.approx(closed, abs=1e-10)
    assert m["pure_min_nash_gap_lower"] > 0.0977 > m["mixed_nash_gap_upper"]
    assert BY_ID["mixed-equilibrium-wgan"].summary(m).startswith("mixed value 0.10176")


def test_fgan_pure_certificate_is_one_set_away():
    summary = BY_ID["mixed-equilibrium-fgan"].summary
    ev = _run("mixed-equilibrium-fgan")
    m = ev.metrics
    assert ev.verdict == "holds" and m["pure_min_nash_gap_lower"] == {"kl": None, "js": None}
    assert "pure >=" not in summary(m) and m["mixed_nash_gap_upper"] == {"kl": 0.0, "js": 0.0}
    ev = _run("mixed-equilibrium-fgan", pure_certificate=1)
    lower = ev.metrics["pure_min_nash_gap_lower"]
    # the pure games have no equilibrium (Theorem 1): their certified minimal gaps are positive
    assert ev.verdict == "holds" and lower["kl"] > 0.069 and lower["js"] > 0.0247 and "pure >=" in summary(ev.metrics)


def test_w2gan_outside_the_regime_is_inconclusive():
    ev = _run("mixed-equilibrium-w2gan", t=0.65, max_seconds=1.0)
    assert ev.verdict == "inconclusive" and ev.metrics["mixed_nash_gap_upper"] == math.inf


def test_wgan_beyond_the_corner_regime_holds_with_the_plateau():
    ev = _run("mixed-equilibrium-wgan", t=0.7)
    m = ev.metrics
    assert ev.verdict == "holds" and m["mixed_nash_gap_upper"] <= 1e-6 and not m["corner_regime"]
    plateau = [a for a in m["support"] if "plateau" in a]
    assert len(plateau) == 1 and 0 < plateau[0]["a"] <= 0.7 and sum(a["weight"] for a in m["support"]) == \
        pytest.approx(1.0, abs=1e-12)
    # the value lies below the corner mixture's W1 (0.0199930 at t = 0.7): the plateau helps the generator
    assert 0.0178 < m["mixed_value"] < 0.019993
    assert "plateau on [-0.475, 0.475]" in BY_ID["mixed-equilibrium-wgan"].summary(m)


def test_summary_of_an_unbounded_gap_is_text():
    ev = _run("mixed-equilibrium-w2gan", t=0.65, max_seconds=1.0)
    # the JSON-safe metrics carry inf as text; the summary prints it
    metrics = {k: ("inf" if isinstance(v, float) and math.isinf(v) else v) for k, v in ev.metrics.items()}
    assert "gap <= inf" in BY_ID["mixed-equilibrium-w2gan"].summary(metrics)
    assert "attained" in " ".join(ev.notes)
