"""Numerical best responses of the W2GAN game (eq. (9)) computed from V alone: the quadratic discriminator
by L-BFGS over (A, b) with the c-concavity constraint, and the generator's reply by multi-start L-BFGS over
(W, u) projected onto the feasible set; used by the closed-form-free search."""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize

from gantheory.games.base import BestResponse, Responder
from gantheory.games.gaussian import LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame

#: the f-GAN grid reaches 2 tau 10 sigma with tau = 2 (the tail scale of the games' quadrature, with margin)


# ----------------------------------------------------------------------------------------------
# W2GAN (any d), quadratic discriminators
# ----------------------------------------------------------------------------------------------
def w2gan_numeric_discriminator(value, eta: float, d: int) -> QuadraticDiscriminator:
    """argmax over quadratic c-concave D of ``value(D)`` by L-BFGS, with A = eta I - L L^T and L lower
    triangular with a positive (log-parameterised) diagonal, so M = eta I - A is positive definite.

    Parameters
    ----------
    value : callable
        D -> V(G, D) for the generator G at hand.
    eta : float
        Cost scale.
    d : int
        Dimension.

    Returns
    -------
    QuadraticDiscriminator
        The best quadratic found.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9).
    """
    m = d * (d + 1) // 2
    rows, cols = np.tril_indices(d)
    diag = rows == cols

    def matrices(p):
        L = np.zeros((d, d))
        with np.errstate(over="ignore", invalid="ignore"):
            L[rows, cols] = np.where(diag, np.exp(p[:m]), p[:m])
            A = eta * np.eye(d) - L @ L.T
        return A, p[m:]

    best = {"value": -math.inf, "p": None}

    def neg(p):
        A, b = matrices(p)
        if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):
            return 1e300  # the line search stepped past the floating-point range (e.g. large eta)
        v = value(QuadraticDiscriminator(A, b))
        if not math.isfinite(v):
            return 1e300
        if v > best["value"]:
            best.update(value=v, p=np.array(p, copy=True))
        return -v

    p0 = np.concatenate([np.where(diag, 0.5 * math.log(eta), 0.0), np.zeros(d)])
    res = optimize.minimize(neg, p0, method="L-BFGS-B", options={"maxiter": 1000, "ftol": 1e-15, "gtol": 1e-11})
    A, b = matrices(res.x)
    if not (np.all(np.isfinite(A)) and np.all(np.isfinite(b))):  # keep the best finite point evaluated
        A, b = matrices(best["p"] if best["p"] is not None else p0)
    return QuadraticDiscriminator(A, b)


def w2gan_generator_reply(value, gens: LinearGeneratorSet, rng: np.random.Generator, starts: int = 2,
                          steps: int = 40) -> tuple[float, LinearGenerator]:
    """min over feasible G' of ``value(G')`` by projected gradient descent (numerical gradients).

    Parameters
    ----------
    value : callable
        G' -> V(G', D) for the discriminator D at hand.
    gens : LinearGeneratorSet
        Feasible generators.
    rng : numpy.random.Generator
        Random starts.
    starts, steps : int
        Starts (the first at W = I, u = 0) and descent steps per start.

    Returns
    -------
    (float, LinearGenerator)
        The smallest V found and its generator.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9).
    """
    d, k = gens.dim, gens.latent_dim
    best = (math.inf, None)
    for i in range(starts):
        G = gens.sample(rng) if i else gens.project(np.eye(d, k), np.zeros(d))
        x = G.to_vector()
        f = value(G)
        if f == -math.inf:  # an infinite improvement: nothing can beat it
            return -math.inf, G
        lr = 0.2
        for _ in range(steps):
            grad = np.zeros_like(x)
            for j in range(len(x)):
                e = np.zeros_like(x)
                e[j] = 1e-6
                Gp = LinearGenerator.from_vector(x + e, d, k)
                grad[j] = (value(Gp) - f) / 1e-6
            y = x - lr * grad
            Gy = gens.project_vector(y)
            fy = value(Gy)
            if fy == -math.inf:
                return -math.inf, Gy
            if fy < f - 1e-15:
                x, f = Gy.to_vector(), fy
                lr *= 1.5
            else:
                lr *= 0.3
                if lr < 1e-10:
                    break
        if f < best[0]:
            best = (f, LinearGenerator.from_vector(x, d, k))
    return best


class W2GANNumerical(Responder):
    """Numerical best responses of a :class:`~gantheory.games.w2gan.W2GANGame` (eq. (9)): the L-BFGS
    quadratic discriminator and the projected-gradient generator reply (random starts from ``seed``)."""

    def __init__(self, game: W2GANGame, seed: int = 0) -> None:
        self.game = game
        self.reseed(seed)

    def reseed(self, seed: int) -> None:
        """Restart the random generator of the generator reply's starts."""
        self.rng = np.random.default_rng(seed)

    def discriminator_best_response(self, G: LinearGenerator) -> BestResponse:
        game = self.game
        D = w2gan_numeric_discriminator(lambda D_: game.value(G, D_), game.eta, game.data.dim)
        return BestResponse(game.value(G, D), [D], complete=False)

    def generator_best_response(self, D: QuadraticDiscriminator) -> BestResponse:
        game = self.game
        low, G = w2gan_generator_reply(lambda G_: game.value(G_, D), game.generators, self.rng)
        return BestResponse(low, [G] if G is not None else [], complete=False)
