"""Training dynamics of the exact one-dimensional Gaussian games, with exact (analytic) gradients.

Data X ~ N(0, sigma^2) (sigma > 1), generator G(z) = w z + u with z ~ N(0, 1), feasible set |w| <= 1,
|u| <= t (Theorem 1's games; every generator update is followed by the Euclidean projection P onto it).
Parameters: theta = (w, u) for the generator, phi = the discriminator's parameters. Two games:

* :class:`W2GAN1D` -- eq. (9) with cost eta (x - x')^2 over quadratic D(x) = a x^2 + b x, phi = (a, b):

      V(w, u, a, b) = sigma^2 a - [((b + 2 eta u)^2 + 4 eta^2 w^2) / (4 (eta - a)) - eta (u^2 + w^2)]

  for a < eta (V = -inf otherwise; an iterate leaving a < eta counts as divergence). Sobolev seminorm
  of eq. (15) under P_X: ||D' - D||^2 = E_P[(D''(X) - D'(X))^2] = 4 sigma^2 (a' - a)^2 + (b' - b)^2.
  Target (G*, D*) = ((1, 0), (eta (1 - 1/sigma), 0)): G* minimises W2, D* is its best response (the
  Stackelberg solution). It is *not* a Nash equilibrium: grad_theta V(G*, D*) = 0 but
  d^2 V/du^2 = 2 eta (1 - sigma) < 0, so u = 0 is a local *maximum* of V(., D*) for the minimising
  generator.
* :class:`WGAN1D` -- eq. (8) over the parametric 1-Lipschitz family D(x) = a |x - c|, |a| <= 1,
  phi = (a, c):

      V(w, u, a, c) = a (m(c, sigma) - m(u - c, |w|)),   m(mu, tau) = E|mu + tau Z|

  (:func:`gantheory.exact.wgan.folded_mean`). With dm/dmu = erf(mu / (tau sqrt 2)) and
  dm/dtau = sqrt(2/pi) exp(-mu^2 / (2 tau^2)) the gradients are closed-form. Sobolev seminorm (15):
  ||D' - D_k||^2 = E_P[(a sign(X - c) - a_k sign(X - c_k))^2]
                 = a^2 + a_k^2 - 2 a a_k (1 - 2 |Phi(c/sigma) - Phi(c_k/sigma)|),
  because sign(X - c) sign(X - c_k) = -1 exactly when X lies between c and c_k. It is *not* smooth in
  c at c = c_k: near there it is 4 a a_k phi(c_k/sigma)/sigma |c - c_k| + O((c - c_k)^2), an L1-type
  (sharp) proximal term; gradient ascent uses the subgradient with sign(0) = 0. Target
  (G*, D*) = ((1, 0), (1, 0)): G* minimises W1 over the feasible set, D* = |x| is its best response;
  again u = 0 is a local maximum of V(., D*) in u (Theorem 1: no Nash equilibrium).

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
configurations of one game at once (vectorised over configurations); ``classify`` labels a
trajectory with the criteria stated in its docstring.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy import special

from gantheory.games.discriminators import folded_mean

METHODS = ("gda-sim", "gda-alt", "algorithm1")
SQRT_2_OVER_PI = math.sqrt(2.0 / math.pi)
INV_SQRT2 = 1.0 / math.sqrt(2.0)

# classification thresholds (see ``classify``)
CONVERGED_DISTANCE = 1e-6
DIVERGED_DISTANCE = 1e6


# ------------------------------------------------------------------------------------------------ games
class _Game1D:
    """Common part: data N(0, sigma^2), generators |w| <= 1, |u| <= t."""

    name = ""
    phi_names: tuple[str, str] = ("", "")

    def __init__(self, sigma: float = 1.25, t: float = 0.5):
        if not sigma > 1:
            raise ValueError(f"sigma must be > 1 (Theorem 1's games), got {sigma}")
        if not t > 0:
            raise ValueError(f"t must be > 0, got {t}")
        self.sigma, self.t = float(sigma), float(t)

    G_star = (1.0, 0.0)

    def project_G(self, w, u):
        """Euclidean projection onto |w| <= 1, |u| <= t (a box)."""
        return np.minimum(np.maximum(w, -1.0), 1.0), np.minimum(np.maximum(u, -self.t), self.t)

    def grad(self, w, u, p, q):
        """(dV/dw, dV/du, dV/dp, dV/dq) at theta = (w, u), phi = (p, q)."""
        return (*self.grad_G(w, u, p, q), *self.grad_D(w, u, p, q))

    def distance(self, w, u, p, q):
        """Euclidean parameter distance to (G*, D*); |w| is used since (w, u) and (-w, u) are the same
        generator."""
        pa, pb = self.D_star
        return np.sqrt((np.abs(w) - 1.0) ** 2 + u**2 + (p - pa) ** 2 + (q - pb) ** 2)

    def penalised(self, w, u, p, q, pk, qk, lam):
        """The inner objective of Algorithm 1 / eq. (11): V(G, D_phi) - lam ||D_phi - D_phi_k||^2."""
        return self.value(w, u, p, q) - lam * self.penalty(p, q, pk, qk)


class W2GAN1D(_Game1D):
    """The 1-D Gaussian W2GAN game over quadratic D(x) = a x^2 + b x, cost eta (x - x')^2 (eq. (9))."""

    name = "w2gan"
    phi_names = ("a", "b")

    def __init__(self, sigma: float = 1.25, t: float = 0.5, eta: float = 0.5):
        super().__init__(sigma, t)
        if not eta > 0:
            raise ValueError(f"eta must be > 0, got {eta}")
        self.eta = float(eta)
        self.D_star = (self.eta * (1.0 - 1.0 / self.sigma), 0.0)

    def params(self) -> dict:
        return {"sigma": self.sigma, "t": self.t, "eta": self.eta}

    def value(self, w, u, a, b):
        """V(G, D); -inf where a >= eta (the c-transform of D is -inf there)."""
        eta = self.eta
        m = eta - np.asarray(a, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            v = self.sigma**2 * a - (((b + 2 * eta * u) ** 2 + 4 * eta * eta * w * w) / (4 * m) - eta * (u * u + w * w))
        return np.where(m > 0, v, -np.inf)

    def grad_G(self, w, u, a, b):
        eta = self.eta
        m = eta - a
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(m > 0, eta / m, np.nan)
        return 2 * eta * w * (1 - r), 2 * eta * u - r * (b + 2 * eta * u)

    def grad_D(self, w, u, a, b):
        eta = self.eta
        m = eta - a
        with np.errstate(divide="ignore", invalid="ignore"):
            im = np.where(m > 0, 1.0 / m, np.nan)
        y = b + 2 * eta * u
        return self.sigma**2 - 0.25 * (y * y + 4 * eta * eta * w * w) * im * im, -0.5 * y * im

    def penalty(self, a, b, ak, bk):
        """||D - D_k||^2 = 4 sigma^2 (a - a_k)^2 + (b - b_k)^2 (eq. (15) under N(0, sigma^2))."""
        return 4 * self.sigma**2 * (a - ak) ** 2 + (b - bk) ** 2

    def penalty_grad(self, a, b, ak, bk):
        return 8 * self.sigma**2 * (a - ak), 2 * (b - bk)

    def ascent_fn(self, w, u, ak, bk, lam):
        """(a, b) -> grad_phi [V(G, D_phi) - lam ||D_phi - D_k||^2] for fixed G = (w, u), D_k = (ak, bk): the
        fused form of ``grad_D`` - lam ``penalty_grad`` used in the loops (no domain check: a >= eta is
        caught by ``in_domain``)."""
        eta, s2 = self.eta, self.sigma**2
        y0, C, la, lb = 2 * eta * u, 4 * eta * eta * w * w, 8 * s2 * lam, 2 * lam

        def f(a, b):
            im = 1.0 / (eta - a)
            y = b + y0
            return s2 - 0.25 * (y * y + C) * im * im - la * (a - ak), -0.5 * y * im - lb * (b - bk)

        return f

    def project_D(self, a, b):
        return a, b

    has_domain = True

    def in_domain(self, a, b):
        """a < eta: where V(G, D) is finite (leaving it is divergence)."""
        return np.asarray(a) < self.eta


class WGAN1D(_Game1D):
    """The 1-D Gaussian WGAN game over D(x) = a |x - c|, |a| <= 1 (eq. (8))."""

    name = "wgan"
    phi_names = ("a", "c")

    def __init__(self, sigma: float = 1.25, t: float = 0.5):
        super().__init__(sigma, t)
        self.D_star = (1.0, 0.0)

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


GAMES = {"w2gan": W2GAN1D, "wgan": WGAN1D}


def make_game(name: str, **params) -> _Game1D:
    if name not in GAMES:
        raise ValueError(f"unknown game {name!r}; known: {sorted(GAMES)}")
    return GAMES[name](**params)


# ------------------------------------------------------------------------------------------ dynamics
def inner_ascent(game: _Game1D, w, u, pk, qk, lam, gamma_D, T: int, record: bool = False):
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


def run_batch(game: _Game1D, configs: list[dict], steps: int, start) -> list[Trajectory]:
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


def run(game: _Game1D | str, method: str, lam: float = 0.0, gamma_G: float = 0.1, gamma_D: float = 0.1, T: int = 1,
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


# ------------------------------------------------------------------------------------------ classify
LABELS = ("converges", "slow", "stalls", "cycles", "diverges")


def describe(traj: Trajectory) -> dict:
    """The numbers behind ``classify``. With d the distance to (G*, D*) and n the number of outer steps,
    the *last tenth* is the final max(1, n // 10) steps (with the iterate before them):

    * ``final_distance`` d[n];
    * ``amplitude``: max over the four coordinates (w, u, phi) of (max - min) over the last tenth;
    * ``distance_range``: (min, max) of d over the last tenth;
    * ``envelope``: max of d over each of the last five tenths (oldest first);
    * ``diverged_at``: the first outer step with an invalid iterate (None if none).
    """
    d = traj.distance
    n = traj.steps
    tenth = max(1, n // 10)
    base = {"final_distance": float(d[-1]), "diverged_at": traj.diverged_at, "steps": n}
    if traj.diverged_at is not None or not np.all(np.isfinite(d)) or np.any(d > DIVERGED_DISTANCE):
        return {**base, "label": "diverges", "amplitude": math.inf, "distance_range": (math.nan, math.nan),
                "envelope": []}
    last = traj.iterates[n - tenth:]
    dl = d[n - tenth:]
    amp = float(np.max(last.max(axis=0) - last.min(axis=0)))
    env = [float(d[max(0, n - (i + 1) * tenth):n - i * tenth + 1].max()) for i in range(4, -1, -1)]
    shrinking = all(x > y for x, y in zip(env[:-1], env[1:], strict=True)) and env[-1] <= 0.99 * env[0]
    if d[-1] < CONVERGED_DISTANCE and d[-1] <= d[n - tenth]:
        label = "converges"
    elif amp <= 1e-3 * d[-1]:
        label = "stalls"
    elif shrinking:
        label = "slow"
    else:
        label = "cycles"
    return {**base, "label": label, "amplitude": amp, "distance_range": (float(dl.min()), float(dl.max())),
            "envelope": env}


def classify(traj: Trajectory) -> str:
    """Label a trajectory; criteria, checked in this order (d = distance to (G*, D*), see ``describe``):

    * ``"diverges"``: some iterate (inner iterates of Algorithm 1 included, for the domain) is not
      finite, leaves the game's domain (W2GAN: a >= eta, where V = -inf) or is farther than 1e6 from
      (G*, D*);
    * ``"converges"``: d[n] < 1e-6 and d did not grow across the last tenth (d[n] <= d at its start);
    * ``"stalls"``: at rest away from (G*, D*): every coordinate moved by at most 1e-3 d[n] over the
      last tenth (a fixed point elsewhere, or a crawl);
    * ``"slow"``: still approaching (G*, D*) but not within 1e-6: the maxima of d over the last five
      tenths strictly decrease, the last at most 0.99 times the first;
    * ``"cycles"``: everything else -- bounded, moving and not getting closer (a limit cycle or a
      bounded irregular orbit); ``describe`` gives the amplitude over the last tenth.

    The brief's three classes are converges / cycles / diverges; "stalls" and "slow" split off bounded
    runs that are neither orbits nor converged. Every label is relative to the horizon: an orbit whose
    period exceeds the run can look "slow", so the study sizes runs by the step size."""
    return describe(traj)["label"]
