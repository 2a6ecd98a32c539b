"""The Wasserstein-minimising feasible generator of Remark 1 (sigma < 1, sigma_min(W) >= 1).

Remark 1 of the paper: when the data are narrower than every feasible generator, the generator that
minimises the Wasserstein distance to the data, with its optimal discriminator, is a Nash equilibrium.
These functions find that generator by a numerical search over the shift u, and compare the search's
answer with u = 0, which is a minimiser too because the distance is even and convex in u.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from gantheory.equilibria.nash import default_responder
from gantheory.games.gaussian import LinearGenerator
from gantheory.games.w2gan import W2GANGame
from gantheory.games.wgan import WGANGame


def w1_minimising_shift(game: WGANGame, t: float) -> float:
    """The shift u of the W1-minimising feasible generator N(u, 1) (w = +-1) of Remark 1's WGAN game.

    A bounded scalar search over u, compared with u = 0: W1(N(u, 1), N(0, sigma^2)) = int_0^1 |u + (1 - sigma)
    Phi^{-1}(p)| dp is even and convex in u, so u = 0 is a minimiser too. Near sigma = 1 the search's u (off by
    ~1e-14) moves D_G's centre u / (1 - sigma^2), and with it the gap, by far more than its own error.

    Parameters
    ----------
    game : WGANGame
        The 1-D WGAN game (eq. (8)) with Remark 1's generators (|w| = 1).
    t : float
        The bound on |u|.

    Returns
    -------
    float
        The minimising shift (0.0 unless the search found a strictly smaller distance).
    """
    def w1(u: float) -> float:
        return default_responder(game).discriminator_best_response(LinearGenerator.scalar(1.0, u)).value

    res = optimize.minimize_scalar(w1, bounds=(-t, t), method="bounded", options={"xatol": 1e-10})
    values = [w1(u) for u in (0.0, float(res.x))]
    return 0.0 if values[0] <= values[1] else float(res.x)


def w2_minimising_shift(game: W2GANGame, rng: np.random.Generator) -> np.ndarray:
    """The shift u of the W2-minimising feasible generator W = I, G(z) = z + u, of Remark 1's W2GAN game.

    L-BFGS-B over u in the box [-t / sqrt(d), t / sqrt(d)]^d from a random start, on W2^2 / eta (its
    minimiser and L-BFGS's stopping rule then do not depend on eta), compared with u = 0:
    W2^2 / eta = ||u||^2 + (a term free of u) between Gaussians (eq. (9)) is even and convex in u, so u = 0
    is a minimiser too (the search's u is only resolved to ~sqrt(eps) of the cost's scale).

    Parameters
    ----------
    game : W2GANGame
        The W2GAN game (eq. (9)) with Remark 1's generators (d = k, sigma_min(W) >= 1).
    rng : numpy.random.Generator
        Draws the start (d uniform numbers).

    Returns
    -------
    numpy.ndarray
        The minimising shift, shape (d,).
    """
    gens = game.generators
    d, t, eta = gens.dim, gens.t, game.eta

    def w2(u: np.ndarray) -> float:
        return default_responder(game).discriminator_best_response(gens.project(np.eye(d), u)).value / eta

    box = t / math.sqrt(d)
    res = optimize.minimize(w2, rng.uniform(-t, t, d) / math.sqrt(d), method="L-BFGS-B", bounds=[(-box, box)] * d,
                            options={"ftol": 1e-15, "gtol": 1e-12})
    return res.x if w2(res.x) < w2(np.zeros(d)) else np.zeros(d)
