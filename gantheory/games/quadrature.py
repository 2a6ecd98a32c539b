"""Gauss-Hermite expectations of arbitrary functions under Gaussians (tensor grids, small dimension).

E[g(m + L Z)], Z ~ N(0, I_k), is computed with the Gauss-Hermite rule of the *wider* Gaussian
N(0, tau^2 I_k) reweighted by the density ratio (weights held in log space), so that integrands
growing like exp(c ||z||^2) with c < 1/2 (log-density ratios of the games) are still integrated
accurately. Used by the games' objectives V(G, D) for user-supplied discriminators.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from functools import lru_cache

import numpy as np

from gantheory._numerics import GH_ORDER, gauss_hermite_log

MAX_TENSOR_DIM = 3


@lru_cache(maxsize=32)
def _rule(order: int, k: int, tau: float) -> tuple[np.ndarray, np.ndarray]:
    """Tensor product of the 1-D rule of :func:`gantheory._numerics.gauss_hermite_log` in k dimensions."""
    z1, logw1 = gauss_hermite_log(order, tau)
    pts = np.array(list(itertools.product(z1, repeat=k)))
    logw = np.array([sum(c) for c in itertools.product(logw1, repeat=k)])
    keep = logw > -700.0  # nodes whose weight underflows carry no mass (and would give 0 * inf)
    return pts[keep], np.exp(logw[keep])


def gaussian_expectation(g: Callable[[np.ndarray], np.ndarray], mean: np.ndarray, L: np.ndarray,
                         order: int = GH_ORDER, tau: float = 1.6) -> float:
    """E[g(mean + L Z)] for Z ~ N(0, I_k); ``g`` maps an (n, d) array to (n,)."""
    mean = np.asarray(mean, dtype=float)
    L = np.atleast_2d(np.asarray(L, dtype=float))
    k = L.shape[1]
    if k > MAX_TENSOR_DIM:
        raise ValueError(f"quadrature is implemented for latent dimension <= {MAX_TENSOR_DIM}, got {k}")
    if k > 1:
        order = min(order, {2: 48, 3: 24}[k])
    z, w = _rule(order, k, tau)
    x = mean[None, :] + z @ L.T
    vals = np.asarray(g(x), dtype=float).reshape(-1)
    if np.any(np.isnan(vals)):
        raise ValueError("the integrand returned NaN")
    pos_inf = np.isposinf(vals) & (w > 0)
    neg_inf = np.isneginf(vals) & (w > 0)
    if pos_inf.any() and neg_inf.any():
        raise ValueError("the integrand takes both +inf and -inf")
    if pos_inf.any():
        return math.inf
    if neg_inf.any():
        return -math.inf
    return float(np.sum(w * vals))
