"""Figure 3 computed: the proximal equilibria between Nash (lam -> inf) and Stackelberg (lam -> 0).

For the pair (G*, D*) of Theorem 2 (the distance-minimising generator and its best response; by
Corollary 1 the only possible generator of a lam-proximal equilibrium, lam > 0), the curve
lam -> min_G V_prox_lam(G, D*) - V(G*, D*) (eq. (11), Sobolev seminorm (15)) of
:mod:`gantheory.proximal.gap_curve`. By Proposition 2 the pair is in PE_lam iff the curve is >= 0; the
curve does not increase with lam (Proposition 3's nesting); as lam -> inf it tends to -(Nash gap at
(G*, D*)) (Theorem 1: < 0, the Nash level), and as lam -> 0 to the Stackelberg level 0. Left: the W2GAN
(eq. (9), cost eta |x - x'|^2, quadratic D, Theorem 2's 1/(4 eta) marked); right: the WGAN (eq. (8), all
1-Lipschitz D; Theorem 3). The games' parameters are the ``theorem-2`` and ``theorem-3`` claims' defaults.

Columns: panel, lam, gap, dip (= -gap), worst_s, worst_u, is_pe, v_star, nash_level, stackelberg_level,
theorem_lambda, lambda_threshold, lambda_formula.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from gantheory.claims.registry import REGISTRY
from gantheory.plots.base import THEORY_SOURCE, FigureResult, FigureSpec, check_size, fmt, new_figure
from gantheory.proximal.gap_curve import GapCurve, power_fit, w2gan_gap_curve, wgan_gap_curve

GRID = {"smoke": {"w2": 9, "wg": 5, "n_w2": 15, "n_wg": 11, "refine_w2": 1},
        "quick": {"w2": 31, "wg": 19, "n_w2": 41, "n_wg": 21, "refine_w2": 3},
        "paper": {"w2": 61, "wg": 37, "n_w2": 61, "n_wg": 31, "refine_w2": 3}}
COLUMNS = ("panel", "lam", "gap", "dip", "worst_s", "worst_u", "is_pe", "v_star", "nash_level", "stackelberg_level",
           "theorem_lambda", "lambda_threshold", "lambda_formula")


@dataclass(frozen=True)
class Fig3Data:
    """The figure's tidy ``table`` and what its drawing and caption read: the two curves, the claims'
    parameters, the WGAN dip's power fit (c, p, points) and each curve's largest step up in lam."""

    table: dict[str, list]
    w2: GapCurve
    wg: GapCurve
    p2: dict[str, Any]
    p3: dict[str, Any]
    fit: tuple[float, float, int]
    mono: dict[str, float]
    grid: dict[str, int]
    size: str
    seed: int


def compute(size: str = "quick", seed: int = 0) -> Fig3Data:
    """The two curves of Figure 3 at ``size``.

    Parameters
    ----------
    size : str
        ``"smoke"``, ``"quick"`` or ``"paper"``: the grids (:data:`GRID`).
    seed : int
        Recorded in the figure's record; nothing here is random.

    Returns
    -------
    Fig3Data
        The tidy table (``table``: column -> list, :data:`COLUMNS`) and what :func:`draw` reads.
    """
    check_size(size)
    g = GRID[size]
    p2 = dict(REGISTRY["theorem-2"].defaults)
    p3 = dict(REGISTRY["theorem-3"].defaults)
    w2 = w2gan_gap_curve(p2["sigma"], p2["t"], p2["eta"], p2["tol"], np.geomspace(1e-3, 1e3, g["w2"]), n=g["n_w2"],
                         refine=g["refine_w2"])
    wg = wgan_gap_curve(p3["sigma"], p3["t"], p3["tol"], np.geomspace(1e-4, 1e2, g["wg"]), n=g["n_wg"])
    table: dict[str, list] = {k: [] for k in COLUMNS}
    for name, r in (("w2gan", w2), ("wgan", wg)):
        for i, lam in enumerate(r.lams):
            row = (name, float(lam), float(r.gap[i]), float(-r.gap[i]), float(r.worst_s[i]), float(r.worst_u[i]),
                   bool(r.gap[i] >= -r.tol), float(r.v_star), float(r.nash), float(r.stackelberg),
                   float(r.theorem_lambda), float(r.threshold), float(r.formula))
            for col, v in zip(COLUMNS, row, strict=True):
                table[col].append(v)
    fit = power_fit(wg.lams, -wg.gap, wg.tol)
    mono = {k: float(np.max(np.diff(r.gap), initial=-math.inf)) for k, r in (("w2gan", w2), ("wgan", wg))}
    return Fig3Data(table, w2, wg, p2, p3, fit, mono, g, size, seed)


def draw(d: Fig3Data) -> FigureResult:
    """The 2 x 2 figure (curves above, dips on log axes below) with its caption.

    Parameters
    ----------
    d : Fig3Data
        The output of :func:`compute`.

    Returns
    -------
    FigureResult
        The figure, the tidy table, the caption (written from the computed numbers), parameters and seed.
    """
    w2, wg, p2, p3 = d.w2, d.wg, d.p2, d.p3
    fit_c, fit_p, fit_n = d.fit
    fig, axes = new_figure(2, 2, 11.5, 7.6)
    ylab = r"$\min_G V^{\mathrm{prox}}_\lambda(G, D^*) - V(G^*, D^*)$"
    for col, (name, r, title) in enumerate((
            ("w2gan", w2, rf"W2GAN, quadratic $D$ ($\sigma$={p2['sigma']:g}, $t$={p2['t']:g}, "
                          rf"$\eta$={p2['eta']:g})"),
            ("wgan", wg, rf"WGAN, 1-Lipschitz $D$ ($\sigma$={p3['sigma']:g}, $t$={p3['t']:g})"))):
        lams = r.lams
        ax = axes[0, col]
        thr = r.threshold
        if thr > 0:
            ax.axvspan(lams[0], min(thr, lams[-1]), color="tab:green", alpha=0.12,
                       label=r"$(G^*, D^*) \in \mathrm{PE}_\lambda$")
        ax.plot(lams, r.gap, "o-", ms=3.5, color="tab:blue", label="computed")
        ax.axhline(r.nash, color="tab:red", ls="--",
                   label=rf"Nash level ($\lambda\to\infty$): $-$gap$_{{NE}}$ = {r.nash:.4g}")
        ax.axhline(r.stackelberg, color="k", ls=":",
                   label=rf"Stackelberg level ($\lambda\to 0$) = {r.stackelberg:.2g}")
        if name == "w2gan":
            ax.axvline(r.theorem_lambda, color="tab:purple", ls="-.",
                       label=rf"Theorem 2: $1/(4\eta)$ = {r.theorem_lambda:.3g}")
            ax.axvline(thr, color="tab:green", ls="--", label=rf"computed $\lambda^*$ = {thr:.4g}")
        else:
            ax.text(0.03, 0.5, f"computed $\\lambda^*$ = {fmt(thr)}\nTheorem 3's $\\eta = \\inf\\alpha^2$ = "
                    f"{fmt(r.theorem_lambda)}", transform=ax.transAxes, fontsize=8, va="center")
        ax.set_xscale("log")
        ax.set_xlabel(r"$\lambda$ (eq. (11), Sobolev norm (15))")
        ax.set_ylabel(ylab)
        ax.set_title(title, fontsize=10)
        ax.legend(fontsize=7, loc="lower left")
        ax.grid(alpha=0.3)

        ax = axes[1, col]
        dip = -r.gap
        pos = dip > r.tol
        ax.loglog(lams[pos], dip[pos], "o-", ms=3.5, color="tab:blue", label=r"$V^* - \min_G V^{\mathrm{prox}}$")
        if np.any(~pos):
            ax.loglog(lams[~pos], np.full(int(np.sum(~pos)), r.tol), "v", color="tab:green", ms=4,
                      label=r"$\leq$ tolerance (PE holds)")
        ax.axhline(r.tol, color="gray", lw=0.8, ls=":", label=f"tolerance {r.tol:.2g}")
        ax.axhline(-r.nash, color="tab:red", ls="--", label="Nash gap at $(G^*, D^*)$")
        if name == "wgan" and fit_n >= 2:
            shown = lams[fit_c * lams**fit_p <= -2 * r.nash]
            ax.loglog(shown, fit_c * shown**fit_p, color="tab:orange", lw=0.9,
                      label=rf"fit ${fit_c:.3g}\,\lambda^{{{fit_p:.2f}}}$")
        if name == "w2gan":
            ax.axvline(thr, color="tab:green", ls="--")
            ax.axvline(r.theorem_lambda, color="tab:purple", ls="-.")
        ax.set_xlabel(r"$\lambda$")
        ax.set_ylabel(r"$V(G^*, D^*) - \min_G V^{\mathrm{prox}}_\lambda(G, D^*)$ (log)")
        ax.legend(fontsize=7, loc="lower right")
        ax.grid(alpha=0.3, which="both")
    params = {"w2gan": {k: p2[k] for k in ("sigma", "t", "eta", "tol")},
              "wgan": {k: p3[k] for k in ("sigma", "t", "tol")},
              "lam_range_w2gan": [float(w2.lams[0]), float(w2.lams[-1])],
              "lam_range_wgan": [float(wg.lams[0]), float(wg.lams[-1])], "grid": d.grid, "size": d.size,
              "wgan_dip_fit": {"c": fit_c, "p": fit_p, "points": fit_n}}
    return FigureResult(fig, d.table, _caption(d), params, [d.seed], THEORY_SOURCE)


def _caption(d: Fig3Data) -> str:
    w2, wg, p2, p3, mono = d.w2, d.wg, d.p2, d.p3, d.mono
    fit_c, fit_p, fit_n = d.fit
    w2_ok = w2.gap_at_theorem >= -w2.tol
    rel = w2.threshold / w2.formula - 1
    wg_pe = [lam for lam, gp in zip(wg.lams, wg.gap, strict=True) if gp >= -wg.tol]
    return (
        "Figure 3 computed: min over generators G of V_prox_lam(G, D*) - V(G*, D*) (eq. (11), Sobolev seminorm "
        "(15)) against lam, at the distance-minimising generator G* and its best response D*; by Proposition 2, "
        "(G*, D*) is a lam-proximal equilibrium where the curve is >= 0 (green), lam -> inf gives the Nash level "
        "-(Nash gap) and lam -> 0 the Stackelberg level. Left: 1-D Gaussian W2GAN over quadratic D "
        f"(sigma = {p2['sigma']:g}, t = {p2['t']:g}, eta = {p2['eta']:g}, {len(w2.lams)} values of lam); right: "
        f"1-D Gaussian WGAN over all 1-Lipschitz D (sigma = {p3['sigma']:g}, t = {p3['t']:g}, {len(wg.lams)} "
        f"values). W2GAN: the curve is {fmt(w2.gap_at_theorem, 2)} at Theorem 2's lam = 1/(4 eta) = "
        f"{w2.theorem_lambda:g}, so the computation {'reproduces' if w2_ok else 'CONTRADICTS'} Theorem 2; "
        f"(G*, D*) stays a proximal equilibrium up to the computed threshold lam* = {w2.threshold:.4g} "
        f"(sigma / (4 eta (sigma - 1)) = {w2.formula:.4g}, relative difference {rel:.1e}), i.e. 1/(4 eta) is "
        f"conservative by a factor {w2.threshold / w2.theorem_lambda:.3g}; beyond it the curve falls to "
        f"{w2.gap[-1]:.4g} at lam = {w2.lams[-1]:g} (Nash level {w2.nash:.4g} = -eta (sigma - 1) t^2). "
        "V_prox over quadratic D is a lower bound on V_prox over all c-concave D, so the PE found holds for "
        "the c-concave game too. WGAN: "
        + (f"(G*, D*) is a proximal equilibrium for no lam on the grid (computed threshold {fmt(wg.threshold)}); "
           if not wg_pe else f"the curve is >= -tol only for lam <= {max(wg_pe):.3g} (threshold "
           f"{fmt(wg.threshold)}); ")
        + (f"the dip V* - min_G V_prox fits {fit_c:.3g} lam^{fit_p:.2f} at small lam, so it vanishes only as "
           "lam -> 0; " if fit_n >= 2 else "")
        + f"Theorem 3's premise inf alpha^2 >= eta holds only with eta = {fmt(wg.theorem_lambda)} here, so "
        "Theorem 3 guarantees nothing in this game and there is no contradiction: no positive lam makes the "
        f"W1 minimiser a proximal equilibrium of Theorem 1's WGAN game (Nash level {wg.nash:.4g}). "
        + (f"The curves are non-increasing in lam, as Proposition 3's nesting requires (largest step up: W2GAN "
           f"{mono['w2gan']:.1e}, WGAN {mono['wgan']:.1e}, within the tolerances)."
           if mono["w2gan"] <= w2.tol and mono["wgan"] <= wg.tol else
           f"The curves INCREASE somewhere in lam (largest step up: W2GAN {mono['w2gan']:.1e}, WGAN "
           f"{mono['wgan']:.1e}), against Proposition 3's nesting.")
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


SPEC = FigureSpec("fig3_proximal_gap", "Theorem 2 / Figure 3: the W2 minimiser and its discriminator form a 1/(4 eta)-"
                  "proximal equilibrium, between Nash (lam -> inf) and Stackelberg (lam -> 0)", make)
