"""proofs/theorem_2.py: every step passes or names an existing claim, mutating a key
ingredient makes a specific step fail, and V comes from the shared model
(gantheory.exact.w2gan_1d.value_expression): a wrong model breaks the proof."""

from __future__ import annotations

import importlib

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
    mod = _mod("theorem_2")
    res = mod.PROOF.run()
    assert res["id"] == "theorem-2" and res["id"] in REGISTRY
    assert res["counts"]["failed"] == 0, [s for s in res["steps"] if s["status"] == "failed"]
    assert res["counts"]["verified"] >= 4 and res["counts"]["numeric"] >= 1
    for st in mod.PROOF.steps:
        assert (st.claim in REGISTRY) if st.check is None else st.claim is None


def test_wrong_shared_model_breaks_the_proof(monkeypatch):
    """(eta - a)^2 for (eta - a) in the model's V: the step built on V fails."""
    m = _mod("theorem_2")

    def wrong(sigma, eta, s, u, a, b):
        return sigma**2 * a - ((b + 2 * eta * u) ** 2 + 4 * eta**2 * s**2) / (4 * (eta - a) ** 2) + eta * (u**2 + s**2)

    assert m._optimal_discriminator()
    monkeypatch.setattr(w2gan_1d, "value_expression", wrong)
    assert not m._optimal_discriminator()


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
