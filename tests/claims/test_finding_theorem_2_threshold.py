"""Finding finding-theorem-2-threshold (gantheory.claims.finding_theorem_2_threshold): the note follows the
numbers, the summary line."""

from gantheory.claims import finding_theorem_2_threshold as f
from gantheory.proximal import thresholds


def test_note_follows_the_numbers(monkeypatch):
    ev = f.check({"tol": 1e-9})
    assert ev.metrics["max_relative_deviation_from_formula"] <= 2e-3
    assert ev.notes[0].startswith("threshold = sigma / (4 eta (sigma - 1)) within")
    assert f.CLAIMS[0].summary(ev.metrics).startswith("threshold vs sigma/(4 eta (sigma - 1)) on 3 settings: max rel. "
                                                      "deviation ")
    monkeypatch.setattr(thresholds, "lambda_threshold", lambda *a, **k: 4.46)
    ev = f.check({"tol": 1e-9})
    assert "differs" in ev.notes[0] and "conservative" not in ev.notes[0]
