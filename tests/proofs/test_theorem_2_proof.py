"""proofs/theorem_2.py: every step passes or names an existing claim, mutating a key
ingredient makes a specific step fail, and V comes from the shared model
(gantheory.exact.w2gan_1d.value_expression): a wrong model breaks the proof. The shared steps are the
``proof`` fixture of tests/proofs/conftest.py."""

from __future__ import annotations


def test_proof_passes(proof):
    proof.assert_passes("theorem_2", "theorem-2")


def test_wrong_shared_model_breaks_the_proof(proof):
    """(eta - a)^2 for (eta - a) in the model's V: the step built on V fails."""
    proof.assert_wrong_shared_model_breaks("theorem_2", "_optimal_discriminator")


def test_thm2_lambda_constant(proof, monkeypatch):
    """lam = 1/(2 eta) instead of 1/(4 eta): the coefficient 1 - 4 eta lam turns negative."""
    m = proof.module("theorem_2")
    monkeypatch.setattr(m, "LAM", 1 / (2 * m.ETA))
    proof.assert_steps_fail(m, "_penalty", "_bound", "_one_d_chain")


def test_thm2_gradient_scale(proof, monkeypatch):
    m = proof.module("theorem_2")
    monkeypatch.setattr(m, "GRAD_SCALE", m.ETA)  # grad D = eta (x - T): the cost's factor 2 lost
    proof.assert_steps_fail(m, "_optimal_discriminator")


def test_thm2_lambda_star(proof, monkeypatch):
    m = proof.module("theorem_2")
    monkeypatch.setattr(m, "LAMBDA_STAR", m.SIG / (4 * m.ETA * (m.SIG + 1)))
    proof.assert_steps_fail(m, "_lambda_star")


def test_thm2_brenier_exponent(proof, monkeypatch):
    m = proof.module("theorem_2")
    monkeypatch.setattr(m, "BRENIER_SLOPE", m.s**2 / m.SIG)
    proof.assert_steps_fail(m, "_optimal_discriminator")
