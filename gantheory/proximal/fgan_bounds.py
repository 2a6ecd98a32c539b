"""Bounds on the proximal objective (11) of the 1-D Gaussian f-GAN over *every* discriminator D (seminorm (15)), at
D* = D_G*, G* = (1, 0); the family version and the thresholds are in :mod:`gantheory.proximal.fgan`.

Upper bound (a relaxation). For any probability density nu, f*(y) >= y nu/q - f(nu/q) (Fenchel-Young) gives
V(G, D* + h) <= E_P[D*] - E_nu[D*] + int h (p - nu) + int q f(nu/q); integrating by parts and maximising pointwise
over h' against lam E_P[h'^2],

    V_prox(G, D*) <= E_P[D*] - E_nu[D*] + int q f(nu/q) + (1/(4 lam)) int (F_nu - F_P)^2 / p dx.

``upper_bound`` minimises it over Gaussian nu; ``relaxation_second_order`` takes nu from the second-order maximiser
(tight to O(u^4) along G_u). Lower bound: ``lower_second_order`` evaluates (11) at an explicit D' = D* - u h.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, special

from gantheory.exact import fgan as ex
from gantheory.games.divergences import FDivergence
from gantheory.proximal.fgan import _div, divergence, theta_of
from gantheory.proximal.fgan_local import _half_width, second_order_maximiser

_GL_X, _GL_W = np.polynomial.legendre.leggauss(16)


def _gl(lo: float, hi: float, m: int):
    e = np.linspace(lo, hi, m + 1)
    mid, half = 0.5 * (e[:-1] + e[1:]), 0.5 * (e[1:] - e[:-1])
    return (mid[:, None] + half[:, None] * _GL_X).ravel(), (half[:, None] * _GL_W).ravel()


def relaxation(div: str | FDivergence, sigma: float, lam: float, s: float, u: float, m: float, tau: float) -> float:
    """The relaxation bound (module docstring) for nu = N(m, tau^2): an upper bound on V_prox over every D.

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    lam : float
        Proximal weight lambda > 0.
    s, u : float
        Generator G(z) = w z + u with s = |w|.
    m, tau : float
        Mean and standard deviation of the density nu.

    Returns
    -------
    float
        Upper bound on V_prox_lam(G, D*) over every D (+inf unless 0 < tau^2 < 2 sigma^2).

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (11) with the seminorm of eq. (15).
    """
    F = _div(div)
    if not (0 < tau and tau * tau < 2 * sigma * sigma * (1 - 1e-9)):
        return math.inf
    a, b, c = theta_of(sigma, 1.0, 0.0)
    EP = ex.transform_expectation(F.chi, *ex._compose(a, b, c, 0.0, sigma))
    Enu = ex.transform_expectation(F.chi, *ex._compose(a, b, c, m, tau))
    df = ex.divergence(F, tau, s, u - m)
    Lx = 14 * max(sigma, tau) + abs(m)
    x, wx = _gl(-Lx, Lx, 200)
    lp = -0.5 * (x / sigma) ** 2 - math.log(sigma * math.sqrt(2 * math.pi))
    diff = special.ndtr((x - m) / tau) - special.ndtr(x / sigma)
    integral = float(np.sum(wx * diff * diff * np.exp(-lp)))
    return float(EP - Enu + df + integral / (4 * lam))


def upper_bound(div: str | FDivergence, sigma: float, lam: float, s: float, u: float) -> tuple[float, float, float]:
    """min over Gaussian nu of :func:`relaxation` (Nelder-Mead from nu = P and nu = Q_G): (bound, m, tau); every
    evaluated nu gives a valid bound, so an early stop only loosens it.

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    lam : float
        Proximal weight lambda > 0.
    s, u : float
        Generator G(z) = w z + u with s = |w|.

    Returns
    -------
    tuple of float
        (bound, m, tau) of the best nu found.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (11) and (15).
    """
    F = _div(div)

    def U(th):
        return relaxation(F, sigma, lam, s, u, th[0], th[1])

    best = None
    for x0 in ([0.0, sigma], [u, max(s, 1e-3)]):
        if not math.isfinite(U(x0)):
            continue
        r = optimize.minimize(U, x0, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 3000})
        if best is None or r.fun < best.fun:
            best = r
    return float(best.fun), float(best.x[0]), float(best.x[1])


def _core_grid(div: str | FDivergence, sigma: float, u: float, n: int, L_core: float):
    """The trapezoid grid of the core [-Lc, Lc] shared by the two second-order bounds: (F, Lc, the tails'
    end Lo, nodes x, weights, R = log(p/q) of D* = f'(p/q) at G* = (1, 0), the densities p of P and q of
    G_u = N(u, 1) at x)."""
    F = _div(div)
    Lc, Lo = _half_width(sigma, 600.0, L_core), 14.0 * sigma + abs(u)
    x = np.linspace(-Lc, Lc, n)
    dx = x[1] - x[0]
    wts = np.full(n, dx)
    wts[[0, -1]] = dx / 2
    a, b, c = theta_of(sigma, 1.0, 0.0)
    p = np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    qu = np.exp(-0.5 * (x - u) ** 2) / math.sqrt(2 * math.pi)
    return F, Lc, Lo, x, wts, a * x * x + b * x + c, p, qu


def relaxation_second_order(div: str | FDivergence, sigma: float, lam: float, u: float, n: int = 6001,
                            L_core: float = 6.0) -> float:
    """The relaxation bound over every D (module docstring) at G_u = (1, u) for the density nu built from the
    second-order maximiser: nu = q_u f*'(D* - u h) on [-L_core sigma, L_core sigma] (argument kept inside dom f*),
    rescaled there to P's mass, and nu = p outside (so F_nu = F_P there and the last term vanishes outside).
    Any density gives an upper bound on V_prox(G_u, D*) over every D; this one is tight to O(u^4).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    lam : float
        Proximal weight lambda > 0.
    u : float
        Shift of the generator G_u(z) = z + u.
    n : int
        Grid nodes on the core.
    L_core : float
        Core half-width in units of sigma.

    Returns
    -------
    float
        Upper bound on V_prox_lam(G_u, D*) over every D.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (11) and (15).
    """
    F, Lc, Lo, x, wts, R, p, qu = _core_grid(div, sigma, u, n, L_core)
    dx = x[1] - x[0]
    a, b, c = theta_of(sigma, 1.0, 0.0)
    Dstar = F.chi(R)
    w = -u * second_order_maximiser(F, sigma, lam, x)
    nu = qu * _conj_prime_shifted(F, a * x * x + b * x + c, w)
    mass_p = special.ndtr(Lc / sigma) - special.ndtr(-Lc / sigma)
    nu *= mass_p / float(np.sum(wts * nu))
    diff = np.concatenate([[0.0], np.cumsum(0.5 * (nu[1:] - p[1:] + nu[:-1] - p[:-1]) * dx)])  # F_nu - F_P
    sobolev_term = float(np.sum(wts * diff * diff / p)) / (4 * lam)
    # E_P[D*] - E_nu[D*] and int q_u f(nu/q_u): core by the grid, tails (nu = p) by Gauss-Legendre
    core = float(np.sum(wts * ((p - nu) * Dstar + _q_f(F, nu, qu))))
    tails = 0.0
    for lo, hi in ((-Lo, -Lc), (Lc, Lo)):
        xt, wt = _gl(lo, hi, 200)
        pt = np.exp(-0.5 * (xt / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
        qt = np.exp(-0.5 * (xt - u) ** 2) / math.sqrt(2 * math.pi)
        if F.key == "kl":  # p log(p/q) with the log densities in closed form (q underflows far out)
            log_ratio = -0.5 * (xt / sigma) ** 2 - math.log(sigma) + 0.5 * (xt - u) ** 2
            tails += float(np.sum(wt * pt * log_ratio))
        else:
            tails += float(np.sum(wt * _q_f(F, pt, qt)))
    return core + tails + sobolev_term


def _clip_w(F: FDivergence, R: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Keep D* + w inside dom f*: for JS, w <= log(1 + 1/r)/2 (e^(D*) = 2r/(r+1))."""
    if F.key == "js":
        return np.minimum(w, 0.5 * np.log1p(np.exp(-R)))
    if math.isfinite(F.dom_sup):
        return np.minimum(w, 0.5 * (F.dom_sup - F.chi(R)))
    return w


