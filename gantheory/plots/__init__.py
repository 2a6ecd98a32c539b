"""Figure recipes: each regenerates one of the paper's figures (or a beyond-the-paper one) from the
code, returning the matplotlib figure, the tidy data it plots and a caption record (``gantheory figures``).

The theory figures are one module each (:mod:`~gantheory.plots.fig3_proximal_gap`,
:mod:`~gantheory.plots.landscape_theorem1`, :mod:`~gantheory.plots.phase_diagram`,
:mod:`~gantheory.plots.trajectories`): ``compute(size, seed)`` calls the library for the tidy data,
``draw(data)`` makes the :class:`FigureResult`, and ``SPEC`` registers it in :mod:`~gantheory.plots.registry`.
"""

from gantheory.plots.base import SIZES, FigureResult, FigureSpec, read_table, write
from gantheory.plots.registry import all_figures, generate, select

__all__ = ["SIZES", "FigureResult", "FigureSpec", "all_figures", "generate", "read_table", "select", "write"]
