"""proofs/theorem_3_beyond: every step verified; a wrong ingredient makes its step fail."""

import gantheory.proofs.theorem_3_beyond as t3
import sympy as sp


def statuses(m):
    return [s["status"] for s in m.PROOF.run()["steps"]]


def test_theorem3_beyond_all_pass(proof):
    """The session's run of the proof at its defaults (tests/conftest.py)."""
    st = [s["status"] for s in proof.default_run("theorem_3_beyond")["steps"]]
    assert "failed" not in st and st.count("verified") == 10


def test_theorem3_beyond_wrong_ingredients_fail(monkeypatch):
    monkeypatch.setattr(t3, "PAYOFF_EXPONENT", 2)
    assert statuses(t3)[3] == "failed"
    monkeypatch.setattr(t3, "ALPHA2", t3.t1**2 + t3.t2**2)
    assert statuses(t3)[1] == "failed"


def test_theorem3_counterexample_steps_fail_when_broken(monkeypatch):
    monkeypatch.setattr(t3, "LIPSCHITZ", 2)  # a 2-Lipschitz D could tilt across the square
    assert statuses(t3)[10] == "failed"
    monkeypatch.undo()
    monkeypatch.setattr(t3, "Q_", sp.Integer(4))  # q = 4: the deviation no longer beats W1(G*)
    assert statuses(t3)[11] == "failed"
