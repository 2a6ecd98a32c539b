"""Best responses in the mixed extension of the 1-D Gaussian f-GAN game (eq. (7), Theorem 1).

V(mu, D) = E_P[D] - E_{Q_mu}[f*(D)] over unconstrained D, linear in mu; P = N(0, sigma^2),
Q_mu = sum_i w_i N(u_i, s_i^2) with s_i > 0. With R = log(p/q_mu) and, as in
:mod:`gantheory.games.divergences`, chi(v) = f'(e^v) and psi(v) = f*(f'(e^v)):

* the best response is D* = f'(p/q_mu) = chi(R) (pointwise sup of eq. (7)), and
  max_D V(mu, D) = int q_mu f(p/q_mu) dx;
* against D* a pure generator (s, u) pays E_P[D*] - h(s, u), h(s, u) = E[psi(R(u + s Z))] (s = 0: the
  point mass, psi(R(u))), with dh/du = E[psi'(R) R'] and dh/ds = E[Z psi'(R) R'] at u + s Z, psi'(v) =
  e^{2v} f''(e^v) and R'(x) = -x/sigma^2 - q_mu'(x)/q_mu(x).

Every expectation over Z is a trapezoid rule on z in [-14, 14] (step 0.04): spectrally accurate for these
analytic integrands, whose Gaussian decay persists since s <= 1 < sigma. Quadrature values, not enclosures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from gantheory import _validation as v
from gantheory.games.divergences import F_TABLE, FDivergence, Transform
from gantheory.mixed.support import Mixture

_Z = np.linspace(-14.0, 14.0, 701)
_WZ = np.exp(-0.5 * _Z**2) / math.sqrt(2 * math.pi) * (_Z[1] - _Z[0])
_WZ[[0, -1]] *= 0.5


def log_ratio(sigma: float, mix: Mixture, x: np.ndarray,
              derivative: bool = True) -> tuple[np.ndarray, np.ndarray | None]:
    """R(x) = log p(x) - log q_mu(x) and R'(x) (None unless ``derivative``), with log q_mu by log-sum-exp
    over the atoms, shifted by the largest term (no underflow in the tails)."""
    x = np.asarray(x, dtype=float)
    zc = (x[..., None] - mix.u) / mix.s
    logc = -0.5 * zc * zc - np.log(mix.s) + np.log(mix.w)
    top = np.max(logc, axis=-1, keepdims=True)
    shifted = np.exp(logc - top)
    total = np.sum(shifted, axis=-1, keepdims=True)
    logq = (top + np.log(total))[..., 0]
    logp = -0.5 * (x / sigma) ** 2 - math.log(sigma)
    if not derivative:
        return logp - logq, None
    resp = shifted / total  # posterior weights of the atoms
    dlogq = np.sum(resp * (-zc / mix.s), axis=-1)
    return logp - logq, -x / sigma**2 - dlogq


def _dtransform(T: Transform, v_: np.ndarray) -> np.ndarray:
    k = T.kappa
    if T.kind == "linear":
        return np.full_like(v_, T.scale * k)
    if T.kind == "exp":
        return T.scale * k * np.exp(k * v_)
    return T.scale * k * special.expit(k * v_)


@dataclass(frozen=True)
class FPayoff:
    """h(s, u) = E[psi(R(u + s Z))] against D* = f'(p/q_mu)."""

    div: FDivergence
    sigma: float
    mix: Mixture

    def _at(self, s, u):
        s, u = np.broadcast_arrays(np.asarray(s, dtype=float), np.asarray(u, dtype=float))
        return s, u, u[..., None] + s[..., None] * _Z

    def expectation(self, s, u) -> np.ndarray:
        s, u, x = self._at(s, u)
        R, _ = log_ratio(self.sigma, self.mix, x, derivative=False)
        with np.errstate(over="ignore"):
            return np.sum(self.div.psi(R) * _WZ, axis=-1)

    def gradient(self, s, u) -> tuple[np.ndarray, np.ndarray]:
        s, u, x = self._at(s, u)
        R, dR = log_ratio(self.sigma, self.mix, x)
        g = _dtransform(self.div.psi, R) * dR
        return np.sum(g * _Z * _WZ, axis=-1), np.sum(g * _WZ, axis=-1)

    def discriminator(self, x) -> np.ndarray:
        """D*(x) = f'(p/q_mu)(x)."""
        R, _ = log_ratio(self.sigma, self.mix, np.asarray(x, dtype=float), derivative=False)
        return self.div.chi(R)


def divergence(div: FDivergence, sigma: float, mix: Mixture) -> float:
    """int q_mu f(p/q_mu) dx, written as int m (q_mu f(p/q_mu)/m) with the defensive mixture
    m = (p + q_mu)/2, i.e. half the P-expectation plus the w_i/2-weighted N(u_i, s_i^2)-expectations of
    q_mu f(p/q_mu)/m: each on its own scale (narrow atoms and P's tails both resolved)."""
    locs = np.concatenate([[0.0], mix.u])
    scales = np.concatenate([[sigma], mix.s])
    weights = np.concatenate([[0.5], 0.5 * mix.w])
    x = locs[:, None] + scales[:, None] * _Z
    R, _ = log_ratio(sigma, mix, x, derivative=False)
    logp = -0.5 * (x / sigma) ** 2 - math.log(sigma)
    logq = logp - R
    log_m = np.logaddexp(logp, logq) - math.log(2.0)
    # q f(p/q)/m = (p/m) g(R) with g(R) = e^{-R} f(e^R); beyond R = 300 (e^R near the float range) g is
    # continued linearly (the table's f have f(r)/r = a log r + b + o(1) as r -> inf)
    cap = 300.0
    Rc = np.minimum(R, cap)
    with np.errstate(over="ignore", invalid="ignore"):
        g_cap = float(div.f(np.exp(cap)) * np.exp(-cap))
        slope = g_cap - float(div.f(np.exp(cap - 1.0)) * np.exp(-(cap - 1.0)))
        g = div.f(np.exp(Rc)) * np.exp(-Rc) + np.where(R > cap, (R - cap) * slope, 0.0)
    integrand = np.exp(logp - log_m) * g
    return float(np.sum(weights * np.sum(integrand * _WZ, axis=-1)))


@dataclass(frozen=True)
class FGANMixedGame:
    """The mixed extension of the 1-D f-GAN game (responder of :mod:`gantheory.mixed.program`).

    Parameters
    ----------
    key : str
        The f of :data:`gantheory.games.divergences.F_TABLE` ("kl", "js", ...).
    sigma, t : float
        Data scale and the bound |u| <= t.
    s_min : float
        The smallest spread of mu's atoms (> 0: the density ratio needs a density).
    """

    key: str
    sigma: float
    t: float
    s_min: float = 0.05

    def __post_init__(self) -> None:
        if self.key not in F_TABLE:
            raise ValueError(f"f must be one of {', '.join(F_TABLE)}, got {self.key!r}")
        v.positive("sigma", self.sigma)

    def value(self, mix: Mixture) -> float:
        return divergence(F_TABLE[self.key], self.sigma, mix)

    def payoff(self, mix: Mixture) -> FPayoff:
        return FPayoff(F_TABLE[self.key], self.sigma, mix)
