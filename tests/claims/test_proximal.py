"""Claims of Section 4 (gantheory.claims.proximal): scale of the worst-generator search, computed notes."""

import numpy as np

from gantheory.claims import proximal
from gantheory.proximal.equilibrium import u_nodes


def test_lambda_threshold_is_non_increasing_in_t():
    """G* and D* do not depend on t and the feasible set only grows with it, so lambda* cannot rise with
    t; a screening grid spread over [-t, t] alone missed the small |u| at t = 50 (lambda* = 4.46)."""
    thresholds = []
    for t in (0.1, 0.5, 2.0, 8.0, 50.0):
        game = proximal.W2Game1D(1.25, t, 0.5)
        thresholds.append(proximal.w2_threshold(game, 1.0, 0.0, 1e-9))
    for a, b in zip(thresholds, thresholds[1:], strict=False):
        assert b <= a * (1 + 2e-3), thresholds  # the bisection's resolution: 1e-3 in log lambda
    # and at t = 50 it is still sigma / (4 eta (sigma - 1)) = 2.5 (the small-|u| generators set it)
    assert abs(thresholds[-1] / 2.5 - 1) < 2e-3, thresholds


def test_u_nodes_resolve_unit_scale_whatever_t():
    for t in (0.3, 1.0, 50.0, 1e6):
        nodes = u_nodes(t, 41)
        inner = nodes[np.abs(nodes) <= min(t, 1.0)]
        assert nodes.min() == -t and nodes.max() == t
        assert np.max(np.diff(inner)) <= 2 * min(t, 1.0) / 40 + 1e-12


def test_theorem2_note_is_computed_from_the_threshold(monkeypatch):
    """The note says 'matches' only when the computed threshold agrees with sigma / (4 eta (sigma - 1))."""
    p = {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": 1e-9, "seed": 0}
    ev = proximal.check_theorem2(p)
    assert ev.verdict == "holds"
    assert "matches sigma / (4 eta (sigma - 1))" in ev.notes[1]
    assert ev.metrics["lambda_threshold_relative_deviation"] <= 2e-3
    monkeypatch.setattr(proximal, "w2_threshold", lambda *a, **k: 4.46)
    ev = proximal.check_theorem2(p)
    assert "matches" not in ev.notes[1] and "differs" in ev.notes[1]


def test_threshold_finding_note_follows_the_numbers(monkeypatch):
    ev = proximal.check_threshold_formula({"tol": 1e-9})
    assert ev.metrics["max_relative_deviation_from_formula"] <= 2e-3
    assert ev.notes[0].startswith("threshold = sigma / (4 eta (sigma - 1)) within")
    monkeypatch.setattr(proximal, "lambda_threshold", lambda *a, **k: 4.46)
    ev = proximal.check_threshold_formula({"tol": 1e-9})
    assert "differs" in ev.notes[0] and "conservative" not in ev.notes[0]
