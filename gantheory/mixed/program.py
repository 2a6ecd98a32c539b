"""The computation of a mixed equilibrium mu*: fully corrective column generation (a Frank-Wolfe method
that re-optimises every atom) on the convex problem min over mu of Div(P, Q_mu).

A *responder* (one per game: :class:`gantheory.mixed.wgan.WGANMixedGame`, ...) supplies

* ``value(mix)`` = max_D V(mu, D) (the divergence or transport cost between P and Q_mu), and
* ``payoff(mix)`` -> an object with ``expectation(s, u)`` = h(s, u) = E_{Q_(s,u)}[T(D*)] and
  ``gradient(s, u)`` = (dh/ds, dh/du), where D* is the exact best response to Q_mu and T is the identity
  (WGAN, eq. (8)), the c-transform (W2GAN, eq. (9)) or f* (f-GAN, eq. (7)).

Since V(mu, D) = E_P[D] - int h_D dmu is linear in mu, Danskin's theorem gives the first variation of
value: d value / d w_i = -h(s_i, u_i) and d value / d(s_i, u_i) = -w_i grad h(s_i, u_i). The generator's
best deviation against D* maximises h, and its gain max h - int h dmu is the Nash gap of (mu, D*) in the
mixed extension (D* being a best response). The method alternates

1. pricing: maximise h over the generator set (a grid, refined by bounded L-BFGS);
2. if the gain exceeds ``tol``, add the maximiser as an atom and re-optimise all weights and atoms
   jointly (SLSQP on the simplex times the box, with the Danskin gradient); drop atoms of weight 0.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np
from scipy import optimize

from gantheory.mixed.support import Mixture, generator_grid, prune


class Payoff(Protocol):
    def expectation(self, s, u) -> np.ndarray: ...

    def gradient(self, s, u) -> tuple[np.ndarray, np.ndarray]: ...


class Responder(Protocol):
    t: float
    s_min: float

    def value(self, mix: Mixture) -> float: ...

    def payoff(self, mix: Mixture) -> Payoff: ...


@dataclass(frozen=True)
class Pricing:
    """The generator's best deviation against D*: argmax h = (s, u), h there, and the gain over mu."""

    s: float
    u: float
    h: float
    gain: float


@dataclass(frozen=True)
class MixedSolution:
    """mu* with its value and the (estimated, not certified) deviation gain of its last pricing step."""

    mixture: Mixture
    value: float
    gain: float
    iterations: int
    history: list[dict[str, Any]] = field(default_factory=list)


def price(payoff: Payoff, mix: Mixture, t: float, s_min: float = 0.0, n_s: int = 21, n_u: int = 41,
          refine: int = 4) -> Pricing:
    """max over (s, u) in [s_min, 1] x [-t, t] of h(s, u): a grid plus the atoms of mu, refined by L-BFGS-B.

    Parameters
    ----------
    payoff : Payoff
        h and its gradient.
    mix : Mixture
        The current mixed strategy (its atoms are candidate maximisers).
    t, s_min : float
        The generator set.
    n_s, n_u, refine : int
        Grid sizes and the number of grid maxima refined.

    Returns
    -------
    Pricing
    """
    S, U = generator_grid(t, n_s, n_u, s_min)
    S = np.concatenate([S, mix.s])
    U = np.concatenate([U, mix.u])
    vals = payoff.expectation(S, U)
    mean_h = float(np.sum(mix.w * payoff.expectation(mix.s, mix.u)))
    best_k = int(np.argmax(vals))
    best = (float(vals[best_k]), float(S[best_k]), float(U[best_k]))
    lo_s = max(s_min, 1e-9)  # the gradient needs s > 0; s = s_min = 0 stays a grid candidate

    def neg(x):
        return -float(payoff.expectation(x[0], x[1]))

    def neg_grad(x):
        g_s, g_u = payoff.gradient(x[0], x[1])
        return -np.array([float(g_s), float(g_u)])

    for k in np.argsort(-vals)[:refine]:
        x0 = [min(max(S[k], lo_s), 1.0), U[k]]
        res = optimize.minimize(neg, x0, jac=neg_grad, method="L-BFGS-B", bounds=[(lo_s, 1.0), (-t, t)],
                                options={"ftol": 1e-15, "gtol": 1e-12, "maxiter": 200})
        if -res.fun > best[0]:
            best = (float(-res.fun), float(res.x[0]), float(res.x[1]))
    return Pricing(best[1], best[2], best[0], best[0] - mean_h)


