"""Remark 1: with sigma < 1 and sigma_min(W) >= 1, the Wasserstein-minimising generator and its optimal
discriminator form a Nash equilibrium of the WGAN (8) and W2GAN (9) games.

Each check reports the Nash gap of the claimed equilibrium (from the games' best responses) and,
independently, the largest gains of sampled unilateral deviations evaluated by quadrature; both must
be at most the tolerance.
"""

from __future__ import annotations

import math
from functools import partial
from typing import Any

import numpy as np

from gantheory.claims.base import Claim, Evidence, deviation_verdict, real, require, require_positive
from gantheory.claims.proposition_1 import DOMAIN as PROPOSITION_1_DOMAIN
from gantheory.claims.proposition_1 import TOL, W2_EXTRA
from gantheory.claims.proposition_1 import summary as deviation_summary
from gantheory.equilibria.nash import default_responder, deviation_gains, nash_gap_at_best_response
from gantheory.equilibria.random_deviations import random_lipschitz, random_quadratics
from gantheory.equilibria.wasserstein_minimisers import w1_minimising_shift, w2_minimising_shift
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import W2GANGame
from gantheory.games.wgan import WGANGame

#: Remark 1: 0 < sigma < 1
DOMAIN = {**PROPOSITION_1_DOMAIN, "sigma": real(1e-3, 1, hi_open=True)}


def premises(p: dict[str, Any]) -> None:
    """Remark 1 needs 0 < sigma < 1 (t, tol, eta > 0)."""
    require(0 < p["sigma"] < 1, f"Remark 1 needs 0 < sigma < 1, got sigma = {p['sigma']:g}")
    require_positive(p, "t", "tol", "eta")


def _evaluate_by_quadrature(x: np.ndarray, D: Any) -> np.ndarray:
    return D(np.asarray(x).reshape(-1))


def check_wgan(p: dict[str, Any]) -> Evidence:
    """The W1-minimising N(u, 1) and its D = kappa |x - c| against 1-Lipschitz deviations."""
    sigma, t, tol = p["sigma"], p["t"], p["tol"]
    rng = np.random.default_rng(p["seed"])
    game = WGANGame(GaussianData(sigma, 1), LinearGeneratorSet(1, 1, t, remark1=True))
    Gstar = LinearGenerator.scalar(1.0, w1_minimising_shift(game, t))
    Dstar = default_responder(game).discriminator_best_response(Gstar).strategies[0]
    gap = nash_gap_at_best_response(game, Gstar)
    # the same function, but evaluated by quadrature (independent of folded normals)
    Dq = partial(_evaluate_by_quadrature, D=Dstar)
    # w = -1 gives the same law N(u, 1) as w = 1, so the deviations range over u only
    gen_devs = [LinearGenerator.scalar(1.0, u) for u in np.linspace(-t, t, 21)]
    d_gain, g_gain = deviation_gains(game, Gstar, Dq, gen_devs, random_lipschitz(rng, 24))
    return Evidence(deviation_verdict(gap, [d_gain, g_gain], tol), {
        "nash_gap": gap, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "equilibrium": {"w": 1.0, "u": Gstar.u[0], "D": f"{Dstar.kappa:g}|x - {Dstar.c:.3g}|"},
        "w1_distance": default_responder(game).discriminator_best_response(Gstar).value, "tolerance": tol,
    })


def check_w2gan(p: dict[str, Any]) -> Evidence:
    """The W2-minimising G(z) = z + u and its quadratic D against c-concave quadratic deviations."""
    sigma, t, tol, eta, d = p["sigma"], p["t"], p["tol"], p["eta"], p["dim"]
    rng = np.random.default_rng(p["seed"])
    gens = LinearGeneratorSet(d, d, t, remark1=True)
    game = W2GANGame(GaussianData(sigma, d), gens, eta)
    Gstar = gens.project(np.eye(d), w2_minimising_shift(game, rng))
    gap = nash_gap_at_best_response(game, Gstar)
    Dstar = default_responder(game).discriminator_best_response(Gstar).strategies[0]
    d_gain, g_gain = deviation_gains(game, Gstar, Dstar, [gens.sample(rng) for _ in range(100)],
                                     random_quadratics(rng, 100, eta, d))
    # error of the gap: rounding of V, whose terms reach eta S, S = d (sigma^2 + 1) + t^2; and the found minimiser's
    # distance from the true one: W2^2 / eta = ||u||^2 + (a term free of u), eq. (9) between Gaussians, so a cost
    # resolved to eps_V = 64 eps S leaves ||u - u*|| <= sqrt(eps_V), and the gap moves by at most 4 eta t per unit u
    scale = d * (sigma**2 + 1.0) + t**2
    eps_v = 64 * np.finfo(float).eps * scale
    allowance = eta * eps_v + 4.0 * eta * t * math.sqrt(eps_v)
    verdict = deviation_verdict(gap, [d_gain, g_gain], tol, allowance)
    return Evidence(verdict, {
        "nash_gap": gap, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "gap_error_allowance": allowance,
        "equilibrium": {"W": Gstar.W, "u": Gstar.u, "A": Dstar.A, "b": Dstar.b},
        "w2_cost": default_responder(game).discriminator_best_response(Gstar).value, "tolerance": tol,
    })


CLAIMS = [
    Claim("remark-1-wgan", "Remark 1 (WGAN)",
          "sigma < 1, sigma_min(W) >= 1: the W1-minimising generator and its D form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "tol": TOL, "seed": 0}, check_wgan, premises, domain=DOMAIN,
          summary=deviation_summary),
    Claim("remark-1-w2gan", "Remark 1 (W2GAN)",
          "sigma < 1, sigma_min(W) >= 1: the W2-minimising generator and its D form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "eta": 0.5, "dim": 2, "tol": TOL, "seed": 0}, check_w2gan,
          premises, domain={**DOMAIN, **W2_EXTRA}, summary=deviation_summary),
]
