"""Random unilateral deviations for testing a claimed Nash equilibrium independently of best responses.

A pair (G*, D*) is a Nash equilibrium of V (eq. (2) of the paper) when no player gains by deviating
alone. Besides the Nash gap computed from best responses, the claims evaluate the gains of sampled
deviations by quadrature (:func:`gantheory.equilibria.nash.deviation_gains`); this module draws the
discriminator deviations: 1-Lipschitz functions on R (the WGAN family, eq. (8)) and c-concave quadratics
(the W2GAN family, eq. (9)).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np

from gantheory.games.w2gan import QuadraticDiscriminator

#: a function on R, applied elementwise to a flattened array
ScalarFunction = Callable[[np.ndarray], np.ndarray]


def piecewise_linear(x: np.ndarray, knots: np.ndarray, slopes: np.ndarray) -> np.ndarray:
    """The continuous piecewise-linear function with ``slopes[0]`` left of ``knots[0]`` and ``slopes[j + 1]``
    right of ``knots[j]``; it is 1-Lipschitz when every slope lies in [-1, 1].

    Parameters
    ----------
    x : array_like
        Points (flattened).
    knots : numpy.ndarray
        Increasing breakpoints, shape (n,).
    slopes : numpy.ndarray
        Slopes, shape (n + 1,).

    Returns
    -------
    numpy.ndarray
        The values at ``x``, shape (x.size,).
    """
    x = np.asarray(x, dtype=float).reshape(-1)
    y = slopes[0] * np.minimum(x - knots[0], 0.0)
    for j in range(len(knots)):
        right = knots[j + 1] if j + 1 < len(knots) else np.inf
        y = y + slopes[j + 1] * np.clip(x, knots[j], right) - slopes[j + 1] * knots[j]
    return y


def _kink(x: np.ndarray, kappa: float, c: float) -> np.ndarray:
    return kappa * np.abs(np.asarray(x).reshape(-1) - c)


def _tanh(x: np.ndarray, a: float) -> np.ndarray:
    return a * np.tanh(np.asarray(x).reshape(-1)) + 0.0


def _sine(x: np.ndarray, a: float, b: float) -> np.ndarray:
    return a * np.sin(np.asarray(x).reshape(-1) + b)


def random_lipschitz(rng: np.random.Generator, n: int, span: float = 8.0) -> list[ScalarFunction]:
    """``n`` random 1-Lipschitz functions on R, cycling through four shapes.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the random shapes.
    n : int
        Number of functions.
    span : float
        The knots of the piecewise-linear shape lie in [-span, span].

    Returns
    -------
    list of callable
        In turn: piecewise linear with 6 knots and slopes in [-1, 1]; kappa |x - c| with |kappa| <= 1;
        a tanh(x) with |a| <= 1; a sin(x + b) with |a| <= 1.
    """
    out: list[ScalarFunction] = []
    for i in range(n):
        kind = i % 4
        if kind == 0:
            knots = np.sort(rng.uniform(-span, span, 6))
            slopes = rng.uniform(-1, 1, 7)
            out.append(partial(piecewise_linear, knots=knots, slopes=slopes))
        elif kind == 1:
            kap, c = rng.uniform(-1, 1), rng.uniform(-2, 2)
            out.append(partial(_kink, kappa=kap, c=c))
        elif kind == 2:
            out.append(partial(_tanh, a=rng.uniform(-1, 1)))
        else:
            a, b = rng.uniform(-1, 1), rng.uniform(-3, 3)
            out.append(partial(_sine, a=a, b=b))
    return out


def random_quadratics(rng: np.random.Generator, n: int, eta: float, d: int,
                      scale: float = 1.0) -> list[QuadraticDiscriminator]:
    """``n`` random c-concave quadratic discriminators D(x) = x^T A x + b^T x of the W2GAN game.

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of L and b.
    n : int
        Number of discriminators.
    eta : float
        The cost eta ||x - x'||^2 of eq. (9); A = eta I - L L^T <= eta I makes D c-concave.
    d : int
        Dimension of x.
    scale : float
        Standard deviation of the entries of L and b.

    Returns
    -------
    list of QuadraticDiscriminator
    """
    out = []
    for _ in range(n):
        L = rng.standard_normal((d, d)) * scale
        out.append(QuadraticDiscriminator(eta * np.eye(d) - L @ L.T, rng.standard_normal(d) * scale))
    return out


def _constant(x: np.ndarray, c: float) -> np.ndarray:
    return np.full(np.asarray(x).reshape(-1).shape, c)


def constant_discriminator(c: float) -> ScalarFunction:
    """The constant discriminator D(x) = c on R (Proposition 1's D = f'(1) for the f-GAN, eq. (7)).

    Parameters
    ----------
    c : float
        The constant value.

    Returns
    -------
    ScalarFunction
        x -> c (vectorised).

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (7) and Proposition 1.
    """
    return partial(_constant, c=c)


def _tanh_bump(x: np.ndarray, a: float, b: float, c: float) -> np.ndarray:
    return c + a * np.tanh(b * np.asarray(x).reshape(-1))


def random_tanh_bumps(rng: np.random.Generator, c: float, amplitude: float, n: int = 12) -> list[ScalarFunction]:
    """``n`` random discriminators c + a tanh(b x) around the constant c.

    Parameters
    ----------
    rng : numpy.random.Generator
        Draws all ``n`` amplitudes a, uniform in [-0.9, 0.9] x ``amplitude``, then all ``n`` slopes b,
        uniform in [-3, 3].
    c : float
        The centre (for the f-GAN: f'(1)).
    amplitude : float
        Scale of a (for the f-GAN: at most the room left in the domain of f*, so that D stays in it).
    n : int
        Number of discriminators.

    Returns
    -------
    list of callable
    """
    a = rng.uniform(-0.9, 0.9, n) * amplitude
    b = rng.uniform(-3, 3, n)
    return [partial(_tanh_bump, a=ai, b=bi, c=c) for ai, bi in zip(a, b, strict=True)]


def _interpolated(x: np.ndarray, grid: np.ndarray, values: np.ndarray) -> np.ndarray:
    return np.interp(np.asarray(x).reshape(-1), grid, values)


def interpolated_discriminator(grid: np.ndarray, values: np.ndarray) -> ScalarFunction:
    """The discriminator given by its ``values`` on ``grid``, linearly interpolated (constant outside).

    Parameters
    ----------
    grid : numpy.ndarray
        Increasing nodes on R.
    values : numpy.ndarray
        D at the nodes, same length as ``grid``.

    Returns
    -------
    ScalarFunction
        x -> ``numpy.interp(x, grid, values)``.
    """
    return partial(_interpolated, grid=grid, values=values)