def polish(game: Responder, mix: Mixture, max_iter: int = 60) -> Mixture:
    """Re-optimise all weights and atoms of mu jointly: min value(mu) over the simplex times the box
    (SLSQP with the Danskin gradient); the result is kept only if it does not increase the value."""
    n = len(mix)
    lo_s = game.s_min

    def unpack(x):
        w = np.maximum(x[:n], 0.0)
        w = w / w.sum() if w.sum() > 0 else np.full(n, 1.0 / n)
        return Mixture(np.clip(x[n:2 * n], lo_s, 1.0), np.clip(x[2 * n:], -game.t, game.t), w)

    cache: dict[bytes, tuple[float, np.ndarray]] = {}

    def fg(x):
        key = x.tobytes()
        if key not in cache:
            m = unpack(x)
            P = game.payoff(m)
            h = P.expectation(m.s, m.u)
            s_safe = np.maximum(m.s, 1e-12)
            h_s, h_u = P.gradient(s_safe, m.u)
            cache[key] = (game.value(m), np.concatenate([-h, -m.w * h_s, -m.w * h_u]))
        return cache[key]

    x0 = np.concatenate([mix.w, mix.s, mix.u])
    bounds = [(0.0, 1.0)] * n + [(lo_s, 1.0)] * n + [(-game.t, game.t)] * n
    cons = [{"type": "eq", "fun": lambda x: np.sum(x[:n]) - 1.0, "jac": lambda x: np.r_[np.ones(n), np.zeros(2 * n)]}]
    res = optimize.minimize(lambda x: fg(x)[0], x0, jac=lambda x: fg(x)[1], method="SLSQP", bounds=bounds,
                            constraints=cons, options={"ftol": 1e-16, "maxiter": max_iter})
    cand = prune(unpack(res.x))
    return cand if game.value(cand) <= game.value(mix) else mix


def solve(game: Responder, start: Mixture | None = None, tol: float = 1e-10, max_iter: int = 30,
          max_seconds: float = math.inf) -> MixedSolution:
    """Fully corrective column generation for mu* = argmin over mu of value(mu).

    Parameters
    ----------
    game : Responder
        The game's exact responder.
    start : Mixture, optional
        The initial mixed strategy (default: the pure generator (s, u) = (1, 0)).
    tol : float
        Stop when the best deviation gains at most ``tol``.
    max_iter : int
        Maximum number of pricing steps.
    max_seconds : float
        Stop adding atoms after this wall time (the last pricing's gain is reported).

    Returns
    -------
    MixedSolution
    """
    mix = start if start is not None else Mixture.pure(1.0, 0.0)
    history = []
    pr = price(game.payoff(mix), mix, game.t, game.s_min)
    it = 0
    deadline = time.perf_counter() + max_seconds
    while it < max_iter:
        it += 1
        history.append({"atoms": len(mix), "value": game.value(mix), "gain": pr.gain})
        if pr.gain <= tol or time.perf_counter() > deadline:
            break
        w_new = 0.5 if len(mix) == 1 else 1.0 / (len(mix) + 1)
        grown = Mixture(np.r_[mix.s, pr.s], np.r_[mix.u, pr.u], np.r_[mix.w * (1 - w_new), w_new])
        mix = polish(game, grown if game.value(grown) < game.value(mix) else
                     Mixture(grown.s, grown.u, np.r_[mix.w * (1 - 1e-3), 1e-3]))
        pr = price(game.payoff(mix), mix, game.t, game.s_min)
    return MixedSolution(mix, game.value(mix), pr.gain, it, history)
