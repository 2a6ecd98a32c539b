"""proofs/fgan_proximal: every step verified; a wrong ingredient makes its step fail."""

import gantheory.proofs.fgan_proximal as fp
import sympy as sp


def statuses(m):
    return [s["status"] for s in m.PROOF.run()["steps"]]


def test_fgan_proximal_all_pass(proof):
    """The session's run of the proof at its defaults (tests/conftest.py)."""
    st = [s["status"] for s in proof.default_run("fgan_proximal")["steps"]]
    assert "failed" not in st and st.count("verified") == 10


def test_fgan_wrong_threshold_fails(monkeypatch):
    monkeypatch.setattr(fp, "THRESHOLD_KL", fp.SIG**2 / (fp.SIG**2 - 1))
    assert statuses(fp)[8] == "failed"


def test_fgan_wrong_conjugate_fails(monkeypatch):
    monkeypatch.setattr(fp, "F_CONJ_KL", sp.exp(fp.y))
    st = statuses(fp)
    assert st[1] == "failed" and st[5] == "failed"
