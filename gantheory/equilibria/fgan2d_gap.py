"""Nash gap of the Gaussian f-GAN game in d = k = 2 by quadrature (independent of the certificate).

At (G, D_G), D_G = f'(p/q_G), the gap is sup_G' J(G'; G) - J(G; G) with J(G'; G) = E_{Q_G'}[psi(R_G)]
(:mod:`gantheory.exact.fgan`). Here J is computed by Gauss-Hermite tensor quadrature
(:func:`gantheory.games.quadrature.gaussian_expectation`) of psi(log p - log q_G) for any 2-D Gaussian
G' = (W', u'), and the supremum by multi-start bounded L-BFGS over W' = R(theta) diag(a1, a2)
(only W' W'^T matters; a_i in [0, 1] is sigma_max(W') <= 1) and u' = rho (cos phi, sin phi), rho in [0, t].
"""

from __future__ import annotations

import math

import numpy as np

from gantheory.games.divergences import FDivergence
from gantheory.games.quadrature import gaussian_expectation


def log_ratio(sigma: float, W: np.ndarray, u: np.ndarray):
    """x -> log p(x) - log q_G(x) for P = N(0, sigma^2 I_2), Q_G = N(u, W W^T) (W invertible).

    Parameters
    ----------
    sigma : float
        Data scale.
    W, u : numpy.ndarray
        Generator G(z) = W z + u (W invertible 2 x 2).

    Returns
    -------
    callable
        (n, 2) -> (n,) log density ratio.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7).
    """
    C = W @ W.T
    Ci = np.linalg.inv(C)
    _, logdet = np.linalg.slogdet(C)

    def R(x):
        x = np.atleast_2d(x)
        d = x - u[None, :]
        return (-0.5 * np.sum(x * x, axis=1) / sigma**2 - 2 * math.log(sigma)
                + 0.5 * np.einsum("ni,ij,nj->n", d, Ci, d) + 0.5 * logdet)

    return R


def payoff(div: FDivergence, sigma: float, W: np.ndarray, u: np.ndarray, Wd: np.ndarray, ud: np.ndarray) -> float:
    """J(G'; G) = E_{Q_G'}[psi(R_G)] for G = (W, u), G' = (Wd, ud).

    Parameters
    ----------
    div : FDivergence
        Row of the f-table.
    sigma : float
        Data scale.
    W, u : numpy.ndarray
        The generator G defining D_G.
    Wd, ud : numpy.ndarray
        The deviation G'.

    Returns
    -------
    float
        J(G'; G) by Gauss-Hermite tensor quadrature.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (7).
    """
    R = log_ratio(sigma, W, u)
    return gaussian_expectation(lambda x: div.psi(R(x)), np.asarray(ud, float), np.asarray(Wd, float))


def _deviation(x: np.ndarray, t: float) -> tuple[np.ndarray, np.ndarray]:
    th, a1, a2, rho, ph = x
    Rm = np.array([[math.cos(th), -math.sin(th)], [math.sin(th), math.cos(th)]])
    return Rm @ np.diag([a1, a2]), rho * np.array([math.cos(ph), math.sin(ph)])


def nash_gap(div: FDivergence, sigma: float, t: float, W: np.ndarray, u: np.ndarray, *, seed: int = 0,
             starts: int = 6) -> tuple[float, dict]:
    """Nash gap at (G, D_G) with the supremum over G' found by multi-start L-BFGS-B; returns (gap, best G').

    Parameters
    ----------
    div : FDivergence
        Row of the f-table.
    sigma, t : float
        Data scale and mean budget ||u'|| <= t.
    W, u : numpy.ndarray
        Generator G(z) = W z + u, W of shape (2, 2).
    seed, starts : int
        Random starts of the multi-start search.

    Returns
    -------
    (float, dict)
        The gap (a lower bound: the supremum is searched) and the best deviation found.

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (7), Theorem 1 (f-GAN part, d = k = 2).
    """
    from scipy import optimize

    W, u = np.asarray(W, float), np.asarray(u, float)
    own = payoff(div, sigma, W, u, W, u)
    rng = np.random.default_rng(seed)
    bounds = [(-math.pi, math.pi), (0.0, 1.0), (0.0, 1.0), (0.0, t), (-math.pi, math.pi)]
    x0s = [np.array([0.0, 1.0, 1.0, t, 0.0]), np.array([0.0, 1.0, 1.0, t, math.pi / 2]),
           np.array([0.0, 0.0, 0.0, t, 0.0])]
    x0s += [np.array([rng.uniform(lo, hi) for lo, hi in bounds]) for _ in range(starts)]
    best, bx = -math.inf, x0s[0]
    for x0 in x0s:
        def f(x):
            Wd, ud = _deviation(x, t)
            v = payoff(div, sigma, W, u, Wd, ud)
            return -v if math.isfinite(v) else -1e300

        res = optimize.minimize(f, x0, method="L-BFGS-B", bounds=bounds)
        val = -float(res.fun)
        if val > best:
            best, bx = val, res.x
    Wd, ud = _deviation(bx, t)
    return best - own, {"W": Wd, "u": ud, "payoff": best, "own": own}
