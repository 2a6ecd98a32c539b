"""Claim proposition-3 (gantheory.claims.proposition_3): verdict, a mutation that must flip it, the summary line."""

import numpy as np

from gantheory.claims import proposition_3
from gantheory.proximal import thresholds

P = {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": 1e-9}


def test_fails_when_the_pe_sets_are_not_nested(monkeypatch):
    ev = proposition_3.check(P)
    assert ev.verdict == "holds"
    assert proposition_3.CLAIMS[0].summary(ev.metrics) == "nested: True; a pair drops out as lambda grows: True"
    real = thresholds.pe_w2
    # a PE test that flips with lambda on a grid: PE_lam2 no longer inside PE_lam1
    monkeypatch.setattr(thresholds, "pe_w2", lambda game, lam, *a, **k: (bool(int(round(np.log(lam) * 3)) % 2),
                                                                         real(game, lam, *a, **k)[1]))
    assert proposition_3.check(P).verdict == "fails"
