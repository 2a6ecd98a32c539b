"""The d = 2 rows of theorem-1-fgan: the dimension answer from two intervals, and the pooling of JS / GAN bounds."""

from gantheory.claims.theorem_1_fgan import dimension_answer, share_equivalent_bounds


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
