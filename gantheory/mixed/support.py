"""Mixed strategies of the generator in the 1-D games of Theorem 1: finitely supported mixtures.

The generator's feasible set is Theta = {(w, u) : |w| <= 1, |u| <= t}; the law of G(Z) = w Z + u,
Z ~ N(0, 1), depends on (s, u) with s = |w| only, so a mixed strategy is a probability measure mu on
[0, 1] x [-t, t] and the generated law is the mixture Q_mu = sum_i w_i N(u_i, s_i^2) (an atom with
s_i = 0 is the point mass at u_i).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from gantheory import _validation as v

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


@dataclass(frozen=True)
class Mixture:
    """mu = sum_i w_i delta_{(s_i, u_i)}; Q_mu = sum_i w_i N(u_i, s_i^2).

    Parameters
    ----------
    s, u, w : array_like
        Spreads s_i in [0, 1], means u_i and weights w_i >= 0 summing to 1 (same length).
    """

    s: np.ndarray
    u: np.ndarray
    w: np.ndarray

    def __post_init__(self) -> None:
        s, u, w = (np.atleast_1d(np.asarray(a, dtype=float)) for a in (self.s, self.u, self.w))
        if not (s.shape == u.shape == w.shape) or s.ndim != 1 or len(s) == 0:
            raise ValueError("mixture: s, u and w must be 1-D arrays of one non-zero length")
        if not (np.all(np.isfinite(s)) and np.all(np.isfinite(u)) and np.all(np.isfinite(w))):
            raise ValueError("mixture: s, u and w must be finite")
        if np.any(s < 0) or np.any(w < 0):
            raise ValueError("mixture: s and w must be >= 0")
        if abs(float(w.sum()) - 1.0) > 1e-9:
            raise ValueError(f"mixture: the weights w must sum to 1, got {float(w.sum()):.12g}")
        object.__setattr__(self, "s", s)
        object.__setattr__(self, "u", u)
        object.__setattr__(self, "w", w / w.sum())

    @staticmethod
    def pure(s: float, u: float) -> Mixture:
        """The pure strategy (s, u) as a one-atom mixture."""
        return Mixture(np.array([s]), np.array([u]), np.array([1.0]))

    def __len__(self) -> int:
        return len(self.w)

    def cdf(self, x) -> np.ndarray:
        """F_{Q_mu}(x) (vectorised; a point mass contributes the step 1{x >= u_i})."""
        x = np.asarray(x, dtype=float)[..., None]
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(self.s > 0, (x - self.u) / np.where(self.s > 0, self.s, 1.0), 0.0)
        comp = np.where(self.s > 0, special.ndtr(z), (x >= self.u).astype(float))
        return np.sum(self.w * comp, axis=-1)

    def pdf(self, x) -> np.ndarray:
        """The density of Q_mu (only for mixtures without point masses)."""
        if np.any((self.s == 0) & (self.w > 0)):
            raise ValueError("mixture: a point mass (s = 0) has no density")
        x = np.asarray(x, dtype=float)[..., None]
        s = np.where(self.s > 0, self.s, 1.0)
        z = (x - self.u) / s
        return np.sum(self.w * np.exp(-0.5 * z * z) * _INV_SQRT_2PI / s, axis=-1)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n draws of Q_mu."""
        k = rng.choice(len(self.w), size=n, p=self.w)
        return self.u[k] + self.s[k] * rng.standard_normal(n)

    def atoms(self) -> list[dict[str, float]]:
        """The support of mu as a list of {"s", "u", "weight"} (sorted by u)."""
        order = np.lexsort((self.s, self.u))
        return [{"s": float(self.s[i]), "u": float(self.u[i]), "weight": float(self.w[i])} for i in order]


def generator_grid(t: float, n_s: int, n_u: int, s_min: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """A grid of the generator set [s_min, 1] x [-t, t] (flattened arrays S, U of n_s * n_u points).

    Parameters
    ----------
    t : float
        The bound ||u|| <= t of Theorem 1.
    n_s, n_u : int
        Numbers of grid values of s and of u (>= 2).
    s_min : float
        Smallest spread on the grid (0: the point masses are included).

    Returns
    -------
    S, U : numpy.ndarray
    """
    t = v.positive("t", t)
    if n_s < 2 or n_u < 2:
        raise ValueError(f"n_s and n_u must be >= 2, got {n_s}, {n_u}")
    S, U = np.meshgrid(np.linspace(s_min, 1.0, n_s), np.linspace(-t, t, n_u), indexing="ij")
    return S.ravel(), U.ravel()


def prune(mix: Mixture, w_min: float = 1e-9, merge: float = 1e-7) -> Mixture:
    """Drop atoms of weight < w_min and merge atoms closer than ``merge`` (in (s, u)); weights renormalised."""
    keep = mix.w >= w_min
    s, u, w = mix.s[keep], mix.u[keep], mix.w[keep]
    out_s, out_u, out_w = [], [], []
    for i in np.argsort(-w):
        for j in range(len(out_w)):
            if abs(out_s[j] - s[i]) <= merge and abs(out_u[j] - u[i]) <= merge:
                out_w[j] += w[i]
                break
        else:
            out_s.append(s[i])
            out_u.append(u[i])
            out_w.append(w[i])
    w_arr = np.array(out_w)
    return Mixture(np.array(out_s), np.array(out_u), w_arr / w_arr.sum())
