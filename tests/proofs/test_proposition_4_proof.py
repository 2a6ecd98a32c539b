"""proofs/proposition_4.py: every step passes or names an existing claim, mutating a key
ingredient makes a specific step fail, and V comes from the shared model
(gantheory.exact.w2gan_1d.value_expression): a wrong model breaks the proof."""

from __future__ import annotations

import importlib

import sympy as sp

from gantheory.claims.registry import REGISTRY
from gantheory.exact import w2gan_1d


def _mod(name):
    return importlib.import_module(f"gantheory.proofs.{name}")


def _failing(mod) -> set[str]:
    """Names of the check functions whose steps fail in one run of mod.PROOF (numeric steps have no check)."""
    steps = mod.PROOF.run()["steps"]
    return {st.check.__name__ if st.check else f"claim {st.claim}"
            for st, r in zip(mod.PROOF.steps, steps, strict=True) if r["status"] == "failed"}


def test_proof_passes():
    mod = _mod("proposition_4")
    res = mod.PROOF.run()
    assert res["id"] == "proposition-4" and res["id"] in REGISTRY
    assert res["counts"]["failed"] == 0, [s for s in res["steps"] if s["status"] == "failed"]
    assert res["counts"]["verified"] >= 4 and res["counts"]["numeric"] >= 1
    for st in mod.PROOF.steps:
        assert (st.claim in REGISTRY) if st.check is None else st.claim is None


def test_wrong_shared_model_breaks_the_proof(monkeypatch):
    """(eta - a)^2 for (eta - a) in the model's V: the step built on V fails."""
    m = _mod("proposition_4")

    def wrong(sigma, eta, s, u, a, b):
        return sigma**2 * a - ((b + 2 * eta * u) ** 2 + 4 * eta**2 * s**2) / (4 * (eta - a) ** 2) + eta * (u**2 + s**2)

    assert m._v_concave()
    monkeypatch.setattr(w2gan_1d, "value_expression", wrong)
    assert not m._v_concave()


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
