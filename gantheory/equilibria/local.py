"""Local Nash tests for parameterised players (Theorem 1, quadratic-discriminator W2GAN).

A pair (theta, w) is a local Nash equilibrium when neither player can improve within a radius rho
of its feasible set. At a first-order stationary point this is decided by second-order conditions,
and on the boundary of the feasible set by the directions the set allows; we compute the best
improvement within the ball directly: the candidates are +-rho along the eigenvectors of a
finite-difference Hessian (second-order directions), the projected gradient, and random directions,
each projected onto (feasible set) ∩ (ball of radius rho) by Dykstra's algorithm, then polished by
projected gradient steps inside that intersection.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Projection = Callable[[np.ndarray], np.ndarray]


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central-difference gradient of f at x with step h.

    Parameters
    ----------
    f : callable
        Scalar function of a parameter vector.
    x : numpy.ndarray
        Point, shape ``(n,)``.
    h : float
        Finite-difference step.

    Returns
    -------
    numpy.ndarray
        ``g[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)``, shape ``(n,)``.
    """
    g = np.zeros_like(x)
    for i in range(len(x)):
        e = np.zeros_like(x)
        e[i] = h
        g[i] = (f(x + e) - f(x - e)) / (2 * h)
    return g


def numerical_hessian(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-4) -> np.ndarray:
    """Central-difference Hessian of f at x with step h (symmetric).

    Parameters
    ----------
    f : callable
        Scalar function of a parameter vector.
    x : numpy.ndarray
        Point, shape ``(n,)``.
    h : float
        Finite-difference step.

    Returns
    -------
    numpy.ndarray
        Symmetric ``(n, n)`` matrix of second central differences (four-point stencil off the diagonal).
    """
    n = len(x)
    H = np.zeros((n, n))
    f0 = f(x)
    for i in range(n):
        ei = np.zeros(n)
        ei[i] = h
        H[i, i] = (f(x + ei) - 2 * f0 + f(x - ei)) / h**2
        for j in range(i):
            ej = np.zeros(n)
            ej[j] = h
            H[i, j] = H[j, i] = (f(x + ei + ej) - f(x + ei - ej) - f(x - ei + ej) + f(x - ei - ej)) / (4 * h * h)
    return H


def projected_stationarity(f: Callable[[np.ndarray], float], x: np.ndarray, project: Projection,
                           step: float = 1.0) -> float:
    """||x - P(x - step * grad f(x))|| / step: zero exactly at first-order stationary points of
    min f over the convex feasible set (KKT).

    Parameters
    ----------
    f : callable
        Objective of one player (to minimise).
    x : numpy.ndarray
        The point.
    project : callable
        Euclidean projection onto the player's feasible set.
    step : float
        Step of the projected-gradient map.

    Returns
    -------
    float
        The norm of the projected-gradient map.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (2) restricted to a neighbourhood (the local Nash equilibria of Theorem 1).
    """
    g = numerical_gradient(f, x)
    return float(np.linalg.norm(x - project(x - step * g)) / step)


def _dykstra(y: np.ndarray, center: np.ndarray, rho: float, project: Projection, iters: int = 200) -> np.ndarray:
    """Projection of y onto (feasible set) ∩ B(center, rho) by Dykstra's alternating projections."""

    def ball(z):
        d = z - center
        n = np.linalg.norm(d)
        return z if n <= rho else center + d * (rho / n)

    x, p, q = y.copy(), np.zeros_like(y), np.zeros_like(y)
    for _ in range(iters):
        z = project(x + p)
        p = x + p - z
        x_new = ball(z + q)
        q = z + q - x_new
        if np.linalg.norm(x_new - x) < 1e-13:
            x = x_new
            break
        x = x_new
    return x


def best_local_improvement(
    f: Callable[[np.ndarray], float], x0: np.ndarray, project: Projection, rho: float,
    rng: np.random.Generator, n_random: int = 32, polish_steps: int = 50,
) -> tuple[float, np.ndarray]:
    """max over y in feasible ∩ B(x0, rho) of f(x0) - f(y) (a lower bound found by search).

    Parameters
    ----------
    f : callable
        Objective of one player (to minimise).
    x0 : numpy.ndarray
        The point.
    project : callable
        Projection onto the feasible set.
    rho : float
        Radius of the neighbourhood.
    rng : numpy.random.Generator
        Random directions.
    n_random, polish_steps : int
        Random directions tried and projected-gradient polishing steps.

    Returns
    -------
    (float, numpy.ndarray)
        The improvement f(x0) - f(y) found and y.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (2) restricted to a neighbourhood (the local Nash equilibria of Theorem 1).
    """
    x0 = np.asarray(x0, dtype=float)
    f0 = f(x0)
    n = len(x0)
    dirs = []
    H = numerical_hessian(f, x0)
    _, V = np.linalg.eigh(0.5 * (H + H.T))
    dirs += [V[:, i] for i in range(n)]
    g = numerical_gradient(f, x0)
    if np.linalg.norm(g) > 0:
        dirs.append(-g / np.linalg.norm(g))
    R = rng.standard_normal((n_random, n))
    dirs += list(R / np.linalg.norm(R, axis=1, keepdims=True))
    cands = []
    for d in dirs:
        for sgn in (1.0, -1.0):
            y = _dykstra(x0 + sgn * rho * d, x0, rho, project)
            cands.append((f(y), y))
    cands.sort(key=lambda p: p[0])
    best_f, best_y = cands[0]
    for fy, y in cands[:3]:
        lr = 0.1 * rho
        for _ in range(polish_steps):
            gy = numerical_gradient(f, y)
            ny = np.linalg.norm(gy)
            if ny == 0:
                break
            z = _dykstra(y - lr * gy / ny, x0, rho, project)
            fz = f(z)
            if fz < fy:
                y, fy = z, fz
                lr *= 1.3
            else:
                lr *= 0.5
                if lr < 1e-9 * rho:
                    break
        if fy < best_f:
            best_f, best_y = fy, y
    return float(f0 - best_f), best_y
