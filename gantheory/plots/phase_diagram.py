"""Phase diagram over (sigma, t): the minimal Nash gap of Theorem 1's WGAN and W2GAN games and the proximal
threshold lam* of the W2GAN (Theorem 2), down to the limits sigma -> 1+ and t -> 0.

* WGAN (eq. (8), 1-D): inf_G gap(G, D_G) at the proven minimiser (s, u) = (1, 0) (proofs/theorem_1_wgan:
  E|t + Z| - E|Z|, any sigma > 1), checked on a coarse grid by the certified branch and bound.
* W2GAN (eq. (9), cost eta |x - x'|^2, d = k = 1): the gap at (1, 0), checked on the coarse grid by a grid
  search over (s, u); the proven value is eta (sigma - 1) t^2.
* lam*: the largest lam with (G*, D*) a lam-proximal equilibrium (Proposition 2, eq. (11), Sobolev seminorm
  (15)), by bisection on the coarse grid, against sigma / (4 eta (sigma - 1)) (the formula the claims found)
  and Theorem 2's 1/(4 eta).

Every grid point is one :func:`gantheory.proximal.phase.phase_point` evaluated by the sweep engine
(:func:`gantheory.grid.sweep.map_points`, the engine of ``gantheory sweep``): ``engine="serial"`` (the default)
or ``"ray"`` / ``"auto"`` with the Ray ``address``; the numbers do not depend on the engine. eta is the
``theorem-1-w2gan`` claim's default.

Columns: panel, sigma, t, value, reference (the closed form / formula), search_min (grid-search minimum over
(s, u), NaN off the coarse grid), certified_lower (NaN off the coarse grid or for the W2GAN).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from gantheory.claims.registry import REGISTRY
from gantheory.grid.sweep import map_points
from gantheory.plots.base import THEORY_SOURCE, FigureResult, FigureSpec, check_size, new_figure
from gantheory.proximal.phase import phase_point, wgan_min_gap

GRID = {"smoke": {"fine": 6, "coarse_sigma": 3, "coarse_t": 2, "search": 7, "n": 11},
        "quick": {"fine": 40, "coarse_sigma": 9, "coarse_t": 5, "search": 11, "n": 15},
        "paper": {"fine": 80, "coarse_sigma": 17, "coarse_t": 9, "search": 21, "n": 21}}
RANGE = {"sigma_minus_1": (1e-3, 2.0), "t": (1e-3, 2.0)}
COLUMNS = ("panel", "sigma", "t", "value", "reference", "search_min", "certified_lower")


@dataclass(frozen=True)
class PhaseData:
    """The tidy ``table`` and what the drawing reads: the fine grids (sigma - 1, t) and their gaps, the coarse
    grids and thresholds, and the summary numbers of the caption (``stats``)."""

    table: dict[str, list]
    eta: float
    dsig: np.ndarray
    ts: np.ndarray
    dsig_c: np.ndarray
    ts_c: np.ndarray
    fine: dict[str, np.ndarray]
    thr: np.ndarray
    stats: dict[str, Any]
    grid: dict[str, int]
    size: str
    seed: int


def compute(size: str = "quick", seed: int = 0, *, engine: str = "serial", address: str | None = None) -> PhaseData:
    """Every point through the sweep engine, in the order of the table.

    Parameters
    ----------
    size : str
        ``"smoke"``, ``"quick"`` or ``"paper"``: the grids (:data:`GRID`).
    seed : int
        Recorded in the figure's record; nothing here is random.
    engine, address
        The sweep engine (``"serial"``, ``"ray"``, ``"auto"``) and the Ray address
        (:func:`gantheory.grid.sweep.map_points`).

    Returns
    -------
    PhaseData
        The tidy table (``table``: column -> list, :data:`COLUMNS`) and what :func:`draw` reads.
    """
    check_size(size)
    g = GRID[size]
    eta = REGISTRY["theorem-1-w2gan"].defaults["eta"]
    dsig = np.geomspace(*RANGE["sigma_minus_1"], g["fine"])
    ts = np.geomspace(*RANGE["t"], g["fine"])
    dsig_c = np.geomspace(*RANGE["sigma_minus_1"], g["coarse_sigma"])
    ts_c = np.geomspace(*RANGE["t"], g["coarse_t"])
    table: dict[str, list] = {k: [] for k in COLUMNS}

    def add(panel, sig, t, value, ref, search=math.nan, cert=math.nan):
        for k, v in zip(COLUMNS, (panel, float(sig), float(t), float(value), float(ref), float(search), float(cert)),
                        strict=True):
            table[k].append(v)

    fine_args = [("fine", 1.0 + d, t, eta) for t in ts for d in dsig]
    coarse_args = [("coarse", 1.0 + d, t, eta, g["search"], g["n"]) for t in ts_c for d in dsig_c]
    evals = iter(map_points(phase_point, fine_args + coarse_args, engine=engine, address=address,
                            label="phase diagram"))
    fine = {"wgan_gap": np.zeros((len(ts), len(dsig))), "w2gan_gap": np.zeros((len(ts), len(dsig)))}
    for i, t in enumerate(ts):
        for j, d in enumerate(dsig):
            r = next(evals)
            fine["wgan_gap"][i, j] = r["wgan"]
            fine["w2gan_gap"][i, j] = r["w2gan"]
            add("wgan_gap", 1.0 + d, t, fine["wgan_gap"][i, j], wgan_min_gap(t))
            add("w2gan_gap", 1.0 + d, t, fine["w2gan_gap"][i, j], eta * d * t * t)
    thr = np.zeros((len(ts_c), len(dsig_c)))
    worst = {"wgan_vs_certificate": 0.0, "wgan_search_below": 0.0, "w2gan_search_below": 0.0}
    for i, t in enumerate(ts_c):
        for j, d in enumerate(dsig_c):
            sig = 1.0 + d
            r = next(evals)
            v_wg, srch_wg, v_w2, srch_w2 = r["wgan"], r["wgan_search"], r["w2gan"], r["w2gan_search"]
            if r["cert_converged"]:
                worst["wgan_vs_certificate"] = max(worst["wgan_vs_certificate"], (v_wg - r["cert_lower"]) / v_wg)
            worst["wgan_search_below"] = max(worst["wgan_search_below"], (v_wg - srch_wg) / v_wg)
            worst["w2gan_search_below"] = max(worst["w2gan_search_below"], (v_w2 - srch_w2) / v_w2)
            add("wgan_gap_check", sig, t, v_wg, wgan_min_gap(t), srch_wg,
                r["cert_lower"] if r["cert_converged"] else math.nan)
            add("w2gan_gap_check", sig, t, v_w2, eta * d * t * t, srch_w2)
            thr[i, j] = r["threshold"]
            add("w2gan_threshold", sig, t, thr[i, j], sig / (4 * eta * d))  # sigma / (4 eta (sigma - 1))
    stats = _stats(eta, dsig, ts, dsig_c, ts_c, fine, thr)
    stats["checks"] = worst
    return PhaseData(table, eta, dsig, ts, dsig_c, ts_c, fine, thr, stats, g, size, seed)


def _stats(eta, dsig, ts, dsig_c, ts_c, fine, thr) -> dict[str, Any]:
    """The caption's summary numbers: deviations from the closed forms and spreads toward the limits."""
    rel_thr = thr / ((1 + dsig_c[None, :]) / (4 * eta * dsig_c[None, :]) * np.ones((len(ts_c), 1))) - 1
    small_t = ts_c <= 0.5
    return {
        "max_rel_small": float(np.max(np.abs(rel_thr[small_t]))) if np.any(small_t) else math.nan,
        "max_rel": float(np.max(np.abs(rel_thr))),
        "wg_max_dev": float(np.max(np.abs(fine["wgan_gap"] / np.array([[wgan_min_gap(t)] for t in ts]) - 1))),
        "w2_max_dev": float(np.max(np.abs(fine["w2gan_gap"] / (eta * dsig[None, :] * ts[:, None] ** 2) - 1))),
        "wg_sigma_spread": float(np.max((fine["wgan_gap"].max(axis=1) - fine["wgan_gap"].min(axis=1))
                                        / fine["wgan_gap"].max(axis=1))),
        "thr_t_spread": float(np.max((thr.max(axis=0) - thr.min(axis=0)) / thr.max(axis=0))),
        "thr_growth": float(np.median(thr[:, 0] * 4 * eta * dsig_c[0] / (1 + dsig_c[0]))),
        "wg_t0": float(fine["wgan_gap"][0].max()), "wg_s1": float(fine["wgan_gap"][-1, 0]),
        "w2_t0": float(fine["w2gan_gap"][0].max()), "w2_s1": float(fine["w2gan_gap"][:, 0].max()),
    }


