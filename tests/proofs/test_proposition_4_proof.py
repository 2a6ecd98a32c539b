"""proofs/proposition_4.py: every step passes or names an existing claim, mutating a key
ingredient makes a specific step fail, and V comes from the shared model
(gantheory.exact.w2gan_1d.value_expression): a wrong model breaks the proof. The shared steps are the
``proof`` fixture of tests/proofs/conftest.py."""

from __future__ import annotations

import sympy as sp


def test_proof_passes(proof):
    proof.assert_passes("proposition_4", "proposition-4")


def test_wrong_shared_model_breaks_the_proof(proof):
    """(eta - a)^2 for (eta - a) in the model's V: the step built on V fails."""
    proof.assert_wrong_shared_model_breaks("proposition_4", "_v_concave")


def test_prop4_eta1_constant(proof, monkeypatch):
    m = proof.module("proposition_4")
    monkeypatch.setattr(m, "ETA1", 2 * sp.Min(8 * m.SIG**2, 2))
    proof.assert_steps_fail(m, "_eta1")


def test_prop4_penalty_under_generator_law_breaks_danskin(proof, monkeypatch):
    """Averaging the Sobolev norm over Q_G = N(u, s^2) instead of P_X makes the penalty depend on theta: (14) fails."""
    m = proof.module("proposition_4")
    da, db = m.ap - m.a, m.bp - m.b
    monkeypatch.setattr(m, "PENALTY", 4 * (m.s**2 + m.u**2) * da**2 + 4 * m.u * da * db + db**2)
    proof.assert_steps_fail(m, "_danskin")


def test_prop4_b_star_sign(proof, monkeypatch):
    m = proof.module("proposition_4")
    monkeypatch.setattr(m, "B_STAR", (4 * m.LAM * m.b * m.M + 2 * m.ETA * m.u) / (1 + 4 * m.LAM * m.M))
    proof.assert_steps_fail(m, "_b_elimination")
