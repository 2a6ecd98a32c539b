"""Figure: the mixed equilibrium of the 1-D WGAN game (Theorem 1's game, mixed extension).

Panels: mu*'s support and weights over (s, u); the density of Q_mu* against P's (and the pure W1 minimiser
N(0, 1)); the pure game's Nash gap at a best response over (s, u) (gantheory.exact.wgan), with mu*'s
support marked. Data from gantheory.mixed (column generation from the pure minimiser) and
gantheory.exact.wgan; nothing is computed here beyond evaluating them.
"""

from __future__ import annotations

import math

import numpy as np

from gantheory.exact.wgan import nash_gap_at_best_response
from gantheory.mixed.equilibrium import wgan_mixed_equilibrium
from gantheory.mixed.support import Mixture
from gantheory.plots.base import FigureResult, FigureSpec

SIGMA, T = 1.25, 0.5
GRID = {"smoke": 11, "quick": 41, "medium": 41, "paper": 101}
COLUMNS = ("kind", "s", "u", "weight", "x", "q_mu", "p", "q_pure", "gap")


def compute(size: str = "quick", seed: int = 0, sigma: float = SIGMA, t: float = T) -> dict[str, list]:
    """Tidy rows: kind "atom" (s, u, weight, gap = the certified mixed gap bound), "density" (x, q_mu, p,
    q_pure), "landscape" (s, u, gap = the pure Nash gap at a best response).

    Parameters
    ----------
    size : str
        A key of ``GRID`` (the landscape's n x n grid, 4 n + 1 density points).
    seed : int
        Unused (the figure is deterministic).
    sigma, t : float
        The WGAN game of Theorem 1.

    Returns
    -------
    dict[str, list]
    """
    if size not in GRID:
        raise ValueError(f"unknown figure size {size!r}; choose from {', '.join(GRID)}")
    eq = wgan_mixed_equilibrium(sigma, t)
    data, pure_min = Mixture.pure(sigma, 0.0), Mixture.pure(1.0, 0.0)  # P and the pure W1 minimiser N(0, 1)
    cols: dict[str, list] = {k: [] for k in COLUMNS}

    def row(**kw):
        for k in cols:
            cols[k].append(kw.get(k, float("nan")))

    for a in eq.mixture.atoms():
        row(kind="atom", s=a["s"], u=a["u"], weight=a["weight"], gap=eq.bound.upper)
    n = GRID[size]
    for x in np.linspace(-4 * sigma, 4 * sigma, 4 * n + 1):
        row(kind="density", x=float(x), q_mu=float(eq.mixture.pdf(x)), p=float(data.pdf(x)),
            q_pure=float(pure_min.pdf(x)))
    for s in np.linspace(0.0, 1.0, n):
        for u in np.linspace(-t, t, n):
            row(kind="landscape", s=float(s), u=float(u), gap=float(nash_gap_at_best_response(sigma, s, u, t)))
    return cols


def draw(data: dict[str, list], sigma: float = SIGMA, t: float = T) -> FigureResult:
    """Three panels from :func:`compute`'s rows."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kind = np.array(data["kind"])
    col = {k: np.array(v, dtype=float) for k, v in data.items() if k != "kind"}
    at, de, la = kind == "atom", kind == "density", kind == "landscape"
    fig, ax = plt.subplots(1, 3, figsize=(13, 3.8))
    ax[0].scatter(col["u"][at], col["s"][at], s=2000 * col["weight"][at], alpha=0.6)
    for s, u, w in zip(col["s"][at], col["u"][at], col["weight"][at], strict=True):
        ax[0].annotate(f"{w:.3g}", (u, s), ha="center", va="center")
    ax[0].set(xlim=(-1.2 * t, 1.2 * t), ylim=(-0.05, 1.15), xlabel="u", ylabel="s = |w|", title="support of mu*")
    ax[1].plot(col["x"][de], col["p"][de], label=f"P = N(0, {sigma:g}^2)")
    ax[1].plot(col["x"][de], col["q_mu"][de], label="Q_mu*")
    ax[1].plot(col["x"][de], col["q_pure"][de], "--", label="pure W1 minimiser N(0, 1)")
    ax[1].set(xlabel="x", title="densities")
    ax[1].legend(fontsize=8)
    n = int(round(math.sqrt(int(la.sum()))))
    S = col["s"][la].reshape(n, n)
    U = col["u"][la].reshape(n, n)
    G = col["gap"][la].reshape(n, n)
    cs = ax[2].contourf(U, S, G, levels=20)
    fig.colorbar(cs, ax=ax[2], label="pure Nash gap at (G, D_G)")
    ax[2].scatter(col["u"][at], col["s"][at], c="red", marker="x", s=120, label="support of mu*", clip_on=False,
                  zorder=5)
    ax[2].set(xlabel="u", ylabel="s", title="pure gap landscape")
    ax[2].legend(fontsize=8)
    fig.tight_layout()
    bound = float(col["gap"][at][0])
    caption = (f"1-D WGAN, sigma = {sigma:g}, t = {t:g}: the mixed equilibrium mu* = "
               + " + ".join(f"{w:.3g} delta_({s:.3g}, {u:.3g})" for s, u, w in
                            zip(col["s"][at], col["u"][at], col["weight"][at], strict=True))
               + f" with certified mixed Nash gap <= {bound:.2g}, where the pure game's minimal gap is "
               f"{float(np.min(G)):.6g} on this grid (no pure equilibrium, Theorem 1)")
    return FigureResult(fig, data, caption, params={"sigma": sigma, "t": t})


def make(size: str = "quick", seed: int = 0, data_spec=None, workdir=None) -> FigureResult:
    """compute then draw."""
    return draw(compute(size, seed))


SPEC = FigureSpec("mixed_equilibrium", "Theorem 1, mixed extension: the WGAN game without a pure Nash equilibrium "
                  "has a mixed one", make)
