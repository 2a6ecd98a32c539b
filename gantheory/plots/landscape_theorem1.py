"""Theorem 1's Nash-gap landscapes, bounded away from zero, and Remark 1's zero.

For each Theorem 1 game (f-GAN eq. (7) with KL and JS, WGAN eq. (8), W2GAN eq. (9); X ~ N(0, sigma^2),
sigma > 1, G(z) = w z + u with s = |w| <= 1, |u| <= t) the Nash gap at the best response D_G,
sup_G' V(G, D_G) - V(G', D_G), as a heat map over (s, u) (log colour scale; +inf where D_G is not
attained or a deviation pays +inf), with the minimiser (grid search refined by L-BFGS-B) and the minimum
printed beside the certified lower bound (:mod:`gantheory.equilibria.landscape`); a panel of the gap along
u = 0 against s; and Remark 1 (sigma < 1, sigma_min(W) >= 1, i.e. s = 1) where the WGAN and W2GAN gaps
reach 0 at u = 0. Parameters: the ``theorem-1-fgan``, ``theorem-1-w2gan``, ``remark-1-wgan`` and
``remark-1-w2gan`` claims' defaults.

Columns: panel, game, sigma, t, s, u, gap, lower_bound, is_minimiser.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from gantheory.claims.registry import REGISTRY
from gantheory.equilibria.landscape import (
    LANDSCAPE_FGANS,
    Landscape,
    LandscapeGame,
    gap_landscape,
    landscape_games,
    remark1_gaps,
)
from gantheory.games.divergences import F_TABLE
from gantheory.plots.base import THEORY_SOURCE, FigureResult, FigureSpec, check_size, new_figure

GRID = {"smoke": 9, "quick": 41, "paper": 81}
COLUMNS = ("panel", "game", "sigma", "t", "s", "u", "gap", "lower_bound", "is_minimiser")
TITLES = {"wgan": "WGAN, eq. (8)", "w2gan": r"W2GAN, eq. (9), cost $\eta|x-x'|^2$"}


@dataclass(frozen=True)
class LandscapeData:
    """The tidy ``table`` and what the drawing reads: the games, their landscapes, Remark 1's curves."""

    table: dict[str, list]
    games: dict[str, LandscapeGame]
    landscapes: dict[str, Landscape]
    remark_u: np.ndarray
    remark: dict[str, np.ndarray]
    params: dict[str, Any]
    seed: int


def compute(size: str = "quick", seed: int = 0) -> LandscapeData:
    """The four landscapes and Remark 1's curves at ``size``.

    Parameters
    ----------
    size : str
        ``"smoke"``, ``"quick"`` or ``"paper"``: the grids (:data:`GRID`).
    seed : int
        Recorded in the figure's record; nothing here is random.

    Returns
    -------
    LandscapeData
        The tidy table (``table``: column -> list, :data:`COLUMNS`) and what :func:`draw` reads.
    """
    check_size(size)
    n = GRID[size]
    pw = REGISTRY["theorem-1-w2gan"].defaults
    pf = REGISTRY["theorem-1-fgan"].defaults
    pr = REGISTRY["remark-1-wgan"].defaults
    pr2 = REGISTRY["remark-1-w2gan"].defaults
    sigma, t, eta = pf["sigma"], pf["t"], pw["eta"]
    games = landscape_games(sigma, t, eta, LANDSCAPE_FGANS)
    table: dict[str, list] = {k: [] for k in COLUMNS}

    def add(*row):
        for col, v in zip(COLUMNS, row, strict=True):
            table[col].append(v)

    landscapes = {}
    for key, gm in games.items():
        ls = landscapes[key] = gap_landscape(gm.gap, t, n)
        for s, u, g in zip(ls.S.ravel(), ls.U.ravel(), ls.G.ravel(), strict=True):
            add(f"theorem1_{key}", key, sigma, t, float(s), float(u), float(g), float(gm.lower), False)
        add(f"theorem1_{key}", key, sigma, t, ls.s, ls.u, ls.minimum, float(gm.lower), True)
    sr, tr = pr["sigma"], pr["t"]
    ur, remark = remark1_gaps(sr, tr, pr2["eta"], n)
    for key, vals in remark.items():
        j = int(np.argmin(vals))
        for i, (u, g) in enumerate(zip(ur, vals, strict=True)):
            add(f"remark1_{key}", key, sr, tr, 1.0, float(u), float(g), 0.0, i == j)
    params = {"sigma": sigma, "t": t, "eta": eta, "fgans": list(LANDSCAPE_FGANS), "grid": n,
              "remark1": {"sigma": sr, "t": tr, "eta": pr2["eta"]}, "size": size}
    return LandscapeData(table, games, landscapes, ur, remark, params, seed)


