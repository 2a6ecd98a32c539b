"""The d = 2 reduction proof: every step passes, and mutating a key ingredient makes its step fail."""

from __future__ import annotations

import sympy as sp
from gantheory.proofs import theorem_1_fgan_2d as mod

from gantheory.claims.registry import REGISTRY


def _fails(check) -> bool:
    try:
        return not bool(check())
    except Exception:
        return True


def test_proof_passes(proof):
    """The session's run of the proof at its defaults (tests/conftest.py)."""
    res = proof.default_run("theorem_1_fgan_2d")
    assert res["counts"]["failed"] == 0, [st for st in res["steps"] if st["status"] == "failed"]
    assert res["counts"]["verified"] == 12
    assert all(st.claim in REGISTRY for st in mod.PROOF.steps if st.check is None)


def test_a_non_orthogonal_map_fails(monkeypatch):
    monkeypatch.setattr(mod, "ROT", sp.Matrix([[1, mod.th], [0, 1]]))  # a shear
    assert _fails(mod._p_invariant) and _fails(mod._log_ratio_invariant)


def test_wrong_deviation_coefficient_fails(monkeypatch):
    monkeypatch.setattr(mod, "DEV_B", -(mod.T + mod.V) / mod.S**2 - mod.T / mod.SIG**2)  # sign slip
    assert _fails(mod._deviation_coefficients)


def test_wrong_mgf_exponent_fails(monkeypatch):
    monkeypatch.setattr(mod, "MGF_EXPONENT", mod.K * mod.C + mod.K**2 * mod.B**2 / 2)  # drops 1/g
    assert _fails(mod._exp_factorises)
