"""Claim proposition-4 (gantheory.claims.proposition_4): verdict at the defaults, at large t and at an edge where
rounding hides the curvature, a mutation that must flip it, the summary line."""

import numpy as np

from gantheory.claims import proposition_4
from gantheory.proximal import danskin

P = {"sigma": 1.25, "t": 0.5, "eta": 0.5, "lam": 0.5, "tol": 1e-9, "seed": 0}


def test_fails_for_a_wrong_danskin_gradient(monkeypatch):
    assert proposition_4.check(P).verdict == "holds"
    real = danskin.prox_value_1d

    def tilted(eta, lam, sig2, s, u, a, b):
        v, a_star, b_star = real(eta, lam, sig2, s, u, a, b)
        return v + 0.01 * np.asarray(s), a_star, b_star

    monkeypatch.setattr(danskin, "prox_value_1d", tilted)
    ev = proposition_4.check(P)
    assert ev.verdict == "fails" and ev.metrics["max_relative_gradient_error"] > 1e-3


def test_large_t_and_unresolved_curvature_are_not_refuted():
    """sigma = 1000, eta = 1e6: values ~1e12 give the finite-difference Hessian a rounding error ~1e5, so its
    eigenvalue 1.5e3 is noise; the verdict is not 'fails'."""
    assert proposition_4.check({**P, "t": 100.0}).verdict == "holds"
    ev = proposition_4.check({**P, "sigma": 1000.0, "eta": 1e6, "lam": 1e-6, "t": 1e-6})
    assert ev.verdict != "fails"
    assert ev.metrics["max_inner_hessian_eigenvalue"] <= ev.metrics["inner_hessian_rounding_allowance"]


def test_summary():
    m = {"max_relative_gradient_error": 5.67073e-09, "max_inner_hessian_eigenvalue": -1.72432, "lam_eta1": 1.0}
    assert proposition_4.CLAIMS[0].summary(m) == ("Danskin gradient vs finite differences: rel. error 5.67073e-09; "
                                                  "inner Hessian max eigenvalue -1.72432 (lam eta1 = 1)")