def draw(d: LandscapeData) -> FigureResult:
    """Four heat maps, the gaps along u = 0, and Remark 1's curves, with the caption.

    Parameters
    ----------
    d : LandscapeData
        The output of :func:`compute`.

    Returns
    -------
    FigureResult
        The figure, the tidy table, the caption (written from the computed numbers), parameters and seed.
    """
    from matplotlib.colors import LogNorm

    games, res, remark, ur = d.games, d.landscapes, d.remark, d.remark_u
    sigma, t = d.params["sigma"], d.params["t"]
    sr, tr, eta_r = d.params["remark1"]["sigma"], d.params["remark1"]["t"], d.params["remark1"]["eta"]
    fig, axes = new_figure(2, 3, 15.0, 8.6)
    heat_axes = [axes[0, 0], axes[0, 1], axes[0, 2], axes[1, 0]]
    for ax, (key, gm) in zip(heat_axes, games.items(), strict=True):
        r = res[key]
        G, S, U = r.G, r.S, r.U
        finite = np.isfinite(G) & (G > 0)
        Gm = np.ma.masked_where(~finite, G)
        ax.set_facecolor("0.85")
        vmin, vmax = float(G[finite].min()), float(G[finite].max())
        mesh = ax.pcolormesh(S, U, Gm, shading="nearest", norm=LogNorm(vmin=vmin, vmax=max(vmax, vmin * 1.001)),
                             cmap="viridis")
        if np.any(~np.isfinite(G)):
            ax.contourf(S, U, (~np.isfinite(G)).astype(float), levels=[0.5, 1.5], colors="none", hatches=["//"])
        if vmax > vmin * 1.5:
            ax.contour(S, U, np.where(finite, G, np.nan), levels=np.geomspace(vmin, vmax, 7)[1:-1], colors="w",
                       linewidths=0.6, norm=LogNorm())
        fig.colorbar(mesh, ax=ax, label="Nash gap (log colour scale)")
        ax.plot([r.s], [r.u], marker="*", ms=15, color="tab:red", mec="w", label="minimiser")
        ax.text(0.03, 0.97, f"min = {r.minimum:.4g} at (s, u) = ({r.s:.3f}, {r.u:.3f})\n"
                f"lower bound {gm.lower:.4g} ({gm.lower_kind})"
                + ("\nhatched grey: gap = +inf" if np.any(~np.isfinite(G)) else ""),
                transform=ax.transAxes, va="top", fontsize=7.5, bbox={"fc": "w", "alpha": 0.85, "lw": 0})
        ax.set_xlabel(r"$s = |w|$ (generator scale, $\sigma_{\max}(W) \leq 1$)")
        ax.set_ylabel(r"$u$ (generator mean, $|u| \leq t$)")
        title = TITLES.get(key) or f"f-GAN ({F_TABLE[key].name}), eq. (7)"
        ax.set_title(f"Theorem 1: {title}", fontsize=10)

    ax = axes[1, 1]
    for key, gm in games.items():
        r = res[key]
        j0 = int(np.argmin(np.abs(r.u_grid)))
        line = r.G[j0]
        ok = np.isfinite(line)
        (h,) = ax.semilogy(r.s_grid[ok], line[ok], label=f"{key}: min {r.minimum:.3g}")
        ax.axhline(gm.lower, color=h.get_color(), ls=":", lw=0.9)
    ax.set_xlabel(r"$s$ (with $u = 0$)")
    ax.set_ylabel(r"Nash gap at $(G, D_G)$ (log)")
    ax.set_title(f"Theorem 1 games along u = 0 ($\\sigma$={sigma:g}, $t$={t:g}); dotted: lower bounds", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3, which="both")

    ax = axes[1, 2]
    for key, vals in remark.items():
        j = int(np.argmin(vals))
        (h,) = ax.plot(ur, vals, label=f"{key}: min {vals[j]:.2g} at u = {ur[j]:.3g}")
        ax.plot([ur[j]], [vals[j]], "*", ms=13, color=h.get_color(), mec="k")
    ax.axhline(0.0, color="k", lw=0.8)
    ax.set_xlabel(r"$u$ ($W = 1$: $\sigma_{\min}(W) \geq 1$)")
    ax.set_ylabel(r"Nash gap at $(G, D_G)$")
    ax.set_title(rf"Remark 1: $\sigma$={sr:g} < 1, $t$={tr:g}, $\eta$={eta_r:g} — the gap reaches 0", fontsize=10)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return FigureResult(fig, d.table, _caption(d), d.params, [d.seed], THEORY_SOURCE)