def draw(d: PhaseData) -> FigureResult:
    """Two log-coloured maps of the minimal gaps and one of lam*, with the formula's contours, and the caption.

    Parameters
    ----------
    d : PhaseData
        The output of :func:`compute`.

    Returns
    -------
    FigureResult
        The figure, the tidy table, the caption (written from the computed numbers), parameters and seed.
    """
    from matplotlib.colors import LogNorm

    eta, thr = d.eta, d.thr
    fig, axes = new_figure(1, 3, 16.5, 5.2)
    X, Y = np.meshgrid(d.dsig, d.ts)
    for ax, key, title in ((axes[0, 0], "wgan_gap", "WGAN (8): min over G of the Nash gap"),
                           (axes[0, 1], "w2gan_gap", rf"W2GAN (9), $\eta$={eta:g}: min over G of the Nash gap")):
        Z = d.fine[key]
        m = ax.pcolormesh(X, Y, Z, shading="nearest", norm=LogNorm(vmin=Z.min(), vmax=Z.max()), cmap="magma")
        levels = 10.0 ** np.arange(math.ceil(math.log10(Z.min())), math.floor(math.log10(Z.max())) + 1)
        cs = ax.contour(X, Y, Z, levels=levels, colors="w", linewidths=0.8)
        ax.clabel(cs, fmt=lambda v: f"{v:.0e}", fontsize=7)
        fig.colorbar(m, ax=ax, label="minimal Nash gap (log)")
        ax.set_title(title, fontsize=10)
    Xc, Yc = np.meshgrid(d.dsig_c, d.ts_c)
    ax = axes[0, 2]
    m = ax.pcolormesh(Xc, Yc, thr, shading="nearest", norm=LogNorm(vmin=thr.min(), vmax=thr.max()), cmap="viridis")
    fig.colorbar(m, ax=ax, label=r"computed $\lambda^*$ (log)")
    formula_f = (1 + X) / (4 * eta * X)
    cs = ax.contour(X, Y, formula_f, levels=np.geomspace(thr.min(), thr.max(), 6), colors="w", linestyles="--",
                    linewidths=0.9)
    ax.clabel(cs, fmt=lambda v: f"{v:.3g}", fontsize=7)
    ax.set_title(r"W2GAN proximal threshold $\lambda^*$; dashed: $\sigma/(4\eta(\sigma-1))$", fontsize=10)
    for ax in axes[0]:
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel(r"$\sigma - 1$ (log; $\sigma \to 1^+$ at the left)")
        ax.set_ylabel(r"$t$ (log; $t \to 0$ at the bottom)")
    lo_s, hi_s = RANGE["sigma_minus_1"]
    lo_t, hi_t = RANGE["t"]
    params = {"eta": eta, "sigma_minus_1_range": [lo_s, hi_s], "t_range": [lo_t, hi_t], "grid": d.grid,
              "size": d.size, "checks": d.stats["checks"], "threshold_max_relative_deviation": d.stats["max_rel"],
              "threshold_max_relative_deviation_t_le_0.5": d.stats["max_rel_small"]}
    return FigureResult(fig, d.table, _caption(d), params, [d.seed], THEORY_SOURCE)


