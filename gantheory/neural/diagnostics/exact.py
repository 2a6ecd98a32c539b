"""The Gaussian W2GAN of Theorem 1 (eq. (9), cost c(x, x') = eta ||x - x'||^2; the paper's W2GAN has eta = 1/2)
as torch modules, with V in closed form -- exact Gaussian expectations, no sampling -- so that every diagnostic
can be checked against the theory half (:mod:`gantheory.games.w2gan`, :mod:`gantheory.exact.w2gan`,
:mod:`gantheory.proximal.w2gan`).

* Generator G(z) = W z + u, z ~ N(0, I_k) (parameters W (d x k), u (d)); Theorem 1's feasible set
  sigma_max(W) <= 1, ||u|| <= t is kept by :meth:`W2GANTorch.project_G` when a copy of G is optimised.
* Discriminator D(x) = x^T A x + b^T x (:class:`gantheory.games.w2gan.QuadraticDiscriminator`), A symmetric,
  parameterised by its upper triangle (d(d+1)/2 numbers, row-major, as ``numpy.triu_indices``) and b.
* With M = eta I - A > 0: D^c(y) = y^T K y + lin^T y + k0, K = eta^2 M^{-1} - eta I, lin = eta M^{-1} b,
  k0 = b^T M^{-1} b / 4, so V(G, D) = sigma^2 tr(A) - [tr(K W W^T) + u^T K u + lin^T u + k0]
  (-inf when M is not positive definite). :meth:`W2GANTorch.sampled_value` is the same with sample means.
* The Sobolev distance of eq. (15) under P = N(0, sigma^2 I): ||D' - D||^2 = 4 sigma^2 ||A' - A||_F^2 + ||b' - b||^2.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame
from gantheory.neural.diagnostics.gap import GapProblem
from gantheory.neural.diagnostics.hvp import GameFunctions, ValuePair


class LinearGeneratorModule(nn.Module):
    """G(z) = W z + u."""

    def __init__(self, W: np.ndarray, u: np.ndarray, dtype: torch.dtype = torch.float64) -> None:
        super().__init__()
        W = np.atleast_2d(np.asarray(W, dtype=float))
        self.W = nn.Parameter(torch.tensor(W, dtype=dtype))
        self.u = nn.Parameter(torch.tensor(np.asarray(u, dtype=float).reshape(W.shape[0]), dtype=dtype))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return z @ self.W.T + self.u

    def to_theory(self) -> LinearGenerator:
        return LinearGenerator(self.W.detach().cpu().numpy(), self.u.detach().cpu().numpy())


class QuadraticDiscriminatorModule(nn.Module):
    """D(x) = x^T A x + b^T x with A symmetric, parameterised by its upper triangle ``a`` and ``b``."""

    def __init__(self, A: np.ndarray, b: np.ndarray, dtype: torch.dtype = torch.float64) -> None:
        super().__init__()
        A = np.atleast_2d(np.asarray(A, dtype=float))
        d = A.shape[0]
        self.d = d
        iu = np.triu_indices(d)
        self.register_buffer("_rows", torch.tensor(iu[0]), persistent=False)
        self.register_buffer("_cols", torch.tensor(iu[1]), persistent=False)
        self.a = nn.Parameter(torch.tensor(0.5 * (A + A.T)[iu], dtype=dtype))
        self.b = nn.Parameter(torch.tensor(np.asarray(b, dtype=float).reshape(d), dtype=dtype))

    @property
    def A(self) -> torch.Tensor:
        U = torch.zeros(self.d, self.d, dtype=self.a.dtype, device=self.a.device).index_put((self._rows, self._cols),
                                                                                           self.a)
        return U + U.T - torch.diag(torch.diagonal(U))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return ((x @ self.A) * x).sum(-1) + x @ self.b

    def to_theory(self) -> QuadraticDiscriminator:
        return QuadraticDiscriminator(self.A.detach().cpu().numpy(), self.b.detach().cpu().numpy())

    def set_A(self, A: torch.Tensor) -> None:
        with torch.no_grad():
            self.a.copy_(A[self._rows, self._cols])


class W2GANTorch:
    """The Gaussian W2GAN game of eq. (9): P = N(0, sigma^2 I_d), cost eta ||x - x'||^2, Theorem 1's generators
    (sigma_max(W) <= 1, ||u|| <= t) and quadratic discriminators."""

    def __init__(self, sigma: float, dim: int, latent_dim: int, t: float, eta: float = 0.5) -> None:
        for name, val in (("sigma", sigma), ("t", t), ("eta", eta)):
            if not (isinstance(val, (int, float)) and math.isfinite(val) and val > 0):
                raise ValueError(f"{name} must be a positive number, got {val!r}")
        if dim < 1 or latent_dim < 1:
            raise ValueError(f"dim and latent_dim must be >= 1, got {dim}, {latent_dim}")
        self.sigma, self.dim, self.latent_dim, self.t, self.eta = float(sigma), int(dim), int(latent_dim), float(t), \
            float(eta)

    # -- the closed form ------------------------------------------------------------------------------------
    def c_transform(self, D: QuadraticDiscriminator | QuadraticDiscriminatorModule):
        """(K, lin, k0) of D^c(y) = y^T K y + lin^T y + k0, or None when M = eta I - A is not positive definite."""
        A, b = D.A, D.b
        eye = torch.eye(self.dim, dtype=A.dtype, device=A.device)
        M = self.eta * eye - A
        L, info = torch.linalg.cholesky_ex(M)
        if int(info) != 0:
            return None
        Minv = torch.cholesky_inverse(L)
        return self.eta ** 2 * Minv - self.eta * eye, self.eta * Minv @ b, 0.25 * b @ Minv @ b

    def value(self, G: LinearGeneratorModule, D: QuadraticDiscriminatorModule, real=None, z=None) -> torch.Tensor:
        """V(G, D) = sigma^2 tr(A) - E_Q[D^c] in closed form (``real`` and ``z`` are ignored)."""
        ct = self.c_transform(D)
        if ct is None:
            return torch.tensor(-math.inf, dtype=D.a.dtype, device=D.a.device)
        K, lin, k0 = ct
        payoff = (K * (G.W @ G.W.T)).sum() + G.u @ K @ G.u + lin @ G.u + k0
        return self.sigma ** 2 * torch.diagonal(D.A).sum() - payoff

    def sampled_value(self, G: LinearGeneratorModule, D: QuadraticDiscriminatorModule, real: torch.Tensor,
                      z: torch.Tensor) -> torch.Tensor:
        """mean D(real) - mean D^c(G(z)) (the sample version of eq. (9))."""
        ct = self.c_transform(D)
        if ct is None:
            return torch.tensor(-math.inf, dtype=D.a.dtype, device=D.a.device)
        K, lin, k0 = ct
        y = G(z)
        return D(real).mean() - (((y @ K) * y).sum(-1) + y @ lin + k0).mean()

    def sobolev(self, D: QuadraticDiscriminatorModule, ref: tuple[torch.Tensor, torch.Tensor],
                real=None) -> torch.Tensor:
        """||D - D_ref||^2 of eq. (15) under N(0, sigma^2 I): 4 sigma^2 ||A - A_ref||_F^2 + ||b - b_ref||^2."""
        A_ref, b_ref = ref
        return 4 * self.sigma ** 2 * ((D.A - A_ref) ** 2).sum() + ((D.b - b_ref) ** 2).sum()

    # -- constraints ------------------------------------------------------------------------------------------
    def project_G(self, G: LinearGeneratorModule) -> None:
        """Onto Theorem 1's set: singular values of W clipped at 1, u scaled into the ball of radius t."""
        with torch.no_grad():
            U, s, Vh = torch.linalg.svd(G.W, full_matrices=False)
            G.W.copy_((U * s.clamp(max=1.0)) @ Vh)
            nu = G.u.norm()
            if nu > self.t:
                G.u.mul_(self.t / nu)

    def project_D(self, D: QuadraticDiscriminatorModule, margin: float = 1e-6) -> None:
        """Keep D c-concave with a margin: eigenvalues of A clipped at eta (1 - margin) (V = -inf beyond)."""
        with torch.no_grad():
            lam, V = torch.linalg.eigh(D.A)
            D.set_A((V * lam.clamp(max=self.eta * (1 - margin))) @ V.T)

    # -- adapters -----------------------------------------------------------------------------------------------
    def modules(self, G: LinearGenerator, D: QuadraticDiscriminator,
                dtype: torch.dtype = torch.float64) -> tuple[LinearGeneratorModule, QuadraticDiscriminatorModule]:
        return LinearGeneratorModule(G.W, G.u, dtype), QuadraticDiscriminatorModule(D.A, D.b, dtype)

    def game_functions(self, G: LinearGeneratorModule, D: QuadraticDiscriminatorModule) -> GameFunctions:
        """V(theta, w) in closed form; theta = (W row-major, u), w = (upper triangle of A, b)."""
        return GameFunctions(ValuePair(G, D, self.value))

    def gap_problem(self, G: LinearGeneratorModule, D: QuadraticDiscriminatorModule) -> GapProblem:
        """The exact game as a :class:`GapProblem` (no sampling: every batch is empty)."""
        return GapProblem(G=G, D=D, value=self.value, sample=lambda gen: (None, None), eval_batch=(None, None),
                          sobolev_ref=lambda D0, real: (D0.A.detach().clone(), D0.b.detach().clone()),
                          sobolev=self.sobolev, project_G=self.project_G, project_D=self.project_D)

    def theory_value(self, theta: np.ndarray, w: np.ndarray) -> float:
        """V from the theory half (:class:`gantheory.games.w2gan.W2GANGame`) at flat (theta, w) laid out as in
        :meth:`game_functions` -- the independent reference for derivatives."""
        d, k = self.dim, self.latent_dim
        W = np.asarray(theta[:d * k], dtype=float).reshape(d, k)
        u = np.asarray(theta[d * k:], dtype=float)
        iu = np.triu_indices(d)
        U = np.zeros((d, d))
        U[iu] = w[:len(iu[0])]
        A = U + U.T - np.diag(np.diag(U))
        b = np.asarray(w[len(iu[0]):], dtype=float)
        game = W2GANGame(GaussianData(self.sigma, d), LinearGeneratorSet(d, k, max(self.t, 1e300)), self.eta)
        return game.value(LinearGenerator(W, u), QuadraticDiscriminator(A, b))
