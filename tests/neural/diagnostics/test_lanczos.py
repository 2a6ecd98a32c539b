"""Lanczos on a known symmetric matrix (random orthogonal Q times a chosen spectrum) recovers the extremes;
SLQ estimates the share of negative eigenvalues."""

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural.diagnostics.lanczos import lanczos, slq_negative_share  # noqa: E402


def known_matrix(n=200, seed=0):
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    spec = np.concatenate([[-3.0, -2.5], rng.uniform(-1.0, 2.0, n - 4), [4.0, 5.0]])
    A = (Q * spec) @ Q.T
    return torch.tensor(0.5 * (A + A.T)), np.sort(spec)


def test_extremes_of_known_spectrum():
    A, spec = known_matrix()
    calls = []

    def mv(v):
        calls.append(1)
        return A @ v

    r = lanczos(mv, A.shape[0], 60, seed=3)
    assert r.steps == 60 and len(calls) == 60
    # float64, well-separated extremes: within 1e-6 relative (observed ~1e-13)
    assert abs(r.min - spec[0]) <= 1e-6 * abs(spec[0])
    assert abs(r.max - spec[-1]) <= 1e-6 * abs(spec[-1])
    # Ritz values lie inside the spectrum (Rayleigh quotients); weights are a probability vector
    assert spec[0] - 1e-10 <= r.ritz.min() and r.ritz.max() <= spec[-1] + 1e-10
    assert abs(r.weights.sum() - 1) < 1e-12 and (r.weights >= 0).all()
    # the residual bound brackets the extremes' errors
    assert abs(r.min - spec[0]) <= r.residuals[0] + 1e-12
    assert r.residuals[0] < 1e-6 and r.residuals[-1] < 1e-6


def test_full_run_gives_every_eigenvalue_and_breakdown_truncates():
    A, spec = known_matrix(n=30, seed=1)
    r = lanczos(lambda v: A @ v, 30, 100, seed=0)
    assert r.steps == 30
    assert np.abs(r.ritz - spec).max() < 1e-10
    # an operator with 3 distinct eigenvalues: breakdown after 3 steps
    D = torch.diag(torch.tensor([1.0] * 10 + [-2.0] * 10 + [0.5] * 10, dtype=torch.float64))
    r = lanczos(lambda v: D @ v, 30, 20, seed=0)
    assert r.steps == 3 and np.allclose(r.ritz, [-2.0, 0.5, 1.0], atol=1e-12)


def test_slq_share_of_negative_eigenvalues():
    A, spec = known_matrix(n=200, seed=2)
    truth = float(np.mean(spec < 0))
    est = slq_negative_share(lambda v: A @ v, 200, 40, 30, seed=0)
    # Hutchinson-type estimate: std over probes ~ sqrt(2/n) ~ 0.1 per probe; 30 probes -> ~0.02
    assert abs(est["share_negative"] - truth) < 0.06, (est["share_negative"], truth)
    assert est["probes"] == 30 and len(est["per_probe"]) == 30


def test_bad_input():
    A, _ = known_matrix(n=10)
    with pytest.raises(ValueError, match="steps"):
        lanczos(lambda v: A @ v, 10, 0)
    with pytest.raises(ValueError, match="n must"):
        lanczos(lambda v: A @ v, -1, 5)
    with pytest.raises(ValueError, match="probes"):
        slq_negative_share(lambda v: A @ v, 10, 5, 0)
