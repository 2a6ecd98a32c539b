"""What the proof tests share: the proof module by name, the check that named steps of a mutated proof fail,
the check that a proof passes with every numeric step naming a registered claim, and the check that a proof built
on the shared W2GAN model V of (10) (``gantheory.exact.w2gan_1d.value_expression``) breaks when that model is
wrong. Fixtures, not an imported module: the tests are collected with ``--import-mode=importlib``, under which
a helper module beside them is not importable."""

from __future__ import annotations

import importlib
from dataclasses import replace
from types import ModuleType

import pytest

from gantheory.claims.registry import REGISTRY
from gantheory.exact import w2gan_1d


def _wrong_value(sigma, eta, s, u, a, b):
    """V of (10) with (eta - a)^2 in place of (eta - a) in the denominator: a wrong shared model."""
    return sigma**2 * a - ((b + 2 * eta * u) ** 2 + 4 * eta**2 * s**2) / (4 * (eta - a) ** 2) + eta * (u**2 + s**2)


class ProofHarness:
    """The steps every proof test repeats, for the proof modules ``gantheory.proofs.<name>``."""

    def __init__(self, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
        self._request = request
        self._monkeypatch = monkeypatch

    @staticmethod
    def module(name: str) -> ModuleType:
        """``gantheory.proofs.<name>``."""
        return importlib.import_module(f"gantheory.proofs.{name}")

    @staticmethod
    def assert_steps_fail(mod: ModuleType, *checks: str) -> None:
        """Every step of mod.PROOF checked by one of the functions named ``checks`` fails, as ``Proof.run``
        records it; each name checks at least one step. Only those steps run (a proof of the same steps): the
        checks are independent functions of the module's constants, so a step fails here exactly when it fails
        in a run of the whole proof (the test's claim: mutating the ingredient breaks these steps)."""
        steps = tuple(st for st in mod.PROOF.steps if st.check is not None and st.check.__name__ in checks)
        assert {st.check.__name__ for st in steps} == set(checks), "a named check is no step of the proof"
        res = replace(mod.PROOF, steps=steps).run()
        assert all(r["status"] == "failed" for r in res["steps"]), [(st.check.__name__, r["status"])
                                                                    for st, r in zip(steps, res["steps"],
                                                                                     strict=True)]

    def default_run(self, name: str) -> dict:
        """The record of the proof's run at its defaults, from the session's one run of every proof
        (``default_proof_results`` in tests/conftest.py; the numeric steps' claim ids checked against the
        registry). Requested here, not by the fixture, so that a mutation test alone does not run every proof."""
        return self._request.getfixturevalue("default_proof_results")[name]

    def assert_passes(self, name: str, proof_id: str, min_verified: int = 4, min_numeric: int = 1) -> dict:
        """The proof's run at its defaults: its id is ``proof_id`` and registered, no step fails, at least
        ``min_verified`` symbolic and ``min_numeric`` numeric steps, and each numeric step (no check) names a
        registered claim while each symbolic step names none. Returns the run's record."""
        mod = self.module(name)
        res = self.default_run(name)
        assert res["id"] == proof_id and res["id"] in REGISTRY
        assert res["counts"]["failed"] == 0, [s for s in res["steps"] if s["status"] == "failed"]
        assert res["counts"]["verified"] >= min_verified and res["counts"]["numeric"] >= min_numeric
        for st in mod.PROOF.steps:
            assert (st.claim in REGISTRY) if st.check is None else st.claim is None, st.text
        return res

    def assert_wrong_shared_model_breaks(self, name: str, check: str) -> None:
        """The check ``check`` of proof ``name`` holds with the shared V, and fails once V is replaced by a wrong
        one (``_wrong_value``): the proof reads the shared model, not a copy of it."""
        step = getattr(self.module(name), check)
        assert step()
        self._monkeypatch.setattr(w2gan_1d, "value_expression", _wrong_value)
        assert not step()


@pytest.fixture
def proof(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> ProofHarness:
    """A :class:`ProofHarness`; its model mutation is undone after the test (monkeypatch)."""
    return ProofHarness(request, monkeypatch)
