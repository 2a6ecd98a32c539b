"""The Gaussian W2GAN game, eq. (9), with cost c(x, x') = eta ||x - x'||^2 (Theorem 1, Remark 1, Theorem 2).

V(G, D) = E_P[D(X)] - E_Q[D^c(G(Z))],  D^c(y) = sup_x D(x) - eta ||x - y||^2.

Discriminators are the quadratics D(x) = x^T A x + b^T x of Theorem 1; one is c-concave iff
eta ||x||^2 - D(x) is convex, i.e. A <= eta I. The c-concave maximiser of V(G, .) is itself such a
quadratic (the Brenier potential of the closed forms, eq. (9)), so the game over c-concave D and
the game over quadratic D share best responses and Nash gaps at best responses; V is evaluated here
for quadratic D only.

For a quadratic D with M = eta I - A:
* M with a negative eigenvalue: D^c = +inf everywhere, so V = -inf for every generator;
* M >= 0: D^c(y) = (1/4) g^T M^+ g - eta ||y||^2 with g = b + 2 eta y when g lies in range(M), +inf
  otherwise. So D^c(y) = y^T K y + lin^T y + k0 with K = eta^2 M^+ - eta I, lin = eta M^+ b,
  k0 = b^T M^+ b / 4, and E_Q[D^c] = tr(K Sigma) + u^T K u + lin^T u + k0 when Q lives where D^c < inf.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gantheory import _validation as v
from gantheory.games.base import ZeroSumGame
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet


@dataclass(frozen=True)
class QuadraticDiscriminator:
    """D(x) = x^T A x + b^T x (A symmetric)."""

    A: np.ndarray
    b: np.ndarray

    def __post_init__(self) -> None:
        A = np.atleast_2d(v.finite_array("A", self.A))
        b = np.atleast_1d(v.finite_array("b", self.b))
        if A.shape != (len(b), len(b)):
            raise ValueError(f"A must have shape ({len(b)}, {len(b)}) to match b, got {A.shape}")
        A = 0.5 * (A + A.T)
        A.setflags(write=False)
        b.setflags(write=False)
        object.__setattr__(self, "A", A)
        object.__setattr__(self, "b", b)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=float).reshape(-1, len(self.b))
        return np.einsum("ij,jk,ik->i", x, self.A, x) + x @ self.b

    def to_vector(self) -> np.ndarray:
        """The parameters as one vector, concatenate([A.ravel(), b]) (A row-major), of length d^2 + d."""
        return np.concatenate([self.A.ravel(), self.b])

    @staticmethod
    def from_vector(x: np.ndarray, dim: int) -> QuadraticDiscriminator:
        """The discriminator with parameters ``x`` laid out as by :meth:`to_vector` (A is symmetrised)."""
        x = np.asarray(x, dtype=float)
        n = dim * dim
        if x.shape != (n + dim,):
            raise ValueError(f"x must have shape ({n + dim},) for dim = {dim}, got {x.shape}")
        return QuadraticDiscriminator(x[:n].reshape(dim, dim), x[n:])

    def is_c_concave(self, eta: float, tol: float = 1e-12) -> bool:
        return bool(np.linalg.eigvalsh(eta * np.eye(len(self.b)) - self.A).min() >= -tol * max(1.0, eta))

    def generator_payoff(self, eta: float, u: np.ndarray, Sigma: np.ndarray) -> float:
        """E_{N(u, Sigma)}[D^c] (+inf where D^c is infinite on a set of positive Q-measure)."""
        ct = c_transform_quadratic(eta, self)
        if ct is None:
            return math.inf
        K, lin, k0, basis = ct
        u = np.asarray(u, dtype=float)
        if basis is not None:
            # Q must live in {y : b + 2 eta y in range(M)}: b + 2 eta u and range(Sigma) inside range(M)
            P = np.eye(len(u)) - basis @ basis.T
            g = self.b + 2 * eta * u
            scale = 1.0 + float(np.abs(g).max()) + float(np.abs(Sigma).max())
            if np.abs(P @ g).max() > 1e-9 * scale or np.abs(P @ Sigma @ P).max() > 1e-9 * scale:
                return math.inf
        return float(np.trace(K @ Sigma) + u @ K @ u + lin @ u + k0)


def c_transform_quadratic(eta: float, D: QuadraticDiscriminator):
    """(K, lin, k0, basis) with D^c(y) = y^T K y + lin^T y + k0 where finite, ``basis`` an orthonormal
    basis of range(M) when M = eta I - A is singular (None when invertible); None if D^c = +inf."""
    d = len(D.b)
    M = eta * np.eye(d) - D.A
    lam, V = np.linalg.eigh(M)
    tol = 1e-12 * max(1.0, eta, float(np.abs(lam).max()))
    if lam.min() < -tol:
        return None
    pos = lam > tol
    inv = np.where(pos, 1.0 / np.where(pos, lam, 1.0), 0.0)
    Mp = (V * inv) @ V.T
    K = eta * eta * Mp - eta * np.eye(d)
    lin = eta * Mp @ D.b
    k0 = 0.25 * float(D.b @ Mp @ D.b)
    basis = None if np.all(pos) else V[:, pos]
    return K, lin, k0, basis


class W2GANGame(ZeroSumGame):
    """Gaussian W2GAN (eq. (9)): P = N(0, sigma^2 I_d), linear generators, quadratic discriminators."""

    name = "w2gan"

    def __init__(self, data: GaussianData, generators: LinearGeneratorSet, eta: float = 0.5) -> None:
        if generators.dim != data.dim:
            raise ValueError(f"generator dimension {generators.dim} does not match data dimension {data.dim}")
        self.data = data
        self.generators = generators
        self.eta = v.positive("eta", eta)

    def check_generator(self, G: LinearGenerator) -> None:
        self.generators.check(G)

    def check_discriminator(self, D: QuadraticDiscriminator) -> None:
        if not isinstance(D, QuadraticDiscriminator):
            raise ValueError("W2GAN discriminators must be QuadraticDiscriminator (x^T A x + b^T x)")
        if len(D.b) != self.data.dim:
            raise ValueError(f"discriminator dimension {len(D.b)} does not match data dimension {self.data.dim}")

    def value(self, G: LinearGenerator, D: QuadraticDiscriminator) -> float:
        """V(G, D) = sigma^2 tr(A) - E_Q[D^c] (eq. (9)); -inf where E_Q[D^c] = +inf."""
        self.check_discriminator(D)
        if G.dim != self.data.dim:
            raise ValueError(f"generator dimension {G.dim} does not match data dimension {self.data.dim}")
        payoff = D.generator_payoff(self.eta, G.u, G.covariance)
        if payoff == math.inf:
            return -math.inf
        return float(self.data.sigma**2 * np.trace(D.A) - payoff)
