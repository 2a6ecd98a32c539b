"""Claim proposition-2 (gantheory.claims.proposition_2): verdict, a mutation that must flip it, the summary line."""

from gantheory.claims import proposition_2
from gantheory.exact.w2gan_1d import W2GAN1D

P = {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": 1e-9}


def test_fails_when_definition_and_proposition_disagree(monkeypatch):
    ev = proposition_2.check(P)
    assert ev.verdict == "holds"
    assert proposition_2.CLAIMS[0].summary(ev.metrics) == (
        "Def. 1 and Prop. 2 agree on 4/4 pairs (1 inside the PE set)")
    real = W2GAN1D.value
    monkeypatch.setattr(W2GAN1D, "value", lambda self, *a: real(self, *a) - 0.05)
    assert proposition_2.check(P).verdict == "fails"
