"""Proposition 4 on the 1-D Gaussian W2GAN game over quadratic D: Danskin's formula (14) against finite
differences of V_prox, and the curvature of the inner problem of eq. (11) in the discriminator's parameters.

For theta = (s, u) and D = (a, b), (14) says grad_theta V_prox_lam(G_theta, D) = grad_theta V(G_theta, D_w*)
with D_w* the maximiser of eq. (11). The inner objective's Hessian in w = (a, b) is the concavity modulus of
Proposition 4's premise (Sobolev norm (15): ||D_w - D||^2 = 4 sigma^2 (a' - a)^2 + (b' - b)^2).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gantheory.exact.w2gan_1d import W2GAN1D, prox_value_1d

__all__ = ["danskin_errors", "inner_hessian"]


def inner_hessian(game: W2GAN1D, lam: float, s: float, u: float, a: float, b: float) -> tuple[np.ndarray, float]:
    """Finite-difference Hessian in w = (a', b') of V(G, D_w) - lam ||D_w - D||^2 at w = (a, b), with a bound on
    the rounding part of its error.

    Each entry combines four values of size <= F, each rounded to ~4 eps F, over 4 h_i h_j; the bound is the
    Frobenius norm of those entry bounds (spectral norm, Weyl). The step in a is a small fraction of the room
    eta - a (V is -inf at a >= eta).

    Parameters
    ----------
    game : W2GAN1D
        The game.
    lam : float
        lambda of eq. (11).
    s, u : float
        The generator G = N(u, s^2).
    a, b : float
        The point w (and the penalty's centre D).

    Returns
    -------
    tuple
        (2 x 2 Hessian, rounding bound in spectral norm).

    References
    ----------
    Farnia & Ozdaglar (2020), Proposition 4, eq. (11), (15).
    """
    def f(w):
        return float(game.value(s, u, w[0], w[1])) - lam * game.penalty(w[0], w[1], a, b)

    x = np.array([a, b])
    h = np.array([min(1e-4, 1e-2 * (game.eta - a)), 1e-4 * max(1.0, abs(b))])
    H, E = np.zeros((2, 2)), np.zeros((2, 2))
    eps = np.finfo(float).eps
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h[i], np.eye(2)[j] * h[j]
            vals = [f(x + ei + ej), f(x + ei - ej), f(x - ei + ej), f(x - ei - ej)]
            H[i, j] = (vals[0] - vals[1] - vals[2] + vals[3]) / (4 * h[i] * h[j])
            E[i, j] = 4 * 4 * eps * max(abs(v) for v in vals) / (4 * h[i] * h[j])
    return H, float(np.linalg.norm(E))


def danskin_errors(game: W2GAN1D, lam: float, seed: int, samples: int = 5, h: float = 1e-6) -> dict[str, Any]:
    """Danskin's formula (14) at sampled (G, D): central differences of V_prox_lam(., D) in (s, u) against those of
    V(., D_w*) at the maximiser D_w*, and the inner Hessian at D_w*.

    G = (s, u) with s ~ U(0.3, 0.9), u ~ U(-t, t); D = (a, b) with a ~ eta U(-0.5, 0.5), b ~ U(-1, 1). A central
    difference of values of size |V| carries a rounding error up to ~4 eps |V| / (2 h): the allowed relative
    error is 1e-5 (the method's) plus that.

    Parameters
    ----------
    game : W2GAN1D
        The game.
    lam : float
        lambda of eq. (11).
    seed : int
        Seed of the samples.
    samples : int
        Number of sampled (G, D).
    h : float
        Finite-difference step in s and u.

    Returns
    -------
    dict
        Lists (one entry per sample) ``errors`` (relative), ``allowed``, ``hessian_max`` (largest eigenvalue of
        :func:`inner_hessian` at D_w*) and ``hessian_error`` (its rounding bound).

    References
    ----------
    Farnia & Ozdaglar (2020), Proposition 4, eq. (11), (14).
    """
    sigma, t, eta = game.sigma, game.t, game.eta
    rng = np.random.default_rng(seed)
    errs, allowed, hess_max, hess_err = [], [], [], []
    eps = np.finfo(float).eps
    for _ in range(samples):
        s, u = rng.uniform(0.3, 0.9), rng.uniform(-t, t)
        a, b = rng.uniform(-0.5, 0.5) * eta, rng.uniform(-1, 1)
        _, a_star, b_star = prox_value_1d(eta, lam, sigma**2, s, u, a, b)
        a_star, b_star = float(a_star), float(b_star)
        fd = [(float(prox_value_1d(eta, lam, sigma**2, s + h * e0, u + h * e1, a, b)[0])
               - float(prox_value_1d(eta, lam, sigma**2, s - h * e0, u - h * e1, a, b)[0])) / (2 * h)
              for e0, e1 in ((1, 0), (0, 1))]
        dn = [(float(game.value(s + h * e0, u + h * e1, a_star, b_star))
               - float(game.value(s - h * e0, u - h * e1, a_star, b_star))) / (2 * h) for e0, e1 in ((1, 0), (0, 1))]
        errs.append(max(abs(x - y) for x, y in zip(fd, dn, strict=True)) / (1 + max(abs(x) for x in fd)))
        v_scale = max(abs(float(game.value(s, u, a_star, b_star))),
                      abs(float(prox_value_1d(eta, lam, sigma**2, s, u, a, b)[0])))
        allowed.append(1e-5 + 8 * eps * v_scale / (2 * h) / (1 + max(abs(x) for x in fd)))
        H, H_err = inner_hessian(game, lam, s, u, a_star, b_star)
        hess_max.append(float(np.linalg.eigvalsh(H).max()))
        hess_err.append(H_err)
    return {"errors": errs, "allowed": allowed, "hessian_max": hess_max, "hessian_error": hess_err}
