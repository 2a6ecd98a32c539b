"""Enclosures of the 1-D Gaussian f-GAN payoffs (eq. (7)) over boxes of generator parameters.

Building blocks of :mod:`gantheory.certify.fgan` and :mod:`gantheory.certify.fgan2d`: the payoffs are
E[T(a Z^2 + b Z + c)] for the transforms T = chi, psi of :mod:`gantheory.games.divergences`, enclosed in
closed form for the exp and linear transforms and cell-wise
(:func:`gantheory.certify.quadrature.expectation_enclosure`) for softplus; the divergence int q f(p/q) is
enclosed from these, and bounded below through F(v) = f(e^v) - f(1) - f'(1)(e^v - 1) >= 0.
"""

from __future__ import annotations

import numpy as np

from gantheory.certify import interval as iv
from gantheory.certify.interval import Interval
from gantheory.certify.quadrature import CellGrid, expectation_enclosure, unimodal_lower_bound
from gantheory.games.divergences import FDivergence

_REL = 1e-13  # rounding allowance (relative) of the closed-form evaluations below


def exp_enclosure(kappa: float, a: Interval, b: Interval, c: Interval) -> Interval:
    """Exact range of E[exp(kappa (a Z^2 + b Z + c))] = exp(kappa c + kappa^2 b^2/(2g)) / sqrt(g),
    g = 1 - 2 kappa a (+inf when g <= 0), over the coefficient boxes: the expression is monotone in
    a, in b^2 and in c separately (directions set by the sign of kappa), so its extremes sit at
    corners.

    Parameters
    ----------
    kappa : float
        Exponent scale.
    a, b, c : Interval
        Coefficient boxes of the quadratic in Z ~ N(0, 1).

    Returns
    -------
    Interval
        Enclosure of the expectation per box (+inf where g <= 0).
    """
    b2 = b.square()

    def E(av, b2v, cv):
        g = 1.0 - 2.0 * kappa * av
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            val = np.exp(kappa * cv + kappa * kappa * b2v / (2 * g) - 0.5 * np.log(g))
        return np.where(g > 0, val, np.inf)

    if kappa > 0:
        lo, hi = E(a.lo, b2.lo, c.lo), E(a.hi, b2.hi, c.hi)
    else:
        lo, hi = E(a.hi, b2.lo, c.hi), E(a.lo, b2.hi, c.lo)
    lo = np.where(np.isnan(lo), 0.0, lo) * (1 - _REL)
    hi = np.where(np.isnan(hi), np.inf, hi) * (1 + _REL)
    return Interval._make(lo, hi)


def transform_enclosure(T, envelope, a: Interval, b: Interval, c: Interval, grid: CellGrid,
                         convex: bool) -> Interval:
    """Enclosure of E[T(a Z^2 + b Z + c)]: closed-form ranges for the exp and linear transforms, the
    cell-wise Gaussian enclosure (second order when T is convex) for softplus.

    Parameters
    ----------
    T : transform
        The f-GAN transform (``kind`` in exp / linear / softplus, with ``kappa``, ``scale``, ``shift``).
    envelope : Envelope
        Growth envelope of T for the tails.
    a, b, c : Interval
        Coefficient boxes of the quadratic in Z ~ N(0, 1).
    grid : CellGrid
        Cell grid of the Gaussian integral.
    convex : bool
        Whether T is convex (enables the second-order cell bounds).

    Returns
    -------
    Interval
        Enclosure of the expectation per box.
    """
    if T.kind == "exp":
        E = exp_enclosure(T.kappa, a, b, c)
        return E * T.scale + T.shift
    if T.kind == "linear":
        return (a + c) * (T.scale * T.kappa) + T.shift
    return expectation_enclosure(lambda v: T(v), envelope, a, b, c, grid, convex=convex)


def deviation_coefficients(sigma: float, S: Interval, Uv: Interval, s_dev: Interval, u_dev: Interval):
    """(a, b, c) of R_G(u' + s' Z) for G = (s, u), G' = (s', u'), in forms free of 1/s^2 cancellation:
    a = s'^2 (1/s^2 - 1/sigma^2)/2, b = s' ((u' - u)/s^2 - u'/sigma^2),
    c = (u' - u)^2/(2 s^2) - u'^2/(2 sigma^2) + log(s/sigma).

    Parameters
    ----------
    sigma : float
        Data scale.
    S, Uv : Interval
        Boxes of the generator G = (s, u), s = |w|.
    s_dev, u_dev : Interval
        Boxes of the deviation G' = (s', u').

    Returns
    -------
    (Interval, Interval, Interval)
        Enclosures of (a, b, c).
    """
    inv_s2 = S.square().reciprocal()
    a = s_dev.square() * (inv_s2 - 1.0 / sigma**2) * 0.5
    d = u_dev - Uv
    b = s_dev * (d * inv_s2 - u_dev * (1.0 / sigma**2))
    c = d.square() * inv_s2 * 0.5 - u_dev.square() * (0.5 / sigma**2) + iv.log(S * (1.0 / sigma))
    return a, b, c


