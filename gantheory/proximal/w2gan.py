"""The proximal objective of the Gaussian W2GAN game over quadratic discriminators, eq. (11) with the
Sobolev seminorm of eq. (15):

    V_prox_lam(G, D) = max over quadratic c-concave D' of V(G, D') - lam ||D' - D||^2_{H^1(P_X)}.

For D(x) = x^T A x + b^T x and P_X = N(0, Sigma_X): grad D(x) = 2 A x + b, so
||D' - D||^2 = E||2 (A' - A) X + (b' - b)||^2 = 4 tr((A' - A) Sigma_X (A' - A)) + ||b' - b||^2.
With M' = eta I - A' > 0 and Y = [b' + 2 eta u, 2 eta Sigma^{1/2}] (so Y Y^T = E[(b' + 2 eta y)(.)^T]
under Q = N(u, Sigma)), the objective is

    tr((eta I - M') Sigma_X) - tr(Y^T M'^{-1} Y)/4 + eta (||u||^2 + tr Sigma) - lam * penalty,

jointly concave in (M', b') (the matrix-fractional function is jointly convex). For fixed M' the
maximising b' is (M'^{-1} + 4 lam I)^{-1} (4 lam b - 2 eta M'^{-1} u); the remaining concave problem
in M' is solved by L-BFGS over a Cholesky factor with the analytic gradient (``prox_value``), and,
as an independent check, as the SDP of ``prox_value_cvxpy`` (cvxpy ``matrix_frac``, status checked).
Every number says which family it was computed over: this is the quadratic family, so V_prox here is
a lower bound on V_prox over all c-concave D' (and equal to it when the maximiser is quadratic).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from gantheory._numerics import sqrtm_psd
from gantheory.exact.w2gan_1d import W2GAN1D, prox_value_1d
from gantheory.games.gaussian import LinearGenerator
from gantheory.games.w2gan import QuadraticDiscriminator

__all__ = ["FAMILY", "ProxResult", "max_solver_difference", "prox_value", "prox_value_1d", "prox_value_cvxpy",
           "sobolev_sq"]

FAMILY = "quadratic discriminators x^T A x + b^T x (A <= eta I)"


def sobolev_sq(D1: QuadraticDiscriminator, D2: QuadraticDiscriminator, Sigma_X: np.ndarray) -> float:
    """||D1 - D2||^2 of eq. (15) under P_X = N(0, Sigma_X): 4 tr(dA Sigma_X dA) + ||db||^2.

    Parameters
    ----------
    D1, D2 : QuadraticDiscriminator
        x^T A x + b^T x.
    Sigma_X : numpy.ndarray
        Data covariance.

    Returns
    -------
    float
        The squared Sobolev seminorm E_P||grad D1 - grad D2||^2.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (15).
    """
    dA = D1.A - D2.A
    db = D1.b - D2.b
    return float(4 * np.trace(dA @ Sigma_X @ dA) + db @ db)


@dataclass(frozen=True)
class ProxResult:
    """V_prox and its maximiser D', with the family it was computed over."""

    value: float
    D: QuadraticDiscriminator  # the maximiser D'
    family: str = FAMILY


def _objective_parts(eta, lam, Sigma_X, u, Sigma, A, b, M):
    """Value and gradient (w.r.t. symmetric M) with b' eliminated; returns (value, grad, b')."""
    d = len(u)
    Minv = np.linalg.inv(M)
    bp = np.linalg.solve(Minv + 4 * lam * np.eye(d), 4 * lam * b - 2 * eta * Minv @ u)
    y0 = bp + 2 * eta * u
    YY = np.outer(y0, y0) + 4 * eta * eta * Sigma
    C = eta * np.eye(d) - A
    dA = C - M  # A' - A = (eta I - M) - A
    val = (np.trace((eta * np.eye(d) - M) @ Sigma_X) - 0.25 * np.trace(Minv @ YY) + eta * (u @ u + np.trace(Sigma))
           - lam * (4 * np.trace(dA @ Sigma_X @ dA) + (bp - b) @ (bp - b)))
    grad = -Sigma_X + 0.25 * Minv @ YY @ Minv + 4 * lam * (dA @ Sigma_X + Sigma_X @ dA)
    return float(val), 0.5 * (grad + grad.T), bp


