"""The mixed equilibrium of the 1-D WGAN game (8) beyond t^2 = 2 ln sigma: corners plus a plateau of point masses.

For t <= sqrt(2 ln sigma) the corner mixture with D* = |x| is the equilibrium (proofs/mixed_equilibrium.py). Beyond,
q_c = (N(-t, 1) + N(t, 1))/2 falls below p = N(0, sigma^2) around 0, and the equilibrium is

* mu* = (1 - m) (delta_(1,-t) + delta_(1,t))/2 + the point masses delta_(0,x) with density rho(x) = p(x) - (1 - m)
  q_c(x) on [-a, a] (so F_Q* = F_P on [-a, a]: Q* equals P there), m = (F_P(a) - G(a))/(1 - G(a)) with G the CDF
  of q_c (the mass condition (1 - m) + int rho = 1, equivalently F_Q*(-a) = F_P(-a));
* D*(x) = -(min(|x|, b) - a)_+ + (||x| - b)_+ (flat on [-a, a], slope -1 on a < |x| < b, +1 beyond), where
  F_Q*(b) = F_P(b) (b > a: D*' = sign(F_Q* - F_P) off the plateau, eq. (8) integrated by parts);
* a fixed by the indifference E D*(t + Z) = D*(0): the corners earn what the plateau's point masses earn.

mu* has a continuous part, so it is not finitely supported: the column generation of
:mod:`gantheory.mixed.program` only approximates it by ever narrower atoms.

The Nash gap of (mu*, D*) in the mixed extension, W1(P, Q*) - min_G V(G, D*), is bounded in interval arithmetic:
W1 - V(mu*, D*) = 2 int_{x > a} (|Delta| - D*' Delta) dx (Delta = F_Q* - F_P vanishes on [-a, a]), on cells by
monotonicity of both CDFs (certified-sign cells add nothing); int h dmu* = (1 - m) h(1, t) + m D*(0); max h over
the generator set by the branch and bound of :func:`gantheory.mixed.certify.max_h_upper`; m is enclosed from a.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special

from gantheory import _validation as v
from gantheory.certify import interval as iv
from gantheory.certify.interval import Interval
from gantheory.mixed.certify import expectation_enclosure, max_h_upper
from gantheory.mixed.support import Mixture
from gantheory.mixed.wgan import W1Potential

_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)


def _G(t: float, x):
    """The CDF of the corner law q_c = (N(-t, 1) + N(t, 1))/2."""
    return 0.5 * (special.ndtr(np.asarray(x, dtype=float) - t) + special.ndtr(np.asarray(x, dtype=float) + t))


def plateau_mass(sigma: float, t: float, a: float) -> float:
    """m(a) = (F_P(a) - G(a))/(1 - G(a)), the mass of the plateau.

    Parameters
    ----------
    sigma, t, a : float
        Data scale, the bound |u| <= t and the plateau's half-width.

    Returns
    -------
    float
    """
    return float((special.ndtr(a / sigma) - _G(t, a)) / (1.0 - _G(t, a)))


def potential(a: float, b: float) -> W1Potential:
    """D*(x) + (2 b - a) = |x - b| + |x + b| - (|x - a| + |x + a|)/2 as a :class:`W1Potential` (value 2 b - a on
    [-a, a]).

    Parameters
    ----------
    a, b : float
        The kinks, 0 < a < b.

    Returns
    -------
    W1Potential
    """
    return W1Potential(np.array([-b, -a, a, b]), np.array([1.0, -0.5, -0.5, 1.0]), 0.0)


def _crossing(sigma: float, t: float, a: float) -> float:
    """b > a with F_Q*(b) = F_P(b) (F_Q* = G + m (1 - G) beyond a)."""
    m = plateau_mass(sigma, t, a)

    def diff(x):
        return _G(t, x) + m * (1.0 - _G(t, x)) - special.ndtr(np.asarray(x, dtype=float) / sigma)

    xs = np.linspace(a, 10.0 * sigma + t, 4001)[1:]
    d = diff(xs)
    k = np.flatnonzero((d[:-1] < 0) & (d[1:] > 0))
    if len(k) == 0:
        raise ValueError(f"no plateau equilibrium: F_Q* - F_P has no sign change beyond a = {a:.6g}")
    return optimize.brentq(lambda x: float(diff(x)), xs[k[0]], xs[k[0] + 1], xtol=1e-15, rtol=1e-15)


def _indifference(sigma: float, t: float, a: float) -> float:
    b = _crossing(sigma, t, a)
    return float(potential(a, b).expectation(1.0, t)) - (2.0 * b - a)


@dataclass(frozen=True)
class PlateauEquilibrium:
    """mu* (corners of weight (1 - m)/2, plateau rho on [-a, a]) and D* (kinks at +-a, +-b); ``value`` = W1(P, Q*)."""

    sigma: float
    t: float
    a: float
    b: float
    m: float
    D: W1Potential
    value: float

    def atoms(self) -> list[dict[str, float]]:
        """The corners as atoms (the plateau is reported by a and m)."""
        w = 0.5 * (1.0 - self.m)
        return [{"s": 1.0, "u": -self.t, "weight": w}, {"s": 1.0, "u": self.t, "weight": w}]

    def rho(self, x) -> np.ndarray:
        """The plateau's density p - (1 - m) q_c on [-a, a] (0 outside)."""
        x = np.asarray(x, dtype=float)
        p = np.exp(-0.5 * (x / self.sigma) ** 2) * _INV_SQRT_2PI / self.sigma
        qc = 0.5 * (np.exp(-0.5 * (x - self.t) ** 2) + np.exp(-0.5 * (x + self.t) ** 2)) * _INV_SQRT_2PI
        return np.where(np.abs(x) <= self.a, p - (1.0 - self.m) * qc, 0.0)

    def cdf(self, x) -> np.ndarray:
        """F_Q*(x): G + m (1 - G) beyond a, F_P on [-a, a], (1 - m) G below -a."""
        x = np.asarray(x, dtype=float)
        g = _G(self.t, x)
        return np.where(x > self.a, g + self.m * (1.0 - g),
                        np.where(x < -self.a, (1.0 - self.m) * g, special.ndtr(x / self.sigma)))

    def sample(self, n: int, rng: np.random.Generator) -> np.ndarray:
        """n exact draws of Q*: a corner N(+-t, 1) with probability 1 - m, else rho/m by rejection on [-a, a]."""
        corner = rng.random(n) >= self.m
        out = rng.choice([-self.t, self.t], size=n) + rng.standard_normal(n)
        k = int(np.sum(~corner))
        top = float(self.rho(0.0)) if self.rho(0.0) >= self.rho(self.a) else float(self.rho(self.a))
        draws: list[np.ndarray] = []
        while sum(len(d) for d in draws) < k:
            y = rng.uniform(-self.a, self.a, 2 * k + 16)
            draws.append(y[rng.random(len(y)) * top * 1.01 <= self.rho(y)])
        out[~corner] = np.concatenate(draws)[:k] if k else out[~corner]
        return out

    def discretised(self, n: int = 41) -> Mixture:
        """A finite stand-in for mu* (plots, summaries): the corners and the plateau's mass on n cells of [-a, a] at
        their midpoints (point masses); not the equilibrium itself."""
        e = np.linspace(-self.a, self.a, n + 1)
        cell = np.diff(special.ndtr(e / self.sigma)) - (1.0 - self.m) * np.diff(_G(self.t, e))
        w = np.r_[0.5 * (1.0 - self.m), 0.5 * (1.0 - self.m), cell]
        return Mixture(np.r_[1.0, 1.0, np.zeros(n)], np.r_[-self.t, self.t, 0.5 * (e[:-1] + e[1:])], w / w.sum())


