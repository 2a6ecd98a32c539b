"""The f-divergence table of the f-GAN objective, eq. (7): V(G, D) = E_P[D(X)] - E_Q[f*(D(G(Z)))].

Each entry carries f, f', the Fenchel conjugate f* and its domain (Nowozin et al. 2016, Tables 1-2).
Convention: with an unconstrained D (valued in dom f*), the supremum of eq. (7) is the integral of
q f(p/q) (q the generator's density), attained at D_G = f'(p/q) -- the reverse of the paper's d_f(P, Q) = int p f(q/p).

Writing r = p/q = exp(v) (v the log density ratio), the quantities the Gaussian games need are

* chi(v) = f'(e^v)            -- the optimal discriminator's value,
* psi(v) = f*(f'(e^v)) = e^v f'(e^v) - f(e^v) -- the generator's payoff against D_G.

psi'(v) = e^{2v} f''(e^v), so the paper's condition "t^2 f''(t) non-decreasing" (Theorem 1) is
exactly the convexity of psi; chi and psi are stored in the closed forms derived for each f below,
and the test-suite checks them against f, f' and f* of the table.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Envelope:
    """psi(v) <= C * exp(kappa * v) + B for every real v (kappa >= 0, C >= 0): the growth bound of a
    row's chi / psi that the certificates' tail integrals use."""

    C: float
    kappa: float
    B: float


def _softplus(x):
    return np.logaddexp(0.0, x)


@dataclass(frozen=True)
class Transform:
    """v -> scale * B(kappa * v) + shift with B = exp, identity ("linear") or softplus."""

    kind: str
    kappa: float
    scale: float
    shift: float

    def __call__(self, v):
        v = np.asarray(v, dtype=float)
        with np.errstate(over="ignore", invalid="ignore"):
            if self.kind == "exp":
                base = np.exp(self.kappa * v)
            elif self.kind == "linear":
                base = self.kappa * v
            elif self.kind == "softplus":
                base = _softplus(self.kappa * v)
            else:  # pragma: no cover - construction guards this
                raise ValueError(f"unknown transform kind {self.kind!r}")
            out = self.scale * base + self.shift
        return out


@dataclass(frozen=True)
class FDivergence:
    """One row of the f-table (eq. (7))."""

    key: str
    name: str
    f: Callable[[np.ndarray], np.ndarray]
    f_prime: Callable[[np.ndarray], np.ndarray]
    f_conj: Callable[[np.ndarray], np.ndarray]
    dom_sup: float  # dom f* = (-inf, dom_sup) (open) or R when inf
    chi: Transform  # f'(e^v)
    psi: Transform  # f*(f'(e^v))
    psi_envelope: Envelope  # psi(v) <= C exp(kappa v) + B
    chi_envelope: Envelope  # chi(v) <= C exp(kappa v) + B
    growth: float  # f(r) = O(r^growth (log r)) as r -> inf; decides finiteness of int q f(p/q)
    f_at_0: float  # lim_{r -> 0} f(r)
    f_prime_inf: float  # lim_{r -> inf} f(r)/r
    psi_convex: bool = False  # psi convex <=> t^2 f''(t) non-decreasing (analytic; tests compare)
    growth_at_0: float = 0.0  # f(r) = O(r^-g0) as r -> 0 (log growth counts as 0)

    def in_domain(self, u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        return np.isfinite(u) & ((u < self.dom_sup) if math.isfinite(self.dom_sup) else True)

    def conj(self, u: np.ndarray) -> np.ndarray:
        """f*(u), +inf outside dom f*."""
        u = np.asarray(u, dtype=float)
        inside = self.in_domain(u)
        safe = np.where(inside, u, self.dom_sup - 1.0 if math.isfinite(self.dom_sup) else 0.0)
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            val = self.f_conj(safe)
        return np.where(inside, val, np.inf)

    def t2_fpp(self, t: np.ndarray) -> np.ndarray:
        """t^2 f''(t) by the complex-step derivative of the table's f' (exact to rounding; independent
        of the stored chi / psi): f''(t) = Im f'(t + i h) / h with h = 1e-30 t."""
        t = np.asarray(t, dtype=float)
        h = 1e-30 * t
        return t * t * np.imag(self.f_prime(t + 1j * h)) / h


def _xlogx(t):
    t = np.asarray(t, dtype=float)
    return np.where(t > 0, t * np.log(np.where(t > 0, t, 1.0)), 0.0)


LOG2 = math.log(2.0)

