"""Claim theorem-3 (gantheory.claims.theorem_3): verdict, a mutation that must flip it, the summary line."""

from gantheory.claims import theorem_3
from gantheory.proximal import wgan as pw

P = {"sigma": 1.25, "t": 0.5, "tol": 1e-9}


def test_fails_when_the_proximal_value_dips(monkeypatch):
    ev = theorem_3.check(P)
    assert ev.verdict == "holds"
    assert theorem_3.CLAIMS[0].summary(ev.metrics).startswith("Gaussian game: inf alpha^2 = 0, lambda threshold 0; "
                                                             "premise instance PE True, Nash gap ")
    real = pw.prox_value
    monkeypatch.setattr(pw, "prox_value", lambda *a, **k: real(*a, **k) - 0.01)
    assert theorem_3.check(P).verdict == "fails"