def _caption(d: LandscapeData) -> str:
    games, res, p = d.games, d.landscapes, d.params
    n, sigma, t, eta, sr = p["grid"], p["sigma"], p["t"], p["eta"], p["remark1"]["sigma"]
    above = {k: res[k].minimum >= games[k].lower * (1 - 1e-9) - 1e-12 for k in games}
    positive = {k: res[k].minimum > 1e-6 for k in games}
    rmin = {k: float(v.min()) for k, v in d.remark.items()}
    mins = "; ".join(f"{k} {res[k].minimum:.4g} at (s, u) = ({res[k].s:.3f}, {res[k].u:.3f}), "
                     f"lower bound {games[k].lower:.4g}" for k in games)
    return (
        "Nash gap at a best response, sup_G' V(G, D_G) - V(G', D_G), over the 1-D linear generator G(z) = w z + u "
        f"(s = |w| in [0, 1], |u| <= t) on a {n} x {n} grid, for Theorem 1's games with X ~ N(0, sigma^2), "
        f"sigma = {sigma:g}, t = {t:g} (W2GAN eta = {eta:g}): f-GAN (KL, JS; eq. (7)), WGAN (eq. (8)) and W2GAN "
        "(eq. (9)); grey hatching marks +inf (D_G not attained or a deviation pays +inf). Minima (grid refined by "
        f"L-BFGS-B): {mins}. "
        + ("Every landscape is bounded away from zero and its minimum lies above the certified or proven lower "
           "bound, so the computation reproduces Theorem 1 (no Nash equilibrium) in these games. "
           if all(above.values()) and all(positive.values()) else
           "NOT every landscape is bounded away from zero above its lower bound (" + ", ".join(
               k for k in games if not (above[k] and positive[k])) + "): a disagreement with Theorem 1. ")
        + f"Remark 1 (sigma = {sr:g} < 1, sigma_min(W) >= 1, so s = 1): the WGAN and W2GAN gaps reach "
        f"{rmin['wgan']:.2g} and {rmin['w2gan']:.2g} at u = 0, "
        + ("reproducing Remark 1 (a Nash equilibrium at the distance minimiser)."
           if max(rmin.values()) <= 1e-12 else "so Remark 1's Nash equilibrium is NOT reproduced.")
    )


def make(size: str = "quick", seed: int = 0, data_spec=None, workdir=None) -> FigureResult:
    """The figure recipe of :data:`SPEC`.

    Parameters
    ----------
    size, seed
        As for :func:`compute`.
    data_spec, workdir
        Accepted for the common recipe signature and ignored (nothing is read from disk).

    Returns
    -------
    FigureResult
        ``draw(compute(size, seed))``.
    """
    return draw(compute(size, seed))


SPEC = FigureSpec("landscape_theorem1", "Theorem 1: the Gaussian f-GAN, WGAN and W2GAN games have no Nash equilibrium "
                  "(Remark 1: with sigma < 1, sigma_min(W) >= 1 they do)", make)
