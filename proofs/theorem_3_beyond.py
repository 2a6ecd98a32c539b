"""Theorem 3 beyond one dimension: for translation families in any dimension d, the premises leave a Nash equilibrium,
so no instance of this setting has the premises and no Nash equilibrium.

Setting: X ~ P on R^d with a finite first moment (for Gaussian data N(0, Sigma) these are the linear generators
G(z) = Sigma^{1/2} z + theta, W W^T = Sigma); G_theta = law of X + theta, theta in Theta; WGAN (8), 1-Lipschitz D.

Proof. (1) W1(P, P + theta) = |theta|: the shift X -> X + theta costs |theta|, and D = -<e, x> (e = theta/|theta|,
1-Lipschitz) gives E_P[D] - E_{P+theta}[D] = |theta|. (2) The map T(x) = x + theta has the premise's form
x - alpha^2 grad D with alpha^2 = |theta| (>= eta iff |theta| >= eta) and v_theta = alpha grad D = -theta/sqrt|theta|,
a constant function: premise (i) says C = {v_theta} is a convex set of vectors, and theta = -v |v|. (3) G* minimises
W1 = |v|^2 over C: v* is the minimum-norm point of C, so <v*, v - v*> >= 0 for v in C (variational inequality).
(4) With D* = -<e*, x>, e* = theta*/|theta*| = -v*/|v*|: V(G_theta, D*) = <e*, theta> = |v| <v*, v>/|v*|.
(5) By (3) <v*, v> >= |v*|^2 > 0 and by Cauchy-Schwarz |v| >= <v*, v>/|v*|, so V(G_theta, D*) >= <v*, v>^2/|v*|^2
>= |v*|^2 = W1(theta*) = V(G*, D*) >= V(G*, D) for every 1-Lipschitz D (Kantorovich duality): (G*, D*) is a Nash
equilibrium. Premise (ii) is used only through v != 0. (6) Premise (i) is needed: Theta = {(1, 0), (1/2, 3)} has
min-norm theta* = (1, 0), and <e*, (1/2, 3)> = 1/2 < 1 = W1(theta*); with P of full support every optimal D for G* is
-<e*, x> + const (along each line in direction e* D drops at unit rate, and |grad D| <= 1 leaves no transverse
slope), so no Nash equilibrium exists.
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal, is_zero

t1, t2, w1, w2, s1, s2, d = sp.symbols("theta1 theta2 v1 v2 vs1 vs2 delta", real=True)
N, M = sp.symbols("n m", positive=True)  # |v*|, |v|

#: key ingredients (the tests mutate them): alpha^2 of the shift map and the payoff against D* in terms of v
ALPHA2 = sp.sqrt(t1**2 + t2**2)
PAYOFF_EXPONENT = 1  # V(G_theta, D*) = |v|^PAYOFF_EXPONENT <v*, v>/|v*|


def _w1_of_shift() -> bool:
    """(1) the coupling X -> X + theta costs |theta|, and D = -<e, x> attains it:
    E_P[D(X)] - E[D(X + theta)] = <e, theta> = |theta|, with |grad D| = |e| = 1."""
    th = sp.Matrix([t1, t2])
    nrm = sp.sqrt(t1**2 + t2**2)
    e = th / nrm
    x = sp.Matrix(sp.symbols("x1 x2", real=True))
    D = lambda z: -(e.T * z)[0]  # noqa: E731
    drop = sp.simplify(D(x) - D(x + th))
    return equal(drop, nrm) and equal(sp.simplify(e.dot(e)), 1)


def _premise_form() -> bool:
    """(2) x - alpha^2 grad D = x + theta with alpha^2 = |theta|, grad D = -theta/|theta|; v = -theta/sqrt|theta| and
    theta = -v |v|; |v|^2 = |theta| = W1."""
    th = sp.Matrix([t1, t2])
    nrm = sp.sqrt(t1**2 + t2**2)
    g = -th / nrm
    v = sp.sqrt(ALPHA2) * g
    form = all(is_zero(sp.simplify(c)) for c in (-ALPHA2 * g - th))
    vn = sp.sqrt(v.dot(v))
    back = all(is_zero(sp.simplify(c)) for c in (-v * vn - th))
    return form and back and equal(sp.simplify(v.dot(v)), nrm)


def _payoff() -> bool:
    """(4) V(G_theta, D*) = <e*, theta> = |v| <v*, v>/|v*| for theta = -v|v|, e* = -v*/|v*| (2-D, symbolic)."""
    v, vs = sp.Matrix([w1, w2]), sp.Matrix([s1, s2])
    nv, nvs = sp.sqrt(v.dot(v)), sp.sqrt(vs.dot(vs))
    theta = -v * nv
    e_star = -vs / nvs
    return equal(sp.simplify(e_star.dot(theta)), nv**PAYOFF_EXPONENT * vs.dot(v) / nvs)


def _key_inequality() -> bool:
    """(5) with <v*, v> = n^2 + delta (delta >= 0 by (3)) and |v| >= <v*, v>/n: |v| <v*, v>/n - n^2 >=
    (n^2 + delta)^2/n^2 - n^2 = (2 delta n^2 + delta^2)/n^2 >= 0."""
    dd = sp.Symbol("dd", nonnegative=True)
    lower = (N**2 + dd) ** 2 / N**2 - N**2
    return equal(lower, (2 * dd * N**2 + dd**2) / N**2) and sp.simplify(lower).is_nonnegative is True


def _cauchy_schwarz() -> bool:
    """|v|^2 |v*|^2 - <v*, v>^2 = (v1 vs2 - v2 vs1)^2 >= 0 (Lagrange's identity in 2-D)."""
    lhs = (w1**2 + w2**2) * (s1**2 + s2**2) - (w1 * s1 + w2 * s2) ** 2
    return equal(lhs, (w1 * s2 - w2 * s1) ** 2)


def _without_convexity() -> bool:
    """(6) Theta = {(1, 0), (1/2, 3)}: theta* = (1, 0) (norm 1 < sqrt(37)/2) and <e*, (1/2, 3)> = 1/2 < 1 = W1(theta*);
    the v's, -theta/sqrt|theta|, are two points whose segment has points v with -v|v| not in Theta: (i) fails."""
    a, b = sp.Matrix([1, 0]), sp.Matrix([sp.Rational(1, 2), 3])
    na, nb = sp.sqrt(a.dot(a)), sp.sqrt(b.dot(b))
    return bool(na < nb) and equal(a.dot(b) / na, sp.Rational(1, 2)) and bool(sp.Rational(1, 2) < na)


PROOF = Proof(
    "theorem-3-beyond", "Beyond the paper: Theorem 3 for translation families in any dimension",
    "translations G_theta = P + theta (linear generators with W W^T = Sigma) satisfying Theorem 3's premises have a "
    "Nash equilibrium (G*, -<e*, x>): no counterexample exists in this setting; premise (i) is needed",
    (
        Step("(1) W1(P, P + theta) = |theta|, attained by D = -<e, x>", _w1_of_shift),
        Step("(2) alpha^2 = |theta|, v_theta = -theta/sqrt|theta| (constant), theta = -v|v|, W1 = |v|^2",
             _premise_form),
        Step("(3) G* minimises |v|^2 over the convex C of (i): <v*, v - v*> >= 0 (variational inequality; sampled "
             "convex C in d = 2)", claim="finding-theorem-3-beyond"),
        Step("(4) V(G_theta, D*) = |v| <v*, v>/|v*|", _payoff),
        Step("(5a) Cauchy-Schwarz: |v| |v*| >= <v*, v>", _cauchy_schwarz),
        Step("(5b) V(G_theta, D*) - W1(theta*) >= (2 delta |v*|^2 + delta^2)/|v*|^2 >= 0: (G*, D*) is a Nash "
             "equilibrium", _key_inequality),
        Step("(6) without (i): Theta = {(1, 0), (1/2, 3)} has no Nash equilibrium (full-support P)",
             _without_convexity),
    ),
    findings=(
        "for translation families in any dimension (the linear generators with W W^T = Sigma) Theorem 3's premises "
        "imply a Nash equilibrium (G*, -<e*, x>), so Theorem 3 says nothing beyond Nash there; premise (ii) enters "
        "only through v != 0, premise (i) is what yields the equilibrium",
    ),
)