def _conj_prime_shifted(F: FDivergence, R: np.ndarray, w: np.ndarray) -> np.ndarray:
    """(f*)'(D* + w) with D* = f'(e^R): KL r e^w, JS r e^w / (1 - r expm1(w)) (r = e^R; stable at large r), else the
    complex-step derivative of the table's f*."""
    w = _clip_w(F, R, w)
    if F.key == "kl":
        return np.exp(R + w)
    if F.key == "js":
        return np.exp(R + w) / (1 - np.exp(R) * np.expm1(w))
    h = 1e-30
    return np.imag(F.f_conj(F.chi(R) + w + 1j * h)) / h


def _conj_shifted(F: FDivergence, R: np.ndarray, w: np.ndarray) -> np.ndarray:
    """f*(D* + w) with D* = f'(e^R): KL e^(R + w), JS log((r + 1)/2) - log1p(-r expm1(w)), else the table's f*."""
    if F.key == "kl":
        return np.exp(R + w)
    if F.key == "js":
        return np.logaddexp(0.0, R) - math.log(2.0) - np.log1p(-np.exp(R) * np.expm1(w))
    return F.conj(F.chi(R) + w)


def _q_f(F: FDivergence, nu: np.ndarray, q: np.ndarray) -> np.ndarray:
    """q f(nu/q), 0 where both vanish (KL and JS written without the ratio's overflow)."""
    with np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore"):
        if F.key == "kl":
            out = np.where(nu > 0, nu * (np.log(nu) - np.log(q)), 0.0)
        elif F.key == "js":
            s = nu + q
            out = np.where(nu > 0, nu * np.log(2 * nu / s), 0.0) + np.where(q > 0, q * np.log(2 * q / s), 0.0)
        else:
            out = q * F.f(nu / q)
    return np.where((nu == 0) & (q == 0), 0.0, out)


