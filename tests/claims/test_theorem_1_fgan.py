"""The d = 2 rows of theorem-1-fgan: the dimension answer from two intervals, and the pooling of JS / GAN bounds."""

import math

from gantheory.certify.fgan2d_upper import gap_upper_2d
from gantheory.claims.theorem_1_fgan import dimension_answer, fgan2d_rows, share_equivalent_bounds
from gantheory.games.divergences import F_TABLE


def test_dimension_answer():
    assert dimension_answer(0.06, 0.07, 0.071, 0.075).startswith("yes: larger")
    assert dimension_answer(0.06, 0.07, 0.01, 0.05).startswith("yes: smaller")
    assert dimension_answer(0.06, 0.07, 0.01, 0.065).startswith("not resolved")


def test_equivalent_bounds_are_pooled_and_recorded():
    rows = {"js": {"lower": -0.01, "upper": 0.03}, "gan": {"lower": 0.004, "upper": 0.0255},
            "kl": {"lower": 0.07, "upper": 0.073}}
    notes = share_equivalent_bounds(rows)
    assert rows["js"]["lower"] == rows["gan"]["lower"] == 0.004 and rows["js"]["upper"] == 0.0255
    assert rows["js"]["own_lower"] == -0.01 and rows["kl"]["own_lower"] == 0.07 and rows["kl"]["lower"] == 0.07
    assert len(notes) == 1 and notes[0].startswith("js:")


def test_dim_2_rows_carry_the_verified_upper_bound():
    """d = 2: min_nash_gap_upper is the verified gap at the corner (not inf), above the certified lower bound
    and above the quadrature gap with a searched deviation at the same generator."""
    ev = fgan2d_rows({"sigma": 1.25, "t": 0.5, "max_seconds": 2.0}, ["kl"], {"kl": (0.0, 1.0)}, {"kl": (1.0, 0.0)})
    r = ev.metrics["rows"]["kl"]
    assert math.isfinite(r["upper"])
    assert r["upper"] == gap_upper_2d(F_TABLE["kl"], 1.25, 0.5, 1.0, 0.0).upper
    assert r["lower"] <= r["upper"]
    assert r["quadrature_gap_at_corner"] <= r["upper"] + 1e-9
    assert r["upper_generator"] == {"s": 1.0, "v": 0.0, "method": "extreme-point"}
