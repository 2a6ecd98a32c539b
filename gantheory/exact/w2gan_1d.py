"""The exact one-dimensional Gaussian W2GAN game over quadratic discriminators (d = k = 1): one model shared by
:mod:`gantheory.proximal`, :mod:`gantheory.dynamics`, the claims, the figures and the proofs.

Data P_X = N(0, sigma^2) with sigma > 1, generators G(z) = w z + u with z ~ N(0, 1), so Q_G = N(u, s^2) with
s = |w|, feasible for |w| <= 1 and |u| <= t (Theorem 1's game). The cost is eta (x - x')^2 (eq. (9)) and the
discriminators are the quadratics D(x) = a x^2 + b x, c-concave iff a <= eta. For a < eta the c-transform is
D^c(y) = (b + 2 eta y)^2 / (4 (eta - a)) - eta y^2, and eq. (9) gives

    V(G, D) = sigma^2 a - [((b + 2 eta u)^2 + 4 eta^2 s^2) / (4 (eta - a)) - eta (u^2 + s^2)]

(V = -inf for a >= eta). V depends on w only through w^2, so every formula takes s or w alike.

* The best response (Brenier potential, Prop. 2's D*) is D_G = (eta (1 - s/sigma), -2 eta u) and
  max_D V(G, D) = eta ((sigma - s)^2 + u^2) = eta W2^2(P_X, Q_G); the W2 minimiser is G* = (1, 0).
* The Sobolev seminorm of eq. (15) under P_X: ||D' - D||^2 = E_P[(D''(X) - D'(X))^2]
  = 4 sigma^2 (a' - a)^2 + (b' - b)^2.
* V_prox of eq. (11) over the quadratic family: ``prox_value_1d`` (b' eliminated in closed form, a
  golden-section search in eta - a').

``value_expression`` is V as one arithmetic expression: it evaluates on floats, numpy arrays and sympy symbols
(the proofs in ``proofs/`` take V from it). The game d >= 1 is :class:`gantheory.games.w2gan.W2GANGame`;
at d = 1 the two agree (tests/exact/test_w2gan_1d.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy import optimize

from gantheory import _validation as v

FAMILY = "quadratic discriminators a x^2 + b x (a <= eta)"


def value_expression(sigma: Any, eta: Any, s: Any, u: Any, a: Any, b: Any) -> Any:
    """V(G, D) of eq. (9) for D(x) = a x^2 + b x with a < eta, as one arithmetic expression.

    Parameters
    ----------
    sigma, eta : float, array or sympy expression
        Data scale (P_X = N(0, sigma^2)) and cost weight (cost eta (x - x')^2).
    s, u : float, array or sympy expression
        Generator spread s = |w| (or w itself: only w^2 enters) and mean u of Q_G = N(u, s^2).
    a, b : float, array or sympy expression
        Discriminator coefficients, a < eta (no domain check here: see :meth:`W2GAN1D.value`).

    Returns
    -------
    float, array or sympy expression
        sigma^2 a - [((b + 2 eta u)^2 + 4 eta^2 s^2) / (4 (eta - a)) - eta (u^2 + s^2)].

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9) and Theorem 1.
    """
    return sigma**2 * a - (((b + 2 * eta * u) ** 2 + 4 * eta * eta * s * s) / (4 * (eta - a)) - eta * (u * u + s * s))


class W2GAN1D:
    """The 1-D Gaussian W2GAN game over quadratic D(x) = a x^2 + b x (module docstring).

    Parameters
    ----------
    sigma : float
        Data scale, P_X = N(0, sigma^2); sigma > 1 (Theorem 1).
    t : float
        Bound |u| <= t on the generator's mean (|w| <= 1 is fixed); t > 0.
    eta : float
        Cost weight, c(x, x') = eta (x - x')^2; eta > 0.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (9), (11), (15), Theorem 1, Theorem 2.
    """

    name = "w2gan"
    family = FAMILY
    phi_names = ("a", "b")
    #: V is finite only for a < eta (``in_domain``); an iterate leaving it counts as divergence in the dynamics
    has_domain = True
    #: the W2-minimising generator (w, u) = (1, 0)
    G_star = (1.0, 0.0)

    def __init__(self, sigma: float = 1.25, t: float = 0.5, eta: float = 0.5):
        sigma = v.finite_scalar("sigma", sigma)
        if not sigma > 1:
            raise ValueError(f"sigma must be > 1 (Theorem 1's games), got {sigma}")
        self.sigma, self.t, self.eta = sigma, v.positive("t", t), v.positive("eta", eta)
        #: the best response to G*: (eta (1 - 1/sigma), 0)
        self.D_star = (self.eta * (1.0 - 1.0 / self.sigma), 0.0)

    def params(self) -> dict[str, float]:
        """The game's parameters {sigma, t, eta}."""
        return {"sigma": self.sigma, "t": self.t, "eta": self.eta}

    # ------------------------------------------------------------------------------------ V and D*
    def value(self, s, u, a, b) -> np.ndarray:
        """V(G, D) of eq. (9) (``value_expression``), -inf where a >= eta (D^c = +inf there).

        Parameters
        ----------
        s, u : float or array
            Generator (s = |w|, or w), broadcast against a, b.
        a, b : float or array
            Discriminator D(x) = a x^2 + b x.

        Returns
        -------
        numpy.ndarray
            V (a 0-d array for scalar input).
        """
        s, u, a, b = (np.asarray(x, dtype=float) for x in (s, u, a, b))
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            val = value_expression(self.sigma, self.eta, s, u, a, b)
        return np.where(self.eta - a > 0, val, -np.inf)

    def D_of(self, s, u) -> tuple[Any, Any]:
        """The optimal discriminator D_G = (a, b) = (eta (1 - s/sigma), -2 eta u) of G = (s, u) (Theorem 2's
        D^theta)."""
        return self.eta * (1 - s / self.sigma), -2 * self.eta * u

    def divergence(self, s, u) -> Any:
        """max_D V(G, D) = V(G, D_G) = eta ((sigma - s)^2 + u^2) = eta W2^2(P_X, Q_G)."""
        return self.eta * (u * u + (self.sigma - s) ** 2)

    def minimiser(self) -> tuple[float, float]:
        """The W2-minimising feasible generator (s, u) (analytically (1, 0)), computed without the closed form: a
        21 x 21 grid over s in [0, 1], |u| <= t refined by bounded L-BFGS-B on ``divergence``.

        Returns
        -------
        tuple of float
            (s, u) of the minimiser found.
        """
        S, U = np.meshgrid(np.linspace(0, 1, 21), np.linspace(-self.t, self.t, 21))
        vals = np.array([self.divergence(s, u) for s, u in zip(S.ravel(), U.ravel(), strict=True)])
        k = int(np.argmin(vals))
        res = optimize.minimize(lambda q: self.divergence(q[0], q[1]), [S.ravel()[k], U.ravel()[k]],
                                method="L-BFGS-B", bounds=[(0, 1), (-self.t, self.t)])
        return float(res.x[0]), float(res.x[1])

    # ------------------------------------------------------------------------------------ gradients
    def grad_G(self, w, u, a, b):
        """(dV/dw, dV/du) = (2 eta w (1 - r), 2 eta u - r (b + 2 eta u)) with r = eta / (eta - a); NaN where
        a >= eta."""
        eta = self.eta
        m = eta - a
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(m > 0, eta / m, np.nan)
        return 2 * eta * w * (1 - r), 2 * eta * u - r * (b + 2 * eta * u)

    def grad_D(self, w, u, a, b):
        """(dV/da, dV/db) = (sigma^2 - ((b + 2 eta u)^2 + 4 eta^2 w^2) / (4 (eta - a)^2),
        -(b + 2 eta u) / (2 (eta - a))); NaN where a >= eta."""
        eta = self.eta
        m = eta - a
        with np.errstate(divide="ignore", invalid="ignore"):
            im = np.where(m > 0, 1.0 / m, np.nan)
        y = b + 2 * eta * u
        return self.sigma**2 - 0.25 * (y * y + 4 * eta * eta * w * w) * im * im, -0.5 * y * im

    def grad(self, w, u, a, b):
        """(dV/dw, dV/du, dV/da, dV/db)."""
        return (*self.grad_G(w, u, a, b), *self.grad_D(w, u, a, b))

    # ------------------------------------------------------------------------ the Sobolev penalty (15)
    def penalty(self, a, b, ak, bk):
        """||D - D_k||^2 = 4 sigma^2 (a - a_k)^2 + (b - b_k)^2 (eq. (15) under P_X = N(0, sigma^2))."""
        return 4 * self.sigma**2 * (a - ak) ** 2 + (b - bk) ** 2

    def penalty_grad(self, a, b, ak, bk):
        """The gradient (8 sigma^2 (a - a_k), 2 (b - b_k)) of ``penalty`` in (a, b)."""
        return 8 * self.sigma**2 * (a - ak), 2 * (b - bk)

    def penalised(self, w, u, a, b, ak, bk, lam):
        """The objective of eq. (11) (Algorithm 1's inner loop): V(G, D) - lam ||D - D_k||^2."""
        return self.value(w, u, a, b) - lam * self.penalty(a, b, ak, bk)

    def ascent_fn(self, w, u, ak, bk, lam) -> Callable:
        """(a, b) -> grad_(a, b) [V(G, D) - lam ||D - D_k||^2] for fixed G = (w, u), D_k = (ak, bk): ``grad_D`` -
        lam ``penalty_grad`` fused for the loops (no domain check: a >= eta is caught by ``in_domain``)."""
        eta, s2 = self.eta, self.sigma**2
        y0, C, la, lb = 2 * eta * u, 4 * eta * eta * w * w, 8 * s2 * lam, 2 * lam

        def f(a, b):
            im = 1.0 / (eta - a)
            y = b + y0
            return s2 - 0.25 * (y * y + C) * im * im - la * (a - ak), -0.5 * y * im - lb * (b - bk)

        return f

    def project_G(self, w, u):
        """Euclidean projection onto the feasible set |w| <= 1, |u| <= t (a box)."""
        return np.minimum(np.maximum(w, -1.0), 1.0), np.minimum(np.maximum(u, -self.t), self.t)

    def distance(self, w, u, a, b):
        """Euclidean parameter distance of (w, u, a, b) to (G*, D*); |w| is used since (w, u) and (-w, u) are the
        same generator."""
        pa, pb = self.D_star
        return np.sqrt((np.abs(w) - 1.0) ** 2 + u**2 + (a - pa) ** 2 + (b - pb) ** 2)

    def project_D(self, a, b):
        """The discriminators are unconstrained in (a, b) (a < eta is the domain, see ``in_domain``)."""
        return a, b

    def in_domain(self, a, b):
        """a < eta: where V(G, D) is finite."""
        return np.asarray(a) < self.eta

    # ------------------------------------------------------------------------------------ V_prox (11)
    def vprox(self, lam: float, a: float, b: float) -> Callable[[np.ndarray, np.ndarray], np.ndarray]:
        """V_prox_lam(., D) of eq. (11) over the quadratic family, as a vectorised function of (s, u).

        Parameters
        ----------
        lam : float
            lambda of eq. (11) (penalty lam ||D' - D||^2, Sobolev norm (15)), > 0.
        a, b : float
            The fixed discriminator D(x) = a x^2 + b x.

        Returns
        -------
        callable
            (s, u) -> V_prox_lam(G_(s, u), D) (``prox_value_1d``), broadcast over arrays.
        """
        return lambda s, u: prox_value_1d(self.eta, lam, self.sigma**2, s, u, a, b)[0]


def prox_value_1d(eta: float, lam: float, sigma_x2: float, s, u, a: float, b: float,
                  iters: int = 64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Vectorised V_prox_lam(G, D) of eq. (11) for d = k = 1 over generators (s, u) and D(x) = a x^2 + b x.

    With b' eliminated the objective is concave in m = eta - a' > 0, hence unimodal in log m; a
    golden-section search on log m in [1e-14, 1e4 (1 + eta + |a|)] finds the maximiser to ~1e-15
    relative (64 golden-section steps shrink the log-interval by 0.618^64 ~ 4e-14).

    Parameters
    ----------
    eta : float
        Cost weight of eq. (9).
    lam : float
        lambda of eq. (11), with the Sobolev norm (15) under P_X = N(0, sigma_x2).
    sigma_x2 : float
        Data variance sigma^2.
    s, u : float or array
        Generators G = N(u, s^2) (broadcast together).
    a, b : float
        The discriminator D.
    iters : int
        Golden-section steps.

    Returns
    -------
    tuple of arrays
        (V_prox, a', b'): the value and the maximising D' = a' x^2 + b' x.

    References
    ----------
    Farnia & Ozdaglar (2020), eq. (11), (15); Definition 1.
    """
    s = np.asarray(s, dtype=float)
    u = np.asarray(u, dtype=float)
    s, u = np.broadcast_arrays(s, u)

    def F(m):
        bp = (4 * lam * b * m - 2 * eta * u) / (1 + 4 * lam * m)
        YY = (bp + 2 * eta * u) ** 2 + 4 * eta * eta * s * s
        val = (sigma_x2 * (eta - m) - 0.25 * YY / m + eta * (u * u + s * s)
               - lam * (4 * sigma_x2 * (eta - m - a) ** 2 + (bp - b) ** 2))
        return val, bp

    lo = np.full(s.shape, math.log(1e-14))
    hi = np.full(s.shape, math.log(1e4 * (1 + eta + abs(a))))
    r = (math.sqrt(5) - 1) / 2
    x1 = hi - r * (hi - lo)
    x2 = lo + r * (hi - lo)
    f1, _ = F(np.exp(x1))
    f2, _ = F(np.exp(x2))
    for _ in range(iters):
        left = f1 >= f2  # the maximiser lies in [lo, x2]: keep x1 as the new upper interior point
        hi = np.where(left, x2, hi)
        lo = np.where(left, lo, x1)
        x_new = np.where(left, hi - r * (hi - lo), lo + r * (hi - lo))
        f_new, _ = F(np.exp(x_new))
        x1, x2, f1, f2 = (np.where(left, x_new, x2), np.where(left, x1, x_new),
                          np.where(left, f_new, f2), np.where(left, f1, f_new))
    m = np.exp(0.5 * (lo + hi))
    val, bp = F(m)
    return val, eta - m, bp
