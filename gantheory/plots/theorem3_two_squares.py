"""Figure: Theorem 3's premises without a Nash equilibrium (finding ``finding-theorem-3-beyond``).

Two far-apart squares, each moved by its own vector, v on the segment C = [v*, v'] of
:class:`gantheory.proximal.theorem3_2d.TwoSquares`: W1(G_t) (minimal at t = 0), the upper bound on V(G_t, D) over
every best response D to G* (:meth:`TwoSquares.value_bound`), and the same with the squares' boundary ignored
(L = inf). The bound dropping below W1(G*) means no best response to G* keeps G* a best reply: no Nash equilibrium.
"""

from __future__ import annotations

import numpy as np

from gantheory.plots.base import SIZES, FigureResult, FigureSpec
from gantheory.proximal.theorem3_2d import TwoSquares

GRID = {"smoke": 11, "quick": 101, "paper": 401}


def compute(size: str = "quick", seed: int = 0) -> dict[str, list]:
    """Rows (t, w1, value_bound, value_no_boundary, alpha2_min); ``seed`` is unused."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {SIZES}, got {size!r}")
    sq, flat = TwoSquares(), TwoSquares(L=1e300)
    rows: dict[str, list] = {k: [] for k in ("t", "w1", "value_bound", "value_no_boundary", "alpha2_min")}
    for t in np.linspace(0, 1, GRID[size]):
        v = sq.v(float(t))
        vals = (float(t), sq.w1(float(t)), sq.value_bound(float(t)), flat.value_bound(float(t)),
                float(np.min(np.sum(v * v, axis=1))))
        for k, x in zip(rows, vals, strict=True):
            rows[k].append(x)
    return rows


def draw(data: dict[str, list]) -> FigureResult:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.5, 4), layout="constrained")
    ax = fig.subplots()
    t = np.array(data["t"])
    w1s = data["w1"][0]
    ax.plot(t, data["w1"], "k-", label="W1(G_t) = max_D V(G_t, D)")
    ax.plot(t, data["value_bound"], "C3-", label="upper bound on V(G_t, D), every D in BR(G*) (side 1000)")
    ax.plot(t, data["value_no_boundary"], "C3:", label="V(G_t, D*) with D* linear on each square (side -> inf)")
    ax.plot(t, data["alpha2_min"], "C2--", label="min alpha^2 (premise (ii))")
    ax.axhline(w1s, color="k", lw=0.6, ls="--")
    ax.set(xlabel="t (v = v* + t (v' - v*))", ylabel="value", title="Theorem 3's premises, no Nash equilibrium (d = 2)")
    ax.legend(fontsize=7)
    bound = np.array(data["value_bound"])
    j = int(np.argmin(bound))
    caption = (f"Two squares moved separately (d = 2): premise (ii) holds with eta = {min(data['alpha2_min']):.4g}, "
               f"W1 is minimal at t = 0 ({w1s:.4g}); against every best response to G* the deviation t = {t[j]:.2f} "
               f"pays at most {bound[j]:.4g}, {'below' if bound[j] < w1s else 'NOT below'} W1(G*): "
               f"{'no Nash equilibrium' if bound[j] < w1s else 'nothing certified'}.")
    return FigureResult(fig, data, caption, params={"kappa": 0.1, "p": 3.0, "q": 8.0, "side": 1000.0}, seeds=[],
                        data_source="none (closed forms of the two-squares family)")


def make(size: str = "quick", seed: int = 0, data_spec=None, workdir=None) -> FigureResult:
    return draw(compute(size, seed))


SPEC = FigureSpec("theorem3_two_squares", "finding-theorem-3-beyond: Theorem 3's premises hold and no Nash equilibrium "
                  "exists (two squares, d = 2)", make)
