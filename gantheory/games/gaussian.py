"""Gaussian data and norm-constrained linear generators (Theorem 1, Remark 1).

Data X ~ N(0, sigma^2 I_d). Generator G(z) = W z + u with z ~ N(0, I_k), so G(Z) ~ N(u, W W^T).

Feasible sets used (stated exactly):

* Theorem 1:   { (W, u) : sigma_max(W) <= 1, ||u||_2 <= t }.
* Remark 1:    { (W, u) : sigma_min(W) >= 1, sigma_max(W) <= 1, ||u||_2 <= t }, i.e. every singular
  value of W equals 1 (W W^T = I when k = d: the generator can only translate the latent Gaussian).
  Here sigma_min is the smallest of the min(d, k) singular values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gantheory import _validation as v

#: tolerance on the singular-value and norm constraints when testing feasibility
FEASIBILITY_TOL = 1e-9


@dataclass(frozen=True)
class GaussianData:
    """P_X = N(0, sigma^2 I_dim)."""

    sigma: float
    dim: int = 1

    def __post_init__(self) -> None:
        object.__setattr__(self, "sigma", v.positive("sigma", self.sigma))
        object.__setattr__(self, "dim", v.positive_int("dim", self.dim))

    def logpdf(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float).reshape(-1, self.dim)
        s2 = self.sigma**2
        return -0.5 * np.sum(x * x, axis=1) / s2 - 0.5 * self.dim * np.log(2 * np.pi * s2)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        return self.sigma * rng.standard_normal((n, self.dim))


@dataclass(frozen=True)
class LinearGenerator:
    """G(z) = W z + u (Theorem 1). ``W`` has shape (d, k), ``u`` shape (d,)."""

    W: np.ndarray = field(repr=True)
    u: np.ndarray = field(repr=True)

    def __post_init__(self) -> None:
        W = np.atleast_2d(v.finite_array("W", self.W))
        u = np.atleast_1d(v.finite_array("u", self.u))
        if W.ndim != 2:
            raise ValueError(f"W must be a matrix, got an array of shape {W.shape}")
        if u.ndim != 1 or u.shape[0] != W.shape[0]:
            raise ValueError(f"u must have shape ({W.shape[0]},) to match W of shape {W.shape}, got {u.shape}")
        W.setflags(write=False)
        u.setflags(write=False)
        object.__setattr__(self, "W", W)
        object.__setattr__(self, "u", u)

    @staticmethod
    def scalar(w: float, u: float) -> LinearGenerator:
        """The one-dimensional generator G(z) = w z + u."""
        return LinearGenerator(np.array([[w]]), np.array([u]))

    def to_vector(self) -> np.ndarray:
        """The parameters as one vector, concatenate([W.ravel(), u]) (W row-major), of length d k + d."""
        return np.concatenate([self.W.ravel(), self.u])

    @staticmethod
    def from_vector(x: np.ndarray, dim: int, latent_dim: int) -> LinearGenerator:
        """The generator with parameters ``x`` laid out as by :meth:`to_vector` (W of shape (dim, latent_dim))."""
        x = np.asarray(x, dtype=float)
        n = dim * latent_dim
        if x.shape != (n + dim,):
            raise ValueError(f"x must have shape ({n + dim},) for dim = {dim}, latent_dim = {latent_dim}, "
                             f"got {x.shape}")
        return LinearGenerator(x[:n].reshape(dim, latent_dim), x[n:])

    @property
    def dim(self) -> int:
        return self.W.shape[0]

    @property
    def latent_dim(self) -> int:
        return self.W.shape[1]

    @property
    def covariance(self) -> np.ndarray:
        """Sigma_G = W W^T, the covariance of G(Z)."""
        return self.W @ self.W.T

    def singular_values(self) -> np.ndarray:
        return np.linalg.svd(self.W, compute_uv=False)

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        z = rng.standard_normal((n, self.latent_dim))
        return z @ self.W.T + self.u


@dataclass(frozen=True)
class LinearGeneratorSet:
    """The feasible generators of Theorem 1 (``remark1=False``) or Remark 1 (``remark1=True``)."""

    dim: int
    latent_dim: int
    t: float
    remark1: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "dim", v.positive_int("dim", self.dim))
        object.__setattr__(self, "latent_dim", v.positive_int("latent_dim", self.latent_dim))
        object.__setattr__(self, "t", v.nonnegative("t", self.t))

    def check(self, G: LinearGenerator, tol: float = FEASIBILITY_TOL) -> None:
        """Raise ValueError naming the violated constraint."""
        if not isinstance(G, LinearGenerator):
            raise ValueError(f"generator must be a LinearGenerator, got {type(G).__name__}")
        if G.W.shape != (self.dim, self.latent_dim):
            raise ValueError(f"W must have shape ({self.dim}, {self.latent_dim}), got {G.W.shape}")
        sv = G.singular_values()
        if sv.max(initial=0.0) > 1 + tol:
            raise ValueError(f"infeasible W: sigma_max(W) = {sv.max():.6g} > 1")
        if self.remark1 and sv.min(initial=np.inf) < 1 - tol:
            raise ValueError(f"infeasible W: sigma_min(W) = {sv.min():.6g} < 1 (Remark 1 needs sigma_min >= 1)")
        nu = float(np.linalg.norm(G.u))
        if nu > self.t * (1 + tol) + tol:
            raise ValueError(f"infeasible u: ||u|| = {nu:.6g} > t = {self.t:.6g}")

    def contains(self, G: LinearGenerator, tol: float = FEASIBILITY_TOL) -> bool:
        try:
            self.check(G, tol)
        except ValueError:
            return False
        return True

    def project(self, W: np.ndarray, u: np.ndarray) -> LinearGenerator:
        """Euclidean (Frobenius) projection onto the feasible set: clip singular values and ||u||."""
        U, s, Vt = np.linalg.svd(np.atleast_2d(W), full_matrices=False)
        s = np.clip(s, 1.0 if self.remark1 else 0.0, 1.0)
        u = np.asarray(u, dtype=float)
        nu = np.linalg.norm(u)
        if nu > self.t:
            u = u * (self.t / nu)
        return LinearGenerator((U * s) @ Vt, u)

    def project_vector(self, x: np.ndarray) -> LinearGenerator:
        """:meth:`project` of the parameters ``x`` laid out as by :meth:`LinearGenerator.to_vector`."""
        n = self.dim * self.latent_dim
        return self.project(np.asarray(x, dtype=float)[:n].reshape(self.dim, self.latent_dim), x[n:])

    def sample(self, rng: np.random.Generator) -> LinearGenerator:
        """A random feasible generator (Haar-like directions, uniform singular values and radius)."""
        d, k = self.dim, self.latent_dim
        A = rng.standard_normal((d, k))
        U, _, Vt = np.linalg.svd(A, full_matrices=False)
        r = min(d, k)
        s = np.ones(r) if self.remark1 else rng.uniform(0, 1, r)
        u = rng.standard_normal(d)
        u *= self.t * rng.uniform() ** (1 / d) / max(np.linalg.norm(u), 1e-300)
        return LinearGenerator((U * s) @ Vt, u)
