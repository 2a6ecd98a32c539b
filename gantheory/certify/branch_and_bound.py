"""Branch and bound for a certified lower bound on the minimum of a function over a box.

Given ``lower(lo, hi)`` -- a rigorous lower bound of f over each box (interval arithmetic) -- and
``point(x)`` -- f at points (for the incumbent) -- repeatedly split the boxes whose lower bound is the
smallest, until the certified lower bound ``L = min over leaves of lower`` and the incumbent ``U``
satisfy ``U - L <= max(abs_tol, rel_tol * |U|)`` or the evaluation budget runs out. ``L`` is a lower
bound of inf f over the initial box whatever happens; ``U`` is attained at ``argmin``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class BnBResult:
    """Outcome of a branch and bound over a box.

    Attributes
    ----------
    lower : float
        Certified lower bound: inf f over the initial box >= ``lower``.
    upper : float
        Incumbent value, f(argmin) = ``upper``.
    argmin : numpy.ndarray
        The incumbent point.
    boxes_evaluated : int
        Number of boxes whose lower bound was evaluated.
    converged : bool
        Whether ``upper - lower`` met the tolerance before the budget ran out.
    """
    lower: float  # certified: inf f >= lower
    upper: float  # f(argmin) = upper
    argmin: np.ndarray
    boxes_evaluated: int
    converged: bool


def branch_and_bound(
    lower: Callable[[np.ndarray, np.ndarray], np.ndarray],
    point: Callable[[np.ndarray], np.ndarray],
    lo: np.ndarray,
    hi: np.ndarray,
    *,
    abs_tol: float = 1e-6,
    rel_tol: float = 0.02,
    max_boxes: int = 20000,
    batch: int = 64,
    min_rel_width: float = 1.0 / 512,
    abs_needs_positive: bool = False,
    max_seconds: float | None = None,
) -> BnBResult:
    """Certified lower bound of min f over the union of boxes ``[lo[i], hi[i]]`` (rows).

    With ``abs_needs_positive`` the absolute criterion ``U - L <= abs_tol`` stops the refinement only
    once ``L > 0`` (for gaps: a positive bound is worth refining for even when it is below abs_tol).
    ``max_seconds`` stops the refinement after that wall time (the bound reached is still certified).

    Parameters
    ----------
    lower : callable
        (lo, hi) -> certified lower bounds of f over the boxes (rows).
    point : callable
        x -> values (or upper bounds) of f at points (rows), for the incumbent.
    lo, hi : numpy.ndarray
        (m, n) corners of the initial boxes.
    abs_tol, rel_tol, max_boxes, batch, min_rel_width, abs_needs_positive, max_seconds : optional
        Stopping and splitting rules (see above).

    Returns
    -------
    BnBResult
        The certified lower bound, the incumbent and its value, boxes evaluated, whether it converged.
    """
    deadline = None if max_seconds is None else time.perf_counter() + max_seconds
    lo = np.atleast_2d(np.asarray(lo, dtype=float))
    hi = np.atleast_2d(np.asarray(hi, dtype=float))
    scale = np.maximum(hi.max(axis=0) - lo.min(axis=0), 1e-300)
    lb = lower(lo, hi)
    mids = 0.5 * (lo + hi)
    fv = point(mids)
    k = int(np.nanargmin(np.where(np.isnan(fv), np.inf, fv)))
    U, xbest = float(fv[k]), mids[k].copy()
    n_eval = len(lo)
    converged = False
    while True:
        L = float(lb.min())
        a_tol = abs_tol if (L > 0 or not abs_needs_positive) else 0.0
        tol = max(a_tol, rel_tol * abs(U)) if np.isfinite(U) else a_tol
        if U - L <= tol:
            converged = True
            break
        if n_eval >= max_boxes or (deadline is not None and time.perf_counter() > deadline):
            break
        # split the boxes with the smallest lower bounds (those that could still hold the minimum)
        # boxes narrower than min_rel_width in every direction are final (the bound's own slop
        # dominates there); they still count in the certified minimum
        splittable = np.any((hi - lo) / scale > min_rel_width, axis=1)
        open_ = np.flatnonzero((lb < U - tol) & splittable)
        if len(open_) == 0:
            break
        order = open_[np.argsort(lb[open_])][:batch]
        keep = np.ones(len(lb), dtype=bool)
        keep[order] = False
        plo, phi = lo[order], hi[order]
        dim = np.argmax((phi - plo) / scale, axis=1)
        rows = np.arange(len(order))
        cut = 0.5 * (plo[rows, dim] + phi[rows, dim])
        lo1, hi1 = plo.copy(), phi.copy()
        hi1[rows, dim] = cut
        lo2, hi2 = plo.copy(), phi.copy()
        lo2[rows, dim] = cut
        clo = np.vstack([lo1, lo2])
        chi = np.vstack([hi1, hi2])
        # a parent's bound holds on its children too
        clb = np.maximum(lower(clo, chi), np.concatenate([lb[order], lb[order]]))
        cm = 0.5 * (clo + chi)
        cf = point(cm)
        cf = np.where(np.isnan(cf), np.inf, cf)
        j = int(np.argmin(cf))
        if cf[j] < U:
            U, xbest = float(cf[j]), cm[j].copy()
        n_eval += len(clo)
        lo = np.vstack([lo[keep], clo])
        hi = np.vstack([hi[keep], chi])
        lb = np.concatenate([lb[keep], clb])
    return BnBResult(float(lb.min()), U, xbest, n_eval, converged)
