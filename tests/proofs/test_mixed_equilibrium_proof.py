"""proofs/mixed_equilibrium: every step passes, and a wrong regime threshold makes its step fail."""

from __future__ import annotations

import importlib

import sympy as sp


def _failing(mod) -> set[str]:
    steps = mod.PROOF.run()["steps"]
    return {st.check.__name__ for st, r in zip(mod.PROOF.steps, steps, strict=True)
            if r["status"] == "failed" and st.check}


def test_proof_passes_and_thresholds_matter(monkeypatch):
    mod = importlib.import_module("gantheory.proofs.mixed_equilibrium")
    r = mod.PROOF.run()
    assert r["counts"]["failed"] == 0 and r["counts"]["verified"] == 12
    monkeypatch.setattr(mod, "WGAN_T2", sp.log(mod.SIG))
    monkeypatch.setattr(mod, "LOGCONCAVE_T2", 1 - 1 / mod.SIG)
    assert {"_wgan_crossing_regime", "_ratio_logconvex", "_caffarelli_threshold"} <= _failing(mod)
