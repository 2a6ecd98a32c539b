"""The proximal gap curve of Figure 3: lam -> min_G V_prox_lam(G, D*) - V(G*, D*).

At the distance-minimising generator G* and its best response D* (Theorem 2's pair; by Corollary 1 the
only possible generator of a lam-proximal equilibrium, lam > 0), Proposition 2 says that (G*, D*) is a
lam-proximal equilibrium iff min over feasible G of V_prox_lam(G, D*) (eq. (11), Sobolev seminorm (15))
is at least V(G*, D*). The curve does not increase with lam (Proposition 3's nesting); as lam -> inf
V_prox -> V and the curve tends to -(Nash gap at (G*, D*)), as lam -> 0 to the Stackelberg level
min_G max_D V(G, D) - V(G*, D*).

Two games, both 1-D Gaussian (X ~ N(0, sigma^2), G(z) = s z + u with s in [0, 1], |u| <= t):

* :func:`w2gan_gap_curve`: the W2GAN (eq. (9), cost eta |x - x'|^2) over quadratic D(x) = a x^2 + b x;
* :func:`wgan_gap_curve`: the WGAN (eq. (8)) over all 1-Lipschitz D (:mod:`gantheory.proximal.wgan`).

:func:`power_fit` fits the small-lam end of a curve's dip to c lam^p.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from gantheory.exact import w2gan as exact_w2gan
from gantheory.exact import wgan as exact_wgan
from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal import wgan as prox_wgan
from gantheory.proximal.equilibrium import is_proximal_equilibrium, lambda_threshold, worst_generator
from gantheory.proximal.thresholds import conjectured_threshold, pe_w2, theorem2_lambda

#: the (s, u) grid (201 x 201 over [0, 1] x [-t, t]) on which the Stackelberg level is minimised
STACKELBERG_GRID = 201


@dataclass(frozen=True)
class GapCurve:
    """One computed Figure 3 curve at the pair (G*, D*) = ((s*, u*), D*).

    Attributes
    ----------
    lams : numpy.ndarray
        The lam grid.
    gap : numpy.ndarray
        min_G V_prox_lam(G, D*) - V(G*, D*) at each lam.
    worst_s, worst_u : numpy.ndarray
        The minimising generator (s, u) at each lam.
    v_star : float
        V(G*, D*).
    tol : float
        The absolute tolerance of Proposition 2's check, ``tol * (1 + |V(G*, D*)|)``.
    nash : float
        The lam -> inf level, -(Nash gap at (G*, D*)).
    stackelberg : float
        The lam -> 0 level, min_G max_D V(G, D) - V(G*, D*) on a 201 x 201 grid of (s, u).
    theorem_lambda : float
        W2GAN: Theorem 2's lam = 1/(4 eta). WGAN: Theorem 3's eta = inf_x alpha^2(x) at G*.
    threshold : float
        The largest lam with (G*, D*) a lam-proximal equilibrium (bisection on log lam).
    formula : float
        W2GAN: sigma / (4 eta (sigma - 1)), the threshold the claims found; WGAN: NaN.
    gap_at_theorem : float
        W2GAN: the curve at Theorem 2's lam; WGAN: NaN.
    G_star, D_star : tuple of float
        (s*, u*) and the discriminator's parameters ((a, b) for the W2GAN, (a, c) of a |x - c| for the WGAN).
    """

    lams: np.ndarray
    gap: np.ndarray
    worst_s: np.ndarray
    worst_u: np.ndarray
    v_star: float
    tol: float
    nash: float
    stackelberg: float
    theorem_lambda: float
    threshold: float
    formula: float
    gap_at_theorem: float
    G_star: tuple[float, float]
    D_star: tuple[float, float]



def w2gan_gap_curve(sigma: float, t: float, eta: float, tol: float, lams: np.ndarray, n: int = 41,
                    refine: int = 3) -> GapCurve:
    """Figure 3's curve for the 1-D Gaussian W2GAN game over quadratic discriminators.

    Parameters
    ----------
    sigma : float
        The data's scale (X ~ N(0, sigma^2)), sigma > 1.
    t : float
        The generator's mean bound |u| <= t.
    eta : float
        The cost eta |x - x'|^2 of eq. (9).
    tol : float
        Relative tolerance of Proposition 2's check (scaled by 1 + |V(G*, D*)|).
    lams : numpy.ndarray
        The values of lam (eq. (11)).
    n, refine : int
        The screening grid (n x n over (s, u)) and the number of its best points refined by L-BFGS-B
        (:func:`gantheory.proximal.equilibrium.worst_generator`).

    Returns
    -------
    GapCurve
        The curve at the W2 minimiser G* and D* = D_{G*}, with its levels, Theorem 2's lam = 1/(4 eta),
        the curve there, and the bisected threshold beside :func:`conjectured_threshold`.
    """
    game = W2GAN1D(sigma=sigma, t=t, eta=eta)
    s_star, u_star = game.minimiser()
    a, b = game.D_of(s_star, u_star)
    v_star = float(game.value(s_star, u_star, a, b))
    tol_abs = tol * (1 + abs(v_star))
    rows = [worst_generator(game.vprox(float(lam), a, b), t, n=n, refine=refine) for lam in lams]
    lam0 = theorem2_lambda(eta)
    at_theorem = worst_generator(game.vprox(lam0, a, b), t, n=n, refine=refine).value - v_star
    nash = -exact_w2gan.nash_gap_at_best_response(eta, sigma, W=np.array([[s_star]]), u=np.array([u_star]),
                                                  t=t)
    S, U = _stackelberg_grid(t)
    stackelberg = float(np.min(game.divergence(S, U))) - v_star  # max_D V(G, D) is the divergence (eq. (9))
    threshold = lambda_threshold(lambda lam: pe_w2(game, lam, s_star, u_star, tol, n=n, refine=refine)[0],
                                 rel_tol=1e-3)
    return GapCurve(lams=np.asarray(lams), gap=np.array([r.value - v_star for r in rows]),
                    worst_s=np.array([r.s for r in rows]), worst_u=np.array([r.u for r in rows]),
                    v_star=v_star, tol=tol_abs, nash=float(nash), stackelberg=stackelberg, theorem_lambda=lam0,
                    threshold=threshold, formula=conjectured_threshold(sigma, eta), gap_at_theorem=at_theorem,
                    G_star=(s_star, u_star), D_star=(a, b))


def wgan_gap_curve(sigma: float, t: float, tol: float, lams: np.ndarray, n: int = 21) -> GapCurve:
    """Figure 3's curve for the 1-D Gaussian WGAN game over all 1-Lipschitz discriminators.

    At the W1 minimiser G* = (1, 0) and D* = |x|, V_prox (eq. (11), Sobolev seminorm (15)) is screened by
    the vectorised solver (:func:`gantheory.proximal.wgan.prox_value_vec`) and refined with the exact one
    (:func:`gantheory.proximal.wgan.prox_value`).

    Parameters
    ----------
    sigma : float
        The data's scale (X ~ N(0, sigma^2)), sigma > 1.
    t : float
        The generator's mean bound |u| <= t.
    tol : float
        Relative tolerance of Proposition 2's check (scaled by 1 + V(G*, D*)).
    lams : numpy.ndarray
        The values of lam; the threshold is bisected within [lams[0], lams[-1]].
    n : int
        The screening grid per lam (n x n over (s, u)).

    Returns
    -------
    GapCurve
        The curve, its levels, the threshold (0 when the pair is a proximal equilibrium for no lam on the
        range) and, as ``theorem_lambda``, Theorem 3's eta = inf_x alpha^2(x) at G*, with alpha(x) the
        transport displacement |x - T(x)| = |x (1 - 1/sigma)| on |x| <= 10 sigma.
    """
    h = prox_wgan.abs_derivative(0.0)
    v_star = exact_wgan.w1(sigma, 1.0, 0.0)
    tol_abs = tol * (1 + v_star)

    def vec(lam):
        return lambda s, u: prox_wgan.prox_value_vec(sigma, s, u, h, lam)

    def exact(lam):
        return lambda s, u: prox_wgan.prox_value(sigma, s, u, h, lam, breaks=(0.0,))

    rows = [worst_generator(vec(float(lam)), t, n=n, exact=exact(float(lam))) for lam in lams]
    nash = -exact_wgan.nash_gap_at_best_response(sigma, 1.0, 0.0, t)
    S, U = _stackelberg_grid(t)
    stackelberg = float(np.min(exact_wgan.folded_mean(U, np.abs(sigma - S)))) - v_star
    xs = np.linspace(-10 * sigma, 10 * sigma, 20001)
    inf_alpha2 = float(np.min(np.abs(xs * (1 - 1 / sigma))))
    threshold = lambda_threshold(
        lambda lam: is_proximal_equilibrium(vec(lam), v_star, t, tol_abs, n=15, exact=exact(lam))[0],
        lam_lo=float(lams[0]), lam_hi=float(lams[-1]), rel_tol=1e-2)
    return GapCurve(lams=np.asarray(lams), gap=np.array([r.value - v_star for r in rows]),
                    worst_s=np.array([r.s for r in rows]), worst_u=np.array([r.u for r in rows]),
                    v_star=v_star, tol=tol_abs, nash=float(nash), stackelberg=stackelberg,
                    theorem_lambda=inf_alpha2, threshold=threshold, formula=math.nan, gap_at_theorem=math.nan,
                    G_star=(1.0, 0.0), D_star=(1.0, 0.0))


def power_fit(lams: np.ndarray, dips: np.ndarray, floor: float) -> tuple[float, float, int]:
    """Least-squares fit of dip = c lam^p on log-log axes over the smaller-lam half of the points above 100 floor.

    Parameters
    ----------
    lams : numpy.ndarray
        Increasing values of lam.
    dips : numpy.ndarray
        V(G*, D*) - min_G V_prox_lam(G, D*) at each lam (minus a :class:`GapCurve`'s ``gap``).
    floor : float
        The check's absolute tolerance: points with dip <= 100 floor are left out.

    Returns
    -------
    tuple of (float, float, int)
        (c, p, points used); (NaN, NaN, 0) when fewer than two points qualify.
    """
    ok = np.flatnonzero(dips > 100 * floor)
    ok = ok[: max(2, (len(ok) + 1) // 2)]
    if len(ok) < 2:
        return math.nan, math.nan, 0
    p, logc = np.polyfit(np.log(lams[ok]), np.log(dips[ok]), 1)
    return float(math.exp(logc)), float(p), len(ok)


def _stackelberg_grid(t: float) -> tuple[np.ndarray, np.ndarray]:
    return np.meshgrid(np.linspace(0, 1, STACKELBERG_GRID), np.linspace(-t, t, STACKELBERG_GRID))
