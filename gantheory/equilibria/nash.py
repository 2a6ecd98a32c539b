"""Nash gaps (NashConv) of a zero-sum game, eq. (2).

nash_gap(G, D) = max_D' V(G, D') - min_G' V(G', D) >= 0, zero exactly at a Nash equilibrium:
(G, D) is a Nash equilibrium iff V(G, D') <= V(G, D) <= V(G', D) for all G', D' (eq. (2)), i.e. iff
both best-response values equal V(G, D). Infinite values are returned as ``math.inf``.
"""

from __future__ import annotations

import math
from typing import Any

from gantheory.games.base import ZeroSumGame


def nash_gap(game: ZeroSumGame, G: Any, D: Any) -> float:
    """max_D' V(G, D') - min_G' V(G', D) (eq. (2)); ``inf`` when either side is unbounded."""
    up = game.discriminator_best_response(G).value
    low = game.generator_best_response(D).value
    if up == math.inf or low == -math.inf:
        return math.inf
    if math.isnan(up) or math.isnan(low):
        raise ValueError("a best-response value is NaN")
    return float(up - low)


def nash_gap_at_best_response(game: ZeroSumGame, G: Any) -> float:
    """inf over best responses D of G of nash_gap(G, D); ``inf`` when no best response is attained."""
    br = game.discriminator_best_response(G)
    if not br.attained or br.value == math.inf:
        return math.inf
    return min(nash_gap(game, G, D) for D in br.strategies)


def deviation_gains(game: ZeroSumGame, G: Any, D: Any, generators, discriminators) -> tuple[float, float]:
    """Largest gains of sampled unilateral deviations at (G, D):
    (max_D' V(G, D') - V(G, D), V(G, D) - min_G' V(G', D)) over the given samples (an independent,
    sampling-based lower bound on each half of the Nash gap)."""
    v0 = game.value(G, D)
    d_gain = max((game.value(G, Dp) - v0 for Dp in discriminators), default=-math.inf)
    g_gain = max((v0 - game.value(Gp, D) for Gp in generators), default=-math.inf)
    return float(d_gain), float(g_gain)
