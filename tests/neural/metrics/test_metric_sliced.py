import numpy as np
import pytest
import torch

from gantheory.neural.metrics import sliced_wasserstein
from gantheory.neural.metrics.sliced import random_directions, w2_squared_1d

ot = pytest.importorskip("ot")


@pytest.mark.parametrize("n,m", [(40, 40), (37, 61), (5, 2), (1, 7)])
def test_matches_pot_with_the_same_directions(n, m):
    rng = np.random.default_rng(n * 100 + m)
    x = rng.normal(size=(n, 1, 3, 5))
    y = rng.normal(0.5, 2.0, size=(m, 1, 3, 5))
    theta = random_directions(15, 30, seed=4)
    ours = sliced_wasserstein(x, y, projections=theta)
    pot = ot.sliced_wasserstein_distance(x.reshape(n, -1), y.reshape(m, -1), projections=theta.numpy(), p=2)
    assert ours == pytest.approx(float(pot), rel=1e-6)


def test_per_projection_terms_match_pot_wasserstein_1d():
    rng = np.random.default_rng(0)
    u, v = rng.normal(size=(13, 6)), rng.exponential(size=(8, 6))
    ours = w2_squared_1d(torch.tensor(u), torch.tensor(v)).numpy()
    pot = np.array([ot.wasserstein_1d(u[:, k], v[:, k], p=2) for k in range(6)])  # W2 squared
    np.testing.assert_allclose(ours, pot, rtol=1e-9)


def test_unequal_sizes_by_hand():
    # {0, 1} vs {0, 0.5, 1}: quantile levels 1/3, 1/2, 2/3, 1 -> squared gaps 0, 0.25, 0.25, 0 on widths
    # 1/3, 1/6, 1/6, 1/3
    got = w2_squared_1d(torch.tensor([[0.0], [1.0]], dtype=torch.float64),
                        torch.tensor([[0.0], [0.5], [1.0]], dtype=torch.float64))
    assert float(got[0]) == pytest.approx(0.25 / 6 + 0.25 / 6, rel=1e-12)


def test_translation_has_closed_form():
    # y = x + t: every projection shifts by <theta, t>, so SW_2^2 = mean_k <theta_k, t>^2
    rng = np.random.default_rng(1)
    x = rng.normal(size=(30, 8))
    t = rng.normal(size=8)
    theta = random_directions(8, 50, seed=2).numpy()
    want = np.sqrt(np.mean((t @ theta) ** 2))
    assert sliced_wasserstein(x, x + t, n_projections=50, seed=2) == pytest.approx(want, rel=1e-9)
    assert sliced_wasserstein(x, x, seed=5) == 0.0


def test_directions_are_seeded_unit_vectors():
    a, b, c = random_directions(20, 10, 0), random_directions(20, 10, 0), random_directions(20, 10, 1)
    assert torch.equal(a, b) and not torch.equal(a, c)
    np.testing.assert_allclose(a.norm(dim=0).numpy(), 1.0, rtol=1e-12)


def test_bad_input_raises():
    with pytest.raises(ValueError, match="same sample dimension"):
        sliced_wasserstein(np.zeros((3, 4)), np.zeros((3, 5)))
    with pytest.raises(ValueError, match="NaN"):
        sliced_wasserstein(np.full((3, 4), np.nan), np.zeros((3, 4)))
    with pytest.raises(ValueError, match="projections"):
        sliced_wasserstein(np.zeros((3, 4)), np.zeros((3, 4)), projections=torch.zeros(5, 2))
