"""Shared parameters of the claims of Section 4 (proximal equilibria): tolerance, domains, premises and the number
format of their one-line summaries.

Games: the one-dimensional Gaussian W2GAN over quadratic discriminators (:mod:`gantheory.exact.w2gan_1d`) and the
one-dimensional Gaussian WGAN over *all* 1-Lipschitz discriminators (:mod:`gantheory.proximal.wgan`), both with
the Sobolev seminorm of eq. (15) and lambda in eq. (11)'s convention. A maximum over a subfamily of
discriminators is a lower bound on V_prox: an inequality "V(G*, D*) <= V_prox(G, D*)" that holds over the
quadratic family is certified for the full c-concave class; one that fails there is refuted only for the
quadratic game.
"""

from __future__ import annotations

from typing import Any

from gantheory.claims.base import (
    ETA_RANGE,
    LAM_RANGE,
    SEED,
    SIGMA_ABOVE_1,
    T_RANGE,
    real,
    require,
    require_positive,
)

TOL = 1e-9
#: tol: these checks compare values at the tolerance's scale (e.g. Prop. 2's cases differ by a 0.05 x^2
#: perturbation), so a tolerance above 1e-6 blurs the very inequalities they test
DOMAIN = {"sigma": SIGMA_ABOVE_1, "sigma2": SIGMA_ABOVE_1, "t": T_RANGE, "eta": ETA_RANGE, "lam": LAM_RANGE,
          "tol": real(1e-12, 1e-6), "seed": SEED}


def premises(p: dict[str, Any]) -> None:
    """Theorem 1's game (sigma > 1) and positive t, tol, eta, lam."""
    require(p["sigma"] > 1, f"these checks use Theorem 1's game: sigma > 1, got sigma = {p['sigma']:g}")
    require_positive(p, "t", "tol", "eta", "lam")


def fmt(x: Any) -> str:
    """A number as the check table prints it (6 significant digits for floats)."""
    if isinstance(x, float):
        return f"{x:.6g}"
    return str(x)
