"""Small numerical building blocks shared by the library: one Gauss-Hermite rule, one PSD square root.

* :func:`gauss_hermite` -- the n-point Gauss-Hermite rule for E[g(Z)], Z ~ N(0, 1) (optionally the
  rule of the wider Gaussian N(0, tau^2) reweighted by the density ratio, weights in log space, so that
  integrands growing like exp(c z^2) with c < (1 - 1/tau^2)/2 are still integrated accurately).
* :func:`sqrtm_psd` -- the square root of a symmetric positive semi-definite matrix by eigendecomposition,
  eigenvalues within rounding of zero set to zero.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

#: the number of Gauss-Hermite nodes used throughout the library (the games' quadrature, the closed
#: forms' softplus expectations and the closed-form-free searches)
GH_ORDER = 200


@lru_cache(maxsize=16)
def _hermgauss(n: int) -> tuple[np.ndarray, np.ndarray]:
    x, w = np.polynomial.hermite.hermgauss(n)
    x.setflags(write=False)
    w.setflags(write=False)
    return x, w


@lru_cache(maxsize=32)
def gauss_hermite_log(n: int = GH_ORDER, tau: float = 1.0) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z_i and log-weights log p_i with sum_i p_i g(z_i) ~ E[g(Z)], Z ~ N(0, 1).

    Parameters
    ----------
    n : int
        Number of nodes.
    tau : float
        Scale of the Gaussian N(0, tau^2) whose rule is used (nodes z_i = sqrt(2) tau x_i for the
        physicists' nodes x_i), reweighted to N(0, 1): p_i = w_i/sqrt(pi) tau exp(-z_i^2 (1 - 1/tau^2)/2).

    Returns
    -------
    z, logp : numpy.ndarray
        Read-only arrays of shape (n,).
    """
    x, w = _hermgauss(n)
    z = math.sqrt(2.0) * tau * x
    logp = np.log(w / math.sqrt(math.pi)) + math.log(tau) - 0.5 * z**2 * (1 - 1 / tau**2)
    z.setflags(write=False)
    logp.setflags(write=False)
    return z, logp


@lru_cache(maxsize=16)
def gauss_hermite(n: int = GH_ORDER) -> tuple[np.ndarray, np.ndarray]:
    """Nodes z_i and weights p_i (summing to 1) of the n-point rule for E[g(Z)], Z ~ N(0, 1).

    Parameters
    ----------
    n : int
        Number of nodes (exact for polynomials of degree <= 2n - 1).

    Returns
    -------
    z, p : numpy.ndarray
        Read-only arrays of shape (n,): z = sqrt(2) x and p = w / sqrt(pi) for numpy's physicists' rule (x, w).
    """
    x, w = _hermgauss(n)
    z = math.sqrt(2.0) * x
    p = w / math.sqrt(math.pi)
    z.setflags(write=False)
    p.setflags(write=False)
    return z, p


def sqrtm_psd(S: np.ndarray) -> np.ndarray:
    """The PSD square root S^{1/2} of a symmetric positive semi-definite matrix.

    Parameters
    ----------
    S : numpy.ndarray
        Symmetric (d, d) matrix; it is symmetrised first.

    Returns
    -------
    numpy.ndarray
        V diag(sqrt(lambda)) V^T from the eigendecomposition of (S + S^T)/2, where eigenvalues at or below
        8 d eps max|lambda| (the rounding of a backward-stable eigensolver, eps = 2^-52) count as zeros.
    """
    lam, V = np.linalg.eigh(0.5 * (S + S.T))
    lam = np.where(lam <= 8 * len(lam) * np.finfo(float).eps * max(float(np.abs(lam).max()), 1e-300), 0.0, lam)
    return (V * np.sqrt(lam)) @ V.T
