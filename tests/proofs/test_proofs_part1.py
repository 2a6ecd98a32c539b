"""Proofs of Proposition 1, Theorem 1 (f-GAN, WGAN, W2GAN quadratic D) and Remark 1: every step passes or
names an existing claim, and mutating a key ingredient (a constant, a sign, an exponent) makes a step fail."""

from __future__ import annotations

import importlib

import pytest
import sympy as sp

from gantheory.claims.registry import REGISTRY

MODULES = ["proposition_1", "theorem_1_fgan", "theorem_1_wgan", "theorem_1_w2gan_quadratic", "remark_1"]


def _mod(name):
    return importlib.import_module(f"gantheory.proofs.{name}")


def _failed(mod) -> set[int]:
    return {r["step"] for r in mod.PROOF.run()["steps"] if r["status"] == "failed"}


def _step_fails(mod, i: int) -> bool:
    """Step i (1-based) of mod.PROOF fails: its check returns False or raises (as Proof.run records it)."""
    check = mod.PROOF.steps[i - 1].check
    assert check is not None, f"step {i} is numeric"
    try:
        return not bool(check())
    except Exception:
        return True


@pytest.mark.parametrize("name", MODULES)
def test_proof_passes(proof, name):
    """The session's run of the proof at its defaults (tests/conftest.py)."""
    mod = _mod(name)
    res = proof.default_run(name)
    assert res["counts"]["failed"] == 0, [st for st in res["steps"] if st["status"] == "failed"]
    assert res["counts"]["verified"] >= 5
    for st in mod.PROOF.steps:
        if st.check is None:
            assert st.claim in REGISTRY, st.text


def test_proof_ids():
    assert [_mod(n).PROOF.id for n in MODULES] == [
        "proposition-1", "theorem-1-fgan", "theorem-1-wgan", "theorem-1-w2gan-quadratic-local", "remark-1"]


# ------------------------------------------------------------------------------------------ Proposition 1
def test_prop1_wrong_conjugate_fails(monkeypatch):
    m = _mod("proposition_1")
    f, fc = m.F_SYM["pearson"]
    monkeypatch.setitem(m.F_SYM, "pearson", (f, fc + 1))  # a shifted f*: no longer the conjugate
    assert _step_fails(m, 2) and _step_fails(m, 4)


def test_prop1_wrong_constant_fails(monkeypatch):
    m = _mod("proposition_1")
    monkeypatch.setitem(m.D_CONSTANT, "kl", sp.Integer(0))  # f'(1) = 1 for KL, not 0
    assert _step_fails(m, 4) and _step_fails(m, 5)


def test_prop1_gan_value_is_not_zero(monkeypatch):
    m = _mod("proposition_1")
    monkeypatch.setitem(m.F_AT_1, "gan", sp.Integer(0))  # the vanilla GAN's f(1) is -log 4
    assert _step_fails(m, 1) and _step_fails(m, 4)


def test_prop1_wasserstein_mutations(monkeypatch):
    m = _mod("proposition_1")
    monkeypatch.setattr(m, "WGAN_D", m.x / 2)  # not constant: V(G, D) = -u/2 depends on G
    assert _step_fails(m, 7)
    monkeypatch.setattr(m, "G_STAR", {"u": sp.Rational(1, 10), "s": m.SIG})  # not realizable
    assert _step_fails(m, 8)
    monkeypatch.setattr(m, "COST", m.ETA * (m.x - m.y) ** 2 + 1)  # c(y, y) != 0
    assert _step_fails(m, 10) and _step_fails(m, 11)


# ------------------------------------------------------------------------------------------ Theorem 1 f-GAN
def test_fgan_alpha_sign_fails(monkeypatch):
    m = _mod("theorem_1_fgan")
    monkeypatch.setattr(m, "ALPHA", -m.ALPHA)
    assert {8, 9} <= _failed(m)


def test_fgan_psi_of_one_f_fails(monkeypatch):
    m = _mod("theorem_1_fgan")
    monkeypatch.setitem(m.PSI, "kl", sp.exp(2 * m.v))  # the exponent of the KL psi
    assert {2, 3, 4, 5} <= _failed(m)


