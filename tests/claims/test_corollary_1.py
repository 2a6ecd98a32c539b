"""Claim corollary-1 (gantheory.claims.corollary_1): verdict, a mutation that must flip it, the summary line."""

from gantheory.claims import corollary_1
from gantheory.exact.w2gan_1d import W2GAN1D

P = {"sigma": 1.25, "t": 0.5, "eta": 0.5, "lam": 0.5, "tol": 1e-9, "seed": 0}


def test_fails_when_a_pe_generator_does_not_minimise(monkeypatch):
    ev = corollary_1.check(P)
    assert ev.verdict == "holds"
    assert corollary_1.CLAIMS[0].summary(ev.metrics) == (
        "1/1 searches found a PE; their W2 cost vs min: 0.03125 vs 0.03125")
    monkeypatch.setattr(W2GAN1D, "minimiser", lambda self: (0.5, 0.0))
    assert corollary_1.check(P).verdict == "fails"
