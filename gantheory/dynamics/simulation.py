"""Simulated training dynamics of the exact 1-D Gaussian games (:mod:`gantheory.dynamics.models`).

Methods (all with exact gradients of the population objective, no sampling):

* ``"gda-sim"`` -- simultaneous gradient descent-ascent:
  phi_{k+1} = P_D(phi_k + gamma_D grad_phi V(theta_k, phi_k)),
  theta_{k+1} = P(theta_k - gamma_G grad_theta V(theta_k, phi_k)).
* ``"gda-alt"`` -- alternating GDA, discriminator first (as in Algorithm 1):
  phi_{k+1} as above, theta_{k+1} = P(theta_k - gamma_G grad_theta V(theta_k, phi_{k+1})).
* ``"algorithm1"`` -- Algorithm 1 of the paper (proximal training): at outer step k, starting from
  phi = phi_k, T projected gradient-ascent steps on the penalised objective of eq. (11),

      phi <- P_D(phi + gamma_D grad_phi [V(G_theta_k, D_phi) - lam ||D_phi - D_phi_k||^2]),

  give phi_{k+1}; then ONE generator step theta_{k+1} = P(theta_k - gamma_G grad_theta V(theta_k, phi_{k+1})).
  ``lam`` is in eq. (11)'s convention, lam ||D - D_k||^2 with the Sobolev norm (15) under the data
  law. Algorithm 1's display writes the penalty as (lam/2) (1/n) sum_i ||grad_x D_w(x_i) -
  grad_x D_{w_k}(x_i)||^2, a sample average of the same integrand: its lam is twice ours (and its
  sample average is replaced here by the exact expectation under P_X = N(0, sigma^2)).
  With T = 1 the penalty's gradient vanishes at phi = phi_k, so Algorithm 1 with T = 1 *is*
  alternating GDA for every lam; as T -> inf (small gamma_D) the inner loop converges to the proximal
  maximiser of eq. (11), and the generator step is then a gradient step on V_prox(., D_k)
  (Proposition 4, by Danskin's theorem).

``run`` simulates one configuration and returns a :class:`Trajectory`; ``run_batch`` simulates many
configurations of one game at once (vectorised over configurations);
:func:`gantheory.dynamics.classification.classify` labels a trajectory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from gantheory.dynamics.models import Game1D, make_game

__all__ = ["DIVERGED_DISTANCE", "METHODS", "Trajectory", "inner_ascent", "run", "run_batch"]

METHODS = ("gda-sim", "gda-alt", "algorithm1")
#: an iterate farther than this from (G*, D*) has diverged
DIVERGED_DISTANCE = 1e6


def inner_ascent(game: Game1D, w, u, pk, qk, lam, gamma_D, T: int, record: bool = False):
    """Algorithm 1's inner loop: T projected gradient-ascent steps on V(G, D_phi) - lam ||D_phi - D_phi_k||^2
    (eq. (11), Sobolev norm (15)) from phi = phi_k = (pk, qk). Returns (p, q), and with ``record`` also
    the penalised objective after each step (index 0: at phi_k). An iterate outside the domain (W2GAN:
    a >= eta) makes the result NaN from there on."""
    p, q = np.asarray(pk, dtype=float), np.asarray(qk, dtype=float)
    vals = [game.penalised(w, u, p, q, pk, qk, lam)] if record else None
    f = game.ascent_fn(w, u, p, q, lam)
    ok = np.ones(np.broadcast(p, q).shape, dtype=bool)
    with np.errstate(all="ignore"):
        for _ in range(T):
            gp, gq = f(p, q)
            p, q = game.project_D(p + gamma_D * gp, q + gamma_D * gq)
            if game.has_domain:
                ok = ok & game.in_domain(p, q)
                p, q = np.where(ok, p, np.nan), np.where(ok, q, np.nan)
            if record:
                vals.append(game.penalised(w, u, p, q, pk, qk, lam))
    return (p, q, np.array(vals)) if record else (p, q)


@dataclass
class Trajectory:
    """Outer iterates theta_k = (w_k, u_k), phi_k (index 0: the start) and the distance to (G*, D*)."""

    game: str
    method: str
    lam: float
    gamma_G: float
    gamma_D: float
    T: int
    theta: np.ndarray  # (steps + 1, 2)
    phi: np.ndarray  # (steps + 1, 2)
    distance: np.ndarray  # (steps + 1,)
    diverged_at: int | None = None  # first outer step whose iterate is invalid (NaN, out of domain, > 1e6)
    params: dict = field(default_factory=dict)

    @property
    def steps(self) -> int:
        return len(self.distance) - 1

    @property
    def iterates(self) -> np.ndarray:
        """(steps + 1, 4): w, u and the two discriminator parameters."""
        return np.hstack([self.theta, self.phi])


def _as_rows(n, x, dtype=float):
    a = np.asarray(x, dtype=dtype)
    return np.broadcast_to(a, (n,)).copy()


def run_batch(game: Game1D, configs: list[dict], steps: int, start) -> list[Trajectory]:
    """Simulate several configurations of one game at once (vectorised over configurations).

    Each config has ``method`` (one of METHODS), ``gamma_G``, ``gamma_D`` and, for Algorithm 1, ``lam``
    and ``T``. ``start`` = (w, u, p, q) is shared. A row whose iterate (inner iterates of Algorithm 1
    included) leaves the domain (W2GAN: a >= eta, so V = -inf), is not finite or gets farther than 1e6
    from (G*, D*) diverges there (``diverged_at``); its iterates from that outer step on are NaN."""
    n = len(configs)
    for c in configs:
        if c["method"] not in METHODS:
            raise ValueError(f"unknown method {c['method']!r}; known: {METHODS}")
    sim = np.array([c["method"] == "gda-sim" for c in configs])
    alg1 = [c["method"] == "algorithm1" for c in configs]
    lam = np.array([float(c.get("lam", 0.0)) if a1 else 0.0 for c, a1 in zip(configs, alg1, strict=True)])
    T = np.array([int(c.get("T", 1)) if a1 else 1 for c, a1 in zip(configs, alg1, strict=True)])
    if np.any(T < 1):
        raise ValueError("T must be >= 1")
    if np.any(lam < 0):
        raise ValueError("lam must be >= 0")
    gG = np.array([float(c["gamma_G"]) for c in configs])
    gD = np.array([float(c["gamma_D"]) for c in configs])
    w0, u0, p0, q0 = (float(x) for x in start)
    w, u = game.project_G(_as_rows(n, w0), _as_rows(n, u0))
    p, q = game.project_D(_as_rows(n, p0), _as_rows(n, q0))
    hist = np.empty((steps + 1, 4, n))
    hist[0] = w, u, p, q
    inside = np.ones((steps + 1, n), dtype=bool)
    Tmax = int(T.max())
    steps_D = [gD * (j < T) for j in range(Tmax)]  # a row with T <= j takes zero steps
    any_sim, all_sim = bool(sim.any()), bool(sim.all())
    with np.errstate(all="ignore"):
        for k in range(1, steps + 1):
            pk, qk = p, q
            f = game.ascent_fn(w, u, pk, qk, lam)
            ok = True
            for gDj in steps_D:
                gp, gq = f(p, q)
                p, q = game.project_D(p + gDj * gp, q + gDj * gq)
                if game.has_domain:  # an inner iterate outside the domain is divergence too
                    ok = ok & game.in_domain(p, q)
            if all_sim:
                pG, qG = pk, qk
            elif any_sim:
                pG, qG = np.where(sim, pk, p), np.where(sim, qk, q)
            else:
                pG, qG = p, q
            gw, gu = game.grad_G(w, u, pG, qG)
            w, u = game.project_G(w - gG * gw, u - gG * gu)
            hist[k] = w, u, p, q
            inside[k] = ok
    hist = hist.transpose(0, 2, 1)  # (steps + 1, n, 4)
    with np.errstate(all="ignore"):
        dist = game.distance(hist[..., 0], hist[..., 1], hist[..., 2], hist[..., 3])
        bad = ~(inside & np.all(np.isfinite(hist), axis=2) & (dist <= DIVERGED_DISTANCE))
        if game.has_domain:
            bad |= ~game.in_domain(hist[..., 2], hist[..., 3])
    bad = np.logical_or.accumulate(bad, axis=0)
    hist[bad] = np.nan
    dist[bad] = np.nan
    out = []
    for i, c in enumerate(configs):
        first = np.flatnonzero(bad[:, i])
        out.append(Trajectory(game.name, c["method"], float(lam[i]), float(gG[i]), float(gD[i]), int(T[i]),
                              hist[:, i, :2].copy(), hist[:, i, 2:].copy(), dist[:, i].copy(),
                              int(first[0]) if len(first) else None, game.params()))
    return out


def run(game: Game1D | str, method: str, lam: float = 0.0, gamma_G: float = 0.1, gamma_D: float = 0.1, T: int = 1,
        steps: int = 1000, start=None) -> Trajectory:
    """Simulate one configuration from ``start`` = (w, u, p, q) (default: (G*, D*)); ``game`` is a game
    object or a name ("w2gan", "wgan", default parameters).

    ``lam`` and ``T`` matter only for ``method="algorithm1"`` (Algorithm 1, penalty lam ||D - D_k||^2 of
    eq. (11) with the Sobolev norm (15)); GDA ignores them."""
    if isinstance(game, str):
        game = make_game(game)
    if start is None:
        start = (*game.G_star, *game.D_star)
    return run_batch(game, [{"method": method, "lam": lam, "gamma_G": gamma_G, "gamma_D": gamma_D, "T": T}],
                     steps, start)[0]
