"""Danskin's formula (14) and the inner Hessian (gantheory.proximal.danskin) against closed forms."""

import numpy as np
import pytest

from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal import danskin


def test_inner_hessian_matches_the_closed_form():
    """Hess_(a,b) V = [[-(c^2 + 4 eta^2 s^2) / (2 m^3), -c / (2 m^2)], [., -1 / (2 m)]] (proofs/proposition_4.py),
    minus lam diag(8 sigma^2, 2) from the penalty (15)."""
    game = W2GAN1D(1.25, 0.5, 0.5)
    s, u, a, b, lam = 0.7, 0.2, 0.1, -0.3, 0.4
    m, c = game.eta - a, b + 2 * game.eta * u
    exact = np.array([[-(c * c + 4 * game.eta**2 * s * s) / (2 * m**3), -c / (2 * m * m)],
                      [-c / (2 * m * m), -1 / (2 * m)]]) - lam * np.diag([8 * game.sigma**2, 2.0])
    H, err = danskin.inner_hessian(game, lam, s, u, a, b)
    assert H == pytest.approx(exact, rel=1e-5, abs=1e-6)
    assert 0 < err < 1e-6


def test_danskin_errors_small_and_a_tilted_value_is_caught(monkeypatch):
    game = W2GAN1D(1.25, 0.5, 0.5)
    r = danskin.danskin_errors(game, 0.5, 0, samples=2)
    assert max(r["errors"]) < 1e-6 and all(e < a for e, a in zip(r["errors"], r["allowed"], strict=True))
    assert max(r["hessian_max"]) < 0
    real = danskin.prox_value_1d

    def tilted(eta, lam, sig2, s, u, a, b):
        v, a_star, b_star = real(eta, lam, sig2, s, u, a, b)
        return v + 0.01 * np.asarray(s), a_star, b_star

    monkeypatch.setattr(danskin, "prox_value_1d", tilted)
    assert max(danskin.danskin_errors(game, 0.5, 0, samples=2)["errors"]) > 1e-3
