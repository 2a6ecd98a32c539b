"""proofs/proposition_3.py: every step passes or names an existing claim, mutating a key
ingredient makes a specific step fail, and V comes from the shared model
(gantheory.exact.w2gan_1d.value_expression): a wrong model breaks the proof. The shared steps are the
``proof`` fixture of tests/proofs/conftest.py."""

from __future__ import annotations


def test_proof_passes(proof):
    proof.assert_passes("proposition_3", "proposition-3")


def test_wrong_shared_model_breaks_the_proof(proof):
    """(eta - a)^2 for (eta - a) in the model's V: the step built on V fails."""
    proof.assert_wrong_shared_model_breaks("proposition_3", "_reduced_closed_form")


def test_prop3_penalty_sign(proof, monkeypatch):
    m = proof.module("proposition_3")
    monkeypatch.setattr(m, "PENALTY_SIGN", 1)
    proof.assert_steps_fail(m, "_monotone_pointwise")


def test_prop3_b_star_constant(proof, monkeypatch):
    m = proof.module("proposition_3")
    monkeypatch.setattr(m, "B_STAR", (2 * m.LAM * m.b * m.M - 2 * m.ETA * m.u) / (1 + 2 * m.LAM * m.M))
    proof.assert_steps_fail(m, "_b_elimination", "_envelope")