def prox_value(eta: float, lam: float, Sigma_X: np.ndarray, G: LinearGenerator, D: QuadraticDiscriminator,
               M0: np.ndarray | None = None) -> ProxResult:
    """V_prox_lam(G, D) of eq. (11) over quadratic D' = x^T A' x + b'^T x (A' <= eta I), any dimension d.

    b' is eliminated in closed form; the concave problem in M' = eta I - A' is solved by L-BFGS over a Cholesky
    factor (two starts: M0 and sqrt(eta) I), with the analytic gradient.

    Parameters
    ----------
    eta : float
        Cost weight of eq. (9).
    lam : float
        lambda of eq. (11), > 0 (Sobolev norm (15) under P_X = N(0, Sigma_X)).
    Sigma_X : numpy.ndarray
        Data covariance (d x d).
    G : LinearGenerator
        The generator (W, u): Q_G = N(u, W W^T).
    D : QuadraticDiscriminator
        The centre D of the penalty.
    M0 : numpy.ndarray, optional
        Starting M' (default eta I - A, shifted to be positive definite).

    Returns
    -------
    ProxResult
        The value and the maximiser D' (a lower bound on V_prox over all c-concave D').

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9), (11), (15).
    """
    if not lam > 0:
        raise ValueError(f"lam must be > 0, got {lam}")
    d = len(G.u)
    u, Sigma = np.asarray(G.u, dtype=float), G.covariance
    A, b = D.A, D.b
    rows, cols = np.tril_indices(d)
    diag = rows == cols

    def unpack(p):
        L = np.zeros((d, d))
        L[rows, cols] = np.where(diag, np.exp(p), p)
        return L

    def f(p):
        L = unpack(p)
        M = L @ L.T
        val, grad, _ = _objective_parts(eta, lam, Sigma_X, u, Sigma, A, b, M)
        gL = 2 * grad @ L  # d/dL of F(L L^T)
        gp = gL[rows, cols] * np.where(diag, L[rows, cols], 1.0)
        return -val, -gp

    if M0 is None:
        M0 = eta * np.eye(d) - A
        lam_min = np.linalg.eigvalsh(M0).min()
        if lam_min <= 1e-8 * eta:
            M0 = M0 + (1e-3 * eta - min(lam_min, 0.0)) * np.eye(d)
    L0 = np.linalg.cholesky(0.5 * (M0 + M0.T))
    p0 = np.where(diag, np.log(np.maximum(L0[rows, cols], 1e-300)), L0[rows, cols])
    best = None
    for start in (p0, np.where(diag, 0.5 * math.log(eta), 0.0)):
        res = optimize.minimize(f, start, jac=True, method="L-BFGS-B",
                                options={"maxiter": 2000, "ftol": 1e-15, "gtol": 1e-12})
        if best is None or res.fun < best.fun:
            best = res
    L = unpack(best.x)
    M = L @ L.T
    val, _, bp = _objective_parts(eta, lam, Sigma_X, u, Sigma, A, b, M)
    return ProxResult(val, QuadraticDiscriminator(eta * np.eye(d) - M, bp))


def prox_value_cvxpy(eta: float, lam: float, Sigma_X: np.ndarray, G: LinearGenerator,
                     D: QuadraticDiscriminator, solver: str = "CLARABEL") -> ProxResult:
    """V_prox_lam(G, D) of eq. (11) over quadratic D' as an SDP in cvxpy (``matrix_frac``): an independent check
    of :func:`prox_value`.

    Parameters
    ----------
    eta, lam : float
        Cost weight of eq. (9) and lambda of eq. (11).
    Sigma_X : numpy.ndarray
        Data covariance.
    G : LinearGenerator
        The generator.
    D : QuadraticDiscriminator
        The centre of the penalty (15).
    solver : str
        cvxpy solver name.

    Returns
    -------
    ProxResult
        The value and the maximiser.

    Raises
    ------
    RuntimeError
        If cvxpy's status is not optimal.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (11), (15).
    """
    import cvxpy as cp

    d = len(G.u)
    u, Sigma = np.asarray(G.u, dtype=float), G.covariance
    S_half = sqrtm_psd(Sigma)
    SX_half = sqrtm_psd(Sigma_X)
    M = cp.Variable((d, d), PSD=True)
    bp = cp.Variable(d)
    Y = cp.hstack([cp.reshape(bp + 2 * eta * u, (d, 1), order="F"), 2 * eta * S_half])
    C = eta * np.eye(d) - D.A
    obj = (cp.trace((eta * np.eye(d) - M) @ Sigma_X) - 0.25 * cp.matrix_frac(Y, M)
           + eta * (u @ u + np.trace(Sigma))
           - lam * (4 * cp.sum_squares((C - M) @ SX_half) + cp.sum_squares(bp - D.b)))
    prob = cp.Problem(cp.Maximize(obj))
    prob.solve(solver=solver)
    if prob.status != cp.OPTIMAL:
        raise RuntimeError(f"cvxpy status {prob.status} for the W2GAN proximal SDP")
    Mv = 0.5 * (M.value + M.value.T)
    return ProxResult(float(prob.value), QuadraticDiscriminator(eta * np.eye(d) - Mv, bp.value))


def max_solver_difference(game: W2GAN1D, lam: float, a: float, b: float,
                          points: list[tuple[float, float]]) -> float:
    """Largest difference between the 1-D V_prox (``game.vprox``), the cvxpy SDP and the d-dimensional L-BFGS solver
    at the generators ``points`` (cvxpy's status checked).

    Parameters
    ----------
    game : W2GAN1D
        The 1-D game.
    lam : float
        lambda of eq. (11).
    a, b : float
        The discriminator D(x) = a x^2 + b x.
    points : list of (s, u)
        The generators.

    Returns
    -------
    float
        max over points of |fast - cvxpy| and |fast - prox_value|.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (11), (15).
    """
    sigma, eta = game.sigma, game.eta
    diff = 0.0
    for s, u in points:
        G = LinearGenerator.scalar(s, u)
        D = QuadraticDiscriminator([[a]], [b])
        fast = float(game.vprox(lam, a, b)(np.array([s]), np.array([u]))[0])
        cvx = prox_value_cvxpy(eta, lam, np.eye(1) * sigma**2, G, D).value
        lb = prox_value(eta, lam, np.eye(1) * sigma**2, G, D).value
        diff = max(diff, abs(fast - cvx), abs(fast - lb))
    return diff