def lower_second_order(div: str | FDivergence, sigma: float, lam: float, u: float, n: int = 6001,
                       L_core: float = 6.0) -> float:
    """A lower bound on V_prox(G_u, D*) over every D: the objective of (11) at the explicit D' = D* - u h (kept inside
    dom f*, h of :func:`_sl_solution`, D' = D* outside [-L_core sigma, L_core sigma]) plus the best constant, by
    quadrature on the grid and Gauss-Legendre on the tails (where D' = D* and the penalty vanishes).

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    lam : float
        Proximal weight lambda > 0.
    u : float
        Shift of the generator G_u(z) = z + u.
    n : int
        Grid nodes on the core.
    L_core : float
        Core half-width in units of sigma.

    Returns
    -------
    float
        Lower bound on V_prox_lam(G_u, D*) over every D.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (11) and (15).
    """
    F, Lc, Lo, x, wts, R, p, qu = _core_grid(div, sigma, u, n, L_core)
    dx = x[1] - x[0]
    a, b, c = theta_of(sigma, 1.0, 0.0)
    Dstar = F.chi(R)
    h = second_order_maximiser(F, sigma, lam, x)
    taper = np.clip((Lc - np.abs(x)) / sigma, 0.0, 1.0)  # w -> 0 at the ends of the core: D' = D* outside
    w = _clip_w(F, R, -u * h * taper)
    dw = np.gradient(w, dx)
    pen = float(np.sum(wts * p * dw * dw))
    xt_all, wt_all = [], []
    for lo, hi in ((-Lo, -Lc), (Lc, Lo)):
        xt, wt = _gl(lo, hi, 200)
        xt_all.append(xt)
        wt_all.append(wt)
    xt, wt = np.concatenate(xt_all), np.concatenate(wt_all)
    Rt = a * xt * xt + b * xt + c
    pt = np.exp(-0.5 * (xt / sigma) ** 2) / (sigma * math.sqrt(2 * math.pi))
    qt = np.exp(-0.5 * (xt - u) ** 2) / math.sqrt(2 * math.pi)

    def value(shift: float) -> float:
        core = float(np.sum(wts * (p * (Dstar + w + shift) - qu * _conj_shifted(F, R, w + shift))))
        conj_t = F.psi(Rt) if shift == 0 else F.conj(F.chi(Rt) + shift)
        tail = float(np.sum(wt * (pt * (F.chi(Rt) + shift) - qt * conj_t)))
        return core + tail

    best = max(value(0.0), -optimize.minimize_scalar(lambda s: -value(s), bounds=(-0.1, 0.0), method="bounded").fun)
    return best - lam * pen


def bracket_along_u(div: str | FDivergence, sigma: float, lam: float, us, lower: bool = True,
                    upper: bool = True) -> dict:
    """min over the u-nodes of the lower (:func:`lower_second_order`) and upper (:func:`relaxation_second_order`)
    bounds on V_prox(G_u, D*) - M(G*) over every D: lower >= 0 says no G_u breaks the PE there; upper < 0 says
    (G*, D*) is not a lam-PE over every D.

    Parameters
    ----------
    div : str or FDivergence
        The f-divergence of the f-GAN (eq. (7)).
    sigma : float
        Data scale, P = N(0, sigma^2).
    lam : float
        Proximal weight lambda > 0.
    us : array_like
        Shifts u of the generators G_u(z) = z + u.
    lower, upper : bool
        Whether to compute the lower and the upper bounds.

    Returns
    -------
    dict
        ``lam``, and ``lower_min``/``lower_min_u`` and/or ``upper_min``/``upper_min_u``.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), Definition 1, eq. (11), Proposition 2.
    """
    F = _div(div)
    m_star = divergence(F, sigma, 1.0, 0.0)
    out: dict = {"lam": lam}
    if lower:
        lo = [lower_second_order(F, sigma, lam, float(x)) - m_star for x in us]
        i = int(np.argmin(lo))
        out.update(lower_min=lo[i], lower_min_u=float(us[i]))
    if upper:
        up = [relaxation_second_order(F, sigma, lam, float(x)) - m_star for x in us]
        j = int(np.argmin(up))
        out.update(upper_min=up[j], upper_min_u=float(us[j]))
    return out