def solve_plateau(sigma: float, t: float) -> PlateauEquilibrium:
    """(a, b) from the indifference and crossing conditions (brentq in a inside (0, 2 x0), x0 the end of {p > q_c}).

    Parameters
    ----------
    sigma, t : float
        Data scale (> 1) and the bound |u| <= t, with t^2 > 2 ln sigma.

    Returns
    -------
    PlateauEquilibrium
    """
    sigma, t = v.positive("sigma", sigma), v.positive("t", t)
    if t * t <= 2.0 * math.log(sigma):
        raise ValueError(f"t: the plateau needs t^2 > 2 ln sigma (else the corner mixture is the equilibrium), got {t}")

    def log_ratio(x):  # log p - log q_c
        lq = np.logaddexp(-0.5 * (x - t) ** 2, -0.5 * (x + t) ** 2) - math.log(2.0)
        return -0.5 * (x / sigma) ** 2 - math.log(sigma) - lq

    xs = np.linspace(0.0, 10.0 * sigma + t, 4001)
    k0 = np.flatnonzero(log_ratio(xs) <= 0)
    if len(k0) == 0:
        raise ValueError(f"no plateau equilibrium at sigma = {sigma:g}, t = {t:g}: p > q_c everywhere")
    x0 = optimize.brentq(log_ratio, xs[k0[0] - 1], xs[k0[0]], xtol=1e-15)  # the end of {p > q_c} around 0
    # a in (0, 2 x0): rho >= 0 may reach beyond x0 (its factor 1 - m < 1); the certificate checks rho >= 0
    grid = np.unique(np.r_[np.geomspace(1e-6 * x0, 0.05 * x0, 40), np.linspace(0.05 * x0, 2.0 * x0, 200)])

    def safe(x):
        try:
            return _indifference(sigma, t, x)
        except ValueError:  # no crossing b beyond this a
            return math.nan

    vals = np.array([safe(x) for x in grid])
    k = np.flatnonzero(np.sign(vals[:-1]) * np.sign(vals[1:]) < 0)
    if len(k) == 0:
        raise ValueError(f"no plateau equilibrium at sigma = {sigma:g}, t = {t:g}: the indifference has no root")
    a = optimize.brentq(lambda x: _indifference(sigma, t, x), grid[k[0]], grid[k[0] + 1], xtol=1e-15, rtol=1e-15)
    if a > t:
        raise ValueError(f"no plateau equilibrium at sigma = {sigma:g}, t = {t:g}: the plateau [-a, a], a = {a:.6g}, "
                         "leaves the generator set |u| <= t")
    b = _crossing(sigma, t, a)
    m = plateau_mass(sigma, t, a)
    D = potential(a, b)
    # W1 = E_P D* - int h dmu* (D* is a best response; the certificate bounds the slack)
    e_p = float(np.sum(D.kappa * _folded(D.c, sigma)))
    value = e_p - ((1.0 - m) * float(D.expectation(1.0, t)) + m * (2.0 * b - a))
    return PlateauEquilibrium(sigma, t, a, b, m, D, value)


