"""benchmarks/compare_check_json.py on synthetic documents: it passes identical outputs, flags a changed verdict,
a metric moved beyond 1e-12 and a metric beyond its listed tolerance, ignores timings, and exits 1 on a
violation."""

import copy
import importlib.util
import json
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "compare_check_json.py"


@pytest.fixture(scope="module")
def cmp():
    spec = importlib.util.spec_from_file_location("compare_check_json", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["compare_check_json"] = mod  # dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def doc():
    return {"claims": [
        {"id": "theorem-1-wgan", "verdict": "holds", "params": {"sigma": 1.25}, "seconds": 0.3,
         "metrics": {"min_nash_gap_lower": 0.1974, "search_gap": 0.19745, "certificate_converged": True,
                     "argmin_generator": {"w": 1.0, "u": 0.0}, "rows": [1.0, "inf"]}},
        {"id": "theorem-1-fgan", "verdict": "holds", "params": {"dim": 2}, "seconds": 2.0,
         "metrics": {"seconds": {"kl": 1.0}, "min_nash_gap_lower": {"kl": 0.05}}},
    ], "provenance": {"git_revision": "abc"}, "seconds": 3.0}


def test_identical_documents_pass(cmp):
    problems, changes = cmp.compare_documents(doc(), doc())
    assert problems == [] and changes == []


def test_timings_and_provenance_are_excluded(cmp):
    b = doc()
    b["seconds"], b["provenance"]["git_revision"] = 99.0, "def"
    b["claims"][0]["seconds"] = 7.0
    b["claims"][1]["metrics"]["seconds"]["kl"] = 50.0
    assert cmp.compare_documents(doc(), b) == ([], [])


def test_changed_verdict_is_a_problem(cmp):
    b = doc()
    b["claims"][0]["verdict"] = "inconclusive"
    problems, _ = cmp.compare_documents(doc(), b)
    assert problems == ["theorem-1-wgan: verdict holds -> inconclusive"]


def test_closed_form_metric_moved_beyond_1e_12_is_a_violation(cmp):
    b = doc()
    b["claims"][0]["metrics"]["min_nash_gap_lower"] *= 1 + 1e-10
    _, changes = cmp.compare_documents(doc(), b)
    assert [(c.path, c.violation) for c in changes] == [("theorem-1-wgan/min_nash_gap_lower", True)]
    assert changes[0].rel == pytest.approx(1e-10, rel=1e-3)
    c = copy.deepcopy(doc())
    c["claims"][0]["metrics"]["min_nash_gap_lower"] *= 1 + 1e-14  # below 1e-12: reported, not a violation
    _, changes = cmp.compare_documents(doc(), c)
    assert [(ch.path, ch.violation) for ch in changes] == [("theorem-1-wgan/min_nash_gap_lower", False)]


def test_listed_metric_uses_its_tolerance(cmp):
    within, beyond = doc(), doc()
    within["claims"][0]["metrics"]["search_gap"] *= 1 + 5e-4  # the search's 1e-3
    beyond["claims"][0]["metrics"]["search_gap"] *= 1 + 5e-3
    _, ch_in = cmp.compare_documents(doc(), within)
    _, ch_out = cmp.compare_documents(doc(), beyond)
    assert [c.violation for c in ch_in] == [False] and [c.violation for c in ch_out] == [True]
    assert "quadrature" in ch_in[0].cause


def test_non_numeric_and_structure_changes_are_violations(cmp):
    b = doc()
    b["claims"][0]["metrics"]["certificate_converged"] = False
    b["claims"][0]["metrics"]["rows"] = [1.0, 2.0]  # 'inf' -> 2.0
    del b["claims"][0]["metrics"]["argmin_generator"]["u"]
    _, changes = cmp.compare_documents(doc(), b)
    assert {c.path for c in changes if c.violation} == {
        "theorem-1-wgan/certificate_converged", "theorem-1-wgan/rows/1", "theorem-1-wgan/argmin_generator/u"}


def test_command_line_exit_status(cmp, tmp_path, capsys):
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(doc()))
    b.write_text(json.dumps(doc()))
    assert cmp.main([str(a), str(b)]) == 0
    moved = doc()
    moved["claims"][1]["metrics"]["min_nash_gap_lower"]["kl"] = 0.06
    b.write_text(json.dumps(moved))
    assert cmp.main([str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "VIOLATION: theorem-1-fgan/min_nash_gap_lower/kl: 0.05 -> 0.06" in out
    assert cmp.main([str(a), str(tmp_path / "missing.json")]) == 2
