"""Discriminator types of the one-dimensional games that carry their Gaussian means exactly.

* :class:`AbsDiscriminator`, D(x) = kappa |x - c| + slope x (the WGAN best responses, eq. (8)), through
  the folded-normal mean m(mu, tau) = E|mu + tau Z| = tau sqrt(2/pi) exp(-mu^2/(2 tau^2)) + mu (1 - 2 Phi(-mu/tau));
* :class:`PiecewiseLinearDiscriminator`, D given by its values on a grid, linear between the nodes and
  constant beyond them (the numerical best responses of :mod:`gantheory.equilibria.numerical`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def folded_mean(mu, tau):
    """m(mu, tau) = E|mu + tau Z|, Z ~ N(0, 1) (vectorised; tau >= 0)."""
    mu = np.abs(np.asarray(mu, dtype=float))
    tau = np.asarray(tau, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # r*r = inf gives exp(-inf) = 0: exact
        r = np.where(tau > 0, mu / np.where(tau > 0, tau, 1.0), np.inf)
        val = tau * SQRT_2_OVER_PI * np.exp(-0.5 * r * r) + mu * (1 - 2 * special.ndtr(-r))
    return np.where(tau > 0, val, mu)


@dataclass(frozen=True)
class AbsDiscriminator:
    """D(x) = kappa |x - c| + slope x, a 1-Lipschitz discriminator (|kappa| + |slope| <= 1)."""

    kappa: float
    c: float
    slope: float = 0.0

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        return self.kappa * np.abs(x - self.c) + self.slope * x

    def mean_under(self, m: float, tau: float) -> float:
        """E[D(m + tau Z)]."""
        return float(self.kappa * folded_mean(m - self.c, tau) + self.slope * m)


@dataclass(frozen=True)
class PiecewiseLinearDiscriminator:
    """D linear between the nodes of an increasing ``grid`` with values ``values`` there (constant beyond).

    Its Gaussian mean is E[D(m + tau Z)] = D(x_0) + sum_j D'_j dx_j P(m + tau Z > x_j + dx_j/2): the
    kinks exactly, the smooth survival function by the midpoint rule over each cell.
    """

    grid: np.ndarray
    values: np.ndarray

    def __call__(self, x):
        return np.interp(np.asarray(x, dtype=float).reshape(-1), self.grid, self.values)

    def means(self, m, tau) -> np.ndarray:
        """E[D(m + tau Z)] for arrays m, tau of means and standard deviations (tau >= 0)."""
        m = np.atleast_1d(m).astype(float)
        s = np.atleast_1d(tau).astype(float)
        dx = np.diff(self.grid)
        slopes = np.diff(self.values) / dx
        mid = self.grid[:-1] + 0.5 * dx
        with np.errstate(divide="ignore", invalid="ignore"):
            zz = (mid[None, :] - m[:, None]) / s[:, None]
        surv = np.where(s[:, None] > 0, special.ndtr(-zz), (mid[None, :] < m[:, None]).astype(float))
        surv = np.where(np.isnan(surv), (mid[None, :] < m[:, None]).astype(float), surv)
        return self.values[0] + np.sum(slopes[None, :] * dx[None, :] * surv, axis=1)

    def mean_under(self, m: float, tau: float) -> float:
        """E[D(m + tau Z)]."""
        return float(self.means(m, tau)[0])
