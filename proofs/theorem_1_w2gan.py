"""Theorem 1 (W2GAN, c-concave D): with X ~ N(0, sigma^2 I), sigma > 1, G(z) = W z + u, sigma_max(W) <= 1,
||u|| <= t > 0, and cost c(x, x') = eta ||x - x'||^2, the W2GAN game (9) has no Nash equilibrium; in fact
the Nash gap at every (G, D_G) is at least eta (sigma - 1) t^2 (k >= d), with equality at the W2 minimiser.

The symbolic steps work in one eigen-direction of Sigma = W W^T (the d-dimensional statements decompose
into such directions once P is isotropic); the infimum over all generators in d dimensions is the
numeric claim ``theorem-1-w2gan``.
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal

x, y, a, b, eta, sigma, s, u, t, sp_, up = sp.symbols("x y a b eta sigma s u t s' u'", real=True)
pos = dict(positive=True)
ETA, SIG, S, T = sp.symbols("eta sigma s t", **pos)

#: key ingredients (the tests mutate them): the Brenier slope and the c-transform of a quadratic
BRENIER_SLOPE = S / SIG
C_TRANSFORM = (b + 2 * ETA * y) ** 2 / (4 * (ETA - a)) - ETA * y**2


def _ctransform_is_sup() -> bool:
    """D^c(y) = sup_x a x^2 + b x - eta (x - y)^2: stationary point, value, and concavity in x (a < eta)."""
    obj = a * x**2 + b * x - ETA * (x - y) ** 2
    xs = sp.solve(sp.diff(obj, x), x)
    return len(xs) == 1 and equal(obj.subs(x, xs[0]), C_TRANSFORM) and equal(sp.diff(obj, x, 2), 2 * (a - ETA))


def _gauss(expr, var, mean, sd):
    """E[expr(var)] for var ~ N(mean, sd^2), by the moments E[Z] = 0, E[Z^2] = 1 (polynomials of degree 2)."""
    z = sp.Symbol("z", real=True)
    e = sp.expand(expr.subs(var, mean + sd * z))
    poly = sp.Poly(e, z)
    moments = {0: 1, 1: 0, 2: 1}
    return sp.expand(sum(c * moments[m[0]] for m, c in zip(poly.monoms(), poly.coeffs(), strict=True)))


def _brenier_pushforward() -> bool:
    """T(x) = (s/sigma) x + u maps N(0, sigma^2) to N(u, s^2) (mean and variance), and is monotone."""
    T = BRENIER_SLOPE * x + u
    mean = _gauss(T, x, 0, SIG)
    var = _gauss((T - mean) ** 2, x, 0, SIG)
    return equal(mean, u) and equal(var, S**2)


def _w2() -> bool:
    """W2^2 = E (X - T(X))^2 = u^2 + (sigma - s)^2."""
    T = BRENIER_SLOPE * x + u
    return equal(_gauss((x - T) ** 2, x, 0, SIG), u**2 + (SIG - S) ** 2)


def _optimal_d_value() -> bool:
    """D_G(x) = eta (1 - s/sigma) x^2 - 2 eta u x (grad D = 2 eta (x - T(x))) attains V(G, D_G) = eta W2^2."""
    A = ETA * (1 - BRENIER_SLOPE)
    B = -2 * ETA * u
    grad_ok = equal(sp.diff(A * x**2 + B * x, x), 2 * ETA * (x - (BRENIER_SLOPE * x + u)))
    V = _gauss(A * x**2 + B * x, x, 0, SIG) - _gauss(C_TRANSFORM.subs({a: A, b: B}), y, u, S)
    return grad_ok and equal(V, ETA * (u**2 + (SIG - S) ** 2))


K = ETA * SIG / S - ETA  # curvature of the generator's payoff against D_G


def _payoff_curvature() -> bool:
    """Against D_G the generator's payoff is E_{Q'}[D_G^c] = K (s'^2 + u'^2) + lin u' + const,
    K = eta (sigma/s - 1)."""
    A = ETA * (1 - BRENIER_SLOPE)
    pay = _gauss(C_TRANSFORM.subs({a: A, b: -2 * ETA * u}), y, up, sp_)
    return equal(sp.diff(pay, up, 2) / 2, K) and equal(sp.diff(pay, sp_, 2) / 2, K)


def _mean_part() -> bool:
    """u-part of the gap: with u_c = sigma u/(sigma - s) the centre of the payoff in u',
    K u_c = eta sigma u / s, and (u' = -t sign u) the gain is K t^2 + 2 K t |u_c| + (2 K u u_c - K u^2),
    where 2 K u u_c - K u^2 = eta u^2 (sigma/s + 1) >= 0."""
    uc = SIG * u / (SIG - S)
    gain_identity = equal(2 * K * u * uc - K * u**2, ETA * u**2 * (SIG / S + 1))
    return equal(K * uc, ETA * SIG * u / S) and gain_identity


def _bound() -> bool:
    """K t^2 >= eta (sigma - 1) t^2 for 0 < s <= 1: the difference is eta sigma t^2 (1 - s)/s."""
    diff = sp.factor(K * T**2 - ETA * (SIG - 1) * T**2)
    return equal(diff, ETA * SIG * T**2 * (1 - S) / S)


def _equality_at_minimiser() -> bool:
    """At G* = (s = 1, u = 0) the variance part vanishes and the gap is exactly eta (sigma - 1) t^2."""
    return equal(K.subs(S, 1) * T**2, ETA * (SIG - 1) * T**2)


PROOF = Proof(
    "theorem-1-w2gan", "Theorem 1 (W2GAN)",
    "no Nash equilibrium in the Gaussian W2GAN game; inf_G gap(G, D_G) = eta (sigma - 1) t^2 (k >= d)",
    (
        Step("c-transform of a quadratic: D^c(y) = (b + 2 eta y)^2 / (4 (eta - a)) - eta y^2 (a < eta)",
             _ctransform_is_sup),
        Step("the Brenier map T(x) = (s/sigma) x + u pushes N(0, sigma^2) to N(u, s^2)", _brenier_pushforward),
        Step("W2^2(P, Q_G) = E (X - T X)^2 = u^2 + (sigma - s)^2", _w2),
        Step("D_G = eta (1 - s/sigma) x^2 - 2 eta u x (grad D_G = 2 eta (x - T x)) attains V = eta W2^2",
             _optimal_d_value),
        Step("against D_G the generator maximises a convex quadratic with curvature K = eta (sigma/s - 1) > 0 "
             "(sigma > 1 >= s)", _payoff_curvature),
        Step("the best mean u' = -t sign(u) gains at least K t^2 (identity 2 K u u_c - K u^2 = eta u^2 (sigma/s + 1))",
             _mean_part),
        Step("K t^2 >= eta (sigma - 1) t^2 for s <= 1 (difference eta sigma t^2 (1 - s)/s)", _bound),
        Step("equality at the W2 minimiser (W W^T = I, u = 0): the minimal gap is eta (sigma - 1) t^2 > 0",
             _equality_at_minimiser),
        Step("inf over all feasible generators in d dimensions (k >= d), against a closed-form-free search",
             claim="theorem-1-w2gan"),
        Step("for k < d the c-transform of D_G is +inf off an affine subspace: the gap is +inf",
             claim="finding-w2gan-latent-dim"),
    ),
    findings=("for latent dimension k < d the Nash gap at every best response is +inf (a rotated generator "
              "makes E_Q'[D_G^c] infinite)",),
)
