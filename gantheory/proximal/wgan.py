"""The proximal objective of the 1-D Gaussian WGAN game over *all* 1-Lipschitz discriminators, eq. (11)
with the Sobolev seminorm of eq. (15):

    V_prox_lam(G, D) = max over 1-Lipschitz D' of E_P[D'] - E_Q[D'] - lam E_P[(D''(X) - D'(X))^2]

(primes on the right are x-derivatives: g = (D')', h = D'). Integrating by parts,
E_P[D'] - E_Q[D'] = int g(x) (F_Q(x) - F_P(x)) dx, so the problem separates pointwise in g(x):

    maximise  g Delta(x) - lam p(x) (g - h(x))^2  over |g| <= 1,   Delta = F_Q - F_P,

solved by g*(x) = clip(h(x) + Delta(x) / (2 lam p(x)), -1, 1); V_prox is the integral of the
pointwise optimum, computed by composite Simpson quadrature on a fine grid covering both laws. A
family of affine discriminators would only see the means; this is the whole 1-Lipschitz class.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy import integrate, optimize, special

from gantheory.exact.wgan import w1
from gantheory.proximal.equilibrium import is_proximal_equilibrium, lambda_threshold

__all__ = ["FAMILY", "abs_derivative", "gaussian_game_dips", "gaussian_game_threshold", "inf_alpha_squared",
           "linear_instance", "prox_value", "prox_value_vec", "value"]

FAMILY = "all 1-Lipschitz discriminators on R"


def _grid(sigma: float, s: float, u: float, n: int = 20001) -> np.ndarray:
    L = 14.0 * max(sigma, s, 1e-3) + abs(u) + 1.0
    return np.linspace(-L, L, n)


_GL_X, _GL_W = np.polynomial.legendre.leggauss(32)


def _pointwise(x, sigma, s, u, h, lam):
    p = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    FQ = special.ndtr((x - u) / s) if s > 0 else (x >= u).astype(float)
    delta = FQ - special.ndtr(x / sigma)
    hx = np.asarray(h(x), dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        phi = hx + delta / (2 * lam * p)
    phi = np.where(p > 0, phi, np.where(delta > 0, np.inf, np.where(delta < 0, -np.inf, hx)))
    g = np.clip(phi, -1.0, 1.0)
    return delta * g - lam * p * (g - hx) ** 2, phi


def prox_value(sigma: float, s: float, u: float, h: Callable[[np.ndarray], np.ndarray], lam: float,
               breaks: tuple[float, ...] = (), n_scan: int = 8001) -> float:
    """V_prox_lam(G, D) for Q_G = N(u, s^2), P = N(0, sigma^2), D with derivative h (|h| <= 1).

    The pointwise optimum is smooth except where the clipping of g* switches (phi = +-1 with
    phi = h + Delta/(2 lam p)), where h jumps (``breaks``) and at x = u when s = 0: those points are
    located (a scan of ``n_scan`` points, then Brent's method) and each smooth piece is integrated by
    32-point Gauss-Legendre on chunks of length <= 0.25 (error far below 1e-10 in our tests).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2).
    s, u : float
        The generator, Q_G = N(u, s^2) (s = |w| >= 0).
    h : callable
        The derivative D' of the discriminator (|h| <= 1: D is 1-Lipschitz).
    lam : float
        lambda of eq. (11), > 0.
    breaks : tuple of float
        Points where h jumps.
    n_scan : int
        Scan points that locate the switches of the clipping.

    Returns
    -------
    float
        V_prox_lam(G, D) over all 1-Lipschitz D'.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (8), (11), (15), Theorem 3.
    """
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam}")
    L = 14.0 * max(sigma, s, 1e-3) + abs(u) + 1.0
    xs = np.linspace(-L, L, n_scan)
    hx = np.asarray(h(xs), dtype=float)
    if np.any(np.abs(hx) > 1 + 1e-12):
        raise ValueError("h must be the derivative of a 1-Lipschitz D (|h| <= 1)")
    _, phi = _pointwise(xs, sigma, s, u, h, lam)
    pts = [-L, L, *[b for b in breaks if -L < b < L]]
    if s == 0 and -L < u < L:
        pts.append(u)
    for level in (1.0, -1.0):
        r = phi - level
        idx = np.flatnonzero(np.sign(r[:-1]) * np.sign(r[1:]) < 0)
        for i in idx:
            a, b = xs[i], xs[i + 1]
            if any(a <= c <= b for c in pts[2:]):
                pts += [a, b]  # a jump of h inside: keep the bracket ends as breakpoints
                continue
            f = lambda x, lv=level: float(_pointwise(np.array([x]), sigma, s, u, h, lam)[1][0] - lv)  # noqa: E731
            fa, fb = f(a), f(b)
            if np.isfinite(fa) and np.isfinite(fb) and fa * fb < 0:
                pts.append(optimize.brentq(f, a, b, xtol=1e-14))
            else:
                pts += [a, b]
    pts = np.unique(np.array(pts))
    total = 0.0
    for a, b in zip(pts[:-1], pts[1:], strict=True):
        m = max(1, int(math.ceil((b - a) / 0.25)))
        edges = np.linspace(a, b, m + 1)
        mid = 0.5 * (edges[:-1] + edges[1:])[:, None]
        half = 0.5 * (edges[1:] - edges[:-1])[:, None]
        x = mid + half * _GL_X[None, :]
        vals, _ = _pointwise(x.ravel(), sigma, s, u, h, lam)
        total += float(np.sum(vals.reshape(x.shape) * _GL_W[None, :] * half))
    return total


def value(sigma: float, s: float, u: float, h: Callable[[np.ndarray], np.ndarray], n: int = 20001) -> float:
    """V(G, D) = E_P[D] - E_Q[D] = int h (F_Q - F_P) dx for D with derivative h (the lam -> inf limit of V_prox).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2).
    s, u : float
        The generator, Q_G = N(u, s^2) (s = |w| >= 0).
    h : callable
        The derivative D' of the discriminator (|h| <= 1: D is 1-Lipschitz).
    n : int
        Simpson grid size.

    Returns
    -------
    float
        V(G, D) of eq. (8).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (8).
    """
    x = _grid(sigma, s, u, n)
    FQ = special.ndtr((x - u) / s) if s > 0 else (x >= u).astype(float)
    return float(integrate.simpson(np.asarray(h(x)) * (FQ - special.ndtr(x / sigma)), x=x))


def abs_derivative(c: float, kappa: float = 1.0) -> Callable[[np.ndarray], np.ndarray]:
    """h = D' for D(x) = kappa |x - c|.

    Parameters
    ----------
    c : float
        The kink.
    kappa : float
        The slope (|kappa| <= 1 for a 1-Lipschitz D).

    Returns
    -------
    callable
        x -> kappa sign(x - c).
    """
    return lambda x: kappa * np.sign(np.asarray(x) - c)


def prox_value_vec(sigma: float, s, u, h: Callable[[np.ndarray], np.ndarray], lam: float, n: int = 4001,
                   L: float | None = None) -> np.ndarray:
    """Vectorised V_prox_lam(G, D) over generators (s, u) on one common grid (Simpson, n points on [-L, L]).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2).
    s, u : float or array
        The generator, Q_G = N(u, s^2) (s = |w| >= 0).
    h : callable
        The derivative D' of the discriminator (|h| <= 1: D is 1-Lipschitz).
    lam : float
        lambda of eq. (11).
    n : int
        Grid size.
    L : float, optional
        Half-width of the grid (default: 14 max(sigma, s) + |u| + 1).

    Returns
    -------
    numpy.ndarray
        V_prox for each generator.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (11), (15).
    """
    s = np.atleast_1d(np.asarray(s, dtype=float))
    u = np.atleast_1d(np.asarray(u, dtype=float))
    if L is None:
        L = 14.0 * max(sigma, float(s.max(initial=0.0)), 1e-3) + float(np.abs(u).max(initial=0.0)) + 1.0
    x = np.linspace(-L, L, n)
    p = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (x[None, :] - u[:, None]) / s[:, None]
    FQ = np.where(s[:, None] > 0, special.ndtr(np.where(np.isnan(z), 0.0, z)), (x[None, :] >= u[:, None]) * 1.0)
    delta = FQ - special.ndtr(x / sigma)[None, :]
    hx = np.asarray(h(x), dtype=float)[None, :]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        g = np.clip(hx + delta / (2 * lam * p[None, :]), -1.0, 1.0)
    g = np.where(p[None, :] > 0, g, np.sign(delta))
    integrand = delta * g - lam * p[None, :] * (g - hx) ** 2
    return integrate.simpson(integrand, x=x, axis=1)


# ------------------------------------------------------------------------------------- Theorem 3's premises
def inf_alpha_squared(sigma: float) -> float:
    """Premise (ii) of Theorem 3 in Theorem 1's Gaussian WGAN game, on a grid.

    For D^theta = |x - c| the premise's alpha_theta(x)^2 = |x - T_theta(x)| / |D^theta'(x)| = |x (1 - s/sigma) - u|;
    its infimum over x in [-10, 10] (20001 points) is taken over s in {0.3, 0.7, 1}, u in {0, 0.2}.

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2).

    Returns
    -------
    float
        The smallest alpha^2 found (0 where the transport displacement vanishes).

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 3.
    """
    xs = np.linspace(-10, 10, 20001)
    return min(float(np.min(np.abs(xs * (1 - s / sigma) - u))) for s in (0.3, 0.7, 1.0) for u in (0.0, 0.2))


def gaussian_game_dips(sigma: float, t: float, tol: float,
                       lams: tuple[float, ...] = (1e-3, 1e-2, 1e-1)) -> dict[str, dict[str, float | bool]]:
    """At (G*, D*) = ((1, 0), |x|) of Theorem 1's WGAN game: min over feasible G of V_prox_lam(G, D*) against
    V* = W1(P, G*), for each lambda.

    Parameters
    ----------
    sigma : float
        Data scale.
    t : float
        Bound |u| <= t.
    tol : float
        Relative tolerance of the PE test (Proposition 2).
    lams : tuple of float
        The lambdas of eq. (11).

    Returns
    -------
    dict
        ``"<lam>"`` -> {pe, min_V_prox, dip (V* - min), worst_u}.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 3, Proposition 2, eq. (11).
    """
    h = abs_derivative(0.0)
    v_star = w1(sigma, 1.0, 0.0)
    dips = {}
    for lam in lams:
        ok, w = is_proximal_equilibrium(lambda s, u, lam=lam: prox_value_vec(sigma, s, u, h, lam), v_star, t,
                                        tol * (1 + v_star), n=21,
                                        exact=lambda s, u, lam=lam: prox_value(sigma, s, u, h, lam, breaks=(0.0,)))
        dips[f"{lam:g}"] = {"pe": ok, "min_V_prox": w.value, "dip": v_star - w.value, "worst_u": w.u}
    return dips


def gaussian_game_threshold(sigma: float, t: float, tol: float) -> float:
    """The largest lambda in [1e-4, 1e2] for which (G*, D*) = ((1, 0), |x|) is a lambda-PE of Theorem 1's WGAN game
    (bisection, 1e-2 in log lambda).

    Parameters
    ----------
    sigma : float
        Data scale.
    t : float
        Bound |u| <= t.
    tol : float
        Relative tolerance of the PE test.

    Returns
    -------
    float
        The threshold (0.0 if it fails at 1e-4).

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 3, Definition 1.
    """
    h = abs_derivative(0.0)
    v_star = w1(sigma, 1.0, 0.0)
    return lambda_threshold(
        lambda lam: is_proximal_equilibrium(
            lambda s, u: prox_value_vec(sigma, s, u, h, lam), v_star, t, tol * (1 + v_star), n=15,
            exact=lambda s, u: prox_value(sigma, s, u, h, lam, breaks=(0.0,)))[0],
        lam_lo=1e-4, lam_hi=1e2, rel_tol=1e-2)


def linear_instance(sigma: float, tol: float, u_min: float = 0.5, u_max: float = 1.0) -> dict[str, float | bool]:
    """An instance where Theorem 3's premises hold: generators G(z) = sigma z + u, u in [u_min, u_max], u_min > 0.

    T(x) = x + u, D^theta = -x, alpha^2 = u >= u_min =: eta_3 and {alpha grad D^theta} = {-sqrt(u)} is an interval;
    (G*, D*) = ((sigma, u_min), -x) is checked to be an eta_3-PE on 41 values of u, and its Nash gap is
    W1(G*) - min over the family of V(G, D*).

    Parameters
    ----------
    sigma : float
        Data scale.
    tol : float
        Relative tolerance of the PE test.
    u_min, u_max : float
        The family's range of means.

    Returns
    -------
    dict
        {eta, min_V_prox, V_star, pe, nash_gap}.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 3.
    """
    eta3 = u_min
    hlin = lambda x: -np.ones_like(np.asarray(x, dtype=float))  # noqa: E731
    us = np.linspace(u_min, u_max, 41)
    vals = [prox_value(sigma, sigma, float(u), hlin, eta3) for u in us]
    v3 = w1(sigma, sigma, u_min)
    holds = min(vals) >= v3 - tol * (1 + v3)
    nash = v3 - min(value(sigma, sigma, float(u), hlin) for u in us)
    return {"eta": eta3, "min_V_prox": min(vals), "V_star": v3, "pe": holds, "nash_gap": nash}
