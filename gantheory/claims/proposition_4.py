"""Proposition 4: grad_theta V_prox(G_theta, D) = grad_theta V(G_theta, D_w*) (Danskin, eq. (14)) against finite
differences in the 1-D Gaussian W2GAN game over quadratic D, and the strong-concavity condition eta2 < lam eta1
evaluated (proofs/proposition_4.py)."""

from __future__ import annotations

from typing import Any

from gantheory.claims._section4 import DOMAIN, TOL, fmt, premises
from gantheory.claims.base import FAILS, HOLDS, INCONCLUSIVE, Claim, Evidence
from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.danskin import danskin_errors

#: central-difference step of :func:`gantheory.proximal.danskin.danskin_errors`
STEP = 1e-6


def check(p: dict[str, Any]) -> Evidence:
    """Five sampled (G, D): Danskin's gradient within the allowed relative error, and the inner Hessian's largest
    eigenvalue negative beyond its rounding allowance (Weyl)."""
    sigma, t, eta, lam = p["sigma"], p["t"], p["eta"], p["lam"]
    game = W2GAN1D(sigma, t, eta)
    r = danskin_errors(game, lam, p["seed"], h=STEP)
    errs, allowed, hess_max, hess_err = r["errors"], r["allowed"], r["hessian_max"], r["hessian_error"]
    eta1 = 2 * min(4 * sigma**2, 1.0)  # ||D_w - D||^2 = 4 sigma^2 (a - a0)^2 + (b - b0)^2
    within = all(e < a for e, a in zip(errs, allowed, strict=True))
    # negative beyond the rounding allowance holds, positive beyond it fails, inside it is unresolved
    concave = all(m + e < 0 for m, e in zip(hess_max, hess_err, strict=True))
    convex_somewhere = any(m - e > 0 for m, e in zip(hess_max, hess_err, strict=True))
    verdict = HOLDS if within and concave else (FAILS if not within or convex_somewhere else INCONCLUSIVE)
    notes = ["V(G, D_w) is concave in w = (a, b) for the quadratic W2GAN family, so the inner objective is "
             "(lam eta1)-strongly concave for every lam > 0: eta2 < lam eta1 is sufficient, not needed here; "
             "eta2 itself is unbounded (curvature ~ (eta - a)^-3 as a -> eta)"]
    return Evidence(verdict, {"lambda": lam, "max_relative_gradient_error": max(errs),
                              "allowed_relative_gradient_error": max(allowed), "eta1": eta1,
                              "lam_eta1": lam * eta1, "max_inner_hessian_eigenvalue": max(hess_max),
                              "inner_hessian_rounding_allowance": max(hess_err),
                              "finite_difference_step": STEP, "family": game.family}, tuple(notes))


def summary(m: dict[str, Any]) -> str:
    return (f"Danskin gradient vs finite differences: rel. error {fmt(m['max_relative_gradient_error'])}; "
            f"inner Hessian max eigenvalue {fmt(m['max_inner_hessian_eigenvalue'])} (lam eta1 = "
            f"{fmt(m['lam_eta1'])})")


CLAIMS = [
    Claim("proposition-4", "Proposition 4",
          "grad_theta V_prox(G_theta, D_w) = grad_theta V(G_theta, D_w*) when eta2 < lam eta1",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "lam": 0.5, "tol": TOL, "seed": 0}, check, premises,
          domain=DOMAIN, summary=summary),
]
