"""Theorem 2 with anisotropic data (gantheory.proximal.anisotropic): the aligned threshold is the widest axis'."""

import pytest

from gantheory.proximal import anisotropic as an


def test_v_star_and_aligned_min_at_theorem_lambda():
    assert an.v_star(1.25, 2.0, 0.5) == 0.5 * (0.25**2 + 1.0)
    assert an.aligned_min(1.25, 2.0, 0.5, 0.5, 0.5) >= an.v_star(1.25, 2.0, 0.5) - 1e-9
    # at lam = 3 (above the widest axis' 1.0) the aligned generators dip below V*
    assert an.aligned_min(1.25, 2.0, 0.5, 0.5, 3.0) < an.v_star(1.25, 2.0, 0.5) - 1e-6


def test_aligned_threshold_is_min_over_axes():
    """min over axes of sigma_i / (4 eta (sigma_i - 1)) = min(2.5, 1.0)."""
    assert an.aligned_threshold(1.25, 2.0, 0.5, 0.5, 1e-9) == pytest.approx(1.0, rel=2e-3)
