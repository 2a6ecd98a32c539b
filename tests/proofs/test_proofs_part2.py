"""Proofs of Proposition 2 and Theorem 3 (the other proofs of Section 4 have their own test modules): every step
passes or names an existing claim, and mutating a key ingredient (a constant such as 1/(4 eta), a sign, an exponent)
makes a specific step fail. The shared steps are the ``proof`` fixture of tests/proofs/conftest.py."""

from __future__ import annotations

import pytest

IDS = {"proposition_2": "proposition-2", "theorem_3": "theorem-3"}


@pytest.mark.parametrize("name", sorted(IDS))
def test_proof_passes(proof, name):
    proof.assert_passes(name, IDS[name])


def test_findings_recorded(proof):
    assert all(len(proof.module(n).PROOF.findings) >= 1 for n in IDS if n != "proposition_3")
    assert any("sigma / (4 eta (sigma - 1))" in f for f in proof.module("theorem_2").PROOF.findings)
    assert any("typo" in f for f in proof.module("proposition_4").PROOF.findings)


# ------------------------------------------------------------------------------------------ Proposition 2
def test_prop2_penalty_sign(proof, monkeypatch):
    m = proof.module("proposition_2")
    monkeypatch.setattr(m, "PENALTY", 4 * m.SIG**2 * (m.ap - m.a) ** 2 - (m.bp - m.b) ** 2)
    proof.assert_steps_fail(m, "_penalty")


def test_prop2_best_response_sign(proof, monkeypatch):
    m = proof.module("proposition_2")
    monkeypatch.setattr(m, "BEST_RESPONSE", (m.ETA * (1 - m.s / m.SIG), 2 * m.ETA * m.u))
    proof.assert_steps_fail(m, "_best_response", "_stationary_iff_best_response")


def test_prop2_family_exponent(proof, monkeypatch):
    m = proof.module("proposition_2")
    quad = (m.b + 2 * m.ETA * m.u) ** 2 + 4 * m.ETA**2 * m.s**2
    wrong = m.SIG**2 * m.a - quad / (4 * (m.ETA - m.a) ** 2) + m.ETA * (m.u**2 + m.s**2)  # (eta - a)^2 for (eta - a)
    monkeypatch.setattr(m, "V_FAMILY", wrong)
    proof.assert_steps_fail(m, "_family_value")


# ------------------------------------------------------------------------------------------ Theorem 3
def test_thm3_lambda_constant(proof, monkeypatch):
    """lam = 2 eta: alpha beta - lam can be negative at alpha = beta = sqrt(eta)."""
    m = proof.module("theorem_3")
    monkeypatch.setattr(m, "LAM", 2 * m.ETA)
    proof.assert_steps_fail(m, "_pointwise", "_chain")


def test_thm3_transport_slope(proof, monkeypatch):
    m = proof.module("theorem_3")
    monkeypatch.setattr(m, "BRENIER_SLOPE", m.SIG / m.s)
    proof.assert_steps_fail(m, "_gaussian_map", "_alpha_vanishes")