def test_fgan_condition_for_neyman_fails(monkeypatch):
    m = _mod("theorem_1_fgan")
    monkeypatch.setitem(m.CONDITION, "neyman", True)  # the paper's remark: the condition holds for every f
    assert _step_fails(m, 7) and _step_fails(m, 4)


def test_fgan_centre_fails(monkeypatch):
    m = _mod("theorem_1_fgan")
    monkeypatch.setattr(m, "X0", m.u * m.S**2 / (m.SIG**2 - m.S**2))
    assert _step_fails(m, 10)
    monkeypatch.setattr(m, "X0", -m.u * m.SIG**2 / (m.SIG**2 - m.S**2))  # the wrong side of u
    assert _step_fails(m, 10) and _step_fails(m, 14)


def test_fgan_psi_decreasing_fails(monkeypatch):
    m = _mod("theorem_1_fgan")
    monkeypatch.setitem(m.PSI, "neyman", 2 + 2 * sp.exp(-m.v))  # a sign: psi decreasing
    assert _step_fails(m, 6) and _step_fails(m, 12)


# ------------------------------------------------------------------------------------------ Theorem 1 WGAN
def test_wgan_crossing_fails(monkeypatch):
    m = _mod("theorem_1_wgan")
    monkeypatch.setattr(m, "CROSSING", m.u * m.SIG / (m.SIG + m.S))
    assert {2, 5, 7} <= _failed(m)


def test_wgan_folded_constant_fails(monkeypatch):
    m = _mod("theorem_1_wgan")
    monkeypatch.setattr(m, "FOLDED_CONST", sp.sqrt(1 / sp.pi))
    assert _step_fails(m, 3) and _step_fails(m, 4) and _step_fails(m, 9)


def test_wgan_sign_and_reply_fail(monkeypatch):
    m = _mod("theorem_1_wgan")
    monkeypatch.setattr(m, "KAPPA", sp.Integer(-1))
    assert _step_fails(m, 2) and _step_fails(m, 5)
    monkeypatch.setattr(m, "KAPPA", sp.Integer(1))
    monkeypatch.setattr(m, "BEST_REPLY", (sp.Integer(1), m.T))  # towards c instead of away from it
    assert _step_fails(m, 6) and _step_fails(m, 7)


# ------------------------------------------------------------------------------------------ Theorem 1 W2GAN quadratic
def test_w2gan_quadratic_value_fails(monkeypatch):
    m = _mod("theorem_1_w2gan_quadratic")
    bad = m.SIG**2 * m.a - ((m.b + 2 * m.ETA * m.u) ** 2 - 4 * m.ETA**2 * m.S**2) / (4 * (m.ETA - m.a)) + m.ETA * (
        m.u**2 + m.S**2)
    monkeypatch.setattr(m, "VALUE", bad)
    assert _step_fails(m, 1) and _step_fails(m, 2)


def test_w2gan_quadratic_stationary_and_constant_fail(monkeypatch):
    m = _mod("theorem_1_w2gan_quadratic")
    monkeypatch.setitem(m.STATIONARY, m.S, sp.Rational(1, 2))
    assert _step_fails(m, 5)
    monkeypatch.setitem(m.STATIONARY, m.S, sp.Integer(1))
    monkeypatch.setattr(m, "K_LOCAL", m.ETA * (m.SIG + 1))
    assert _step_fails(m, 6)


# ------------------------------------------------------------------------------------------ Remark 1
def test_remark1_sign_fails(monkeypatch):
    m = _mod("remark_1")
    monkeypatch.setattr(m, "KAPPA", sp.Integer(1))  # sign(sigma - 1) for sigma < 1 is -1
    assert _step_fails(m, 1) and _step_fails(m, 3)


def test_remark1_curvature_and_reply_fail(monkeypatch):
    m = _mod("remark_1")
    monkeypatch.setattr(m, "K_R", m.ETA * (1 - m.SIG))
    assert _step_fails(m, 6)
    monkeypatch.setattr(m, "BEST_U", m.T)
    assert _step_fails(m, 4) and _step_fails(m, 8)


def test_findings_recorded():
    fgan = _mod("theorem_1_fgan").PROOF
    assert any("Neyman" in f for f in fgan.findings)
    assert _mod("remark_1").PROOF.findings and _mod("theorem_1_w2gan_quadratic").PROOF.findings
