"""Theorem 1 (W2GAN, quadratic D): with X ~ N(0, sigma^2), sigma > 1, G(z) = w z + u (s = |w| <= 1, |u| <= t),
cost c(x, y) = eta (x - y)^2 and quadratic discriminators D(x) = a x^2 + b x (a < eta, so that D^c is
finite), the game has no local Nash equilibrium.

Proof (one eigen-direction; the d-dimensional game decomposes into such directions for isotropic P).

1. V(G, D) = E_P[D] - E_Q[D^c] = sigma^2 a - ((b + 2 eta u)^2 + 4 eta^2 s^2) / (4 (eta - a)) + eta (u^2 + s^2).
2. V(G, .) is concave in (a, b) on a < eta (Hessian: det = eta^2 s^2/(eta - a)^4 >= 0, trace < 0), so a
   stationary D is the global maximiser, and the only one is D_G: a = eta (1 - s/sigma), b = -2 eta u.
3. Danskin: grad_u V(G, D_G) = 2 eta u and d/ds V(G, D_G) = 2 eta (s - sigma) < 0 (gradients of eta W2^2).
   With s in [0, 1] and |u| <= t the only first-order stationary generator is s = 1 (KKT multiplier
   2 eta (sigma - 1) > 0), u = 0 (on |u| = t the multiplier would be -2 eta t < 0).
4. There the generator's objective is V(G', D_G) = V(G, D_G) - eta (sigma - 1)(u'^2 + s'^2 - 1): moving u by
   rho <= t lowers it by eta (sigma - 1) rho^2 > 0, while D_G is a global maximiser: no local Nash equilibrium.
5. s = 0 (w = 0) needs its own argument, see the finding: it is a critical point of V(., D) in w for every D,
   but D_G(s = 0) = (eta, -2 eta u) lies on the boundary a = eta, where V(G', D_G) = -inf for every G' with s' > 0.
"""

from __future__ import annotations

import sympy as sp

from gantheory.exact.w2gan import min_local_improvement
from gantheory.proof import Proof, Step, equal

x, y, a, b, u, up = sp.symbols("x y a b u u'", real=True)
ETA, SIG, S, SP, T, RHO, DEL, E, M = sp.symbols("eta sigma s s' t rho delta epsilon m", positive=True)

#: key ingredients: the cost, the value of the game on quadratic D, the claimed stationary generator and the
#: curvature of the generator's improvement there
COST = ETA * (x - y) ** 2
VALUE = SIG**2 * a - ((b + 2 * ETA * u) ** 2 + 4 * ETA**2 * S**2) / (4 * (ETA - a)) + ETA * (u**2 + S**2)
STATIONARY = {S: sp.Integer(1), u: sp.Integer(0)}
K_LOCAL = ETA * (SIG - 1)

D_G = (ETA * (1 - S / SIG), -2 * ETA * u)


def _gauss(expr, var, mean, sd):
    """E[expr(var)] for var ~ N(mean, sd^2), expr a polynomial of degree <= 2 in var."""
    z = sp.Symbol("z", real=True)
    poly = sp.Poly(sp.expand(expr.subs(var, mean + sd * z)), z)
    moments = {0: 1, 1: 0, 2: 1}
    return sp.expand(sum(c * moments[mo[0]] for mo, c in zip(poly.monoms(), poly.coeffs(), strict=True)))


def _value() -> bool:
    """D^c(y) = sup_x a x^2 + b x - c(x, y) (concave in x for a < eta), and E_P[D] - E_Q[D^c] = VALUE."""
    obj = a * x**2 + b * x - COST
    xs = sp.solve(sp.diff(obj, x), x)
    Dc = sp.simplify(obj.subs(x, xs[0]))
    V = _gauss(a * x**2 + b * x, x, 0, SIG) - _gauss(sp.expand(Dc * 4 * (ETA - a)), y, u, S) / (4 * (ETA - a))
    return len(xs) == 1 and equal(sp.diff(obj, x, 2), 2 * (a - ETA)) and equal(V, VALUE)


def _concave() -> bool:
    """Hessian of V in (a, b): det = eta^2 s^2/(eta - a)^4 >= 0 and trace < 0 on a = eta - m < eta (m > 0)."""
    H = sp.hessian(VALUE, (a, b))
    det_ok = equal(H.det(), ETA**2 * S**2 / (ETA - a) ** 4)
    tr = sp.simplify(H.trace().subs(a, ETA - M))
    return det_ok and tr.is_negative is True


def _d_stationary() -> bool:
    """grad_{a, b} V = 0 with a < eta has the single solution D_G = (eta (1 - s/sigma), -2 eta u) (the other
    root a = eta (1 + s/sigma) > eta is not c-concave), where V = eta (u^2 + (sigma - s)^2) = eta W2^2."""
    sols = sp.solve([sp.diff(VALUE, a), sp.diff(VALUE, b)], [a, b], dict=True)
    feasible = [sl for sl in sols if sp.simplify(ETA - sl[a]).is_positive is True]
    return (len(feasible) == 1 and equal(feasible[0][a], D_G[0]) and equal(feasible[0][b], D_G[1])
            and equal(VALUE.subs({a: D_G[0], b: D_G[1]}), ETA * (u**2 + (SIG - S) ** 2)))


