"""Fixtures shared by the claim tests: one run of every claim at its defaults per test session (the registry
and traceability tests both read it; the claims are deterministic, so one run serves both)."""

import pytest

from gantheory.claims.registry import run_claims


@pytest.fixture(scope="session")
def default_claim_results() -> list[dict]:
    """``run_claims(jobs=2)``: every registered claim at its defaults, as the CLI's ``--json`` records."""
    return run_claims(jobs=2)
