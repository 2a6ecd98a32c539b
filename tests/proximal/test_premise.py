"""Theorem 2's premise (gantheory.proximal.premise): convex for k >= d, not for k < d."""

from gantheory.proximal.premise import optimal_discriminators_convex


def test_convex_for_full_latent_dimension_only():
    assert optimal_discriminators_convex(1.25, 0.5, 0.5, 1, 1, 0, pairs=20)["convex"]
    assert optimal_discriminators_convex(1.25, 0.5, 0.5, 2, 2, 0, pairs=20)["convex"]
    r = optimal_discriminators_convex(1.25, 0.5, 0.5, 2, 1, 0, pairs=20)
    assert not r["convex"] and r["midpoints_not_optimal"] > 0 and r["latent_dim"] == 1
