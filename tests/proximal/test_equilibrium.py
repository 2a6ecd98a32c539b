"""Worst-generator search and the lambda threshold bisection on functions with known answers."""

import math

import pytest

from gantheory.claims import proximal
from gantheory.proximal.equilibrium import lambda_threshold, worst_generator


def test_worst_generator_finds_known_minimum():
    f = lambda s, u: (s - 0.37) ** 2 + (u + 0.21) ** 2 - 1.0  # noqa: E731
    w = worst_generator(f, 0.5)
    assert w.value == pytest.approx(-1.0, abs=1e-9)
    assert (w.s, w.u) == pytest.approx((0.37, -0.21), abs=1e-4)


def test_threshold_bisection():
    assert lambda_threshold(lambda lam: lam <= 0.731, rel_tol=1e-6) == pytest.approx(0.731, rel=1e-5)
    assert lambda_threshold(lambda lam: False) == 0.0
    assert lambda_threshold(lambda lam: True) == math.inf


def test_theorem2_threshold_against_the_closed_form_conjecture():
    """The computed threshold of the 1-D W2GAN game sits at sigma / (4 eta (sigma - 1)) (here 2.5)."""
    game = proximal.W2Game1D(1.25, 0.5, 0.5)
    thr = proximal.w2_threshold(game, 1.0, 0.0, 1e-9)
    assert thr == pytest.approx(2.5, rel=2e-3)
    assert thr > 1 / (4 * 0.5)


def test_theorem2_fails_if_its_lambda_is_moved_above_the_threshold(monkeypatch):
    """Mutation: a lambda 1.5x the computed threshold (instead of 1/(4 eta)) must make the check fail."""
    monkeypatch.setattr(proximal, "theorem2_lambda", lambda eta: 1.5 * 1.25 / (4 * eta * 0.25))
    ev = proximal.check_theorem2({"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": 1e-9, "seed": 0})
    assert ev.verdict != "holds"
    assert ev.metrics["pe_margin"] < -1e-6


def test_pe_check_detects_a_wrong_discriminator():
    game = proximal.W2Game1D(1.25, 0.5, 0.5)
    ok_star, _ = proximal._pe_w2(game, 0.5, 1.0, 0.0, 1e-9)
    ok_off, _ = proximal._pe_w2(game, 0.5, 0.8, 0.1, 1e-9)
    assert ok_star and not ok_off