_GRIDS: dict[int, CellGrid] = {}


def cell_grid(n_cells: int) -> CellGrid:
    """The enclosures' cell grid of ``n_cells`` cells (built once per size).

    Parameters
    ----------
    n_cells : int
        Number of cells.

    Returns
    -------
    CellGrid
        The cached grid.
    """
    if n_cells not in _GRIDS:
        _GRIDS[n_cells] = CellGrid.make(n_cells)
    return _GRIDS[n_cells]


def divergence_enclosure(div, sig2: Interval, s, Uv: Interval, grid: CellGrid) -> Interval:
    """Enclosure of int q f(p/q) for P = N(0, sig2), Q = N(u, s^2) over the boxes (s > 0 per box).

    Parameters
    ----------
    div : FDivergence
        Row of the f-table (eq. (7)).
    sig2 : Interval
        Boxes of the data variance sigma'^2.
    s : array_like
        Generator scales s = |w| > 0.
    Uv : Interval
        Boxes of the generator mean.
    grid : CellGrid
        The enclosures' cells.

    Returns
    -------
    Interval
        Enclosures of the divergence, one per box.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7).
    """
    s = np.asarray(s, dtype=float)
    sigp = iv.sqrt(sig2)
    inv_sig2 = sig2.reciprocal()
    log_r = iv.log(sigp.reciprocal() * s)
    # under P: x = sigma' z
    aP = sig2 * (0.5 / s**2) - 0.5
    bP = -(Uv * sigp) * (1.0 / s**2)
    cP = log_r + Uv.square() * (0.5 / s**2)
    EP = transform_enclosure(div.chi, div.chi_envelope, aP, bP, cP, grid, convex=False)
    # under Q: x = u + s z
    aQ = 0.5 - inv_sig2 * (0.5 * s * s)
    bQ = -(Uv * inv_sig2) * s
    cQ = log_r - Uv.square() * inv_sig2 * 0.5
    EQ = transform_enclosure(div.psi, div.psi_envelope, aQ, bQ, cQ, grid, convex=div.psi_convex)
    return EP - EQ


def ftilde(div: FDivergence):
    """F(v) = f(e^v) - f(1) - f'(1)(e^v - 1) >= 0: non-increasing for v <= 0, non-decreasing for v >= 0.

    Parameters
    ----------
    div : FDivergence
        The f-divergence of the f-GAN (eq. (7)).

    Returns
    -------
    callable
        Vectorised F, rounded down by a few ulp (+inf for v > 700).
    """
    fp1 = float(div.f_prime(np.array(1.0)))
    f1 = float(div.f(np.array(1.0)))

    def F(v):
        v = np.asarray(v, dtype=float)
        r = np.exp(np.clip(v, -700.0, 700.0))
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            val = div.f(r) - f1 - fp1 * (r - 1.0)
        val = np.where(v > 700.0, np.inf, val)
        # rounding of the subtraction: at most a few ulp of the terms
        return val - 1e-13 * (1.0 + r + np.abs(div.f(r)))

    return F


def divergence_lower(div, sig2: Interval, s, Uv: Interval, grid: CellGrid) -> np.ndarray:
    """Lower bound of int q f(p/q) = f(1) + E_Q[f(p/q) - f(1) - f'(1)(p/q - 1)], P = N(0, sig2), Q = N(u, s^2).

    Written under Q the log ratio is R(u + s z) = log(s/sigma') + z^2/2 - (u + s z)^2/(2 sigma'^2),
    whose coefficients stay bounded as s -> 0 (unlike the form under P).

    Parameters
    ----------
    div : FDivergence
        Row of the f-table (eq. (7)).
    sig2 : Interval
        Boxes of the data variance.
    s : array_like
        Generator scales s = |w| > 0.
    Uv : Interval
        Boxes of the generator mean.
    grid : CellGrid
        The enclosures' cells.

    Returns
    -------
    numpy.ndarray
        Lower bounds, one per box.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7).
    """
    s = np.asarray(s, dtype=float)
    inv_sig2 = sig2.reciprocal()
    log_r = iv.log(iv.sqrt(sig2).reciprocal() * s)
    aQ = 0.5 - inv_sig2 * (0.5 * s * s)
    bQ = -(Uv * inv_sig2) * s
    cQ = log_r - Uv.square() * inv_sig2 * 0.5
    f1 = float(div.f(np.array(1.0)))
    return unimodal_lower_bound(ftilde(div), aQ, bQ, cQ, grid) + f1