def _caption(d: PhaseData) -> str:
    eta, thr, g, st = d.eta, d.thr, d.grid, d.stats
    worst = st["checks"]
    lo_s, hi_s = RANGE["sigma_minus_1"]
    lo_t, hi_t = RANGE["t"]
    return (
        f"Over sigma - 1 in [{lo_s:g}, {hi_s:g}] and t in [{lo_t:g}, {hi_t:g}] (log grids, {g['fine']} x {g['fine']}; "
        f"threshold on a {g['coarse_sigma']} x {g['coarse_t']} grid): left, the minimal Nash gap of Theorem 1's 1-D "
        "WGAN game (eq. (8)); middle, of the 1-D W2GAN game (eq. (9), "
        f"eta = {eta:g}); right, the largest lam for which the W2 minimiser and its discriminator form a "
        "lam-proximal equilibrium (eq. (11), Sobolev seminorm (15)), with the formula sigma / (4 eta (sigma - 1)) "
        f"as dashed contours. WGAN: the minimal gap equals E|t + Z| - E|Z| to {st['wg_max_dev']:.1e} (relative); its "
        f"relative spread across sigma at fixed t is {st['wg_sigma_spread']:.1e}, so it tends to 0 as t -> 0 (at "
        f"most {st['wg_t0']:.3g} at t = {lo_t:g}) but "
        + ("NOT as sigma -> 1+" if st["wg_s1"] > 1e3 * st["wg_t0"] else "also as sigma -> 1+")
        + f" (still {st['wg_s1']:.3g} at sigma - 1 = {lo_s:g}, t = {hi_t:g}); at sigma = 1 the game is realizable "
        "(Proposition 1, gap 0), so the minimal gap jumps there: D* = |x| keeps its kink however small sigma - 1. "
        f"W2GAN: the minimal gap equals eta (sigma - 1) t^2 to {st['w2_max_dev']:.1e} (relative) and tends to 0 in "
        f"both limits (at most {st['w2_t0']:.2g} at t = {lo_t:g}, {st['w2_s1']:.2g} at sigma - 1 = {lo_s:g}). On the "
        "coarse grid a grid search over (s, u) goes below the plotted minimum by at most "
        f"{max(worst['wgan_search_below'], worst['w2gan_search_below']):.1e} (relative) and the WGAN "
        f"certified lower bound is within {worst['wgan_vs_certificate']:.1e} of it where the certificate "
        f"converged. Threshold: the computed lam* ranges from {thr.min():.3g} to {thr.max():.3g}; it is "
        + ("above" if thr.min() >= 1 / (4 * eta) else "NOT everywhere above")
        + f" Theorem 2's 1/(4 eta) = {1 / (4 * eta):g} (Theorem 2 reproduced on the whole grid"
        + ("" if thr.min() >= 1 / (4 * eta) else ": NO")
        + f"); it matches sigma / (4 eta (sigma - 1)) to {st['max_rel_small']:.1e} for t <= 0.5 ({st['max_rel']:.1e} "
        "over the whole grid, the largest at large t, where the dip just above lam* is tiny and the u-grid coarse); "
        f"its relative spread across t at fixed sigma is {st['thr_t_spread']:.1e}, so it stays finite as t -> 0, and "
        f"at sigma - 1 = {lo_s:g} it is {st['thr_growth']:.3g} x sigma / (4 eta (sigma - 1)): lam* -> inf as "
        "sigma -> 1+."
    )


def make(size: str = "quick", seed: int = 0, data_spec=None, workdir=None, *, engine: str = "serial",
         address: str | None = None) -> FigureResult:
    """The figure recipe of :data:`SPEC`.

    Parameters
    ----------
    size, seed
        As for :func:`compute`.
    data_spec, workdir
        Accepted for the common recipe signature and ignored (nothing is read from disk).
    engine, address
        The sweep engine (``"serial"``, ``"ray"``, ``"auto"``) and the Ray address
        (:func:`gantheory.grid.sweep.map_points`).

    Returns
    -------
    FigureResult
        ``draw(compute(size, seed, engine=engine, address=address))``.
    """
    return draw(compute(size, seed, engine=engine, address=address))


SPEC = FigureSpec("phase_diagram", "Theorem 1 and Theorem 2 across (sigma, t): the minimal Nash gap and the proximal "
                  "threshold, with their limits sigma -> 1+ and t -> 0", make)