def _danskin() -> bool:
    """dV/du and dV/ds at D = D_G (fixed) are 2 eta u and 2 eta (s - sigma) = the gradient of eta W2^2."""
    W2 = ETA * (u**2 + (SIG - S) ** 2)
    at = {a: D_G[0], b: D_G[1]}
    return (equal(sp.diff(VALUE, u).subs(at), sp.diff(W2, u)) and equal(sp.diff(VALUE, S).subs(at), sp.diff(W2, S))
            and equal(sp.diff(W2, S), 2 * ETA * (S - SIG)))


def _g_stationary() -> bool:
    """The generator minimises over s in [0, 1], |u| <= t: d/ds < 0 on (0, 1] (s = 1/(1 + delta),
    sigma = 1 + epsilon), so s = 1 with multiplier -2 eta (s - sigma) > 0; grad_u = 2 eta u vanishes only at u = 0,
    and on |u| = t the KKT multiplier -(grad_u . u)/|u| = -2 eta t is negative: STATIONARY is the only one."""
    gs = 2 * ETA * (S - SIG)
    gu = 2 * ETA * u
    s_interior = sp.simplify(gs.subs({S: 1 / (1 + DEL), SIG: 1 + E})).is_negative is True
    s_mult = sp.simplify((-gs).subs({S: STATIONARY[S], SIG: 1 + E})).is_positive is True
    u_ok = sp.solve(gu, u) == [STATIONARY[u]]
    u_boundary = sp.simplify((-gu * u / sp.Abs(u)).subs(u, T)).is_negative is True
    return STATIONARY[S] == 1 and s_interior and s_mult and u_ok and u_boundary


def _improvement() -> bool:
    """At STATIONARY with D = D_G: V(G', D_G) - V(G, D_G) = -K (u'^2 + s'^2 - 1), K = eta (sigma - 1); with s' = 1
    and |u'| = rho <= t the generator lowers V by K rho^2, and gantheory.exact.w2gan.min_local_improvement is
    this K min(rho, t)^2."""
    at = {a: D_G[0].subs(STATIONARY), b: D_G[1].subs(STATIONARY)}
    G0 = VALUE.subs(at).subs(STATIONARY)
    G1 = VALUE.subs(at).subs({S: SP, u: up})
    ok = equal(G1 - G0, -K_LOCAL * (up**2 + SP**2 - 1))
    vals = {ETA: sp.Rational(1, 2), SIG: sp.Rational(5, 4), RHO: sp.Rational(1, 10)}
    code = min_local_improvement(0.5, 1.25, 0.5, 0.1)
    gain = -(G1 - G0).subs({SP: 1, up: RHO}).subs(vals)
    return ok and abs(float(gain) - code) < 1e-15 and sp.simplify(K_LOCAL.subs(SIG, 1 + E)).is_positive is True


def _degenerate_s0() -> bool:
    """s = 0: for every D with a < eta, V depends on s through s^2 (dV/ds = 0 at s = 0: w = 0 is critical in w),
    but D_G(s = 0) = (eta, -2 eta u) has a = eta, and the generator's coefficient of s'^2,
    eta - eta^2/(eta - a), tends to -inf as a -> eta-: V(G', D_G) = -inf for every s' > 0."""
    crit = equal(sp.diff(VALUE, S).subs(S, 0), 0)
    coef = sp.expand(VALUE).coeff(S, 2)
    lim = sp.limit(coef.subs(a, ETA - M), M, 0, "+")
    return crit and equal(D_G[0].subs(S, 0), ETA) and equal(coef, ETA - ETA**2 / (ETA - a)) and lim == -sp.oo


PROOF = Proof(
    "theorem-1-w2gan-quadratic-local", "Theorem 1 (W2GAN, quadratic D)",
    "no local Nash equilibrium in the Gaussian W2GAN game with quadratic discriminators",
    (
        Step("V(G, D) = sigma^2 a - ((b + 2 eta u)^2 + 4 eta^2 s^2)/(4 (eta - a)) + eta (u^2 + s^2) for "
             "D = a x^2 + b x", _value),
        Step("V(G, .) is concave on a < eta: Hessian det = eta^2 s^2/(eta - a)^4, trace < 0", _concave),
        Step("the only stationary (hence globally optimal) D is D_G = (eta (1 - s/sigma), -2 eta u), V = eta W2^2",
             _d_stationary),
        Step("Danskin: grad_u V(G, D_G) = 2 eta u, d/ds V(G, D_G) = 2 eta (s - sigma) < 0", _danskin),
        Step("the only first-order stationary generator under s <= 1, |u| <= t is s = 1, u = 0", _g_stationary),
        Step("there the generator improves by eta (sigma - 1) rho^2 within radius rho <= t; D_G cannot improve",
             _improvement),
        Step("s = 0 (w = 0) is critical in w for every D, but D_G sits on a = eta and every s' > 0 gives V = -inf",
             _degenerate_s0),
        Step("every stationary pair found by projected gradient descent admits an improvement within radius rho "
             "(d-dimensional, numerical D_G)", claim="theorem-1-w2gan-quadratic-local"),
    ),
    findings=(
        "the first-order analysis of the quadratic-D W2GAN game ('the stationary generators have unit singular "
        "values and u = 0') misses W = 0 (more generally rank-deficient W): V(G, D) depends on W only through "
        "W W^T, so W = 0 is a critical point of V(., D) in W for every D; there D_G = (eta I, -2 eta u) lies on the "
        "boundary A = eta I of the c-concave quadratics and any generator perturbation gives V = -inf, so the "
        "conclusion (no local Nash equilibrium) stands, but this case needs its own argument",
    ),
)
