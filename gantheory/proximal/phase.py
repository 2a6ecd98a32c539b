"""One point of the (sigma, t) phase diagram: the minimal Nash gaps of Theorem 1's 1-D WGAN and W2GAN games
and the W2GAN's proximal threshold lam* (Theorem 2, Proposition 2).

With X ~ N(0, sigma^2), sigma > 1, and G(z) = s z + u, s in [0, 1], |u| <= t:

* the WGAN (eq. (8)) has minimal Nash gap E|t + Z| - E|Z| at (s, u) = (1, 0) (proofs/theorem_1_wgan);
* the W2GAN (eq. (9), cost eta |x - x'|^2, quadratic D) has eta (sigma - 1) t^2 at (1, 0)
  (proofs/theorem_1_w2gan);
* lam* is the largest lam for which the W2 minimiser (1, 0) and its best response are a lam-proximal
  equilibrium (eq. (11), Sobolev seminorm (15)), by bisection on log lam.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gantheory.certify.wgan import certify_min_gap
from gantheory.exact import w2gan as exact_w2gan
from gantheory.exact import wgan as exact_wgan
from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.equilibrium import lambda_threshold
from gantheory.proximal.thresholds import pe_w2

PHASE_KINDS = ("fine", "coarse")


def wgan_min_gap(t: float) -> float:
    """The minimal Nash gap of Theorem 1's 1-D WGAN game in closed form.

    Parameters
    ----------
    t : float
        The generator's mean bound |u| <= t.

    Returns
    -------
    float
        E|t + Z| - E|Z|, Z ~ N(0, 1): the gap at the minimiser (s, u) = (1, 0), for any sigma > 1
        (proofs/theorem_1_wgan).
    """
    return float(exact_wgan.folded_mean(t, 1.0) - exact_wgan.folded_mean(0.0, 1.0))


def w2gan_threshold(sigma: float, t: float, eta: float, n: int = 15, rel_tol: float = 1e-3) -> float:
    """The W2GAN's proximal threshold lam* at one (sigma, t).

    Parameters
    ----------
    sigma : float
        The data's scale, sigma > 1.
    t : float
        The generator's mean bound |u| <= t.
    eta : float
        The cost eta |x - x'|^2 of eq. (9).
    n : int
        The screening grid of Proposition 2's check (n x n over (s, u), one point refined).
    rel_tol : float
        The bisection's tolerance on log lam.

    Returns
    -------
    float
        The largest lam for which (G*, D*) = ((1, 0), D_{G*}) of the 1-D W2GAN game over quadratic D is a
        lam-proximal equilibrium (Proposition 2 against V(G*, D*), eq. (11)). The check's tolerance is
        1e-6 of the Nash gap eta (sigma - 1) t^2 (relative to 1 + |V*|), so it scales with the dip it must
        resolve.
    """
    game = W2GAN1D(sigma=sigma, t=t, eta=eta)
    tol = 1e-6 * eta * (sigma - 1) * t * t / (1 + eta * (sigma - 1) ** 2)  # scaled by (1 + |V*|) in pe_w2
    return lambda_threshold(lambda lam: pe_w2(game, lam, 1.0, 0.0, tol, n=n, refine=1)[0], rel_tol=rel_tol)


def phase_point(kind: str, sigma: float, t: float, eta: float, search: int = 0, n: int = 15) -> dict[str, Any]:
    """One point of the phase diagram (a top-level function, so that a sweep engine can ship it to workers).

    Parameters
    ----------
    kind : str
        ``"fine"``: the minimal Nash gaps of the WGAN (eq. (8)) and W2GAN (eq. (9)) games at the proven
        minimiser (s, u) = (1, 0). ``"coarse"``: those, plus the grid-search minima over ``search`` x
        ``search`` values of (s, u) in [0, 1] x [-t, t], the certified WGAN lower bound
        (:func:`gantheory.certify.wgan.certify_min_gap`) and lam* (:func:`w2gan_threshold` with ``n``).
    sigma, t, eta : float
        The data's scale sigma > 1, the generator bound t and the W2GAN cost eta.
    search, n : int
        The coarse point's search grid and threshold grid (unused for ``"fine"``).

    Returns
    -------
    dict
        ``wgan``, ``w2gan`` and, for ``"coarse"``, ``wgan_search``, ``w2gan_search``, ``cert_lower``,
        ``cert_converged``, ``threshold``.
    """
    if kind not in PHASE_KINDS:
        raise ValueError(f"kind must be one of {PHASE_KINDS}, got {kind!r}")
    out: dict[str, Any] = {"wgan": exact_wgan.nash_gap_at_best_response(sigma, 1.0, 0.0, t),
                           "w2gan": exact_w2gan.nash_gap_at_best_response(eta, sigma, W=np.ones((1, 1)), u=np.zeros(1),
                                                                          t=t)}
    if kind == "fine":
        return out
    ss = np.linspace(0.0, 1.0, search)
    us = np.linspace(-t, t, search)
    cert = certify_min_gap(sigma, t)
    out["cert_lower"], out["cert_converged"] = float(cert.lower), bool(cert.converged)
    out["wgan_search"] = min(exact_wgan.nash_gap_at_best_response(sigma, float(s), float(u), t)
                             for s in ss for u in us)
    out["w2gan_search"] = min(exact_w2gan.nash_gap_at_best_response(eta, sigma, W=np.array([[s]]), u=np.array([u]),
                                                                    t=t) for s in ss for u in us)
    out["threshold"] = w2gan_threshold(sigma, t, eta, n=n)
    return out
