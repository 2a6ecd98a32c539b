"""Theorem 3 (proximal equilibrium of WGAN): for the WGAN problem (8), let alpha_theta >= 0 be the magnitude of the
optimal transport map, X - alpha_theta^2(X) grad D^theta(X) ~ G_theta(Z). If (i) {alpha_theta grad D^theta} is a
convex set and (ii) alpha_theta^2(x) >= eta for every x and theta, then (G_theta*, D^theta*) with G_theta* the
W1-minimising generator is an eta-proximal equilibrium for the Sobolev seminorm (15).

Proof (the pattern of Theorem 2). Write T_theta(x) = x - alpha_theta^2 grad D^theta, g_theta = grad D^theta,
v_theta = alpha_theta g_theta, and * for theta*. (a) On {T_theta(x) != x} (all x, by (ii)) the Kantorovich
potential has |g_theta| = 1, so W1(theta) = E||X - T_theta X|| = E[alpha_theta^2] = ||v_theta||^2_{L2(P)}.
(b) ||v_theta||^2 = ||v*||^2 + ||v_theta - v*||^2 + 2 <v*, v_theta - v*>, and theta* minimises ||v_theta||^2 over the
convex set (i), so <v*, v_theta - v*> >= 0. (c) Pointwise, for unit g, g* and a^2, b^2 >= eta:
||a g - b g*||^2 - eta ||g - g*||^2 = (a - b)^2 + 2 (ab - eta)(1 - <g, g*>) >= 0. (d) D' = D^theta in (11):
V_prox_eta(G_theta, D*) >= W1(theta) - eta ||D^theta - D*||^2 >= ||v*||^2 = W1(theta*) = V(G*, D*), and D* is a
best response, so (G*, D*) is an eta-PE by Proposition 2.

Findings. In 1-D with a continuous T_theta, (ii) forces x - T_theta(x) to keep one sign, and (i) with (ii) forces
the same sign for every theta, so every D^theta is linear, V(G, D*) = W1(G) and (G*, D*) is already a Nash
equilibrium: the 1-D instances satisfying the premises are trivial. In Theorem 1's Gaussian WGAN game
alpha_theta^2 = |x (1 - s/sigma) - u| vanishes at x = u sigma/(sigma - s), so (ii) fails for every eta > 0 (and the
computed lambda threshold there is 0: claim ``theorem-3``). W1-optimal maps are not unique, so alpha_theta
depends on the choice of map.
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal, is_zero

x, s, u, z, t1, t2, tt = sp.symbols("x s u z t1 t2 t", real=True)
ETA, SIG, A, B, P_, Q_ = sp.symbols("eta sigma alpha beta p q", positive=True)
G1 = sp.Matrix([sp.cos(t1), sp.sin(t1)])  # unit gradient of D^theta
G2 = sp.Matrix([sp.cos(t2), sp.sin(t2)])  # unit gradient of D*

#: key ingredients (the tests mutate them): the theorem's lambda (eta-PE: lambda = eta, the lower bound of
#: alpha^2) and the 1-D Gaussian transport map T(x) = (s/sigma) x + u
LAM = ETA
BRENIER_SLOPE = s / SIG


def _gauss(expr, var, mean, sd):
    """E[expr(var)] for var ~ N(mean, sd^2), expr a polynomial of degree <= 2 in var."""
    poly = sp.Poly(sp.expand(expr.subs(var, mean + sd * z)), z)
    moments = {0: 1, 1: 0, 2: 1}
    return sp.expand(sum(c * moments[k[0]] for k, c in zip(poly.monoms(), poly.coeffs(), strict=True)))


def _T():
    return BRENIER_SLOPE * x + u


def _gaussian_map() -> bool:
    """1-D Gaussian game: T(x) = (s/sigma) x + u is increasing and pushes N(0, sigma^2) to N(u, s^2), so it is the
    monotone (W1-optimal) map; the premise's form holds with D^theta' = sign(x - T(x)) and alpha^2 = |x - T(x)|:
    x - |x - T| sign(x - T) = T (checked on both signs)."""
    Tx = _T()
    push = equal(_gauss(Tx, x, 0, SIG), u) and equal(_gauss((Tx - u) ** 2, x, 0, SIG), s**2)
    d = sp.Symbol("d", positive=True)
    form = all(equal(x - sp.Abs(e) * sp.sign(e), x - e) for e in (d, -d))
    increasing = sp.diff(Tx, x).subs(s, sp.Symbol("s_pos", positive=True)).is_positive is True  # s > 0
    return push and increasing and form


def _alpha_vanishes() -> bool:
    """alpha_theta^2(x) = |x (1 - s/sigma) - u| vanishes at x = c = u sigma / (sigma - s) (s < sigma, as s <= 1 < sigma
    in Theorem 1's game): inf_x alpha_theta^2 = 0 for every generator, so premise (ii) fails for every eta > 0."""
    c = u * SIG / (SIG - s)
    return is_zero(sp.simplify((x - _T()).subs(x, c))) and equal(x - _T(), x * (1 - s / SIG) - u)


def _w1_is_norm() -> bool:
    """(a) with |g| = 1: ||X - T X|| = ||alpha^2 g|| = alpha^2 = ||alpha g||^2, so W1(theta) = ||v_theta||^2_{L2(P)}."""
    disp = A**2 * G1
    return equal(sp.sqrt(sp.simplify(disp.dot(disp))), A**2) and equal((A * G1).dot(A * G1), A**2)


def _expansion() -> bool:
    """(b) ||v||^2 = ||v*||^2 + ||v - v*||^2 + 2 <v*, v - v*> (v = alpha g, v* = beta g*)."""
    v, vs = A * G1, B * G2
    return equal(v.dot(v), vs.dot(vs) + (v - vs).dot(v - vs) + 2 * vs.dot(v - vs))


def _pointwise() -> bool:
    """(c) ||alpha g - beta g*||^2 - lam ||g - g*||^2 = (alpha - beta)^2 + 2 (alpha beta - lam)(1 - cos(t1 - t2)), and
    alpha beta - lam >= 0 at lam = eta when alpha, beta >= sqrt(eta) (alpha = sqrt(eta) + p, beta = sqrt(eta) + q)."""
    lam = sp.Symbol("lambda", positive=True)
    lhs = (A * G1 - B * G2).dot(A * G1 - B * G2) - lam * (G1 - G2).dot(G1 - G2)
    rhs = (A - B) ** 2 + 2 * (A * B - lam) * (1 - sp.cos(t1 - t2))
    identity = is_zero(sp.simplify(sp.expand_trig(sp.expand(lhs - rhs))))
    p, q = sp.symbols("p q", nonnegative=True)
    margin = sp.expand((sp.sqrt(ETA) + p) * (sp.sqrt(ETA) + q) - LAM)
    return identity and margin.is_nonnegative is True


def _chain() -> bool:
    """(d) ||v||^2 - lam ||g - g*||^2 = ||v*||^2 + 2 <v*, v - v*> + (alpha - beta)^2 + 2 (alpha beta - lam)(1 - <g, g*>)
    at the theorem's lam: with <v*, v - v*> >= 0 (b) and alpha beta >= eta (c), W1(theta) - lam ||D^theta - D*||^2 >=
    W1(theta*)."""
    v, vs = A * G1, B * G2
    lhs = v.dot(v) - LAM * (G1 - G2).dot(G1 - G2)
    rhs = vs.dot(vs) + 2 * vs.dot(v - vs) + (A - B) ** 2 + 2 * (A * B - ETA) * (1 - G1.dot(G2))
    return is_zero(sp.simplify(sp.expand(lhs - rhs)))


def _segment() -> bool:
    """FINDING (1-D triviality): if v_theta1(x) = p >= sqrt(eta) and v_theta2(x) = -q <= -sqrt(eta), the segment
    (1 - t) p - t q of the convex set (i) vanishes at t0 = p / (p + q) in (0, 1), against (ii): all theta share one
    sign of x - T_theta(x) (each T_theta continuous, so one sign per theta by (ii))."""
    t0 = P_ / (P_ + Q_)
    inside = t0.is_positive is True and sp.simplify(1 - t0).is_positive is True
    return is_zero(sp.simplify((1 - t0) * P_ - t0 * Q_)) and inside


def _trivial_instance() -> bool:
    """FINDING: then D^theta = +-x + const and V(G, D*) = E|X - T_theta X| = W1(G) >= W1(G*): (G*, D*) is a Nash
    equilibrium. Instance (claim theorem-3): G_u(z) = sigma z + u, u in [u_min, u_max], u_min > 0: T(x) = x + u,
    alpha^2 = u >= u_min, D* = -x and V(G_u, D*) = E_P[-X] - E_Q[-Y] = u = W1(G_u)."""
    Tx = x + u
    V = _gauss(-x, x, 0, SIG) - _gauss(-x, x, u, SIG)
    push = equal(_gauss(Tx, x, 0, SIG), u) and equal(_gauss((Tx - u) ** 2, x, 0, SIG), SIG**2)
    return push and equal(V, u) and equal(sp.Abs(x - Tx), sp.Abs(u))


def _continuity_needed() -> bool:
    """FINDING (qualifier): with a gap in supp Q the 1-D argument fails. P = U[0, 1], Q = U[-1, -1/2]/2 + U[3/2, 2]/2:
    the monotone map T = x - 1 on [0, 1/2), x + 1 on (1/2, 1] pushes P to Q (CDFs agree on both pieces),
    alpha^2 = |x - T| = 1 everywhere, yet x - T changes sign: D^theta = -|x - 1/2| is not linear; its value
    E_P[D] - E_Q[D] = 1 = E|X - T X| = W1."""
    y = sp.Symbol("y", real=True)
    h = sp.Rational(1, 2)
    # P(T X <= y) = T^{-1}(y) for X ~ U[0, 1]; F_Q of the mixture on each piece of supp Q
    left = equal(sp.solve(sp.Eq(x - 1, y), x)[0], h * (y + 1) / h)  # y in [-1, -1/2]
    right = equal(sp.solve(sp.Eq(x + 1, y), x)[0], h + h * (y - 3 * h) / h)  # y in [3/2, 2]
    D = lambda w: -sp.Abs(w - h)  # noqa: E731
    EP = sp.integrate(D(x), (x, 0, 1))
    EQ = sp.integrate(D(y), (y, -1, -h)) + sp.integrate(D(y), (y, 3 * h, 2))  # density 1 on each piece
    sign_change = (x - (x - 1)) > 0 and (x - (x + 1)) < 0  # x - T = +1 left of 1/2, -1 right of it
    return left and right and equal(EP - EQ, 1) and bool(sign_change)


def _map_not_unique() -> bool:
    """FINDING: alpha_theta depends on the choice of W1-optimal map. P = U[0, 1], Q = U[1, 2], D = -x: the shift
    T1 = x + 1 and the flip T2 = 2 - x both push P to Q with cost E|X - T X| = 1 = E_P[D] - E_Q[D] = W1, and both
    have the form x - alpha^2 D'(x); alpha^2 = 1 for T1 but 2 - 2x for T2, which vanishes at x = 1."""
    y = sp.Symbol("y", real=True)
    D = -y
    w1 = sp.integrate(D.subs(y, x), (x, 0, 1)) - sp.integrate(D, (y, 1, 2))
    c1 = sp.integrate((x + 1) - x, (x, 0, 1))
    c2 = sp.integrate(sp.Abs(2 - x - x), (x, 0, 1))
    # both maps send U[0, 1] onto [1, 2] with |slope| 1 (density preserved)
    onto = {(x + 1).subs(x, 0), (x + 1).subs(x, 1)} == {1, 2} == {(2 - x).subs(x, 0), (2 - x).subs(x, 1)}
    alpha2 = [sp.expand(T - x) for T in (x + 1, 2 - x)]  # x - alpha^2 D'(x) = T with D' = -1
    return (equal(w1, 1) and equal(c1, 1) and equal(c2, 1) and onto and equal(alpha2[0], 1)
            and equal(alpha2[1], 2 - 2 * x) and is_zero(alpha2[1].subs(x, 1)))


PROOF = Proof(
    "theorem-3", "Theorem 3",
    "WGAN: if {alpha_theta grad D^theta} is convex and alpha_theta^2 >= eta, the W1 minimiser and its D form an "
    "eta-proximal equilibrium for the Sobolev seminorm (15)",
    (
        Step("1-D Gaussian game: T(x) = (s/sigma) x + u is the monotone map; x - alpha^2 D' = T with "
             "alpha^2 = |x - T|, "
             "D' = sign(x - T)", _gaussian_map),
        Step("alpha^2 vanishes at x = u sigma / (sigma - s): premise (ii) fails for every eta > 0 in Theorem 1's game",
             _alpha_vanishes),
        Step("Theorem 1's Gaussian WGAN game: inf alpha^2 = 0 and the computed lambda threshold at (G*, D*) is 0",
             claim="theorem-3"),
        Step("(a) |grad D^theta| = 1 where T != x: W1(theta) = E[alpha_theta^2] = ||alpha_theta grad D^theta||^2",
             _w1_is_norm),
        Step("(b) ||v||^2 = ||v*||^2 + ||v - v*||^2 + 2 <v*, v - v*>", _expansion),
        Step("(b) theta* minimises ||v_theta||^2 over the convex set (i): <v*, v_theta - v*> >= 0 (first-order "
             "optimality over a set of functions; an instance where the premises hold)", claim="theorem-3"),
        Step("(c) ||alpha g - beta g*||^2 - eta ||g - g*||^2 = (alpha - beta)^2 + 2 (alpha beta - eta)(1 - <g, g*>) "
             ">= 0",
             _pointwise),
        Step("(d) W1(theta) - eta ||D^theta - D*||^2 >= W1(theta*): V_prox_eta(G_theta, D*) >= V(G*, D*)", _chain),
        Step("1-D: (i) and (ii) force one sign of x - T_theta(x) for all theta (a segment would cross 0)", _segment),
        Step("1-D: then D* is linear and V(G, D*) = W1(G): (G*, D*) is a Nash equilibrium (instance G = sigma z + u)",
             _trivial_instance),
        Step("the 1-D triviality needs continuous T_theta: a gap in supp Q lets x - T change sign with alpha^2 = 1",
             _continuity_needed),
        Step("W1-optimal maps are not unique: alpha_theta (and premise (ii)) depends on the choice", _map_not_unique),
    ),
    findings=(
        "in 1-D every instance satisfying the premises with continuous transport maps T_theta is trivial: alpha^2 >= "
        "eta > 0 fixes the sign of x - T_theta(x), convexity (i) makes it common to all theta, so D^theta = +-x, "
        "V(G, D*) = W1(G) and (G*, D*) is already a Nash equilibrium (the claim's instance has Nash gap 0)",
        "premise (ii) fails in Theorem 1's Gaussian WGAN game for every eta > 0: alpha_theta^2 = |x (1 - s/sigma) - u| "
        "vanishes at x = u sigma/(sigma - s); there (G*, D*) is a lambda-PE for no lambda tested (threshold 0)",
        "the footnote's 'such a mapping alpha exists under mild regularity' needs an optimal Monge map for the cost "
        "||x - x'|| moving mass along the transport rays of D^theta (so |grad D^theta| = 1 where T(x) != x): it exists "
        "when P_X is absolutely continuous (Sudakov; Evans-Gangbo; Caffarelli-Feldman-McCann; Champion-De Pascale), "
        "but it is not unique, and alpha_theta, hence premise (ii), depends on the choice (U[0,1] -> U[1,2]: shift "
        "alpha^2 = 1, flip alpha^2 = 2 - 2x)",
    ),
)
