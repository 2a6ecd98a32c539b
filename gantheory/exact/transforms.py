"""Gaussian expectations of the f-table's transforms: E[T(a Z^2 + b Z + c)], Z ~ N(0, 1).

The f-GAN payoffs of eq. (7) under Gaussian data and generators are such expectations, T being
chi(v) = f'(e^v) or psi(v) = f*(f'(e^v)) of :mod:`gantheory.games.divergences` (exp, linear or softplus in
v). Closed form for exp and linear (+inf decided by the sign of 1 - 2 kappa a, the exponent's quadratic
form); Gauss-Hermite quadrature (:func:`gantheory._numerics.gauss_hermite`) for softplus, evaluated in log
space (``logaddexp``), with a split treatment where the quadratic is sharp.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from gantheory._numerics import gauss_hermite
from gantheory.games.divergences import Transform

_GH_Z, _GH_P = gauss_hermite()


def transform_expectation(T: Transform, a, b, c):
    """E[T(a Z^2 + b Z + c)], Z ~ N(0, 1) (vectorised over a, b, c); +-inf where infinite.

    Parameters
    ----------
    T : Transform
        The transform (exp, linear or softplus) of :mod:`gantheory.games.divergences`.
    a, b, c : array_like
        Coefficients of the quadratic a Z^2 + b Z + c (broadcast together).

    Returns
    -------
    numpy.ndarray
        The expectations, +-inf where infinite.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7) (the f-GAN payoffs are such expectations).
    """
    a, b, c = np.broadcast_arrays(*(np.asarray(x, dtype=float) for x in (a, b, c)))
    k = T.kappa
    if T.kind == "linear":
        return T.scale * k * (a + c) + T.shift
    if T.kind == "exp":
        g = 1.0 - 2.0 * k * a
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            logE = k * c + (k * b) ** 2 / (2 * g) - 0.5 * np.log(g)
            E = np.exp(logE)
        E = np.where(g > 0, E, np.inf)
        with np.errstate(invalid="ignore"):
            out = T.scale * E + T.shift
        return out
    # softplus: Gauss-Hermite in log space where the quadratic is gentle; where it is sharp (the
    # softplus kinks are narrower than the node spacing) split softplus(q) = q^+ + log1p(e^{-|q|}):
    # E[q^+] in closed form (truncated Gaussian moments between the roots of q) and the bounded,
    # root-concentrated remainder by adaptive quadrature with the roots as breakpoints
    q = a[..., None] * _GH_Z**2 + b[..., None] * _GH_Z + c[..., None]
    vals = T.scale * np.logaddexp(0.0, k * q) + T.shift
    out = np.sum(vals * _GH_P, axis=-1)
    sharp = (np.abs(k * a) > 1.0) | (np.abs(k * b) > 4.0)
    if np.any(sharp):
        out = np.array(out, dtype=float)
        for idx in zip(*np.nonzero(sharp), strict=True) if out.ndim else [()]:
            out[idx] = T.scale * _softplus_expectation(k * a[idx], k * b[idx], k * c[idx]) + T.shift
    return out


def _softplus_expectation(A: float, B: float, C: float) -> float:
    """E[softplus(A Z^2 + B Z + C)], Z ~ N(0, 1), accurate for sharp quadratics."""

    gl_x, gl_w = np.polynomial.legendre.leggauss(64)

    def window(lo, hi):  # int_lo^hi (A z^2 + B z + C) phi(z) dz on a finite window, Gauss-Legendre in chunks
        lo, hi = max(lo, -40.0), min(hi, 40.0)
        if hi <= lo:
            return 0.0
        m = max(1, int(math.ceil((hi - lo) / 2.0)))
        e = np.linspace(lo, hi, m + 1)
        mid, half = 0.5 * (e[:-1] + e[1:]), 0.5 * (e[1:] - e[:-1])
        z = mid[:, None] + half[:, None] * gl_x[None, :]
        f = (A * z * z + B * z + C) * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
        return float(np.sum(f * gl_w[None, :] * half[:, None]))

    # E[q^+]: q > 0 outside the roots when A > 0 (E[q] = A + C minus the window where q < 0), between
    # them when A < 0; a half-line when A = 0 (closed form with the nearer Gaussian tail)
    if A == 0:
        roots = [] if B == 0 else [-C / B]
        if B == 0:
            pos = max(C, 0.0)
        else:
            r = -C / B
            phi_r = math.exp(-0.5 * r * r) / math.sqrt(2 * math.pi)
            pos = B * phi_r + C * special.ndtr(-r) if B > 0 else -B * phi_r + C * special.ndtr(r)
    else:
        disc = B * B - 4 * A * C
        roots = [] if disc <= 0 else sorted([(-B - math.sqrt(disc)) / (2 * A), (-B + math.sqrt(disc)) / (2 * A)])
        if A > 0:
            pos = (A + C) - (window(roots[0], roots[1]) if roots else 0.0)
        else:
            pos = window(roots[0], roots[1]) if roots else 0.0

    # log1p(e^{-|q|}) <= e^{-|q|}: below 5e-18 wherever |q| >= 40, so integrate it (Gauss-Legendre, in
    # chunks) only between the breakpoints where |q| < 40, split at the roots of q (its kinks)
    def real_roots(c0):
        if A == 0:
            return [] if B == 0 else [-(C - c0) / B]
        d = B * B - 4 * A * (C - c0)
        return [] if d < 0 else [(-B - math.sqrt(d)) / (2 * A), (-B + math.sqrt(d)) / (2 * A)]

    brk = sorted({-40.0, 40.0, *[r for c0 in (0.0, 40.0, -40.0) for r in real_roots(c0) if -40 < r < 40]})
    val = 0.0
    for lo, hi in zip(brk[:-1], brk[1:], strict=True):
        mid = 0.5 * (lo + hi)
        if abs(A * mid * mid + B * mid + C) >= 40 or hi <= lo:
            continue
        m = max(1, int(math.ceil((hi - lo) / 1.0)))
        e = np.linspace(lo, hi, m + 1)
        cm, half = 0.5 * (e[:-1] + e[1:]), 0.5 * (e[1:] - e[:-1])
        z = cm[:, None] + half[:, None] * gl_x[None, :]
        f = np.log1p(np.exp(-np.abs(A * z * z + B * z + C))) * np.exp(-0.5 * z * z) / math.sqrt(2 * math.pi)
        val += float(np.sum(f * gl_w[None, :] * half[:, None]))
    return pos + val
