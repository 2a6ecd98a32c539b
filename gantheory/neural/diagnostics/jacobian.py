"""Eigenvalues of the game Jacobian J = [[H_tt, H_tw], [-H_wt, -H_ww]] (the Jacobian of the simultaneous-gradient
field F = (grad_theta V, -grad_w V) of min_theta max_w V, eq. (5)); complex in general. Their imaginary parts
measure the rotational part of the gradient descent-ascent dynamics (d/dt (theta, w) = -F); for the bilinear
game V = theta^T B w they are +-i times the singular values of B.

* :func:`arnoldi`: Arnoldi with full (twice-applied) Gram-Schmidt on the operator's device; the Ritz values are
  the eigenvalues of the (m x m) upper Hessenberg matrix, which goes to the host once, at the end. Arnoldi's
  Ritz values converge first to the outer (extreme) eigenvalues in the complex plane; the residual
  h_{m+1,m} |s_{m,k}| of each Ritz pair is returned (a backward-error bound: the Ritz pair is exact for an
  operator within that distance of J).
* :func:`jacobian_spectrum`: Arnoldi's Ritz values, and the exact eigenvalues of the dense J when the parameter
  count is at most ``dense_max`` (then those are the ones reported).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch

from gantheory.neural.diagnostics.hvp import GameFunctions
from gantheory.neural.diagnostics.lanczos import _positive_int


@dataclass(frozen=True)
class ArnoldiResult:
    ritz: np.ndarray  # complex Ritz values
    residuals: np.ndarray
    steps: int


def arnoldi(matvec: Callable[[torch.Tensor], torch.Tensor], n: int, steps: int, *, v0: torch.Tensor | None = None,
            device: torch.device | str = "cpu", dtype: torch.dtype = torch.float64, seed: int = 0,
            breakdown: float = 1e-10) -> ArnoldiResult:
    """m = min(steps, n) Arnoldi steps on the (real, non-symmetric) operator ``matvec`` of size n."""
    n = _positive_int("n", n)
    m = min(_positive_int("steps", steps), n)
    if v0 is None:
        g = torch.Generator(device="cpu").manual_seed(seed)
        v0 = torch.randn(n, generator=g, dtype=torch.float64).to(device=device, dtype=dtype)
    Q = torch.zeros(m + 1, n, device=v0.device, dtype=v0.dtype)
    H = torch.zeros(m + 1, m, device=v0.device, dtype=v0.dtype)
    Q[0] = v0 / v0.norm()
    for j in range(m):
        w = matvec(Q[j]).detach().to(v0.dtype)
        for _ in range(2):
            c = Q[:j + 1] @ w
            H[:j + 1, j] += c
            w = w - Q[:j + 1].T @ c
        H[j + 1, j] = w.norm()
        Q[j + 1] = w / H[j + 1, j].clamp_min(torch.finfo(v0.dtype).tiny)
    Hh = H.double().cpu().numpy()
    sub = np.abs(np.diag(Hh, -1))
    scale = max(float(np.abs(Hh).max()), np.finfo(float).tiny)
    small = np.nonzero(sub[:-1] <= breakdown * scale)[0]
    k = int(small[0]) + 1 if len(small) else m
    Hk = Hh[:k, :k]
    lam, S = np.linalg.eig(Hk)
    norms = np.linalg.norm(S, axis=0)
    res = np.abs(Hh[k, k - 1] * S[-1]) / np.where(norms > 0, norms, 1.0)
    return ArnoldiResult(lam, res, k)


def _pairs(z: np.ndarray) -> list[list[float]]:
    return [[float(x.real), float(x.imag)] for x in z]


def summarize_complex(eigs: np.ndarray, top: int) -> dict:
    """The ``top`` eigenvalues by |imag| and by modulus, as [re, im] pairs, and the extremes."""
    eigs = np.asarray(eigs, dtype=complex)
    by_imag = eigs[np.lexsort((-eigs.real, -np.abs(eigs.imag)))][:top]
    by_mod = eigs[np.argsort(-np.abs(eigs), kind="stable")][:top]
    return {"top_imag": _pairs(by_imag), "top_modulus": _pairs(by_mod),
            "max_abs_imag": float(np.abs(eigs.imag).max(initial=0.0)),
            "min_real": float(eigs.real.min(initial=np.inf)), "max_real": float(eigs.real.max(initial=-np.inf))}


def jacobian_spectrum(fns: GameFunctions, steps: int, *, top: int = 6, dense_max: int = 3000, seed: int = 0,
                      mode: str = "autograd") -> dict:
    """Game-Jacobian spectrum: Arnoldi Ritz values (``steps`` steps) and, when n_theta + n_w <= dense_max, the
    exact eigenvalues of the dense J. JSON-serialisable dict."""
    steps = _positive_int("steps", steps)
    n = fns.n_theta + fns.n_w
    ar = arnoldi(fns.jacobian_operator(mode), n, steps, device=fns.device, dtype=fns.dtype, seed=seed)
    out = {"n": n, "arnoldi": {"steps": ar.steps, "ritz": _pairs(ar.ritz),
                               "residuals": [float(r) for r in ar.residuals], **summarize_complex(ar.ritz, top)}}
    if n <= dense_max:
        J = fns.dense_jacobian().double().cpu().numpy()
        eig = np.linalg.eigvals(J)
        out["dense"] = {"eigenvalues": _pairs(eig), **summarize_complex(eig, top)}
    out["method"] = ("exact eigenvalues of the dense J" if "dense" in out else f"Arnoldi ({ar.steps} steps)")
    out["summary"] = {k: (out["dense"] if "dense" in out else out["arnoldi"])[k]
                      for k in ("top_imag", "top_modulus", "max_abs_imag", "min_real", "max_real")}
    return out
