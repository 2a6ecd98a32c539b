"""gantheory.mixed.support: mixtures of the generator's laws N(u, s^2)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from gantheory.mixed.support import Mixture, generator_grid, prune


def test_cdf_matches_scipy_and_point_masses():
    mix = Mixture([1.0, 0.5, 0.0], [-0.3, 0.2, 0.1], [0.5, 0.3, 0.2])
    x = np.linspace(-3, 3, 41)
    ref = 0.5 * stats.norm.cdf(x, -0.3, 1.0) + 0.3 * stats.norm.cdf(x, 0.2, 0.5) + 0.2 * (x >= 0.1)
    assert np.allclose(mix.cdf(x), ref, atol=1e-14)


def test_sampling_matches_the_cdf():
    mix = Mixture([1.0, 0.4], [-0.5, 0.5], [0.3, 0.7])
    draws = mix.sample(20000, np.random.default_rng(0))
    # Kolmogorov-Smirnov against the mixture's own CDF (a wrong component or weight fails it)
    assert stats.kstest(draws, mix.cdf).pvalue > 1e-3


@pytest.mark.parametrize("kw", [dict(s=[-1.0], u=[0.0], w=[1.0]), dict(s=[1.0], u=[0.0], w=[0.5]),
                                dict(s=[1.0, 1.0], u=[0.0], w=[1.0]), dict(s=[np.nan], u=[0.0], w=[1.0])])
def test_bad_mixtures_are_refused(kw):
    with pytest.raises(ValueError, match="mixture"):
        Mixture(**kw)


def test_point_mass_has_no_density():
    with pytest.raises(ValueError, match="density"):
        Mixture([0.0], [0.0], [1.0]).pdf(0.0)


def test_grid_and_prune():
    S, U = generator_grid(0.5, 3, 5)
    assert S.shape == U.shape == (15,) and S.min() == 0 and U.max() == 0.5
    with pytest.raises(ValueError, match="t must be > 0"):
        generator_grid(0.0, 3, 3)
    mix = prune(Mixture([1.0, 1.0, 1.0], [0.5, 0.5 + 1e-9, -0.5], [0.4, 0.1, 0.5]))
    assert len(mix) == 2 and sorted(mix.w.tolist()) == pytest.approx([0.5, 0.5])
