"""Numerical building blocks: the trust-region subproblem and optimal transport between samples.

Layer 2 (POT is imported lazily, inside the functions that use it).
"""

from gantheory.solvers.ot import as_samples, cost_matrix, kantorovich_potentials, w1_samples, w2_squared_samples
from gantheory.solvers.trust_region import maximize_quadratic_on_ball

__all__ = ["as_samples", "cost_matrix", "kantorovich_potentials", "maximize_quadratic_on_ball", "w1_samples",
           "w2_squared_samples"]
