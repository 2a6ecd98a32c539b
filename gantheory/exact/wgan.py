"""Closed forms of the one-dimensional Gaussian WGAN game (eq. (8), Theorem 1 third part, Remark 1).

P = N(0, sigma^2), Q_G = N(u, s^2) (s = |w|), V(G, D) = E_P[D] - E_Q[D] over 1-Lipschitz D.

* Integrating by parts, V(G, D) = int D'(x) (F_Q(x) - F_P(x)) dx, so the best responses are
  D' = sign(F_Q - F_P) wherever F_Q != F_P. For s != sigma the two CDFs cross once, at
  c = u sigma / (sigma - s), and D_G(x) = kappa |x - c| (+ any constant) with kappa = sign(sigma - s).
  For s = sigma, u != 0: D_G(x) = -sign(u) x. For Q = P every D is a best response.
* max_D V = W1(P, Q) = E|(sigma - s) Z - u| (the comonotone coupling).
* With m(mu, tau) = E|mu + tau Z| = tau sqrt(2/pi) exp(-mu^2/(2 tau^2)) + mu (1 - 2 Phi(-mu/tau))
  (the folded-normal mean, increasing in |mu| and in tau): E_P|x - c| = m(c, sigma) and
  E_Q|x - c| = m(u - c, s).
"""

from __future__ import annotations

import math

import numpy as np

from gantheory.games.base import BestResponse, Responder
from gantheory.games.discriminators import AbsDiscriminator, folded_mean
from gantheory.games.gaussian import LinearGenerator
from gantheory.games.wgan import WGANGame


def w1(sigma: float, s: float, u: float) -> float:
    """W1(P, Q_G), the discriminator's optimal value max_D V(G, D) in eq. (8).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2).
    s, u : float
        Generator G(z) = w z + u with s = |w|, Q_G = N(u, s^2).

    Returns
    -------
    float
        W1(N(0, sigma^2), N(u, s^2)) = m(u, |sigma - s|) (the comonotone coupling).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (8) and Theorem 1 (WGAN part).
    """
    return float(folded_mean(u, abs(sigma - s)))


def optimal_discriminator(sigma: float, s: float, u: float) -> AbsDiscriminator:
    """A best response D_G of eq. (8) (for Q_G = P the constant 0: every D is optimal there).

    Parameters
    ----------
    sigma : float
        Data scale, P = N(0, sigma^2).
    s, u : float
        Generator parameters, s = |w|, Q_G = N(u, s^2).

    Returns
    -------
    AbsDiscriminator
        kappa |x - c| with kappa = sign(sigma - s), c = u sigma/(sigma - s) when s != sigma; -sign(u) x
        when s = sigma and u != 0; the constant 0 when Q_G = P.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (8), Theorem 1 (WGAN part).
    """
    if s != sigma:
        return AbsDiscriminator(math.copysign(1.0, sigma - s), u * sigma / (sigma - s))
    if u != 0:
        return AbsDiscriminator(0.0, 0.0, -math.copysign(1.0, u))
    return AbsDiscriminator(0.0, 0.0, 0.0)


def value(sigma: float, s: float, u: float, D: AbsDiscriminator) -> float:
    """V(G, D) = E_P[D] - E_{Q_G}[D] of eq. (8) for Q_G = N(u, s^2), s = |w|.

    Parameters
    ----------
    sigma : float
        Data scale.
    s, u : float
        Generator parameters (s = |w|).
    D : AbsDiscriminator
        The discriminator.

    Returns
    -------
    float
        V(G, D).

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (8).
    """
    return D.mean_under(0.0, sigma) - D.mean_under(u, s)


def generator_best_response(D: AbsDiscriminator, t: float, remark1: bool = False) -> tuple[float, float, float]:
    """max over feasible (s', u') of E_{Q_G'}[D], i.e. the generator's best response min_G' V(G', D).

    For D = kappa|x - c|: kappa > 0 wants the widest spread and the mean farthest from c
    (s' = 1, u' = -t sign(c)); kappa < 0 the narrowest spread and the mean nearest c
    (s' = 0, or 1 under Remark 1's constraint; u' = clip(c, -t, t)). A linear D = slope x
    takes u' = t sign(slope). Combinations are searched over these candidates.

    Parameters
    ----------
    D : AbsDiscriminator
        The discriminator.
    t : float
        Mean budget, |u'| <= t.
    remark1 : bool
        Remark 1's generator set (s' = 1) instead of Theorem 1's (0 <= s' <= 1).

    Returns
    -------
    (float, float, float)
        (max E_{Q_G'}[D], s', u').

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (8), Theorem 1 and Remark 1.
    """
    s_cands = [1.0] if remark1 else [0.0, 1.0]
    u_cands = sorted({-t, t, float(np.clip(D.c, -t, t))})
    best = (-math.inf, 1.0, 0.0)
    for s in s_cands:
        for u in u_cands:
            val = D.mean_under(u, s)
            if val > best[0]:
                best = (val, s, u)
    return best


def nash_gap_at_best_response(sigma: float, s: float, u: float, t: float, remark1: bool = False) -> float:
    """Nash gap at (G, D_G): max_G' E_{Q_G'}[D_G] - E_{Q_G}[D_G].

    The infimum over best responses D_G: for Q_G = P the constant D attains gap 0.

    Parameters
    ----------
    sigma : float
        Data scale (game parameter).
    s, u : float
        Generator G(z) = w z + u, s = |w|.
    t : float
        Mean budget of the generator set.
    remark1 : bool
        Remark 1's generator set instead of Theorem 1's.

    Returns
    -------
    float
        The gap (>= 0).

    References
    ----------
    Farnia & Ozdaglar (2020), eqs. (2) and (8), Theorem 1 (WGAN part), Remark 1.
    """
    D = optimal_discriminator(sigma, s, u)
    best, _, _ = generator_best_response(D, t, remark1)
    return best - D.mean_under(u, s)


class WGANClosedForm(Responder):
    """Closed-form best responses of a :class:`~gantheory.games.wgan.WGANGame` (eq. (8)).

    The discriminator's: W1(P, Q_G), attained by kappa |x - c| (unique up to constants unless Q_G = P,
    where every D is optimal and the constant 0 is the representative attaining the infimal Nash gap).
    The generator's: against D = kappa |x - c| or D = slope x only (:func:`generator_best_response`).
    """

    def __init__(self, game: WGANGame) -> None:
        self.game = game

    def discriminator_best_response(self, G: LinearGenerator) -> BestResponse:
        game = self.game
        game.check_generator(G)
        s, u = abs(float(G.W[0, 0])), float(G.u[0])
        complete = not (s == game.data.sigma and u == 0)
        return BestResponse(w1(game.data.sigma, s, u), [optimal_discriminator(game.data.sigma, s, u)],
                            complete=complete)

    def generator_best_response(self, D: AbsDiscriminator) -> BestResponse:
        if not isinstance(D, AbsDiscriminator) or (D.kappa != 0 and D.slope != 0):
            raise ValueError("closed-form WGAN generator best responses need D = kappa|x - c| or D = slope x")
        gens = self.game.generators
        pay, s, u = generator_best_response(D, gens.t, gens.remark1)
        return BestResponse(D.mean_under(0.0, self.game.data.sigma) - pay, [LinearGenerator.scalar(s, u)])
