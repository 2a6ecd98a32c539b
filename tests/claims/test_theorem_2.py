"""Claims theorem-2 and theorem-2-anisotropic (gantheory.claims.theorem_2): verdicts, computed notes, mutations
that must flip them, the summary lines."""

import math

import pytest

from gantheory.claims import theorem_2
from gantheory.exact.w2gan_1d import W2GAN1D

P = {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": 1e-9, "seed": 0}


def test_note_is_computed_from_the_threshold(monkeypatch):
    """The note says 'matches' only when the computed threshold agrees with sigma / (4 eta (sigma - 1))."""
    ev = theorem_2.check(P)
    assert ev.verdict == "holds"
    assert "matches sigma / (4 eta (sigma - 1))" in ev.notes[1]
    assert ev.metrics["lambda_threshold_relative_deviation"] <= 2e-3
    monkeypatch.setattr(theorem_2, "w2_threshold", lambda *a, **k: 4.46)
    ev = theorem_2.check(P)
    assert "matches" not in ev.notes[1] and "differs" in ev.notes[1]


def test_fails_for_a_generator_off_the_w2_minimiser(monkeypatch):
    monkeypatch.setattr(W2GAN1D, "minimiser", lambda self: (0.6, 0.1))
    ev = theorem_2.check(P)
    assert ev.verdict == "fails" and ev.metrics["pe_margin"] < -1e-3


def test_fails_if_its_lambda_is_moved_above_the_threshold(monkeypatch):
    """Mutation: a lambda 1.5x the computed threshold (instead of 1/(4 eta)) must make the check fail."""
    monkeypatch.setattr(theorem_2, "theorem2_lambda", lambda eta: 1.5 * 1.25 / (4 * eta * 0.25))
    ev = theorem_2.check(P)
    assert ev.verdict != "holds" and ev.metrics["pe_margin"] < -1e-6


def test_large_t():
    ev = theorem_2.check({**P, "t": 100.0})
    assert ev.verdict == "holds"
    assert abs(ev.metrics["lambda_threshold"] / 2.5 - 1) < 2e-3
    assert math.isfinite(ev.metrics["V_star"])


def test_anisotropic_claim():
    ev = theorem_2.check_anisotropic({**P, "sigma2": 2.0})
    assert ev.verdict == "holds"
    assert ev.metrics["lambda_threshold_aligned"] == pytest.approx(1.0, rel=2e-3)


def test_summaries():
    m = {"lambda": 0.5, "pe_margin": -2.77556e-17, "lambda_threshold": 2.50005, "lambda_threshold_conjecture": 2.5}
    assert theorem_2.summary(m) == "lambda = 0.5: PE margin -2.77556e-17; threshold 2.50005 (conjecture 2.5)"
    m = {"lambda": 0.5, "pe_margin": -2.22045e-16, "lambda_threshold_aligned": 1.0, "axis_formula": [2.5, 1.0]}
    assert theorem_2.summary_anisotropic(m) == ("lambda = 0.5: PE margin -2.22045e-16; aligned threshold 1 "
                                                "(axes: 2.5, 1)")
    assert [c.summary for c in theorem_2.CLAIMS] == [theorem_2.summary, theorem_2.summary_anisotropic]
