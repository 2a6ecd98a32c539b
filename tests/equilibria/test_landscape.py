"""Gap landscapes: the refinement on a known minimum, the W2GAN landscape against eta (sigma - 1) t^2, the
lower bounds below every grid value, Remark 1's zero."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gantheory.equilibria.landscape import gap_landscape, landscape_games, refine_min, remark1_gaps

SIGMA, T, ETA = 1.25, 0.5, 0.5


def test_refine_min_finds_a_known_interior_minimum_past_infinite_values():
    def f(s, u):
        return math.inf if s < 0.2 else (s - 0.37) ** 2 + (u - 0.11) ** 2 + 2.0

    S, U = np.meshgrid(np.linspace(0, 1, 6), np.linspace(-T, T, 6))
    G = np.vectorize(f)(S, U)
    g, s, u = refine_min(f, S, U, G, T)
    assert (s, u) == (pytest.approx(0.37, abs=1e-5), pytest.approx(0.11, abs=1e-5))
    assert 2.0 <= g < np.min(G) and g == pytest.approx(2.0, abs=1e-9)


def test_refine_min_keeps_the_grid_point_when_it_is_the_minimum():
    def f(s, u):
        return abs(s - 0.4) + abs(u)  # kinked at the grid point (0.4, 0)

    S, U = np.meshgrid(np.linspace(0, 1, 6), np.linspace(-T, T, 5))
    g, s, u = refine_min(f, S, U, np.vectorize(f)(S, U), T)
    assert g <= 1e-9 and s == pytest.approx(0.4, abs=1e-6) and u == pytest.approx(0.0, abs=1e-6)


def test_games_and_w2gan_landscape():
    games = landscape_games(SIGMA, T, ETA, fgans=("kl",))
    assert list(games) == ["kl", "wgan", "w2gan"]
    assert games["w2gan"].lower == pytest.approx(ETA * (SIGMA - 1) * T * T, rel=1e-12)
    for key, gm in games.items():
        ls = gap_landscape(gm.gap, T, 5)
        assert ls.G.shape == (5, 5) and ls.G[1, 3] == gm.gap(ls.s_grid[3], ls.u_grid[1])  # rows u, columns s
        assert gm.lower > 0 and np.nanmin(ls.G) >= gm.lower * (1 - 1e-9), key  # Theorem 1's lower bound
        assert ls.minimum <= np.nanmin(ls.G) and ls.minimum >= gm.lower * (1 - 1e-9), key
    ls = gap_landscape(games["w2gan"].gap, T, 5)
    assert (ls.s, ls.u) == (1.0, 0.0) and ls.minimum == pytest.approx(ETA * (SIGMA - 1) * T * T, rel=1e-9)


def test_remark1_gaps_vanish_at_u_zero():
    us, gaps = remark1_gaps(0.8, 0.5, ETA, 5)
    assert us[2] == 0.0 and set(gaps) == {"wgan", "w2gan"}
    for v in gaps.values():
        assert abs(v[2]) <= 1e-12 and np.all(v >= -1e-12) and np.all(v[[0, 1, 3, 4]] > 1e-6)
