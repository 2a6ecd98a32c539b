"""gantheory.mixed.program: column generation against an independent grid LP."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import optimize, special

from gantheory.mixed.program import price, solve
from gantheory.mixed.support import Mixture, generator_grid
from gantheory.mixed.wgan import WGANMixedGame


def _grid_lp_w1(sigma, t, n_x=1201):
    """min over mixtures on a (s, u) grid of int |F_P - F_Q| on an x grid: an LP (HiGHS), status checked."""
    L = 8 * sigma + t
    x = np.linspace(-L, L, n_x)
    h = x[1] - x[0]
    S, U = generator_grid(t, 6, 11)
    A = np.stack([special.ndtr((x - u) / s) if s > 0 else (x >= u).astype(float) for s, u in zip(S, U, strict=True)], 1)
    FP = special.ndtr(x / sigma)
    n, m = A.shape[1], len(x)
    c = np.r_[np.zeros(n), np.full(m, h)]
    A_ub = np.block([[A, -np.eye(m)], [-A, -np.eye(m)]])
    res = optimize.linprog(c, A_ub=A_ub, b_ub=np.r_[FP, -FP], A_eq=np.r_[np.ones(n), np.zeros(m)][None], b_eq=[1],
                           bounds=[(0, None)] * (n + m), method="highs")
    assert res.status == 0
    return res.fun


def test_cold_start_finds_the_corner_equilibrium_and_the_lp_agrees():
    sigma, t = 1.25, 0.5
    sol = solve(WGANMixedGame(sigma, t))
    atoms = sol.mixture.atoms()
    assert [v for a in atoms for v in (a["s"], a["u"], a["weight"])] == pytest.approx([1, -t, 0.5, 1, t, 0.5], abs=1e-9)
    assert sol.gain < 1e-8
    # the LP on grids (x step ~0.017) is an independent approximation of min_mu W1
    assert sol.value == pytest.approx(_grid_lp_w1(sigma, t), abs=2e-4)


def test_pricing_finds_a_profitable_deviation_from_a_pure_strategy():
    game = WGANMixedGame(1.25, 0.5)
    mix = Mixture.pure(1.0, 0.0)
    pr = price(game.payoff(mix), mix, game.t)
    # against D = |x| the best deviation is (1, +-t) with gain E|t + Z| - E|Z| (the pure game's minimal gap)
    assert (pr.s, abs(pr.u)) == pytest.approx((1.0, 0.5)) and pr.gain == pytest.approx(0.0977085540, abs=1e-9)
