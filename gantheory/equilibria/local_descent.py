"""Local Nash equilibria of the W2GAN game with quadratic discriminators, searched numerically.

A local Nash equilibrium (G*, D*) of V (eq. (2) of the paper, with W2GAN's V of eq. (9)) is a pair where
no player gains by a unilateral move within a radius rho. This module finds the first-order stationary
pairs by projected gradient descent on phi(G) = max_D V(G, D) (the Danskin gradient
grad_G V(G, D_G), with a numerical best response D_G), then measures at each the largest gain of a
unilateral move within rho for either player. Theorem 1 (W2GAN, quadratic D) states that this gain is
positive at every pair: there is no local Nash equilibrium; its closed form is
:func:`gantheory.exact.w2gan.min_local_improvement`.

The search sees the game only through ``game.value`` and ``game.generators`` (feasible set and
projection): no closed-form best response is used.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial

import numpy as np

from gantheory.equilibria.local import best_local_improvement, numerical_gradient, projected_stationarity
from gantheory.equilibria.numerical import w2gan_numeric_discriminator
from gantheory.games.gaussian import LinearGenerator, LinearGeneratorSet
from gantheory.games.w2gan import QuadraticDiscriminator, W2GANGame

#: stop the descent when a step moves the generator by less than this: the numerical D_G is accurate to ~1e-9
STEP_TOL = 1e-8
#: most halvings of the step in one Armijo backtracking of :func:`descend_to_stationary`
MAX_HALVINGS = 30
#: rounding allowed in the sufficient-decrease test, relative to 1 + |phi| (64 ulps)
PHI_ROUNDING = 64 * np.finfo(float).eps
#: a value that stands for V = -inf (a discriminator outside the c-concave family) in a minimisation
NEG_INF_PENALTY = 1e300


@dataclass(frozen=True)
class StationaryPair:
    """A first-order stationary pair (G, D_G) found by the descent, with its unilateral gains within rho.

    Attributes
    ----------
    generator : LinearGenerator
        G(z) = W z + u at the end of the descent.
    discriminator : QuadraticDiscriminator
        The numerical best response D_G(x) = x^T A x + b^T x to ``generator``.
    stationarity : float
        ||x - P(x - grad)||, the projected-gradient residual of V(., D_G) at G (0 at a KKT point).
    generator_gain : float
        max over feasible G' with ||G' - G|| <= rho of V(G, D_G) - V(G', D_G) (found by search).
    discriminator_gain : float
        max over (A', b') within rho of (A, b) of V(G, D') - V(G, D_G) (found by search).
    """

    generator: LinearGenerator
    discriminator: QuadraticDiscriminator
    stationarity: float
    generator_gain: float
    discriminator_gain: float

    @property
    def violation(self) -> float:
        """The larger of the two gains: > 0 means (G, D_G) is not a local Nash equilibrium."""
        return max(self.generator_gain, self.discriminator_gain)


def generator_vector(G: LinearGenerator) -> np.ndarray:
    """The generator's parameters as one vector ``[vec(W), u]`` (:meth:`LinearGenerator.to_vector`).

    The generator is G(z) = W z + u (W of shape ``(dim, latent_dim)``, u of shape ``(dim,)``).

    Parameters
    ----------
    G : LinearGenerator
        The linear generator.

    Returns
    -------
    numpy.ndarray
        ``[vec(W), u]``, length ``dim * latent_dim + dim``.
    """
    return G.to_vector()


def generator_from_vector(x: np.ndarray, dim: int, latent_dim: int) -> LinearGenerator:
    """The inverse of :func:`generator_vector` for W of shape ``(dim, latent_dim)``.

    Parameters
    ----------
    x : numpy.ndarray
        ``[vec(W), u]``, length ``dim * latent_dim + dim``.
    dim : int
        Data dimension d (rows of W, length of u).
    latent_dim : int
        Latent dimension (columns of W).

    Returns
    -------
    LinearGenerator
        G(z) = W z + u.
    """
    return LinearGenerator.from_vector(x, dim, latent_dim)


def project_generator_vector(x: np.ndarray, generators: LinearGeneratorSet) -> np.ndarray:
    """Euclidean projection of a parameter vector onto the feasible set (sigma_max(W) <= 1, ||u|| <= t).

    Parameters
    ----------
    x : numpy.ndarray
        ``[vec(W), u]`` of a generator G(z) = W z + u.
    generators : LinearGeneratorSet
        The feasible set of linear generators (its projection is used).

    Returns
    -------
    numpy.ndarray
        The projected parameters ``[vec(W), u]``.
    """
    return generators.project_vector(x).to_vector()


def discriminator_vector(D: QuadraticDiscriminator) -> np.ndarray:
    """The discriminator's parameters as one vector: the lower triangle of A (row-major), then b.

    The discriminator is D(x) = x^T A x + b^T x with A symmetric.

    Parameters
    ----------
    D : QuadraticDiscriminator
        The quadratic discriminator.

    Returns
    -------
    numpy.ndarray
        ``[A[tril], b]``, length ``d (d + 1) / 2 + d``.
    """
    d = len(D.b)
    return np.concatenate([D.A[np.tril_indices(d)], D.b])


def discriminator_from_vector(w: np.ndarray, dim: int) -> QuadraticDiscriminator:
    """The inverse of :func:`discriminator_vector`: A symmetric from its lower triangle.

    Parameters
    ----------
    w : numpy.ndarray
        ``[A[tril], b]``, length ``dim (dim + 1) / 2 + dim``.
    dim : int
        Data dimension d.

    Returns
    -------
    QuadraticDiscriminator
        D(x) = x^T A x + b^T x.
    """
    m = dim * (dim + 1) // 2
    A = np.zeros((dim, dim))
    A[np.tril_indices(dim)] = w[:m]
    A = A + np.tril(A, -1).T
    return QuadraticDiscriminator(A, w[m:])


def _value_of_generator(x: np.ndarray, game: W2GANGame, D: QuadraticDiscriminator) -> float:
    """V(G(x), D) for a generator parameter vector x."""
    gens = game.generators
    return game.value(generator_from_vector(x, gens.dim, gens.latent_dim), D)


def _value_of_discriminator(D: QuadraticDiscriminator, game: W2GANGame, x: np.ndarray) -> float:
    """V(G(x), D) as a function of the discriminator."""
    gens = game.generators
    return game.value(generator_from_vector(x, gens.dim, gens.latent_dim), D)


def _negative_value_of_discriminator(w: np.ndarray, game: W2GANGame, G: LinearGenerator) -> float:
    """-V(G, D(w)), with -inf values (D outside the family) replaced by a large finite penalty."""
    val = game.value(G, discriminator_from_vector(w, game.generators.dim))
    return -val if math.isfinite(val) else NEG_INF_PENALTY


def _identity(w: np.ndarray) -> np.ndarray:
    return w


def best_response_numeric(game: W2GANGame, x: np.ndarray) -> QuadraticDiscriminator:
    """The quadratic discriminator maximising V(G(x), .), found by L-BFGS (no closed form used).

    Parameters
    ----------
    game : W2GANGame
        The W2GAN game (V of eq. (9), c-concavity weight ``game.eta``).
    x : numpy.ndarray
        Generator parameters ``[vec(W), u]`` of G(z) = W z + u.

    Returns
    -------
    QuadraticDiscriminator
        The numerical best response D_G(x) = x^T A x + b^T x.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (9).
    """
    return w2gan_numeric_discriminator(partial(_value_of_discriminator, game=game, x=x), game.eta,
                                       game.generators.dim)


def descend_to_stationary(game: W2GANGame, x: np.ndarray, lr: float | None = None, max_steps: int = 25) -> np.ndarray:
    """Projected gradient descent on phi(G) = max_D V(G, D) from the parameter vector ``x``.

    The step is 1/L with L = 2 eta: phi(G) = eta W_2^2(P_G, P) for the cost of eq. (9), and coupling
    G'(Z) with the optimal partner of G(Z) gives phi(G') <= phi(G) + <grad phi(G), G' - G> + eta ||G' - G||^2
    (E||(G' - G)(Z)||^2 = ||W' - W||_F^2 + ||u' - u||^2 for Z ~ N(0, I)), so a projected step of 1/(2 eta)
    decreases phi by at least eta ||step||^2. (A fixed step 1 overshoots for eta >= 1: u -> (1 - 2 eta) u.)
    The sufficient decrease is checked with the numerical best responses (Armijo rule for projected
    gradients); a step that fails it is halved.

    Parameters
    ----------
    game : W2GANGame
        The W2GAN game (eq. (9)) over quadratic discriminators.
    x : numpy.ndarray
        Feasible start ``[vec(W), u]``.
    lr : float, optional
        Initial step size; default 1/(2 eta), the inverse of the smoothness constant above.
    max_steps : int
        Most accepted steps; the descent stops earlier when a step moves x by less than :data:`STEP_TOL`.

    Returns
    -------
    numpy.ndarray
        The last iterate, an approximate first-order stationary point of phi over the feasible set.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9) (W2GAN) and Theorem 1 (local Nash equilibria, quadratic D).
    """
    gens = game.generators
    lr = 1.0 / (2.0 * game.eta) if lr is None else lr
    D = best_response_numeric(game, x)
    phi = _value_of_generator(x, game, D)
    for _ in range(max_steps):
        g = numerical_gradient(partial(_value_of_generator, game=game, D=D), x)  # Danskin: grad_G V(G, D_G)
        for _ in range(MAX_HALVINGS + 1):
            x_new = project_generator_vector(x - lr * g, gens)
            step2 = float(np.sum((x_new - x) ** 2))
            if math.sqrt(step2) < STEP_TOL:
                return x_new
            D_new = best_response_numeric(game, x_new)
            phi_new = _value_of_generator(x_new, game, D_new)
            # sufficient decrease phi_new <= phi - ||step||^2 / (2 lr), up to the rounding of phi
            if phi_new <= phi - step2 / (2.0 * lr) + PHI_ROUNDING * (1.0 + abs(phi)):
                break
            lr *= 0.5
        else:
            return x
        x, D, phi = x_new, D_new, phi_new
    return x


def local_nash_violations(game: W2GANGame, rho: float, rng: np.random.Generator, starts: int = 2,
                          max_steps: int = 25, n_random: int = 12) -> list[StationaryPair]:
    """The gains of unilateral moves within ``rho`` at the stationary pairs reached from random starts.

    Parameters
    ----------
    game : W2GANGame
        The W2GAN game with quadratic discriminators D(x) = x^T A x + b^T x, A <= eta I (eq. (9)).
    rho : float
        Radius of the neighbourhood of a local Nash equilibrium, in the Euclidean norm of the parameters
        ``[vec(W), u]`` and ``[tril(A), b]``.
    rng : numpy.random.Generator
        Draws the starts (two feasible generators per start: W of the first, u of the second) and the
        random directions of the local searches.
    starts : int
        Number of descents.
    max_steps : int
        Most steps of each descent (:func:`descend_to_stationary`).
    n_random : int
        Random feasible points per local search (:func:`gantheory.equilibria.local.best_local_improvement`).

    Returns
    -------
    list of StationaryPair
        One per start. A local Nash equilibrium would have ``violation`` 0; the searched gains are lower
        bounds on the true gains.

    References
    ----------
    Farnia and Ozdaglar, "Do GANs always have Nash equilibria?", ICML 2020: Theorem 1 (W2GAN, quadratic D).
    """
    gens = game.generators
    d = gens.dim
    candidates = []
    for _ in range(starts):
        # W and u from two independent draws (the starting points the search always used)
        x = project_generator_vector(np.concatenate([gens.sample(rng).W.ravel(), gens.sample(rng).u]), gens)
        x = descend_to_stationary(game, x, max_steps=max_steps)
        D = best_response_numeric(game, x)
        project = partial(project_generator_vector, generators=gens)
        stat = projected_stationarity(partial(_value_of_generator, game=game, D=D), x, project)
        candidates.append((x, D, stat))
    out = []
    for x, D, stat in candidates:
        G = generator_from_vector(x, d, gens.latent_dim)
        project = partial(project_generator_vector, generators=gens)
        g_gain, _ = best_local_improvement(partial(_value_of_generator, game=game, D=D), x, project, rho, rng,
                                           n_random=n_random)
        d_gain, _ = best_local_improvement(partial(_negative_value_of_discriminator, game=game, G=G),
                                           discriminator_vector(D), _identity, rho, rng, n_random=n_random)
        out.append(StationaryPair(G, D, stat, g_gain, d_gain))
    return out
