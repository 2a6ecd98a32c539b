"""lambda-thresholds of the 1-D W2GAN game (gantheory.proximal.thresholds) against sigma / (4 eta (sigma - 1)),
which proofs/theorem_2.py derives from the u-curvature at G*."""

import numpy as np
import pytest

from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal import thresholds as th


def test_threshold_against_the_closed_form_conjecture():
    """The computed threshold of the 1-D W2GAN game sits at sigma / (4 eta (sigma - 1)) (here 2.5)."""
    game = W2GAN1D(1.25, 0.5, 0.5)
    thr = th.w2_threshold(game, 1.0, 0.0, 1e-9)
    assert thr == pytest.approx(2.5, rel=2e-3)
    assert thr > th.theorem2_lambda(0.5) == 0.5
    assert th.conjectured_threshold(1.25, 0.5) == pytest.approx(2.5, rel=1e-15)


def test_lambda_threshold_is_non_increasing_in_t():
    """G* and D* do not depend on t and the feasible set only grows with it, so lambda* cannot rise with
    t; a screening grid spread over [-t, t] alone missed the small |u| at t = 50 (lambda* = 4.46)."""
    thresholds = [th.w2_threshold(W2GAN1D(1.25, t, 0.5), 1.0, 0.0, 1e-9) for t in (0.1, 0.5, 2.0, 8.0, 50.0)]
    for a, b in zip(thresholds, thresholds[1:], strict=False):
        assert b <= a * (1 + 2e-3), thresholds  # the bisection's resolution: 1e-3 in log lambda
    assert abs(thresholds[-1] / 2.5 - 1) < 2e-3, thresholds


def test_pe_check_detects_a_wrong_generator():
    game = W2GAN1D(1.25, 0.5, 0.5)
    ok_star, w_star = th.pe_w2(game, 0.5, 1.0, 0.0, 1e-9)
    ok_off, w_off = th.pe_w2(game, 0.5, 0.8, 0.1, 1e-9)
    assert ok_star and not ok_off
    assert w_star.value >= game.divergence(1.0, 0.0) - 1e-9


def test_pe_table_is_nested_and_a_pair_drops_out():
    """Proposition 3 on three lambdas around the threshold 2.5 of (G*, D*)."""
    game = W2GAN1D(1.25, 0.5, 0.5)
    table = th.pe_table(game, np.array([0.5, 2.0, 3.0]), [(1.0, 0.0)], 1e-9)
    assert table == {"w=1,u=0": [True, True, False]}


def test_threshold_rows_follow_the_formula():
    (row,) = th.threshold_rows(((2.0, 1.0, 0.3),), 1e-9)
    assert row["formula"] == 2.0 / (4 * 1.0 * 1.0) and row["theorem_2"] == 0.25
    assert row["threshold"] == pytest.approx(row["formula"], rel=2e-3)
