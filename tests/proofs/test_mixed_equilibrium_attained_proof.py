"""proofs/mixed_equilibrium_attained: every step passes, and a wrong f or conjugate makes its steps fail."""

from __future__ import annotations

import importlib

import sympy as sp


def _failing(mod) -> set[str]:
    steps = mod.PROOF.run()["steps"]
    return {st.check.__name__ for st, r in zip(mod.PROOF.steps, steps, strict=True)
            if r["status"] == "failed" and st.check}


def test_proof_passes_and_the_ingredients_matter(monkeypatch):
    mod = importlib.import_module("gantheory.proofs.mixed_equilibrium_attained")
    r = mod.PROOF.run()
    assert r["counts"] == {"verified": 11, "numeric": 2, "failed": 0}
    # Pearson chi^2 in place of JS: f'(inf) = inf, so the finiteness premise (step 5) fails, as does the
    # table's conjugate check
    monkeypatch.setattr(mod, "F_JS", (mod.r - 1) ** 2)
    assert {"_finite_divergence", "_perspective", "_representative"} <= _failing(mod)
    monkeypatch.undo()
    monkeypatch.setattr(mod, "F_KL", mod.r * sp.log(mod.r) + 1)  # f(1) != 0
    assert {"_minorant", "_representative"} <= _failing(mod)
