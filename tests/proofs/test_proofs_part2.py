"""Proofs of Proposition 2 and Theorem 3 (the other proofs of Section 4 have their own test modules): every step
passes or names an existing claim, and mutating a key ingredient (a constant such as 1/(4 eta), a sign, an exponent)
makes a specific step fail."""

from __future__ import annotations

import importlib

import pytest

from gantheory.claims.registry import REGISTRY

IDS = {"proposition_2": "proposition-2", "theorem_3": "theorem-3"}


def _mod(name):
    return importlib.import_module(f"gantheory.proofs.{name}")


def _failing(mod) -> set[str]:
    """Names of the check functions whose steps fail in one run of mod.PROOF (numeric steps have no check)."""
    steps = mod.PROOF.run()["steps"]
    return {st.check.__name__ if st.check else f"claim {st.claim}"
            for st, r in zip(mod.PROOF.steps, steps, strict=True) if r["status"] == "failed"}


@pytest.mark.parametrize("name", sorted(IDS))
def test_proof_passes(name):
    mod = _mod(name)
    res = mod.PROOF.run()
    assert res["id"] == IDS[name] and res["id"] in REGISTRY
    assert res["counts"]["failed"] == 0, [s for s in res["steps"] if s["status"] == "failed"]
    assert res["counts"]["verified"] >= 4 and res["counts"]["numeric"] >= 1
    for st in mod.PROOF.steps:
        if st.check is None:
            assert st.claim in REGISTRY
        else:
            assert st.claim is None


def test_findings_recorded():
    assert all(len(_mod(n).PROOF.findings) >= 1 for n in IDS if n != "proposition_3")
    assert any("sigma / (4 eta (sigma - 1))" in f for f in _mod("theorem_2").PROOF.findings)
    assert any("typo" in f for f in _mod("proposition_4").PROOF.findings)


# ------------------------------------------------------------------------------------------ Proposition 2
def test_prop2_penalty_sign(monkeypatch):
    m = _mod("proposition_2")
    monkeypatch.setattr(m, "PENALTY", 4 * m.SIG**2 * (m.ap - m.a) ** 2 - (m.bp - m.b) ** 2)
    assert {"_penalty"} <= _failing(m)


def test_prop2_best_response_sign(monkeypatch):
    m = _mod("proposition_2")
    monkeypatch.setattr(m, "BEST_RESPONSE", (m.ETA * (1 - m.s / m.SIG), 2 * m.ETA * m.u))
    assert {"_best_response", "_stationary_iff_best_response"} <= _failing(m)


def test_prop2_family_exponent(monkeypatch):
    m = _mod("proposition_2")
    quad = (m.b + 2 * m.ETA * m.u) ** 2 + 4 * m.ETA**2 * m.s**2
    wrong = m.SIG**2 * m.a - quad / (4 * (m.ETA - m.a) ** 2) + m.ETA * (m.u**2 + m.s**2)  # (eta - a)^2 for (eta - a)
    monkeypatch.setattr(m, "V_FAMILY", wrong)
    assert {"_family_value"} <= _failing(m)


# ------------------------------------------------------------------------------------------ Theorem 3
def test_thm3_lambda_constant(monkeypatch):
    """lam = 2 eta: alpha beta - lam can be negative at alpha = beta = sqrt(eta)."""
    m = _mod("theorem_3")
    monkeypatch.setattr(m, "LAM", 2 * m.ETA)
    assert {"_pointwise", "_chain"} <= _failing(m)


def test_thm3_transport_slope(monkeypatch):
    m = _mod("theorem_3")
    monkeypatch.setattr(m, "BRENIER_SLOPE", m.SIG / m.s)
    assert {"_gaussian_map", "_alpha_vanishes"} <= _failing(m)
