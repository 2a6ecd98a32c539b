"""Proposition 1: with a realizable generator (P_G* = P_X), G* and a constant discriminator form a Nash
equilibrium of the f-GAN (7), WGAN (8) and W2GAN (9) games.

Each check reports the Nash gap of the claimed equilibrium (from the games' best responses) and,
independently, the largest gains of sampled unilateral deviations evaluated by quadrature; both must
be at most the tolerance.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gantheory.claims.base import (
    ETA_RANGE,
    SEED,
    T_RANGE,
    TOL_RANGE,
    Claim,
    Evidence,
    deviation_verdict,
    fmt,
    integer,
    real,
    require,
    require_positive,
)
from gantheory.equilibria.nash import deviation_gains, nash_gap
from gantheory.equilibria.numerical import fgan_numeric_discriminator
from gantheory.equilibria.random_deviations import (
    constant_discriminator,
    interpolated_discriminator,
    random_lipschitz,
    random_quadratics,
    random_tanh_bumps,
)
from gantheory.games.discriminators import AbsDiscriminator
from gantheory.games.divergences import F_TABLE
from gantheory.games.fgan import FGANGame
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame
from gantheory.games.wgan import WGANGame

TOL = 1e-6
#: realizable data (Proposition 1): 0 < sigma <= 1
DOMAIN = {"sigma": real(1e-3, 1), "t": T_RANGE, "tol": TOL_RANGE, "seed": SEED}
W2_EXTRA = {"eta": ETA_RANGE, "dim": integer(1, 64)}
#: the grid of the numerical best response D_G* offered as one more f-GAN deviation
FGAN_GRID = np.linspace(-12, 12, 3001)


def premises(p: dict[str, Any]) -> None:
    """Proposition 1 needs realizable data: 0 < sigma <= 1 (t, tol, eta > 0)."""
    require(0 < p["sigma"] <= 1, f"Proposition 1 needs a realizable data law: 0 < sigma <= 1, got {p['sigma']:g}")
    require_positive(p, "t", "tol", "eta")


def summary(m: dict[str, Any]) -> str:
    """The Nash gap and the best sampled deviation gains (the largest over f for the f-GAN)."""
    g = m["nash_gap"]
    gmax = max(g.values(), key=lambda v: float(v)) if isinstance(g, dict) else g
    dd, gg = m["max_discriminator_deviation_gain"], m["max_generator_deviation_gain"]
    if isinstance(dd, dict):
        dd, gg = max(dd.values()), max(gg.values())
    return f"nash gap {fmt(gmax)}; best sampled deviation gains D {fmt(dd)}, G {fmt(gg)}"


def check_fgan(p: dict[str, Any]) -> Evidence:
    """Every f of the f-table: G* = N(0, sigma^2) and D = f'(1)."""
    sigma, t, tol = p["sigma"], p["t"], p["tol"]
    rng = np.random.default_rng(p["seed"])
    data, gens = GaussianData(sigma, 1), LinearGeneratorSet(1, 1, t)
    Gstar = LinearGenerator.scalar(sigma, 0.0)
    gaps, d_gain, g_gain = {}, {}, {}
    for key, div in F_TABLE.items():
        game = FGANGame(div, data, gens)
        c = float(div.f_prime(np.array(1.0)))
        Dc = constant_discriminator(c)
        gaps[key] = nash_gap(game, Gstar, Dc)
        room = (div.dom_sup - c) if math.isfinite(div.dom_sup) else 1.0
        devs = random_tanh_bumps(rng, c, min(room, 1.0))
        Dn = fgan_numeric_discriminator(div, sigma, sigma, 0.0, FGAN_GRID)
        devs.append(interpolated_discriminator(FGAN_GRID, Dn))
        gen_devs = [gens.sample(rng) for _ in range(20)]
        d_gain[key], g_gain[key] = deviation_gains(game, Gstar, Dc, gen_devs, devs)
    gains = list(d_gain.values()) + list(g_gain.values())
    return Evidence(deviation_verdict(max(gaps.values()), gains, tol), {
        "nash_gap": gaps, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "equilibrium": {"w": sigma, "u": 0.0, "D": "f'(1)"}, "tolerance": tol,
    })


def check_wgan(p: dict[str, Any]) -> Evidence:
    """G* = N(0, sigma^2) and D = 0 against random 1-Lipschitz deviations."""
    sigma, t, tol = p["sigma"], p["t"], p["tol"]
    rng = np.random.default_rng(p["seed"])
    game = WGANGame(GaussianData(sigma, 1), LinearGeneratorSet(1, 1, t))
    Gstar, Dc = LinearGenerator.scalar(sigma, 0.0), AbsDiscriminator(0.0, 0.0, 0.0)
    gap = nash_gap(game, Gstar, Dc)
    d_gain, g_gain = deviation_gains(game, Gstar, Dc, [game.generators.sample(rng) for _ in range(20)],
                                     random_lipschitz(rng, 16))
    return Evidence(deviation_verdict(gap, [d_gain, g_gain], tol), {
        "nash_gap": gap, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "equilibrium": {"w": sigma, "u": 0.0, "D": "0"}, "tolerance": tol,
    })


def check_w2gan(p: dict[str, Any]) -> Evidence:
    """G*(z) = sigma z and D = 0 in d dimensions against random c-concave quadratic deviations."""
    sigma, t, tol, eta, d = p["sigma"], p["t"], p["tol"], p["eta"], p["dim"]
    rng = np.random.default_rng(p["seed"])
    game = W2GANGame(GaussianData(sigma, d), LinearGeneratorSet(d, d, t), eta)
    Gstar, Dc = LinearGenerator(sigma * np.eye(d), np.zeros(d)), QuadraticDiscriminator(np.zeros((d, d)), np.zeros(d))
    gap = nash_gap(game, Gstar, Dc)
    d_gain, g_gain = deviation_gains(game, Gstar, Dc, [game.generators.sample(rng) for _ in range(50)],
                                     random_quadratics(rng, 50, eta, d))
    return Evidence(deviation_verdict(gap, [d_gain, g_gain], tol), {
        "nash_gap": gap, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "equilibrium": {"W": Gstar.W, "u": Gstar.u, "D": "0"}, "tolerance": tol,
    })


CLAIMS = [
    Claim("proposition-1-fgan", "Proposition 1 (f-GAN)",
          "realizable f-GAN: G* with P_G* = P_X and D = f'(1) form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "tol": TOL, "seed": 0}, check_fgan, premises, domain=DOMAIN, summary=summary),
    Claim("proposition-1-wgan", "Proposition 1 (WGAN)",
          "realizable WGAN: G* with P_G* = P_X and D = 0 form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "tol": TOL, "seed": 0}, check_wgan, premises, domain=DOMAIN, summary=summary),
    Claim("proposition-1-w2gan", "Proposition 1 (W2GAN)",
          "realizable W2GAN: G* with P_G* = P_X and D = 0 form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "eta": 0.5, "dim": 2, "tol": TOL, "seed": 0}, check_w2gan,
          premises, domain={**DOMAIN, **W2_EXTRA}, summary=summary),
]
