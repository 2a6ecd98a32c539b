"""Parameters shared by the claims of Theorem 1: X ~ N(0, sigma^2 I), sigma > 1, G(z) = W z + u with
sigma_max(W) <= 1, ||u|| <= t; the default tolerance, the supported domains and the premises."""

from __future__ import annotations

from typing import Any

from gantheory.claims.base import (
    ETA_RANGE,
    SEED,
    SIGMA_ABOVE_1,
    T_RANGE,
    TOL_RANGE,
    fmt,
    integer,
    real,
    require,
    require_positive,
)

TOL = 1e-6
#: the d-dimensional W2GAN checks search over d k + d generator parameters: d, k <= 8 keeps one check
#: within ~15 s on one core (memory is a few MB)
W2_DIMS = integer(1, 8)
DOMAIN_1D = {"sigma": SIGMA_ABOVE_1, "t": T_RANGE, "tol": TOL_RANGE}
DOMAIN_W2 = {**DOMAIN_1D, "eta": ETA_RANGE, "dim": W2_DIMS, "latent_dim": W2_DIMS, "seed": SEED}
#: the local search differentiates V numerically in (W, u) and (A, b) with O(1) steps and L-BFGS on a
#: log-parameterised A: eta beyond [1e-3, 1e3] overflows it (eta = 1e6: non-finite A), and d, k <= 4
#: keeps it within ~20 s (d = 8: 66 s)
DOMAIN_W2_LOCAL = {**DOMAIN_W2, "eta": real(1e-3, 1e3), "dim": integer(1, 4), "latent_dim": integer(1, 4),
                   "rho": real(1e-6, 1e2)}


def premises(p: dict[str, Any]) -> None:
    """Theorem 1 needs sigma > 1 and t > 0 (tol, eta, rho > 0 where given)."""
    require(p["sigma"] > 1, f"Theorem 1 needs sigma > 1, got sigma = {p['sigma']:g}")
    require(p["t"] > 0, f"Theorem 1 needs t > 0, got t = {p['t']:g}")
    require_positive(p, "tol", "eta", "rho")


def bounds_summary(m: dict[str, Any]) -> str:
    """The certified lower and verified upper bound on the minimal Nash gap, and its closed form."""
    return (f"min gap: [{fmt(m['min_nash_gap_lower'])}, {fmt(m['min_nash_gap_upper'])}] closed form "
            f"{fmt(m['min_nash_gap_closed_form'])}")
