import os

import pytest
from hypothesis import HealthCheck, settings

# CI: no deadline, derandomised (reproducible); locally: random examples, no deadline either
settings.register_profile("ci", deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_configure(config):
    """One classifier cache per test session (the MNIST classifier of gantheory.neural.metrics trains once
    here, not in the user's ~/.cache), unless the caller set GANTHEORY_CACHE."""
    if "GANTHEORY_CACHE" not in os.environ:
        import tempfile

        os.environ["GANTHEORY_CACHE"] = tempfile.mkdtemp(prefix="gantheory-test-cache-")


@pytest.fixture(scope="session")
def default_proof_results() -> dict[str, dict]:
    """Every proof of proofs/ run once per test session as ``gantheory proofs`` runs it
    (``gantheory.claims.traceability.run_proofs``: each numeric step's claim id checked against the registry),
    keyed by module name (``gantheory.proofs.ALL``). The traceability test and each proof's own passing test read
    it: the proofs are deterministic and the mutation tests undo their changes (monkeypatch), so one run at the
    defaults serves them all."""
    import gantheory.proofs as proofs

    from gantheory.claims.traceability import run_proofs

    return dict(zip(proofs.ALL, run_proofs(), strict=True))
