"""Sliced Wasserstein-2 distance between two image sets (Rabin et al. 2011; Bonneel et al. 2015), in torch, so the
neural commands need not import POT.

``SW_2(X, Y) = ( mean_k W_2^2(<theta_k, X>, <theta_k, Y>) )^(1/2)`` over ``n_projections`` directions ``theta_k``
drawn uniformly on the unit sphere (normalised standard Gaussians from a seeded ``torch.Generator``), each image
flattened to a vector. POT's ``ot.sliced_wasserstein_distance`` (p = 2) computes the same quantity; given the same
directions (its ``projections=`` argument, shape (d, n_projections)) the two agree to rounding.

Each 1-D term is exact for the empirical measures with uniform weights: with equal sample sizes it is the mean
squared difference of the sorted projections; with sizes n != m it integrates the squared difference of the two
quantile functions over the merged grid of levels {i/n} U {j/m} (the quantile functions are step functions, so
the integral is a finite sum), as POT's ``wasserstein_1d`` does.
"""

from __future__ import annotations

import numpy as np
import torch


def random_directions(dim: int, n_projections: int, seed: int = 0, dtype: torch.dtype = torch.float64
                      ) -> torch.Tensor:
    """(dim, n_projections) unit columns, uniform on the sphere, from ``torch.Generator().manual_seed(seed)``."""
    if dim < 1 or n_projections < 1:
        raise ValueError(f"dim and n_projections must be positive, got {dim} and {n_projections}")
    g = torch.Generator().manual_seed(int(seed))
    th = torch.randn(dim, n_projections, generator=g, dtype=torch.float64)
    return (th / th.norm(dim=0, keepdim=True)).to(dtype)


def _flat(x, name: str) -> torch.Tensor:
    t = x if torch.is_tensor(x) else torch.as_tensor(np.asarray(x))
    if t.ndim < 2 or t.shape[0] < 1:
        raise ValueError(f"{name} must be a set of samples (N, ...) with N >= 1, got shape {tuple(t.shape)}")
    t = t.detach().reshape(t.shape[0], -1).to(torch.float64)
    if not bool(torch.isfinite(t).all()):
        raise ValueError(f"{name} contains NaN or infinite values")
    return t


def w2_squared_1d(u: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """Exact W_2^2 between the empirical measures (uniform weights) of the columns of u (n, k) and v (m, k);
    returns (k,)."""
    u, _ = torch.sort(u, dim=0)
    v, _ = torch.sort(v, dim=0)
    n, m = u.shape[0], v.shape[0]
    if n == m:
        return ((u - v) ** 2).mean(dim=0)
    levels = torch.unique(torch.cat([torch.arange(1, n + 1, dtype=torch.float64) / n,
                                     torch.arange(1, m + 1, dtype=torch.float64) / m]))
    levels[-1] = 1.0
    widths = torch.diff(levels, prepend=torch.zeros(1, dtype=torch.float64))
    mids = levels - widths / 2  # strictly inside each interval: the quantile index is floor(mid * size)
    iu = torch.clamp((mids * n).floor().long(), max=n - 1)
    iv = torch.clamp((mids * m).floor().long(), max=m - 1)
    keep = widths > 0
    return (widths[keep, None] * (u[iu[keep]] - v[iv[keep]]) ** 2).sum(dim=0)


def sliced_wasserstein(x, y, n_projections: int = 128, seed: int = 0, projections: torch.Tensor | None = None,
                       batch: int = 256) -> float:
    """Sliced W_2 between sample sets x (N, ...) and y (M, ...) (flattened per sample; sizes may differ).
    ``projections`` (d, k) overrides the seeded random directions. Returns a float (not squared)."""
    a, b = _flat(x, "x"), _flat(y, "y")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"x and y must have the same sample dimension, got {a.shape[1]} and {b.shape[1]}")
    d = a.shape[1]
    if projections is None:
        theta = random_directions(d, n_projections, seed)
    else:
        theta = torch.as_tensor(projections, dtype=torch.float64)
        if theta.ndim != 2 or theta.shape[0] != d:
            raise ValueError(f"projections must be ({d}, k), got {tuple(theta.shape)}")
    total = torch.zeros((), dtype=torch.float64)
    for s in range(0, theta.shape[1], batch):
        th = theta[:, s:s + batch]
        total = total + w2_squared_1d(a @ th, b @ th).sum()
    return float(torch.sqrt(total / theta.shape[1]))