def _folded(c: np.ndarray, s: float) -> np.ndarray:
    z = c / s
    return 2.0 * s * np.exp(-0.5 * z * z) * _INV_SQRT_2PI + c * (1.0 - 2.0 * special.ndtr(-z))


def _mass_enclosure(sigma: float, t: float, a: float) -> Interval:
    A = Interval(np.array([a]))
    Gc = (iv.ndtr(A - t) + iv.ndtr(A + t)) * 0.5
    return (iv.ndtr(A / sigma) - Gc) / (1.0 - Gc)


def rho_lower(eq: PlateauEquilibrium, n_cells: int = 400) -> float:
    """A certified lower bound of rho = p - (1 - m) q_c on [-a, a] (by symmetry on [0, a]): >= 0 makes mu* a measure.

    Parameters
    ----------
    eq : PlateauEquilibrium
        The equilibrium of :func:`solve_plateau`.
    n_cells : int
        Cells of [0, a] (interval enclosures on each).

    Returns
    -------
    float
    """
    x = np.linspace(0.0, eq.a, n_cells + 1)
    X = Interval(x[:-1], x[1:])
    p = iv.exp((X / eq.sigma).square() * -0.5) * (_INV_SQRT_2PI / eq.sigma)
    qc = (iv.exp((X - eq.t).square() * -0.5) + iv.exp((X + eq.t).square() * -0.5)) * (0.5 * _INV_SQRT_2PI)
    m = _mass_enclosure(eq.sigma, eq.t, eq.a)
    r = p - qc * (1.0 - Interval(m.lo[0], m.hi[0]))
    return float(np.min(r.lo))


