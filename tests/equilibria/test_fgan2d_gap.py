"""The d = 2 quadrature Nash gap: the supremum over deviations is at least any explicit deviation, a diagonal
generator with a degenerate second axis reproduces the 1-D exact payoff, and the own payoff matches products of
1-D closed forms for exp psi."""

import numpy as np
import pytest

from gantheory.equilibria.fgan2d_gap import nash_gap, payoff
from gantheory.exact.fgan import generator_payoff
from gantheory.games.divergences import F_TABLE

SIGMA, T = 1.25, 0.5


@pytest.mark.parametrize("key", ["kl", "squared_hellinger", "neyman"])
def test_payoff_is_the_product_of_one_dimensional_closed_forms(key):
    div = F_TABLE[key]
    Ps = div.psi
    s1, s2, v1, v2 = 0.97, 0.92, 0.1, 0.05
    q = payoff(div, SIGMA, np.diag([s1, s2]), np.array([v1, v2]), np.diag([0.8, 1.0]), np.array([-0.3, 0.2]))
    f1 = (float(generator_payoff(div, SIGMA, s1, v1, 0.8, -0.3)) - Ps.shift) / Ps.scale
    f2 = (float(generator_payoff(div, SIGMA, s2, v2, 1.0, 0.2)) - Ps.shift) / Ps.scale
    assert q == pytest.approx(Ps.scale * f1 * f2 + Ps.shift, rel=1e-8)


def test_supremum_dominates_explicit_deviations():
    div = F_TABLE["js"]
    W, u = np.diag([0.95, 0.9]), np.array([0.1, 0.02])
    g, info = nash_gap(div, SIGMA, T, W, u, starts=2)
    own = payoff(div, SIGMA, W, u, W, u)
    for Wd, ud in [(np.eye(2), np.array([-T, 0.0])), (np.eye(2), np.array([0.0, -T])), (W, -u)]:
        assert g >= payoff(div, SIGMA, W, u, Wd, ud) - own - 1e-10
    assert np.linalg.norm(info["u"]) <= T + 1e-12 and np.linalg.svd(info["W"], compute_uv=False)[0] <= 1 + 1e-12
