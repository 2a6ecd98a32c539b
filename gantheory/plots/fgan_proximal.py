"""Figure: proximal equilibria of the Gaussian f-GAN (KL, JS; finding ``finding-fgan-proximal``).

Left: the u-curvature of V_prox_lam(G_u, D*) at G* = (1, 0) against lam, over the family f'(exp(quadratic)) and
over every D (second-order analysis, :mod:`gantheory.proximal.fgan`); it crosses 0 at the threshold lam*.
Right: min over the family of the proximal objective minus M(G*) along G_u = (1, u) at 0.9 lam* and 1.1 lam* (the
nested optimisation itself), with the relaxation upper bound over every D
(:func:`gantheory.proximal.fgan_bounds.relaxation_second_order`).
"""

from __future__ import annotations

import math

import numpy as np

from gantheory.plots.base import SIZES, FigureResult, FigureSpec
from gantheory.proximal import fgan as pf
from gantheory.proximal import fgan_bounds as fb
from gantheory.proximal import fgan_local as pl

SIGMA = 1.25
GRID = {"smoke": (5, 3), "quick": (25, 10), "paper": (49, 20)}


def compute(size: str = "quick", seed: int = 0) -> dict[str, list]:
    """Tidy rows (panel, div, curve, lam, u, value); ``seed`` is unused (no randomness)."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, got {size!r}")
    n_lam, n_u = GRID[size]
    rows: dict[str, list] = {"panel": [], "div": [], "curve": [], "lam": [], "u": [], "value": []}

    def add(panel, div, curve, lam, u, v):
        for k, x in zip(rows, (panel, div, curve, lam, u, v), strict=True):
            rows[k].append(x)

    for div in ("kl", "js"):
        for lam in np.geomspace(0.1, 30, n_lam):
            add("curvature", div, "family", float(lam), 0.0, pl.u_curvature_family(div, SIGMA, float(lam)))
            add("curvature", div, "all D", float(lam), 0.0, pl.u_curvature_all(div, SIGMA, float(lam)))
        lam_f = pl.local_threshold_family(div, SIGMA)
        add("threshold", div, "family", lam_f, 0.0, 0.0)
        add("threshold", div, "all D", pl.local_threshold_all(div, SIGMA), 0.0, 0.0)
        M = pf.divergence(div, SIGMA, 1.0, 0.0)
        ref = pf.theta_of(SIGMA, 1.0, 0.0)
        for fac in (0.9, 1.1):
            for u in np.linspace(0.0, 0.6, n_u):
                add("dip", div, f"family, {fac} lam*", fac * lam_f, float(u),
                    pf.prox_value(div, SIGMA, fac * lam_f, 1.0, float(u), ref).value - M)
                if u > 0:
                    add("dip", div, f"bound all D, {fac} lam*", fac * lam_f, float(u),
                        fb.relaxation_second_order(div, SIGMA, fac * lam_f, float(u)) - M)
    return rows


def draw(data: dict[str, list]) -> FigureResult:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(10, 4), layout="constrained")
    ax1, ax2 = fig.subplots(1, 2)
    col = np.array(data["panel"])
    thr = {}
    for div, color in (("kl", "C0"), ("js", "C3")):
        for curve, ls in (("family", "-"), ("all D", "--")):
            m = (col == "curvature") & (np.array(data["div"]) == div) & (np.array(data["curve"]) == curve)
            ax1.plot(np.array(data["lam"])[m], np.array(data["value"])[m], ls, color=color, label=f"{div}, {curve}")
            t = [lam for p, d, c, lam in zip(data["panel"], data["div"], data["curve"], data["lam"], strict=True)
                 if p == "threshold" and d == div and c == curve]
            thr[(div, curve)] = t[0]
            ax1.axvline(t[0], color=color, ls=ls, lw=0.6)
        for curve in sorted({c for p, d, c in zip(data["panel"], data["div"], data["curve"], strict=True)
                             if p == "dip" and d == div}):
            m = (col == "dip") & (np.array(data["div"]) == div) & (np.array(data["curve"]) == curve)
            ax2.plot(np.array(data["u"])[m], np.array(data["value"])[m], "-" if "family" in curve else ":",
                     color=color, alpha=1.0 if "1.1" in curve else 0.5, label=f"{div}, {curve}")
    ax1.axhline(0, color="k", lw=0.6)
    ax1.set_xscale("log")
    ax1.set(xlabel="lambda", ylabel="d^2/du^2 V_prox(G_u, D*) at u = 0", title=f"u-curvature at G*, sigma = {SIGMA}")
    ax1.legend(fontsize=7)
    ax2.axhline(0, color="k", lw=0.6)
    ax2.set(xlabel="u (G_u = (1, u))", ylabel="V_prox(G_u, D*) - M(G*)", title="proximal objective along u")
    ax2.legend(fontsize=6)
    dip = col == "dip"
    vals, divs = np.array(data["value"])[dip], np.array(data["div"])[dip]
    curves = np.array(data["curve"])[dip].astype(str)
    fam = np.char.startswith(curves, "family")
    below_ok = bool(np.all(vals[fam & (np.char.find(curves, "0.9") >= 0)] >= -1e-9))
    above_min = float(vals[fam & (np.char.find(curves, "1.1") >= 0)].min())
    bound_11 = {d: float(vals[~fam & (divs == d) & (np.char.find(curves, "1.1") >= 0)].min()) for d in ("kl", "js")}
    kl_f, kl_a, js_f, js_a = (thr[k] for k in (("kl", "family"), ("kl", "all D"), ("js", "family"), ("js", "all D")))
    caption = (f"f-GAN proximal equilibria (sigma = {SIGMA}): lam* KL = {kl_f:.6g} (family) = {kl_a:.6g} (all D; "
               f"closed form {pl.kl_threshold(SIGMA):.6g}); JS {js_f:.5g} (family) "
               f"{'<' if js_f < js_a else '>='} {js_a:.5g} (all D, local). Along G_u at 0.9 lam* the proximal "
               f"family objective stays {'>=' if below_ok else 'NOT >='} M(G*); at 1.1 lam* its minimum is "
               f"{above_min:.3g} ({'below' if above_min < 0 else 'NOT below'} M(G*)). The upper bound over every D at "
               f"1.1 lam*_family minus M(G*): KL {bound_11['kl']:.3g}, JS {bound_11['js']:.3g} (negative: no PE over "
               "every D there).")
    return FigureResult(fig, data, caption, params={"sigma": SIGMA}, seeds=[],
                        data_source="none (closed forms and quadrature of the Gaussian f-GAN)")


def make(size: str = "quick", seed: int = 0, data_spec=None, workdir=None) -> FigureResult:
    return draw(compute(size, seed))


SPEC = FigureSpec("fgan_proximal", "finding-fgan-proximal: (G*, D_G*) is a lam-PE of the Gaussian f-GAN exactly for "
                  "lam <= lam*", make)
assert math.isfinite(SIGMA)
