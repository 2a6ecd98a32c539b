"""Theorem 1 (WGAN): with 1-D X ~ N(0, sigma^2), sigma > 1, 1-D latent Z and 1-Lipschitz D, the WGAN game (8)
has no Nash equilibrium.

m* = inf over feasible G of the Nash gap at (G, D_G) is bounded from below by interval branch and bound
(:mod:`gantheory.certify.wgan`) and from above by the closed-form-free search's generator, its gap then
enclosed with the exact best responses. "No Nash equilibrium" holds when the certified lower bound exceeds
the tolerance: a Nash equilibrium (G*, D*) needs D* in BR(G*) and gap(G*, D*) = 0.
"""

from __future__ import annotations

from typing import Any

from gantheory.certify.wgan import certify_min_gap, gap_upper
from gantheory.claims._theorem_1 import DOMAIN_1D, TOL, bounds_summary, premises
from gantheory.claims.base import Claim, Evidence, assess_bounds
from gantheory.equilibria.search import search_min_gap_wgan
from gantheory.games.gaussian import GaussianData, LinearGeneratorSet
from gantheory.games.wgan import WGANGame


def check(p: dict[str, Any]) -> Evidence:
    """Certified lower bound (branch and bound) against a verified upper bound: the closed-form-free
    search's generator, its gap then enclosed with the exact best responses (certify.wgan)."""
    sigma, t, tol = p["sigma"], p["t"], p["tol"]
    cert = certify_min_gap(sigma, t, abs_tol=0.0)
    srch = search_min_gap_wgan(WGANGame(GaussianData(sigma), LinearGeneratorSet(1, 1, t)))
    at_search = gap_upper(sigma, t, *srch.generator)
    upper = min(at_search, cert.upper)
    verdict, consistency, notes = assess_bounds(cert.lower, upper, tol, search_gap=srch.upper,
                                                search_verified=at_search)
    return Evidence(verdict, {
        "min_nash_gap_lower": cert.lower, "min_nash_gap_upper": upper,
        "min_nash_gap_closed_form": cert.upper, "search_gap": srch.upper,
        "verified_gap_at_search_generator": at_search,
        "argmin_generator": {"w": cert.argmin_s, "u": cert.argmin_u},
        "search_argmin_generator": {"w": srch.generator[0], "u": srch.generator[1]},
        "certificate_boxes": cert.boxes, "certificate_converged": cert.converged, "tolerance": tol, **consistency,
    }, tuple(notes))


CLAIMS = [
    Claim("theorem-1-wgan", "Theorem 1 (WGAN)",
          "WGAN (8), 1-D X and Z, 1-Lipschitz D, sigma > 1: no Nash equilibrium",
          {"sigma": 1.25, "t": 0.5, "tol": TOL}, check, premises, domain=DOMAIN_1D, summary=bounds_summary),
]
