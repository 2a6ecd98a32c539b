"""Lanczos with full reorthogonalisation, on the operator's device, for the extreme eigenvalues of a symmetric
operator (the Hessian blocks of V, Sec. 3's local-Nash test), and stochastic Lanczos quadrature (SLQ) for the
share of negative curvature.

* Extremes: the smallest and largest Ritz values of an m-step Lanczos run. Each Ritz value is a Rayleigh
  quotient of the operator, so the smallest Ritz value is >= lambda_min and the largest <= lambda_max: a
  negative smallest Ritz value *certifies* a direction of negative curvature (no local minimum there), while
  a nonnegative one only fails to find one. The residual beta_m |s_{m,k}| of each Ritz pair bounds the
  distance from its Ritz value to the spectrum.
* Share of negative curvature: SLQ with Rademacher probes v; for the m-step run from v/||v||, the Ritz values
  theta_k with weights tau_k^2 (squared first components of T's eigenvectors) are a Gauss quadrature of the
  spectral measure of v, whose expectation is the eigenvalue distribution (1/n) sum_i delta_{lambda_i}. The
  share is the mean over probes of sum_{theta_k < -tol} tau_k^2: an estimate of the fraction of eigenvalues
  (counted with multiplicity) below -tol, tol = ``rel_tol`` times the largest |theta| seen.

All Lanczos vectors, alpha and beta stay on the device; the (m x m) tridiagonal goes to the host once, at
the end. A breakdown (beta below ``breakdown`` times the largest |alpha|, |beta|: an invariant subspace
was found) truncates the run at that step -- detected after the loop, with no per-step host sync.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch


@dataclass(frozen=True)
class LanczosResult:
    ritz: np.ndarray  # ascending Ritz values (float64, host)
    weights: np.ndarray  # tau_k^2, squared first components of T's eigenvectors (sum to 1)
    residuals: np.ndarray  # beta_m |s_{m,k}|: distance bound from each Ritz value to the spectrum
    steps: int  # Lanczos steps actually taken (<= asked; < at a breakdown)

    @property
    def min(self) -> float:
        return float(self.ritz[0])

    @property
    def max(self) -> float:
        return float(self.ritz[-1])


def _positive_int(name: str, v) -> int:
    if not isinstance(v, (int, np.integer)) or isinstance(v, bool) or v < 1:
        raise ValueError(f"{name} must be a positive integer, got {v!r}")
    return int(v)


def lanczos(matvec: Callable[[torch.Tensor], torch.Tensor], n: int, steps: int, *, v0: torch.Tensor | None = None,
            device: torch.device | str = "cpu", dtype: torch.dtype = torch.float64, seed: int = 0,
            breakdown: float = 1e-10) -> LanczosResult:
    """m = min(steps, n) Lanczos steps with full (twice-applied classical Gram-Schmidt) reorthogonalisation on
    the symmetric operator ``matvec`` of size n, from ``v0`` (default: a Rademacher vector from ``seed``)."""
    n = _positive_int("n", n)
    m = min(_positive_int("steps", steps), n)
    if v0 is None:
        g = torch.Generator(device="cpu").manual_seed(seed)
        v0 = (torch.randint(0, 2, (n,), generator=g) * 2 - 1).to(device=device, dtype=dtype)
    q = v0 / v0.norm()
    Q = torch.zeros(m + 1, n, device=q.device, dtype=q.dtype)
    Q[0] = q
    alpha = torch.zeros(m, device=q.device, dtype=q.dtype)
    beta = torch.zeros(m, device=q.device, dtype=q.dtype)
    for j in range(m):
        w = matvec(Q[j]).detach().to(q.dtype)
        alpha[j] = torch.dot(w, Q[j])
        for _ in range(2):  # full reorthogonalisation against every previous vector, twice
            w = w - Q[:j + 1].T @ (Q[:j + 1] @ w)
        beta[j] = w.norm()
        Q[j + 1] = w / beta[j].clamp_min(torch.finfo(q.dtype).tiny)
    a = alpha.double().cpu().numpy()
    b = beta.double().cpu().numpy()
    scale = max(float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)), np.finfo(float).tiny)
    small = np.nonzero(b[:-1] <= breakdown * scale)[0]
    k = int(small[0]) + 1 if len(small) else m
    a, b = a[:k], b[:k]
    T = np.diag(a) + np.diag(b[:-1], 1) + np.diag(b[:-1], -1)
    theta, S = np.linalg.eigh(T)
    return LanczosResult(theta, S[0] ** 2, np.abs(b[-1] * S[-1]), k)


def slq_negative_share(matvec: Callable[[torch.Tensor], torch.Tensor], n: int, steps: int, probes: int, *,
                       device: torch.device | str = "cpu", dtype: torch.dtype = torch.float64, seed: int = 0,
                       rel_tol: float = 1e-6, runs: list[LanczosResult] | None = None) -> dict:
    """SLQ estimate of the share of eigenvalues below -tol (tol = rel_tol * max |Ritz value|), mean and spread
    over ``probes`` Rademacher probes (seeds seed, seed + 1, ...); ``runs`` may hold runs already made from
    such probes (they count towards ``probes``)."""
    probes = _positive_int("probes", probes)
    runs = list(runs or [])
    for i in range(len(runs), probes):
        runs.append(lanczos(matvec, n, steps, device=device, dtype=dtype, seed=seed + i))
    scale = max(float(np.abs(r.ritz).max()) for r in runs)
    tol = rel_tol * scale
    shares = [float(r.weights[r.ritz < -tol].sum()) for r in runs]
    return {"share_negative": float(np.mean(shares)), "share_negative_std": float(np.std(shares)),
            "per_probe": shares, "probes": probes, "tol": tol,
            "method": "stochastic Lanczos quadrature: mean over Rademacher probes of the Gauss-quadrature weight "
                      "of Ritz values below -tol"}


def hessian_spectrum(fns, block: str, steps: int, *, probes: int = 1, seed: int = 0, rel_tol: float = 1e-6,
                     mode: str = "autograd", dense_max: int = 0) -> dict:
    """Extreme eigenvalues of the Hessian of V in one player's parameters (``block`` "G": grad^2_theta theta V,
    "D": grad^2_ww V) by Lanczos (``steps`` steps, first probe), the SLQ share of negative curvature over
    ``probes`` probes, the Ritz values and quadrature weights of the first probe (a spectral density for
    plots), and the exact extremes of the dense Hessian when its size is at most ``dense_max``.
    ``fns`` is a :class:`gantheory.neural.diagnostics.hvp.GameFunctions`. JSON-serialisable dict."""
    n = fns.size(block)
    op = fns.operator(block, mode=mode)
    first = lanczos(op, n, steps, device=fns.device, dtype=fns.dtype, seed=seed)
    slq = slq_negative_share(op, n, steps, probes, device=fns.device, dtype=fns.dtype, seed=seed, rel_tol=rel_tol,
                             runs=[first])
    out = {"n": n, "steps": first.steps, "min": first.min, "max": first.max,
           "residual_min": float(first.residuals[0]), "residual_max": float(first.residuals[-1]),
           "negative_curvature_certified": bool(first.min < -slq["tol"]),
           "share_negative": slq["share_negative"], "share_negative_std": slq["share_negative_std"],
           "share_method": slq["method"], "probes": probes, "tol": slq["tol"],
           "ritz": [float(x) for x in first.ritz], "weights": [float(x) for x in first.weights]}
    if n <= dense_max:
        ev = torch.linalg.eigvalsh(fns.dense_hessian(block).double()).cpu().numpy()
        out["dense"] = {"min": float(ev[0]), "max": float(ev[-1]),
                        "share_negative": float(np.mean(ev < -rel_tol * np.abs(ev).max()))}
    return out