F_TABLE: dict[str, FDivergence] = {
    d.key: d
    for d in [
        FDivergence(
            "kl", "KL", _xlogx, lambda t: 1 + np.log(t), lambda u: np.exp(u - 1), math.inf,
            chi=Transform("linear", 1.0, 1.0, 1.0), psi=Transform("exp", 1.0, 1.0, 0.0),
            psi_envelope=Envelope(1.0, 1.0, 0.0), chi_envelope=Envelope(1.0, 1.0, 0.0),
            growth=1.0, f_at_0=0.0, f_prime_inf=math.inf, psi_convex=True,
        ),
        FDivergence(
            "reverse_kl", "reverse KL", lambda t: -np.log(t), lambda t: -1 / t,
            lambda u: -1 - np.log(-u), 0.0,
            chi=Transform("exp", -1.0, -1.0, 0.0), psi=Transform("linear", 1.0, 1.0, -1.0),
            psi_envelope=Envelope(1.0, 1.0, 0.0), chi_envelope=Envelope(0.0, 0.0, 0.0),
            growth=0.0, f_at_0=math.inf, f_prime_inf=0.0, psi_convex=True,
        ),
        FDivergence(
            "pearson", "Pearson chi2", lambda t: (t - 1) ** 2, lambda t: 2 * (t - 1),
            lambda u: u * u / 4 + u, math.inf,
            chi=Transform("exp", 1.0, 2.0, -2.0), psi=Transform("exp", 2.0, 1.0, -1.0),
            psi_envelope=Envelope(1.0, 2.0, -1.0), chi_envelope=Envelope(2.0, 1.0, -2.0),
            growth=2.0, f_at_0=1.0, f_prime_inf=math.inf, psi_convex=True,
        ),
        FDivergence(
            "neyman", "Neyman chi2", lambda t: (1 - t) ** 2 / t, lambda t: 1 - 1 / t**2,
            lambda u: 2 - 2 * np.sqrt(1 - u), 1.0,
            chi=Transform("exp", -2.0, -1.0, 1.0), psi=Transform("exp", -1.0, -2.0, 2.0),
            psi_envelope=Envelope(0.0, 0.0, 2.0), chi_envelope=Envelope(0.0, 0.0, 1.0),
            growth=1.0, f_at_0=math.inf, f_prime_inf=1.0, growth_at_0=1.0,
        ),
        FDivergence(
            "squared_hellinger", "squared Hellinger", lambda t: (np.sqrt(t) - 1) ** 2,
            lambda t: 1 - 1 / np.sqrt(t), lambda u: u / (1 - u), 1.0,
            chi=Transform("exp", -0.5, -1.0, 1.0), psi=Transform("exp", 0.5, 1.0, -1.0),
            psi_envelope=Envelope(1.0, 0.5, -1.0), chi_envelope=Envelope(0.0, 0.0, 1.0),
            growth=1.0, f_at_0=1.0, f_prime_inf=1.0, psi_convex=True,
        ),
        FDivergence(
            "js", "Jensen-Shannon", lambda t: _xlogx(t) - (t + 1) * np.log((t + 1) / 2),
            lambda t: np.log(2 * t / (t + 1)), lambda u: -np.log(2 - np.exp(u)), LOG2,
            chi=Transform("softplus", -1.0, -1.0, LOG2), psi=Transform("softplus", 1.0, 1.0, -LOG2),
            psi_envelope=Envelope(1.0, 1.0, -LOG2), chi_envelope=Envelope(0.0, 0.0, LOG2),
            growth=1.0, f_at_0=LOG2, f_prime_inf=LOG2, psi_convex=True,
        ),
        FDivergence(
            "gan", "GAN (vanilla, eq. (6))", lambda t: _xlogx(t) - (t + 1) * np.log(t + 1),
            lambda t: np.log(t / (t + 1)), lambda u: -np.log(1 - np.exp(u)), 0.0,
            chi=Transform("softplus", -1.0, -1.0, 0.0), psi=Transform("softplus", 1.0, 1.0, 0.0),
            psi_envelope=Envelope(1.0, 1.0, 0.0), chi_envelope=Envelope(0.0, 0.0, 0.0),
            growth=1.0, f_at_0=0.0, f_prime_inf=0.0, psi_convex=True,
        ),
    ]
}


def get_divergence(key: str) -> FDivergence:
    try:
        return F_TABLE[key]
    except KeyError:
        raise ValueError(f"unknown f-divergence {key!r}; choose from {', '.join(F_TABLE)}") from None


def condition_t2_fpp_nondecreasing(div: FDivergence, n: int = 2001, lo: float = 1e-6, hi: float = 1e6,
                                   rtol: float = 1e-9) -> tuple[bool, float]:
    """Theorem 1's condition on f of eq. (7): t^2 f''(t) non-decreasing on (0, inf).

    Checked on a log-spaced grid from ``lo`` to ``hi`` with f'' from the complex-step derivative of
    f' (accurate to a few ulp). Returns (holds, worst relative decrease between consecutive grid
    points); a relative decrease larger than ``rtol`` (1e-9, far above the rounding of the complex
    step and far below any real decrease) refutes the condition.
    """
    t = np.logspace(math.log10(lo), math.log10(hi), n)
    g = div.t2_fpp(t)
    dec = (g[:-1] - g[1:]) / np.maximum(np.abs(g[:-1]), 1e-300)
    worst = float(np.max(dec))
    return worst <= rtol, worst
