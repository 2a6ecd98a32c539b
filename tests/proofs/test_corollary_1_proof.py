"""proofs/corollary_1.py: every step passes or names an existing claim, mutating a key
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
    mod = _mod("corollary_1")
    res = mod.PROOF.run()
    assert res["id"] == "corollary-1" and res["id"] in REGISTRY
    assert res["counts"]["failed"] == 0, [s for s in res["steps"] if s["status"] == "failed"]
    assert res["counts"]["verified"] >= 4 and res["counts"]["numeric"] >= 1
    for st in mod.PROOF.steps:
        assert (st.claim in REGISTRY) if st.check is None else st.claim is None


def test_wrong_shared_model_breaks_the_proof(monkeypatch):
    """(eta - a)^2 for (eta - a) in the model's V: the step built on V fails."""
    m = _mod("corollary_1")

    def wrong(sigma, eta, s, u, a, b):
        return sigma**2 * a - ((b + 2 * eta * u) ** 2 + 4 * eta**2 * s**2) / (4 * (eta - a) ** 2) + eta * (u**2 + s**2)

    assert m._best_response()
    monkeypatch.setattr(w2gan_1d, "value_expression", wrong)
    assert not m._best_response()


def test_cor1_penalty_sign(monkeypatch):
    m = _mod("corollary_1")
    monkeypatch.setattr(m, "PENALTY_SIGN", 1)
    assert {"_penalty_upper_bound"} <= _failing(m)


def test_cor1_distance_exponent(monkeypatch):
    m = _mod("corollary_1")
    monkeypatch.setattr(m, "DISTANCE", m.ETA * ((m.SIG - m.s) ** 3 + m.u**2))
    assert {"_best_response", "_minimiser"} <= _failing(m)
