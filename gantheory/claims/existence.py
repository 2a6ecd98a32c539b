"""Proposition 1 (realizable generator: a constant discriminator makes a Nash equilibrium) and Remark 1
(sigma < 1, sigma_min(W) >= 1: the Wasserstein-minimising generator makes a Nash equilibrium).

Each check reports the Nash gap of the claimed equilibrium (from the games' best responses) and,
independently, the largest gains of sampled unilateral deviations evaluated by quadrature; both must
be at most the tolerance.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from gantheory.claims.base import (
    ETA_RANGE,
    FAILS,
    HOLDS,
    INCONCLUSIVE,
    SEED,
    T_RANGE,
    TOL_RANGE,
    Claim,
    Evidence,
    integer,
    real,
    require,
    require_positive,
)
from gantheory.equilibria.nash import default_responder, deviation_gains, nash_gap
from gantheory.games.divergences import F_TABLE
from gantheory.games.gaussian import GaussianData, LinearGenerator, LinearGeneratorSet

TOL = 1e-6
#: realizable data (Proposition 1): 0 < sigma <= 1; Remark 1: 0 < sigma < 1
PROP1_DOMAIN = {"sigma": real(1e-3, 1), "t": T_RANGE, "tol": TOL_RANGE, "seed": SEED}
REMARK1_DOMAIN = {**PROP1_DOMAIN, "sigma": real(1e-3, 1, hi_open=True)}
W2_EXTRA = {"eta": ETA_RANGE, "dim": integer(1, 64)}


def _verdict(gap: float, gains: list[float], tol: float, allowance: float = 0.0) -> str:
    """'holds' when the gap and every sampled deviation gain are at most ``tol``; 'fails' only when one exceeds
    ``tol + allowance`` (``allowance``: the error of the computed gap, rounding and the found minimiser's
    distance from the true one); 'inconclusive' in between."""
    worst = max([gap, *gains])
    if worst <= tol:
        return HOLDS
    return FAILS if worst > tol + allowance else INCONCLUSIVE


def random_lipschitz(rng: np.random.Generator, n: int, span: float = 8.0) -> list:
    """n random 1-Lipschitz functions on R: piecewise linear with slopes in [-1, 1] between random knots,
    plus kappa|x - c|, slope * x and tanh / sin shapes."""
    out = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            knots = np.sort(rng.uniform(-span, span, 6))
            slopes = rng.uniform(-1, 1, 7)
            out.append(lambda x, k=knots, s=slopes: _pl(x, k, s))
        elif kind == 1:
            kap, c = rng.uniform(-1, 1), rng.uniform(-2, 2)
            out.append(lambda x, kap=kap, c=c: kap * np.abs(np.asarray(x).reshape(-1) - c))
        elif kind == 2:
            a = rng.uniform(-1, 1)
            out.append(lambda x, a=a: a * np.tanh(np.asarray(x).reshape(-1)) + 0.0)
        else:
            a, b = rng.uniform(-1, 1), rng.uniform(-3, 3)
            out.append(lambda x, a=a, b=b: a * np.sin(np.asarray(x).reshape(-1) + b))
    return out


def _pl(x, knots, slopes):
    x = np.asarray(x, dtype=float).reshape(-1)
    y = slopes[0] * np.minimum(x - knots[0], 0.0)
    for j in range(len(knots)):
        right = knots[j + 1] if j + 1 < len(knots) else np.inf
        y = y + slopes[j + 1] * np.clip(x, knots[j], right) - slopes[j + 1] * knots[j]
    return y


def random_quadratics(rng: np.random.Generator, n: int, eta: float, d: int, scale: float = 1.0):
    """n random c-concave quadratic discriminators (A <= eta I)."""
    from gantheory.games.w2gan import QuadraticDiscriminator

    out = []
    for _ in range(n):
        L = rng.standard_normal((d, d)) * scale
        out.append(QuadraticDiscriminator(eta * np.eye(d) - L @ L.T, rng.standard_normal(d) * scale))
    return out


def _common_premises(p):
    require_positive(p, "t", "tol", "eta")


def _prop1_premises(p):
    require(0 < p["sigma"] <= 1, f"Proposition 1 needs a realizable data law: 0 < sigma <= 1, got {p['sigma']:g}")
    _common_premises(p)


def _remark1_premises(p):
    require(0 < p["sigma"] < 1, f"Remark 1 needs 0 < sigma < 1, got sigma = {p['sigma']:g}")
    _common_premises(p)


# ------------------------------------------------------------------------------------------------ Prop 1
def check_prop1_fgan(p) -> Evidence:
    from gantheory.equilibria.numerical import fgan_numeric_discriminator
    from gantheory.games.fgan import FGANGame

    sigma, t, tol = p["sigma"], p["t"], p["tol"]
    rng = np.random.default_rng(p["seed"])
    data, gens = GaussianData(sigma, 1), LinearGeneratorSet(1, 1, t)
    Gstar = LinearGenerator.scalar(sigma, 0.0)
    gaps, d_gain, g_gain = {}, {}, {}
    for key, div in F_TABLE.items():
        game = FGANGame(div, data, gens)
        c = float(div.f_prime(np.array(1.0)))

        def Dc(x, c=c):
            return np.full(np.asarray(x).reshape(-1).shape, c)

        gaps[key] = nash_gap(game, Gstar, Dc)
        room = (div.dom_sup - c) if math.isfinite(div.dom_sup) else 1.0
        devs = [lambda x, a=a, b=b, c=c: c + a * np.tanh(b * np.asarray(x).reshape(-1))
                for a, b in zip(rng.uniform(-0.9, 0.9, 12) * min(room, 1.0), rng.uniform(-3, 3, 12), strict=True)]
        grid = np.linspace(-12, 12, 3001)
        Dn = fgan_numeric_discriminator(div, sigma, sigma, 0.0, grid)
        devs.append(lambda x, Dn=Dn, grid=grid: np.interp(np.asarray(x).reshape(-1), grid, Dn))
        gen_devs = [gens.sample(rng) for _ in range(20)]
        d_gain[key], g_gain[key] = deviation_gains(game, Gstar, Dc, gen_devs, devs)
    gains = list(d_gain.values()) + list(g_gain.values())
    return Evidence(_verdict(max(gaps.values()), gains, tol), {
        "nash_gap": gaps, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "equilibrium": {"w": sigma, "u": 0.0, "D": "f'(1)"}, "tolerance": tol,
    })


def check_prop1_wgan(p) -> Evidence:
    from gantheory.games.wgan import WGANGame

    sigma, t, tol = p["sigma"], p["t"], p["tol"]
    rng = np.random.default_rng(p["seed"])
    game = WGANGame(GaussianData(sigma, 1), LinearGeneratorSet(1, 1, t))
    from gantheory.games.discriminators import AbsDiscriminator

    Gstar, Dc = LinearGenerator.scalar(sigma, 0.0), AbsDiscriminator(0.0, 0.0, 0.0)
    gap = nash_gap(game, Gstar, Dc)
    d_gain, g_gain = deviation_gains(game, Gstar, Dc, [game.generators.sample(rng) for _ in range(20)],
                                     random_lipschitz(rng, 16))
    return Evidence(_verdict(gap, [d_gain, g_gain], tol), {
        "nash_gap": gap, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "equilibrium": {"w": sigma, "u": 0.0, "D": "0"}, "tolerance": tol,
    })


def check_prop1_w2gan(p) -> Evidence:
    from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame

    sigma, t, tol, eta, d = p["sigma"], p["t"], p["tol"], p["eta"], p["dim"]
    rng = np.random.default_rng(p["seed"])
    game = W2GANGame(GaussianData(sigma, d), LinearGeneratorSet(d, d, t), eta)
    Gstar, Dc = LinearGenerator(sigma * np.eye(d), np.zeros(d)), QuadraticDiscriminator(np.zeros((d, d)), np.zeros(d))
    gap = nash_gap(game, Gstar, Dc)
    d_gain, g_gain = deviation_gains(game, Gstar, Dc, [game.generators.sample(rng) for _ in range(50)],
                                     random_quadratics(rng, 50, eta, d))
    return Evidence(_verdict(gap, [d_gain, g_gain], tol), {
        "nash_gap": gap, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "equilibrium": {"W": Gstar.W, "u": Gstar.u, "D": "0"}, "tolerance": tol,
    })


# ------------------------------------------------------------------------------------------------ Remark 1
def w1_minimiser(game, t: float) -> float:
    """The shift u of the W1-minimising feasible generator N(u, 1) (w = +-1) of Remark 1's WGAN game.

    A bounded scalar search over u, compared with u = 0: W1(N(u, 1), N(0, sigma^2)) = int_0^1 |u + (1 - sigma)
    Phi^{-1}(p)| dp is even and convex in u, so u = 0 is a minimiser too. Near sigma = 1 the search's u (off by
    ~1e-14) moves D_G's centre u / (1 - sigma^2), and with it the gap, by far more than its own error.
    """
    br = default_responder(game)
    res = optimize.minimize_scalar(lambda u: br.discriminator_best_response(LinearGenerator.scalar(1.0, u)).value,
                                   bounds=(-t, t), method="bounded", options={"xatol": 1e-10})
    w1 = [br.discriminator_best_response(LinearGenerator.scalar(1.0, u)).value for u in (0.0, float(res.x))]
    return 0.0 if w1[0] <= w1[1] else float(res.x)


def check_remark1_wgan(p) -> Evidence:
    from gantheory.equilibria.nash import nash_gap_at_best_response
    from gantheory.games.wgan import WGANGame

    sigma, t, tol = p["sigma"], p["t"], p["tol"]
    rng = np.random.default_rng(p["seed"])
    game = WGANGame(GaussianData(sigma, 1), LinearGeneratorSet(1, 1, t, remark1=True))
    Gstar = LinearGenerator.scalar(1.0, w1_minimiser(game, t))
    Dstar = default_responder(game).discriminator_best_response(Gstar).strategies[0]
    gap = nash_gap_at_best_response(game, Gstar)

    def Dq(x, D=Dstar):  # the same function, but evaluated by quadrature (independent of folded normals)
        return D(np.asarray(x).reshape(-1))

    # w = -1 gives the same law N(u, 1) as w = 1, so the deviations range over u only
    gen_devs = [LinearGenerator.scalar(1.0, u) for u in np.linspace(-t, t, 21)]
    d_gain, g_gain = deviation_gains(game, Gstar, Dq, gen_devs, random_lipschitz(rng, 24))
    return Evidence(_verdict(gap, [d_gain, g_gain], tol), {
        "nash_gap": gap, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "equilibrium": {"w": 1.0, "u": Gstar.u[0], "D": f"{Dstar.kappa:g}|x - {Dstar.c:.3g}|"},
        "w1_distance": default_responder(game).discriminator_best_response(Gstar).value, "tolerance": tol,
    })


def check_remark1_w2gan(p) -> Evidence:
    from gantheory.equilibria.nash import nash_gap_at_best_response
    from gantheory.games.w2gan import W2GANGame

    sigma, t, tol, eta, d = p["sigma"], p["t"], p["tol"], p["eta"], p["dim"]
    rng = np.random.default_rng(p["seed"])
    gens = LinearGeneratorSet(d, d, t, remark1=True)
    game = W2GANGame(GaussianData(sigma, d), gens, eta)

    def w2(u):  # the W2 cost over eta: its minimiser does not depend on eta, nor does L-BFGS's stopping rule
        return default_responder(game).discriminator_best_response(gens.project(np.eye(d), u)).value / eta

    res = optimize.minimize(w2, rng.uniform(-t, t, d) / math.sqrt(d), method="L-BFGS-B",
                            bounds=[(-t / math.sqrt(d), t / math.sqrt(d))] * d, options={"ftol": 1e-15, "gtol": 1e-12})
    # W2^2 / eta = ||u||^2 + (a term free of u) between Gaussians (eq. (9)): even and convex in u, so u = 0 is a
    # minimiser too (the search's u is only resolved to ~sqrt(eps) of the cost's scale)
    u_best = res.x if w2(res.x) < w2(np.zeros(d)) else np.zeros(d)
    Gstar = gens.project(np.eye(d), u_best)
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
    verdict = _verdict(gap, [d_gain, g_gain], tol, allowance)
    return Evidence(verdict, {
        "nash_gap": gap, "max_discriminator_deviation_gain": d_gain, "max_generator_deviation_gain": g_gain,
        "gap_error_allowance": allowance,
        "equilibrium": {"W": Gstar.W, "u": Gstar.u, "A": Dstar.A, "b": Dstar.b},
        "w2_cost": default_responder(game).discriminator_best_response(Gstar).value, "tolerance": tol,
    })


CLAIMS = [
    Claim("proposition-1-fgan", "Proposition 1 (f-GAN)",
          "realizable f-GAN: G* with P_G* = P_X and D = f'(1) form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "tol": TOL, "seed": 0}, check_prop1_fgan, _prop1_premises,
          domain=PROP1_DOMAIN),
    Claim("proposition-1-wgan", "Proposition 1 (WGAN)",
          "realizable WGAN: G* with P_G* = P_X and D = 0 form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "tol": TOL, "seed": 0}, check_prop1_wgan, _prop1_premises,
          domain=PROP1_DOMAIN),
    Claim("proposition-1-w2gan", "Proposition 1 (W2GAN)",
          "realizable W2GAN: G* with P_G* = P_X and D = 0 form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "eta": 0.5, "dim": 2, "tol": TOL, "seed": 0}, check_prop1_w2gan,
          _prop1_premises, domain={**PROP1_DOMAIN, **W2_EXTRA}),
    Claim("remark-1-wgan", "Remark 1 (WGAN)",
          "sigma < 1, sigma_min(W) >= 1: the W1-minimising generator and its D form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "tol": TOL, "seed": 0}, check_remark1_wgan, _remark1_premises,
          domain=REMARK1_DOMAIN),
    Claim("remark-1-w2gan", "Remark 1 (W2GAN)",
          "sigma < 1, sigma_min(W) >= 1: the W2-minimising generator and its D form a Nash equilibrium",
          {"sigma": 0.8, "t": 0.5, "eta": 0.5, "dim": 2, "tol": TOL, "seed": 0}, check_remark1_w2gan,
          _remark1_premises, domain={**REMARK1_DOMAIN, **W2_EXTRA}),
]
