"""Proofs of Section 4 (Propositions 2-4, Corollary 1, Theorems 2-3): every step passes or names an existing claim,
and mutating a key ingredient (a constant such as 1/(4 eta), a sign, an exponent) makes a specific step fail."""

from __future__ import annotations

import importlib

import pytest
import sympy as sp

from gantheory.claims.registry import REGISTRY

IDS = {"proposition_2": "proposition-2", "proposition_3": "proposition-3", "proposition_4": "proposition-4",
       "corollary_1": "corollary-1", "theorem_2": "theorem-2", "theorem_3": "theorem-3"}


def _mod(name):
    return importlib.import_module(f"proofs.{name}")


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


# ------------------------------------------------------------------------------------------ Proposition 3
def test_prop3_penalty_sign(monkeypatch):
    m = _mod("proposition_3")
    monkeypatch.setattr(m, "PENALTY_SIGN", 1)
    assert {"_monotone_pointwise"} <= _failing(m)


def test_prop3_b_star_constant(monkeypatch):
    m = _mod("proposition_3")
    monkeypatch.setattr(m, "B_STAR", (2 * m.LAM * m.b * m.M - 2 * m.ETA * m.u) / (1 + 2 * m.LAM * m.M))
    assert {"_b_elimination", "_envelope"} <= _failing(m)


# ------------------------------------------------------------------------------------------ Proposition 4
def test_prop4_eta1_constant(monkeypatch):
    m = _mod("proposition_4")
    monkeypatch.setattr(m, "ETA1", 2 * sp.Min(8 * m.SIG**2, 2))
    assert {"_eta1"} <= _failing(m)


def test_prop4_penalty_under_generator_law_breaks_danskin(monkeypatch):
    """Averaging the Sobolev norm over Q_G = N(u, s^2) instead of P_X makes the penalty depend on theta: (14) fails."""
    m = _mod("proposition_4")
    da, db = m.ap - m.a, m.bp - m.b
    monkeypatch.setattr(m, "PENALTY", 4 * (m.s**2 + m.u**2) * da**2 + 4 * m.u * da * db + db**2)
    assert {"_danskin"} <= _failing(m)


def test_prop4_b_star_sign(monkeypatch):
    m = _mod("proposition_4")
    monkeypatch.setattr(m, "B_STAR", (4 * m.LAM * m.b * m.M + 2 * m.ETA * m.u) / (1 + 4 * m.LAM * m.M))
    assert {"_b_elimination"} <= _failing(m)


# ------------------------------------------------------------------------------------------ Corollary 1
def test_cor1_penalty_sign(monkeypatch):
    m = _mod("corollary_1")
    monkeypatch.setattr(m, "PENALTY_SIGN", 1)
    assert {"_penalty_upper_bound"} <= _failing(m)


def test_cor1_distance_exponent(monkeypatch):
    m = _mod("corollary_1")
    monkeypatch.setattr(m, "DISTANCE", m.ETA * ((m.SIG - m.s) ** 3 + m.u**2))
    assert {"_best_response", "_minimiser"} <= _failing(m)


# ------------------------------------------------------------------------------------------ Theorem 2
def test_thm2_lambda_constant(monkeypatch):
    """lam = 1/(2 eta) instead of 1/(4 eta): the coefficient 1 - 4 eta lam turns negative."""
    m = _mod("theorem_2")
    monkeypatch.setattr(m, "LAM", 1 / (2 * m.ETA))
    assert {"_penalty", "_bound", "_one_d_chain"} <= _failing(m)


def test_thm2_gradient_scale(monkeypatch):
    m = _mod("theorem_2")
    monkeypatch.setattr(m, "GRAD_SCALE", m.ETA)  # grad D = eta (x - T): the cost's factor 2 lost
    assert {"_optimal_discriminator"} <= _failing(m)


def test_thm2_lambda_star(monkeypatch):
    m = _mod("theorem_2")
    monkeypatch.setattr(m, "LAMBDA_STAR", m.SIG / (4 * m.ETA * (m.SIG + 1)))
    assert {"_lambda_star"} <= _failing(m)


def test_thm2_brenier_exponent(monkeypatch):
    m = _mod("theorem_2")
    monkeypatch.setattr(m, "BRENIER_SLOPE", m.s**2 / m.SIG)
    assert {"_optimal_discriminator"} <= _failing(m)


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
