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
from dataclasses import dataclass

import numpy as np
from scipy import special

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)


def folded_mean(mu, tau):
    """m(mu, tau) = E|mu + tau Z|, Z ~ N(0, 1) (vectorised; tau >= 0)."""
    mu = np.abs(np.asarray(mu, dtype=float))
    tau = np.asarray(tau, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # r*r = inf gives exp(-inf) = 0: exact
        r = np.where(tau > 0, mu / np.where(tau > 0, tau, 1.0), np.inf)
        val = tau * SQRT_2_OVER_PI * np.exp(-0.5 * r * r) + mu * (1 - 2 * special.ndtr(-r))
    return np.where(tau > 0, val, mu)


@dataclass(frozen=True)
class AbsDiscriminator:
    """D(x) = kappa |x - c| + slope x, a 1-Lipschitz discriminator (|kappa| + |slope| <= 1)."""

    kappa: float
    c: float
    slope: float = 0.0

    def __call__(self, x):
        x = np.asarray(x, dtype=float)
        return self.kappa * np.abs(x - self.c) + self.slope * x

    def mean_under(self, m: float, tau: float) -> float:
        """E[D(m + tau Z)]."""
        return float(self.kappa * folded_mean(m - self.c, tau) + self.slope * m)


def w1(sigma: float, s: float, u: float) -> float:
    """W1(N(0, sigma^2), N(u, s^2))."""
    return float(folded_mean(u, abs(sigma - s)))


def optimal_discriminator(sigma: float, s: float, u: float) -> AbsDiscriminator:
    """A best response D_G; for Q = P the constant 0 (every D is optimal there)."""
    if s != sigma:
        return AbsDiscriminator(math.copysign(1.0, sigma - s), u * sigma / (sigma - s))
    if u != 0:
        return AbsDiscriminator(0.0, 0.0, -math.copysign(1.0, u))
    return AbsDiscriminator(0.0, 0.0, 0.0)


def value(sigma: float, s: float, u: float, D: AbsDiscriminator) -> float:
    """V(G, D) = E_P[D] - E_Q[D] for Q = N(u, s^2)."""
    return D.mean_under(0.0, sigma) - D.mean_under(u, s)


def generator_best_response(D: AbsDiscriminator, t: float, remark1: bool = False) -> tuple[float, float, float]:
    """min over feasible (s', u') of V(G', D), i.e. max of E_Q'[D]: returns (max E_Q'[D], s', u').

    For D = kappa|x - c|: kappa > 0 wants the widest spread and the mean farthest from c
    (s' = 1, u' = -t sign(c)); kappa < 0 the narrowest spread and the mean nearest c
    (s' = 0, or 1 under Remark 1's constraint; u' = clip(c, -t, t)). A linear D = slope x
    takes u' = t sign(slope). Combinations are searched over these candidates.
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
    """Nash gap at (G, D_G): max_G' E_Q'[D_G] - E_Q[D_G] (the infimum over best responses: for Q = P
    the constant D attains gap 0)."""
    D = optimal_discriminator(sigma, s, u)
    best, _, _ = generator_best_response(D, t, remark1)
    return best - D.mean_under(u, s)
