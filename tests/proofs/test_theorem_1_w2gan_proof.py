"""The W2GAN proof of Theorem 1: every step verified; a wrong ingredient makes its step fail."""

import gantheory.proofs.theorem_1_w2gan as m


def statuses():
    return [s["status"] for s in m.PROOF.run()["steps"]]


def test_all_steps_pass(proof):
    """The session's run of the proof at its defaults (tests/conftest.py)."""
    st = [s["status"] for s in proof.default_run("theorem_1_w2gan")["steps"]]
    assert "failed" not in st and st.count("verified") == 8


def test_wrong_brenier_slope_fails(monkeypatch):
    monkeypatch.setattr(m, "BRENIER_SLOPE", m.SIG / m.S)  # inverted slope
    st = statuses()
    assert st[1] == "failed" and st[2] == "failed"


def test_wrong_c_transform_fails(monkeypatch):
    monkeypatch.setattr(m, "C_TRANSFORM", (m.b + 2 * m.ETA * m.y) ** 2 / (2 * (m.ETA - m.a)) - m.ETA * m.y**2)
    assert statuses()[0] == "failed"


def test_wrong_curvature_fails(monkeypatch):
    monkeypatch.setattr(m, "K", m.ETA * m.SIG / m.S + m.ETA)  # sign of the -eta term flipped
    st = statuses()
    assert st[4] == "failed" and st[6] == "failed"
