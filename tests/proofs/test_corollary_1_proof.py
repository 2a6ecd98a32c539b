"""proofs/corollary_1.py: every step passes or names an existing claim, mutating a key
ingredient makes a specific step fail, and V comes from the shared model
(gantheory.exact.w2gan_1d.value_expression): a wrong model breaks the proof. The shared steps are the
``proof`` fixture of tests/proofs/conftest.py."""

from __future__ import annotations


def test_proof_passes(proof):
    proof.assert_passes("corollary_1", "corollary-1")


def test_wrong_shared_model_breaks_the_proof(proof):
    """(eta - a)^2 for (eta - a) in the model's V: the step built on V fails."""
    proof.assert_wrong_shared_model_breaks("corollary_1", "_best_response")


def test_cor1_penalty_sign(proof, monkeypatch):
    m = proof.module("corollary_1")
    monkeypatch.setattr(m, "PENALTY_SIGN", 1)
    proof.assert_steps_fail(m, "_penalty_upper_bound")


def test_cor1_distance_exponent(proof, monkeypatch):
    m = proof.module("corollary_1")
    monkeypatch.setattr(m, "DISTANCE", m.ETA * ((m.SIG - m.s) ** 3 + m.u**2))
    proof.assert_steps_fail(m, "_best_response", "_minimiser")
