"""gantheory.plots.mixed_equilibrium: tidy data from the library, at smoke size."""

from __future__ import annotations

import pytest

from gantheory.plots import mixed_equilibrium as fig


def test_compute_and_draw_smoke():
    data = fig.compute("smoke")
    kinds = data["kind"]
    atoms = [(data["s"][i], data["u"][i], data["weight"][i]) for i, k in enumerate(kinds) if k == "atom"]
    assert [a for atom in atoms for a in atom] == pytest.approx([1, -0.5, 0.5, 1, 0.5, 0.5], abs=1e-9)
    gaps = [data["gap"][i] for i, k in enumerate(kinds) if k == "landscape"]
    assert min(gaps) > 0.0977  # the pure game has no equilibrium on the grid (Theorem 1)
    res = fig.draw(data)
    assert "mixed Nash gap <=" in res.caption
    with pytest.raises(ValueError, match="figure size"):
        fig.compute("huge")
