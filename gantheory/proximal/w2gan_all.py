"""V_prox of eq. (11) over *every* c-concave discriminator in the 1-D Gaussian W2GAN game (Sobolev norm (15)).

Convention (as in :mod:`gantheory.games.w2gan`): cost c(x, y) = eta (x - y)^2, c-transform as in eq. (9),
D^c(y) = sup_x D(x) - eta (x - y)^2, and V(G, D) = E_P[D(X)] - E_Q[D^c(Y)], P = N(0, sigma^2), Q = N(u, s^2).
The discriminators are the c-concave D = g^{c-bar}, g^{c-bar}(x) = inf_y g(y) + eta (x - y)^2 -- the class on
which Kantorovich duality with this transform is tight (V <= eta W2^2, with equality at the Brenier
potential). Condition: x -> eta x^2 - D(x) is convex, i.e. D'' <= 2 eta (distributionally). For a quadratic
D = a x^2 + b x this is a <= eta, the family of :mod:`gantheory.proximal.w2gan`. (Read literally, "D is the
c-transform of a function" with the sup-convention would give D'' >= -2 eta instead, a class on which
sup_D V = +inf; we keep the class that makes (9) the W2 problem.)

At G* = (s, u) = (1, 0) the best response is D*(x) = a* x^2, a* = eta (1 - 1/sigma). We write D = D* + h with
h'' <= kappa = 2 eta / sigma (D'' <= 2 eta), and compute max_h V(G, D* + h) - lam E_P[h'(X)^2]:

* **lower bound** (a feasible D): h a C^1 piecewise-quadratic spline on N cells of [-L, L], curvature g_k <= kappa
  per cell, continued affinely outside (h'' = 0 there), so D is c-concave exactly. cvxpy maximises the
  objective with the c-transform sampled (its status is checked); the solution, projected onto g <= kappa,
  is then evaluated *independently*: D^c(y) exactly (cell-wise maximisation of quadratics, closed forms on
  the half-lines), E_Q[D^c] and the P-integrals by composite Gauss-Legendre quadrature;
* **upper bound** (a relaxation): for any map T, D^c(y) >= D(T y) - eta (T y - y)^2, so with mu = T#Q and
  dropping c-concavity, V_prox <= E_P[D*] - E_mu[D*] + (1/(4 lam)) int (F_mu - F_P)^2 / p dx
  + eta E_Q[(T Y - Y)^2] (the inner sup over h' is pointwise, after integrating by parts); minimised over
  affine T. It is tight when the maximiser's argmax map is affine (e.g. a quadratic maximiser), and
  stationary in T at the optimum, so affine T are exact to second order near G*.

The two bounds bracket V_prox over all c-concave D; the quadratic family's ``prox_value_1d`` is a lower bound too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from gantheory.exact.w2gan_1d import prox_value_1d
from gantheory.proximal.w2gan_all_spline import (
    _GL_W,
    _GL_X,
    Spline,
    _gl_grid,
    _pdf,
    a_star,
    c_transform,
    objective,
    quadratic_spline,
    v_star,
)

__all__ = ["Bracket", "Spline", "a_star", "bracket", "c_transform", "lower_bound", "objective", "quadratic_spline",
           "quadratic_value", "threshold_check", "upper_bound", "v_star"]


def lower_bound(sigma: float, eta: float, lam: float, s: float, u: float, *, L: float = 4.0, N: int = 80,
                n_y: int = 40, solver: str = "CLARABEL") -> tuple[float, Spline, float, str]:
    """Feasible c-concave D* + h from the cvxpy program; returns (independently evaluated objective, h,
    the program's own value, the solver status).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1.
    eta : float
        Cost weight of eq. (9).
    lam : float
        lambda of eq. (11) (Sobolev norm (15) under P).
    s, u : float
        The generator Q_G = N(u, s^2).
    L : float
        Half-width of the spline's interval.
    N : int
        Cells.
    n_y : int
        Gauss-Hermite nodes of the Q side in the program.
    solver : str
        cvxpy solver.

    Returns
    -------
    tuple
        (objective evaluated independently, h, the program's value, cvxpy status).

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).
    """
    import cvxpy as cp

    astar = a_star(sigma, eta)
    kappa = 2 * eta / sigma
    dx = 2 * L / N
    xs = np.linspace(-L, L, N + 1)
    # linear maps from z = (h0, p0, g) to node values and slopes
    n = N + 2
    P = np.zeros((N + 1, n))
    P[:, 1] = 1.0
    for k in range(1, N + 1):
        P[k, 2:2 + k] = dx
    H = np.zeros((N + 1, n))
    H[:, 0] = 1.0
    for k in range(1, N + 1):
        H[k] = H[k - 1] + dx * P[k - 1]
        H[k, 2 + k - 1] += dx * dx / 2
    Gm = np.zeros((N, n))
    Gm[np.arange(N), 2 + np.arange(N)] = 1.0
    # E_P[h] and E_P[h'^2]: Gauss-Legendre on the cells, Gaussian partial moments outside
    tq = 0.5 * dx * (_GL_X + 1)
    wq = 0.5 * dx * _GL_W
    xq = xs[:-1, None] + tq[None, :]
    pq = _pdf(xq, 0.0, sigma) * wq[None, :]
    lin = (H[:-1].T @ pq.sum(1)) + (P[:-1].T @ (pq * tq).sum(1)) + (Gm.T @ (pq * tq * tq / 2).sum(1))
    PL, PR = special.ndtr(-L / sigma), special.ndtr(-L / sigma)
    tail_m = sigma * _pdf(L / sigma, 0.0, 1.0)  # E[(X - L)^+] + L P(X > L) pieces
    # outside: h = h_N + p_N (x - L) for x > L; E[(X - L); X > L] = sigma phi(L/sigma) - L P(X > L)
    m1 = tail_m - L * PR
    lin = lin + H[-1] * PR + P[-1] * m1 + H[0] * PL - P[0] * m1
    rows = (P[:-1][:, None, :] + Gm[:, None, :] * tq[None, :, None]) * np.sqrt(pq)[:, :, None]
    Bpen = np.vstack([rows.reshape(-1, n), math.sqrt(PR) * P[-1][None, :], math.sqrt(PL) * P[0][None, :]])
    # Q-side: Gauss-Hermite nodes; D^c sampled at nodes, midpoints and points on the half-lines
    gh_x, gh_w = np.polynomial.hermite_e.hermegauss(n_y)
    yj = u + max(s, 1e-12) * gh_x
    wj = gh_w / gh_w.sum()
    mids = xs[:-1] + dx / 2
    Hm = H[:-1] + P[:-1] * dx / 2 + Gm * dx * dx / 8
    ext = np.linspace(0, 10 * sigma, 41)[1:]
    Xall = np.concatenate([xs, mids, -L - ext, L + ext])
    Hall = np.vstack([H, Hm, H[0] - np.outer(ext, P[0]), H[-1] + np.outer(ext, P[-1])])
    z = cp.Variable(n)
    phi = cp.Variable(n_y)
    base = astar * Xall[None, :] ** 2 - eta * (Xall[None, :] - yj[:, None]) ** 2  # (n_y, n_x)
    cons = [Gm @ z <= kappa]
    hall = Hall @ z
    cons += [phi[j] >= base[j] + hall for j in range(n_y)]
    obj = astar * sigma**2 + lin @ z - wj @ phi - lam * cp.sum_squares(Bpen @ z)
    prob = cp.Problem(cp.Maximize(obj), cons)
    prob.solve(solver=solver)
    # the program only proposes h: any h, projected onto g <= kappa, is feasible and its objective is evaluated
    # independently, so an inaccurate solve still gives a valid lower bound (the status is recorded)
    if prob.status not in (cp.OPTIMAL, cp.OPTIMAL_INACCURATE) or z.value is None:
        raise RuntimeError(f"cvxpy status {prob.status} for the all-c-concave proximal program")
    zv = np.asarray(z.value, float)
    h = Spline.from_params(L, zv[0], zv[1], np.minimum(zv[2:], kappa))  # exactly c-concave
    return objective(h, sigma, eta, lam, s, u), h, float(prob.value), str(prob.status)


def upper_bound(sigma: float, eta: float, lam: float, s: float, u: float) -> tuple[float, tuple[float, float]]:
    """min over affine T(y) = alpha + beta y of the relaxation bound (module docstring): (bound, (alpha, beta)).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1.
    eta : float
        Cost weight of eq. (9).
    lam : float
        lambda of eq. (11) (Sobolev norm (15) under P).
    s, u : float
        The generator Q_G = N(u, s^2).

    Returns
    -------
    tuple
        (bound, (alpha, beta)) of the best affine T(y) = alpha + beta y.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).
    """
    astar = a_star(sigma, eta)
    x, w = _gl_grid(-14 * sigma, 14 * sigma, 3000)
    p = _pdf(x, 0.0, sigma)
    FP = special.ndtr(x / sigma)

    def U(th):
        al, lb = th
        m, tau = al + lb * u, abs(lb) * s
        if tau * tau >= 2 * sigma**2 * (1 - 1e-9):
            return math.inf  # (F_mu - F_P)^2 / p is not integrable
        Fm = special.ndtr((x - m) / tau) if tau > 0 else (x >= m).astype(float)
        integral = float(np.sum((Fm - FP) ** 2 / p * w))
        EmuD = astar * (m * m + tau * tau)
        cost = (al + (lb - 1) * u) ** 2 + (lb - 1) ** 2 * s * s
        return astar * sigma**2 - EmuD + integral / (4 * lam) + eta * cost

    starts = [np.array([0.0, 1.0]), np.array([0.0, sigma / max(s, 1e-9)]), np.array([-u * sigma, sigma])]
    best = None
    for x0 in starts:
        if not math.isfinite(U(x0)):
            continue
        r = optimize.minimize(U, x0, method="Nelder-Mead", options={"xatol": 1e-12, "fatol": 1e-15, "maxiter": 4000})
        if best is None or r.fun < best.fun:
            best = r
    return float(best.fun), (float(best.x[0]), float(best.x[1]))


def quadratic_value(sigma: float, eta: float, lam: float, s: float, u: float) -> float:
    """V_prox over quadratic D (``prox_value_1d``) at D* (a lower bound on V_prox over all c-concave D).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1.
    eta : float
        Cost weight of eq. (9).
    lam : float
        lambda of eq. (11) (Sobolev norm (15) under P).
    s, u : float
        The generator Q_G = N(u, s^2).

    Returns
    -------
    float
        V_prox_lam(G, D*) over quadratic D'.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).
    """
    val, _, _ = prox_value_1d(eta, lam, sigma**2, np.array([s]), np.array([u]), a_star(sigma, eta), 0.0)
    return float(val[0])


@dataclass(frozen=True)
class Bracket:
    """Bounds on V_prox over all c-concave D (eq. (11)) and the values they come from."""

    lower: float  # max(spline program evaluated, quadratic family)
    upper: float
    quadratic: float
    spline: float
    program: float
    status: str


def bracket(sigma: float, eta: float, lam: float, s: float, u: float, **kw) -> Bracket:
    """Bounds on V_prox_lam(G, D*) over all c-concave D (eq. (11)) at Q_G = N(u, s^2).

    The lower bound is the larger of the quadratic-family value (:func:`quadratic_value`) and the spline
    program (:func:`lower_bound`); the upper bound is the relaxation (:func:`upper_bound`).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2).
    eta : float
        The W2GAN quadratic cost weight (eq. (9)).
    lam : float
        Proximal weight lambda > 0.
    s, u : float
        Generator G(z) = w z + u with s = |w|.
    **kw
        Passed to :func:`lower_bound`.

    Returns
    -------
    Bracket
        The bracket and the values it comes from.

    References
    ----------
    Farnia & Ozdaglar (ICML 2020), eq. (9), (11) and (15).
    """
    q = quadratic_value(sigma, eta, lam, s, u)
    lo, _, prog, status = lower_bound(sigma, eta, lam, s, u, **kw)
    up, _ = upper_bound(sigma, eta, lam, s, u)
    return Bracket(max(lo, q), up, q, lo, prog, status)


def threshold_check(sigma: float, eta: float, t: float, rel: float = 0.01, margin: float = 1e-8) -> dict:
    """lambda*_all against lambda*_quad = sigma / (4 eta (sigma - 1)) (the u-curvature threshold).

    Above: at lam = (1 + rel) lambda*_quad the upper bound on V_prox over all c-concave D at G_u = (1, u),
    scanned over u in [1e-3, t], must fall below V(G*, D*) by more than ``margin`` (far above the ~1e-12
    quadrature error of the bound): then (G*, D*) is not a lam-PE over all c-concave D (Prop. 2), so
    lambda*_all < (1 + rel) lambda*_quad. Below: V_prox over all c-concave D >= V_prox over the quadratics,
    so the quadratic family's PE at (1 - rel) lambda*_quad (generator grid over s in [0, 1], |u| <= t; the
    global search of ``theorem-2`` checks it too) carries over: lambda*_all >= (1 - rel) lambda*_quad.
    Local analysis: with D = D* + delta, D^c(y) = D*^c(y) + delta(sigma y) + sigma delta'(sigma y)^2/(4 eta) + ...,
    so to second order in u the optimal delta' is the constant -sigma u/(2 (sigma/(4 eta) + lam)): a linear
    delta, inside the quadratic family; the u-curvature over all c-concave D is the quadratic family's.

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1.
    eta : float
        Cost weight of eq. (9).
    lam : float
        lambda of eq. (11) (Sobolev norm (15) under P).
    s, u : float
        The generator Q_G = N(u, s^2).
    **kw
        Passed to :func:`lower_bound`.

    Returns
    -------
    Bracket
        Lower and upper bounds on V_prox over all c-concave D'.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2), sigma > 1.
    eta : float
        Cost weight of eq. (9).
    t : float
        Bound |u| <= t.
    rel : float
        Relative offset of the two tested lambdas from lambda*_quad.
    margin : float
        Required dip of the upper bound below V*.

    Returns
    -------
    dict
        lambda_threshold_quadratic, lambda_threshold_all_c_concave (None if not resolved), lambda_all_bracket
        and the evidence on each side.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2, eq. (11), (15).
    """
    lam_q = sigma / (4 * eta * (sigma - 1))
    vs = v_star(sigma, eta)
    lam_hi = (1 + rel) * lam_q
    us = np.geomspace(1e-3, t, 25)
    dips = [upper_bound(sigma, eta, lam_hi, 1.0, float(uu))[0] - vs for uu in us]
    j = int(np.argmin(dips))
    above_ok = dips[j] < -margin
    lam_lo = (1 - rel) * lam_q
    q_dips = [quadratic_value(sigma, eta, lam_lo, s, uu) - vs
              for s in np.linspace(0.0, 1.0, 21) for uu in np.linspace(-t, t, 41)]
    below_ok = min(q_dips) >= -1e-12
    return {"lambda_threshold_quadratic": lam_q,
            "lambda_threshold_all_c_concave": lam_q if (above_ok and below_ok) else None,
            "lambda_all_bracket": [lam_lo if below_ok else 0.0, lam_hi if above_ok else math.inf],
            "upper_minus_v_star_at_1.01": {"u": float(us[j]), "value": float(dips[j]), "margin": margin},
            "quadratic_min_dip_at_0.99": float(min(q_dips)),
            "strictly_above_quadratic": False if (above_ok and below_ok) else None}
