"""Machine-checked proofs: a proof is a list of numbered steps; each step is checked by sympy, or marked
numeric with the id of the ``gantheory check`` claim that verifies it, and may record findings.

A symbolic check is a function returning True when the step's identity / inequality is verified (for
example ``sympy.simplify(lhs - rhs) == 0``); it must be one that a wrong derivation would fail, and the
test-suite mutates each proof's key ingredient (module-level constants the checks read) to show it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

VERIFIED, NUMERIC, FAILED = "verified", "numeric", "failed"


@dataclass(frozen=True)
class Step:
    text: str
    check: Callable[[], bool] | None = None  # sympy check; None for a step checked numerically
    claim: str | None = None  # the gantheory check claim id that checks a numeric step


@dataclass(frozen=True)
class Proof:
    id: str
    result: str  # "Theorem 1 (WGAN)", ...
    statement: str
    steps: tuple[Step, ...]
    findings: tuple[str, ...] = field(default=())

    def run(self, known_claims: Collection[str] | None = None) -> dict:
        """Check every step: sympy checks run; a numeric step names the ``gantheory check`` claim that checks it.

        Parameters
        ----------
        known_claims : collection of str, optional
            The claim ids that exist (``gantheory.claims.registry.REGISTRY``): a numeric step naming none of
            them fails. Without it, numeric steps are reported as numeric unchecked (a proof does not import
            the claims, which sit above it).

        Returns
        -------
        dict
            ``id``, ``result``, ``statement``, ``steps`` (step, text, status, detail), ``counts`` per status,
            ``findings`` and ``seconds``.
        """
        out = []
        t0 = time.perf_counter()
        for i, st in enumerate(self.steps, 1):
            if st.check is None:
                if st.claim is None or (known_claims is not None and st.claim not in known_claims):
                    status, detail = FAILED, f"numeric step without an existing claim id ({st.claim!r})"
                else:
                    status, detail = NUMERIC, f"checked by `gantheory check {st.claim}`"
            else:
                try:
                    ok = bool(st.check())
                    status, detail = (VERIFIED, "sympy") if ok else (FAILED, "the symbolic check is False")
                except Exception as e:  # a check that cannot run is a failed step, reported
                    status, detail = FAILED, f"{type(e).__name__}: {e}"
            out.append({"step": i, "text": st.text, "status": status, "detail": detail})
        counts = {s: sum(1 for r in out if r["status"] == s) for s in (VERIFIED, NUMERIC, FAILED)}
        return {"id": self.id, "result": self.result, "statement": self.statement, "steps": out,
                "counts": counts, "findings": list(self.findings), "seconds": round(time.perf_counter() - t0, 3)}


def is_zero(expr) -> bool:
    """sympy: expr simplifies to 0."""
    import sympy as sp

    return sp.simplify(expr) == 0


def equal(a, b) -> bool:
    import sympy as sp

    return sp.simplify(sp.expand(a - b)) == 0
