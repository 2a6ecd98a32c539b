"""Proximal equilibria (Section 4): V_prox of eq. (11) with the Sobolev seminorm of eq. (15), Definition 1's test
through Proposition 2, lambda-thresholds (Proposition 3, Theorem 2) and the checks behind Propositions 2-4,
Theorems 2-3 and Corollary 1.

Modules: :mod:`~gantheory.proximal.w2gan` (V_prox of the Gaussian W2GAN over quadratic D, any d),
:mod:`~gantheory.proximal.w2gan_all` (1-D, all c-concave D), :mod:`~gantheory.proximal.wgan` (1-D WGAN, all
1-Lipschitz D), :mod:`~gantheory.proximal.equilibrium` (worst generator, PE test, threshold bisection),
:mod:`~gantheory.proximal.thresholds`, :mod:`~gantheory.proximal.premise`, :mod:`~gantheory.proximal.danskin`,
:mod:`~gantheory.proximal.stackelberg`, :mod:`~gantheory.proximal.definition`,
:mod:`~gantheory.proximal.anisotropic` and :mod:`~gantheory.proximal.threshold2d`. Names that two modules share
(``prox_value``, ``FAMILY``, ``v_star``) are reached through their module.
"""

from gantheory.proximal import (
    anisotropic,
    danskin,
    definition,
    equilibrium,
    premise,
    stackelberg,
    threshold2d,
    thresholds,
    w2gan,
    w2gan_all,
    w2gan_all_spline,
    wgan,
)
from gantheory.proximal.danskin import danskin_errors, inner_hessian
from gantheory.proximal.definition import compare_definition1_proposition2
from gantheory.proximal.equilibrium import (
    WorstGenerator,
    is_proximal_equilibrium,
    lambda_threshold,
    u_nodes,
    worst_generator,
)
from gantheory.proximal.premise import optimal_discriminators_convex
from gantheory.proximal.stackelberg import pe_violation, search_proximal_equilibria
from gantheory.proximal.thresholds import (
    conjectured_threshold,
    pe_table,
    pe_w2,
    theorem2_lambda,
    threshold_rows,
    w2_threshold,
)
from gantheory.proximal.w2gan import ProxResult, max_solver_difference, prox_value_1d, prox_value_cvxpy, sobolev_sq

__all__ = [
    "ProxResult", "WorstGenerator", "anisotropic", "compare_definition1_proposition2", "conjectured_threshold",
    "danskin", "danskin_errors", "definition", "equilibrium", "inner_hessian", "is_proximal_equilibrium",
    "lambda_threshold", "max_solver_difference", "optimal_discriminators_convex", "pe_table", "pe_violation",
    "pe_w2", "premise", "prox_value_1d", "prox_value_cvxpy", "search_proximal_equilibria", "sobolev_sq",
    "stackelberg", "theorem2_lambda", "threshold2d", "threshold_rows", "thresholds", "u_nodes", "w2_threshold",
    "w2gan", "w2gan_all", "w2gan_all_spline", "wgan", "worst_generator",
]
