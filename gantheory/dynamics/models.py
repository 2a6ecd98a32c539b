"""The exact one-dimensional Gaussian games whose training dynamics :mod:`gantheory.dynamics.simulation` simulates.

Data X ~ N(0, sigma^2) (sigma > 1), generator G(z) = w z + u with z ~ N(0, 1), feasible set |w| <= 1,
|u| <= t (Theorem 1's games; every generator update is followed by the Euclidean projection ``project_G``).
Parameters: theta = (w, u) for the generator, phi = the discriminator's parameters. Two games:

* :class:`W2GAN1D` -- the shared model :class:`gantheory.exact.w2gan_1d.W2GAN1D`: eq. (9) with cost
  eta (x - x')^2 over quadratic D(x) = a x^2 + b x, phi = (a, b), V = -inf for a >= eta (an iterate leaving
  a < eta counts as divergence). Sobolev seminorm of eq. (15) under P_X: 4 sigma^2 (a' - a)^2 + (b' - b)^2.
  Target (G*, D*) = ((1, 0), (eta (1 - 1/sigma), 0)): G* minimises W2, D* is its best response (the
  Stackelberg solution). It is *not* a Nash equilibrium: grad_theta V(G*, D*) = 0 but
  d^2 V/du^2 = 2 eta (1 - sigma) < 0, so u = 0 is a local *maximum* of V(., D*) for the minimising
  generator.
* :class:`WGAN1D` -- eq. (8) over the parametric 1-Lipschitz family D(x) = a |x - c|, |a| <= 1,
  phi = (a, c):

      V(w, u, a, c) = a (m(c, sigma) - m(u - c, |w|)),   m(mu, tau) = E|mu + tau Z|

  (:func:`gantheory.games.discriminators.folded_mean`). With dm/dmu = erf(mu / (tau sqrt 2)) and
  dm/dtau = sqrt(2/pi) exp(-mu^2 / (2 tau^2)) the gradients are closed-form. Sobolev seminorm (15):
  ||D' - D_k||^2 = E_P[(a sign(X - c) - a_k sign(X - c_k))^2]
                 = a^2 + a_k^2 - 2 a a_k (1 - 2 |Phi(c/sigma) - Phi(c_k/sigma)|),
  because sign(X - c) sign(X - c_k) = -1 exactly when X lies between c and c_k. It is *not* smooth in
  c at c = c_k: near there it is 4 a a_k phi(c_k/sigma)/sigma |c - c_k| + O((c - c_k)^2), an L1-type
  (sharp) proximal term; gradient ascent uses the subgradient with sign(0) = 0. Target
  (G*, D*) = ((1, 0), (1, 0)): G* minimises W1 over the feasible set, D* = |x| is its best response;
  again u = 0 is a local maximum of V(., D*) in u (Theorem 1: no Nash equilibrium).

Both games provide: ``name``, ``phi_names``, ``G_star``, ``D_star``, ``params()``, ``value``, ``grad_G``,
``grad_D``, ``grad``, ``penalty``, ``penalty_grad``, ``penalised``, ``ascent_fn``, ``project_G``,
``project_D``, ``has_domain``, ``in_domain`` and ``distance``.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from gantheory import _validation as v
from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.games.discriminators import folded_mean

__all__ = ["GAMES", "WGAN1D", "W2GAN1D", "Game1D", "make_game"]

SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
INV_SQRT2 = 1.0 / math.sqrt(2.0)


class WGAN1D:
    """The 1-D Gaussian WGAN game over D(x) = a |x - c|, |a| <= 1 (eq. (8)).

    Parameters
    ----------
    sigma : float
        Data scale, P_X = N(0, sigma^2); sigma > 1 (Theorem 1).
    t : float
        Bound |u| <= t; t > 0.
    """

    name = "wgan"
    phi_names = ("a", "c")
    G_star = (1.0, 0.0)

    def __init__(self, sigma: float = 1.25, t: float = 0.5):
        sigma = v.finite_scalar("sigma", sigma)
        if not sigma > 1:
            raise ValueError(f"sigma must be > 1 (Theorem 1's games), got {sigma}")
        self.sigma, self.t = sigma, v.positive("t", t)
        self.D_star = (1.0, 0.0)

    def project_G(self, w, u):
        """Euclidean projection onto |w| <= 1, |u| <= t (a box)."""
        return np.minimum(np.maximum(w, -1.0), 1.0), np.minimum(np.maximum(u, -self.t), self.t)

    def grad(self, w, u, a, c):
        """(dV/dw, dV/du, dV/da, dV/dc)."""
        return (*self.grad_G(w, u, a, c), *self.grad_D(w, u, a, c))

    def distance(self, w, u, a, c):
        """Euclidean parameter distance to (G*, D*); |w| is used since (w, u) and (-w, u) are the same generator."""
        pa, pc = self.D_star
        return np.sqrt((np.abs(w) - 1.0) ** 2 + u**2 + (a - pa) ** 2 + (c - pc) ** 2)

    def penalised(self, w, u, a, c, ak, ck, lam):
        """The inner objective of Algorithm 1 / eq. (11): V(G, D_phi) - lam ||D_phi - D_phi_k||^2."""
        return self.value(w, u, a, c) - lam * self.penalty(a, c, ak, ck)

    def params(self) -> dict:
        return {"sigma": self.sigma, "t": self.t}

    def value(self, w, u, a, c):
        return a * (folded_mean(c, self.sigma) - folded_mean(u - c, np.abs(w)))

    def grad_G(self, w, u, a, c):
        """dV/dw = -a sign(w) sqrt(2/pi) exp(-(u - c)^2 / (2 w^2)), dV/du = -a erf((u - c) / (|w| sqrt 2)); |w|
        is floored at 1e-300 (exact in floating point), and at w = 0 the subgradient 0 is taken in w."""
        s = np.maximum(np.abs(w), 1e-300)
        z = (u - c) / s
        return -a * np.sign(w) * SQRT_2_OVER_PI * np.exp(-0.5 * z * z), -a * special.erf(z * INV_SQRT2)

    def grad_D(self, w, u, a, c):
        """dV/da = m(c, sigma) - m(u - c, |w|), dV/dc = a (erf(c / (sigma sqrt 2)) + erf((u - c) / (|w| sqrt 2)))."""
        s = np.maximum(np.abs(w), 1e-300)
        da = folded_mean(c, self.sigma) - folded_mean(u - c, np.abs(w))
        dc = a * (special.erf(c * INV_SQRT2 / self.sigma) + special.erf((u - c) * INV_SQRT2 / s))
        return da, dc

    def _overlap(self, c, ck):
        """E_P[sign(X - c) sign(X - c_k)] = 1 - 2 |Phi(c/sigma) - Phi(c_k/sigma)|."""
        return 1.0 - 2.0 * np.abs(special.ndtr(c / self.sigma) - special.ndtr(ck / self.sigma))

    def penalty(self, a, c, ak, ck):
        """||D - D_k||^2 = a^2 + a_k^2 - 2 a a_k (1 - 2 |Phi(c/sigma) - Phi(c_k/sigma)|) (eq. (15))."""
        return a * a + ak * ak - 2 * a * ak * self._overlap(c, ck)

    def penalty_grad(self, a, c, ak, ck):
        """Gradient in (a, c); in c a subgradient with sign(0) = 0 at the kink c = c_k."""
        pa = 2 * a - 2 * ak * self._overlap(c, ck)
        dens = np.exp(-0.5 * (c / self.sigma) ** 2) / (self.sigma * math.sqrt(2 * math.pi))
        pc = 4 * a * ak * np.sign(c - ck) * dens  # sign(Phi(c/sigma) - Phi(c_k/sigma)) = sign(c - c_k)
        return pa, pc

    def ascent_fn(self, w, u, ak, ck, lam):
        """(a, c) -> grad_phi [V(G, D_phi) - lam ||D_phi - D_k||^2] for fixed G = (w, u), D_k = (ak, ck): the
        fused form of ``grad_D`` - lam ``penalty_grad`` (one erf and one exp per Gaussian; |w| is
        floored at 1e-300, which leaves every quantity exact in floating point)."""
        sig = self.sigma
        s = np.maximum(np.abs(w), 1e-300)
        xs, ys = INV_SQRT2 / sig, INV_SQRT2 / s
        ek = special.erf(ck * xs)  # 2 Phi(c_k / sigma) - 1
        dens0 = 1.0 / (sig * math.sqrt(2 * math.pi))
        l2, l4 = 2 * lam, 4 * lam * ak * dens0

        def f(a, c):
            x = c * xs
            e1, g1 = special.erf(x), np.exp(-x * x)
            d = u - c
            y = d * ys
            e2, g2 = special.erf(y), np.exp(-y * y)
            m1 = sig * SQRT_2_OVER_PI * g1 + c * e1  # m(c, sigma)
            m2 = s * SQRT_2_OVER_PI * g2 + d * e2  # m(u - c, |w|)
            overlap = 1.0 - np.abs(e1 - ek)
            return m1 - m2 - l2 * (a - ak * overlap), a * (e1 + e2) - l4 * a * np.sign(c - ck) * g1

        return f

    def project_D(self, a, c):
        return np.minimum(np.maximum(a, -1.0), 1.0), c

    has_domain = False

    def in_domain(self, a, c):
        return np.isfinite(a) & np.isfinite(c)


#: the games by name
GAMES = {"w2gan": W2GAN1D, "wgan": WGAN1D}
Game1D = W2GAN1D | WGAN1D


def make_game(name: str, **params: float) -> Game1D:
    """The game ``name`` ("w2gan" or "wgan") with ``params`` (sigma, t and, for the W2GAN, eta).

    Parameters
    ----------
    name : str
        "w2gan" or "wgan".
    **params : float
        The game's parameters (defaults: sigma = 1.25, t = 0.5, eta = 0.5).

    Returns
    -------
    W2GAN1D or WGAN1D
        The game.
    """
    if name not in GAMES:
        raise ValueError(f"unknown game {name!r}; known: {sorted(GAMES)}")
    return GAMES[name](**params)