def w1_slack(eq: PlateauEquilibrium, n_cells: int = 2000, depth: int = 50, cell_tol: float = 1e-16) -> float:
    """Upper bound on W1(P, Q*) - V(mu*, D*) = 2 int_{x > a} (|Delta| - D*' Delta) dx (both sides).

    Parameters
    ----------
    eq : PlateauEquilibrium
        The equilibrium of :func:`solve_plateau`.
    n_cells, depth, cell_tol : optional
        The initial cells of [a, L], the bisection depth, and the contribution below which a cell is kept whole.

    Returns
    -------
    float
    """
    sigma, t, a, b = eq.sigma, eq.t, eq.a, eq.b
    m = _mass_enclosure(sigma, t, a)
    m_lo, m_hi = float(m.lo[0]), float(m.hi[0])
    L = 12.0 * sigma + t + 12.0
    edges = np.unique(np.concatenate([np.linspace(a, L, n_cells + 1), [b]]))
    lo_x, hi_x = edges[:-1], edges[1:]
    total = 0.0
    for level in range(depth + 1):
        X1, X2 = Interval(lo_x), Interval(hi_x)
        G1 = (iv.ndtr(X1 - t) + iv.ndtr(X1 + t)) * 0.5
        G2 = (iv.ndtr(X2 - t) + iv.ndtr(X2 + t)) * 0.5
        fq_lo = G1.lo + m_lo * (1.0 - G1.hi)  # G + m (1 - G) increases in x and in m
        fq_hi = G2.hi + m_hi * (1.0 - G2.lo)
        d_lo = fq_lo - iv.ndtr(X2 / sigma).hi
        d_hi = fq_hi - iv.ndtr(X1 / sigma).lo
        inner = 0.5 * (lo_x + hi_x) < b  # D*' = -1 on (a, b): integrand 2 Delta_+; +1 beyond: 2 Delta_-
        contrib = 2.0 * (hi_x - lo_x) * np.where(inner, np.maximum(d_hi, 0.0), np.maximum(-d_lo, 0.0))
        contrib = np.nextafter(contrib, np.inf)
        # split only cells whose sign is undecided: a certified sign gives the cell's final contribution (0 when it
        # agrees with D*', else the discriminator is not a best response there and splitting would not end)
        undecided = (d_lo < 0) & (d_hi > 0)
        done = (contrib <= cell_tol) | ~undecided | (level == depth)
        total += float(np.sum(contrib[done]))
        if np.all(done):
            break
        lo_x, hi_x = lo_x[~done], hi_x[~done]
        mid = 0.5 * (lo_x + hi_x)
        lo_x, hi_x = np.concatenate([lo_x, mid]), np.concatenate([mid, hi_x])
    # beyond L: 2 Delta_- <= 2 (1 - F_P), int_L^inf (1 - F_P) <= sigma phi(L/sigma)
    tail = 2.0 * sigma * math.exp(-0.5 * (L / sigma) ** 2) * _INV_SQRT_2PI
    return float(np.nextafter(2.0 * (total + tail) * (1 + 1e-12), np.inf))


@dataclass(frozen=True)
class PlateauGap:
    """Certified Nash gap of (mu*, D*) <= upper, with its parts."""

    upper: float
    w1_slack: float
    deviation_upper: float
    rho_lower: float
    boxes: int
    converged: bool


def gap_upper(eq: PlateauEquilibrium, max_seconds: float = 60.0) -> PlateauGap:
    """Certified upper bound on the Nash gap of (mu*, D*) in the mixed extension of the WGAN game (8).

    Parameters
    ----------
    eq : PlateauEquilibrium
        mu* and D* from :func:`solve_plateau`.
    max_seconds : float
        Wall-time limit of the branch and bound over the generator set.

    Returns
    -------
    PlateauGap
        ``upper`` is inf when rho's lower bound is negative or a > t (mu* would not be a measure on the generator
        set).
    """
    rl = rho_lower(eq)
    slack = w1_slack(eq)
    cand = Mixture(np.array([1.0, 1.0, 0.0, 0.0, 0.0]), np.array([-eq.t, eq.t, -0.5 * eq.a, 0.0, 0.5 * eq.a]),
                   np.full(5, 0.2))
    h_max, boxes, conv = max_h_upper(eq.D, eq.t, cand, max_seconds=max_seconds)
    m = _mass_enclosure(eq.sigma, eq.t, eq.a)
    m_i = Interval(m.lo[0], m.hi[0])
    h_corner = expectation_enclosure(eq.D, Interval(np.array([1.0])), Interval(np.array([eq.t])))
    mid = Interval(np.array([2.0 * eq.b])) - eq.a
    mean = (1.0 - m_i) * Interval(h_corner.lo[0], h_corner.hi[0]) + m_i * Interval(mid.lo[0], mid.hi[0])
    dev = float(np.nextafter(h_max - float(mean.lo), np.inf))
    feasible = rl >= 0 and eq.a <= eq.t  # mu* is a probability measure on the generator set
    upper = float(np.nextafter(slack + max(dev, 0.0) * (1 + 1e-15), np.inf)) if feasible else math.inf
    return PlateauGap(upper, slack, dev, rl, boxes, conv)
