"""Theorem 2 (proximal equilibrium of W2GAN): for the W2GAN problem (9) with cost c(x, x') = eta ||x - x'||^2,
if the set of optimal discriminators {D^theta : theta in Theta} is convex, then (G_theta*, D^theta*) with
G_theta* the W2-minimising generator is a 1/(4 eta)-proximal equilibrium for the Sobolev seminorm (15).

Proof. Write T_theta for the optimal transport map from P_X to G_theta(Z) and T* = T_theta*.
(a) For the cost eta ||x - x'||^2 the optimal discriminator satisfies grad D^theta(x) = 2 eta (x - T_theta(x)) and
V(G_theta, D^theta) = eta E||X - T_theta(X)||^2 = eta W2^2(P_X, G_theta).
(b) D' = D^theta in (11): V_prox(G_theta, D*) >= eta E||X - T_theta||^2 - lam ||D^theta - D*||^2, and
lam ||D^theta - D*||^2 = 4 eta^2 lam E||T_theta - T*||^2, which is eta E||T_theta - T*||^2 at lam = 1/(4 eta).
(c) E||X - T_theta||^2 = E||X - T*||^2 + E||T* - T_theta||^2 + 2 E<X - T*, T* - T_theta>, so
V_prox(G_theta, D*) >= eta W2^2(G*) + eta (1 - 4 eta lam) E||T_theta - T*||^2 + 2 eta E<X - T*, T* - T_theta>.
(d) The cross term is <D*, D^theta - D*>_{H^1} / (4 eta^2), and ||D^theta||^2_{H^1} = 4 eta V(G_theta, D^theta): D*
minimises the H^1 norm over the convex set {D^theta} (the premise), so <D*, D^theta - D*> >= 0 (first-order
optimality). (e) Hence V_prox(G_theta, D*) >= eta W2^2(G*) = V(G*, D*) for lam <= 1/(4 eta); D* is a best
response to G*, so (G*, D*) is a lam-PE by Proposition 2.

In the 1-D Gaussian game of Theorem 1 (P = N(0, sigma^2), sigma > 1, G = N(u, s^2), 0 <= s <= 1, |u| <= t,
T_theta(x) = (s/sigma) x + u, G* = (1, 0)) the chain is exact and the u-curvature of V_prox(., D*) over quadratic
D' at G* vanishes at lam* = sigma / (4 eta (sigma - 1)) > 1/(4 eta): the theorem's constant is conservative by
the factor sigma / (sigma - 1) there (the global threshold is the claim ``theorem-2``). For latent dimension
k < d the premise fails: rank-k covariances do not form a convex set.
"""

from __future__ import annotations

import sympy as sp

from gantheory.exact import w2gan_1d
from gantheory.proof import Proof, Step, equal, is_zero

x, y, s, u, ap, bp, z = sp.symbols("x y s u a' b' z", real=True)
ETA, SIG, LAM_, M = sp.symbols("eta sigma lambda m", positive=True)
X = sp.Matrix(sp.symbols("x1 x2", real=True))
T = sp.Matrix(sp.symbols("t1 t2", real=True))
TS = sp.Matrix(sp.symbols("r1 r2", real=True))  # T*(x)

#: key ingredients (the tests mutate them): the theorem's lambda, the gradient of the optimal discriminator
#: (grad D^theta = GRAD_SCALE (x - T_theta(x)) for the cost eta ||x - x'||^2), the 1-D Brenier slope and the
#: computed local threshold of the 1-D game
LAM = 1 / (4 * ETA)
GRAD_SCALE = 2 * ETA
BRENIER_SLOPE = s / SIG
LAMBDA_STAR = SIG / (4 * ETA * (SIG - 1))


def V(s_, u_, a_, b_):
    """V(G, D) of the 1-D Gaussian W2GAN game for D = a x^2 + b x (a < eta), eq. (9): the shared model's expression
    (gantheory/exact/w2gan_1d.py) on sympy symbols; proofs/proposition_2.py derives it from the c-transform."""
    return w2gan_1d.value_expression(SIG, ETA, s_, u_, a_, b_)


def _gauss(expr, var, mean, sd):
    """E[expr(var)] for var ~ N(mean, sd^2), expr a polynomial of degree <= 2 in var."""
    poly = sp.Poly(sp.expand(expr.subs(var, mean + sd * z)), z)
    moments = {0: 1, 1: 0, 2: 1}
    return sp.expand(sum(c * moments[k[0]] for k, c in zip(poly.monoms(), poly.coeffs(), strict=True)))


def _T(s_, u_):
    return BRENIER_SLOPE.subs(s, s_) * x + u_


def _D_theta(s_, u_):
    """(a, b) of D^theta = a x^2 + b x in the 1-D game, from grad D^theta = GRAD_SCALE (x - T_theta(x))."""
    grad = sp.expand(GRAD_SCALE * (x - _T(s_, u_)))
    return grad.coeff(x, 1) / 2, grad.coeff(x, 0)


def _sobolev(d1, d2):
    """||D1 - D2||^2 of (15) under P = N(0, sigma^2) for D_i = a_i x^2 + b_i x."""
    return _gauss((2 * (d1[0] - d2[0]) * x + (d1[1] - d2[1])) ** 2, x, 0, SIG)


def _optimal_discriminator() -> bool:
    """(a) the c-transform sup_x D(x) - eta (x - y)^2 is attained where grad D(x) = 2 eta (x - y), so the optimal
    pairing y = T(x) gives grad D^theta = 2 eta (x - T_theta(x)); in the 1-D game T_theta pushes N(0, sigma^2) to
    N(u, s^2), D^theta = eta (1 - s/sigma) x^2 - 2 eta u x, and V(G_theta, D^theta) = eta E(X - T_theta X)^2."""
    Dfun = sp.Function("D")
    station = sp.solve(sp.diff(Dfun(x) - ETA * (x - y) ** 2, x), y)
    pairing = len(station) == 1 and equal(sp.diff(Dfun(x), x), GRAD_SCALE * (x - station[0]))
    Tx = _T(s, u)
    push = equal(_gauss(Tx, x, 0, SIG), u) and equal(_gauss((Tx - u) ** 2, x, 0, SIG), s**2)
    aT, bT = _D_theta(s, u)
    value = equal(V(s, u, aT, bT), ETA * _gauss((x - Tx) ** 2, x, 0, SIG))
    return pairing and push and value


def _penalty() -> bool:
    """(b) pointwise (in d = 2): lam ||grad D^theta - grad D*||^2 = eta ||T_theta - T*||^2 at lam = 1/(4 eta);
    in the 1-D game ||D^theta - D*||^2 = 4 eta^2 E(T_theta - T*)^2 = 4 eta^2 ((1 - s)^2 + u^2)."""
    g, gs = GRAD_SCALE * (X - T), GRAD_SCALE * (X - TS)
    pointwise = equal(LAM * (g - gs).dot(g - gs), ETA * (T - TS).dot(T - TS))
    one_d = equal(_sobolev(_D_theta(s, u), _D_theta(1, 0)), 4 * ETA**2 * _gauss((_T(s, u) - _T(1, 0)) ** 2, x, 0, SIG))
    return pointwise and one_d and equal(_gauss((_T(s, u) - _T(1, 0)) ** 2, x, 0, SIG), (1 - s) ** 2 + u**2)


def _expansion() -> bool:
    """(c) ||X - T||^2 = ||X - T*||^2 + ||T* - T||^2 + 2 <X - T*, T* - T> (d = 2)."""
    return equal((X - T).dot(X - T), (X - TS).dot(X - TS) + (TS - T).dot(TS - T) + 2 * (X - TS).dot(TS - T))


def _bound() -> bool:
    """(c) eta ||X - T||^2 - lam ||grad D^theta - grad D*||^2 = eta ||X - T*||^2 + 2 eta <X - T*, T* - T>
    + eta (1 - 4 eta lam) ||T - T*||^2 for every lam, and the last coefficient is >= 0 at the theorem's lambda."""
    g, gs = GRAD_SCALE * (X - T), GRAD_SCALE * (X - TS)
    lhs = ETA * (X - T).dot(X - T) - LAM_ * (g - gs).dot(g - gs)
    rhs = (ETA * (X - TS).dot(X - TS) + 2 * ETA * (X - TS).dot(TS - T)
           + ETA * (1 - 4 * ETA * LAM_) * (T - TS).dot(T - TS))
    coeff = sp.simplify(1 - 4 * ETA * LAM)
    return equal(lhs, rhs) and coeff.is_nonnegative is True


def _cross_term() -> bool:
    """(d) <X - T*, T* - T> = <grad D*, grad D^theta - grad D*> / (4 eta^2) and ||grad D^theta||^2 = 4 eta^2 ||X - T||^2
    (so ||D^theta||^2_{H^1} = 4 eta V(G_theta, D^theta): theta* minimises the H^1 norm over {D^theta})."""
    g, gs = GRAD_SCALE * (X - T), GRAD_SCALE * (X - TS)
    return (equal((X - TS).dot(TS - T), gs.dot(g - gs) / (4 * ETA**2))
            and equal(g.dot(g), 4 * ETA**2 * (X - T).dot(X - T)))


def _one_d_chain() -> bool:
    """(d)-(e) in the 1-D game: E<X - T*, T* - T_theta> = (sigma - 1)(1 - s) >= 0 for s <= 1 (the premise's
    inequality holds there), and V(G_theta, D^theta) - lam ||D^theta - D*||^2 - V(G*, D*) = 2 eta (sigma - 1)(1 - s)
    at lam = 1/(4 eta)."""
    Ts, Tt = _T(1, 0), _T(s, u)
    cross = _gauss((x - Ts) * (Ts - Tt), x, 0, SIG)
    Dt, Ds = _D_theta(s, u), _D_theta(1, 0)
    gap = V(s, u, *Dt) - LAM * _sobolev(Dt, Ds) - V(1, 0, *Ds)
    return equal(cross, (SIG - 1) * (1 - s)) and equal(gap, 2 * ETA * (SIG - 1) * (1 - s))


def _reduced_against_dstar():
    """H(s, u, m) = max_b' V(G, D') - lam ||D' - D*||^2 at a' = eta - m, D* = D^theta* (b' solved)."""
    aS, bS = _D_theta(1, 0)
    F = (V(s, u, ap, bp) - LAM_ * (4 * SIG**2 * (ap - aS) ** 2 + (bp - bS) ** 2)).subs(ap, ETA - M)
    (b_m,) = sp.solve(sp.diff(F, bp), bp)
    return F.subs(bp, b_m)


def _lambda_star() -> bool:
    """FINDING: at G* = (1, 0) the maximiser of (11) against D* is m0 = eta / sigma (D' = D*, H_m = 0) with value
    V* = eta (sigma - 1)^2; by the envelope theorem d/ds V_prox = H_s = -2 eta (sigma - 1) < 0 (lowering s raises
    V_prox), V_prox_su = H_su - H_sm H_um / H_mm = 0, and V_prox_uu = H_uu - H_um^2 / H_mm
    = 2 eta (sigma - 4 eta lam (sigma - 1)) / (sigma + 4 eta lam), which vanishes at lam* = sigma / (4 eta (sigma - 1)),
    is > 0 below it and < 0 above: for lam > lam* (G*, D*) is not a lam-PE of the quadratic game."""
    H = _reduced_against_dstar()
    at = {s: 1, u: 0, M: ETA / SIG}
    d = lambda *v: sp.diff(H, *v).subs(at)  # noqa: E731
    stationary = is_zero(d(M)) and equal(H.subs(at), ETA * (SIG - 1) ** 2)
    Vs, Vsu = sp.simplify(d(s)), sp.simplify(d(s, u) - d(s, M) * d(u, M) / d(M, M))
    Vuu = sp.simplify(d(u, u) - d(u, M) ** 2 / d(M, M))
    roots = sp.solve(Vuu, LAM_)
    threshold = len(roots) == 1 and equal(roots[0], LAMBDA_STAR)
    formula = equal(Vuu, 2 * ETA * (SIG - 4 * ETA * LAM_ * (SIG - 1)) / (SIG + 4 * ETA * LAM_))
    signs = _sign(Vuu.subs(LAM_, LAMBDA_STAR / 2)) > 0 and _sign(Vuu.subs(LAM_, 2 * LAMBDA_STAR)) < 0
    return stationary and equal(Vs, -2 * ETA * (SIG - 1)) and is_zero(Vsu) and threshold and formula and signs


def _sign(expr) -> int:
    """Sign of expr for eta > 0, sigma > 1 (expr is a rational function whose sign is constant there)."""
    w = sp.Symbol("w", positive=True)
    e = sp.factor(sp.simplify(expr.subs(SIG, 1 + w)))
    if e.is_positive:
        return 1
    if e.is_negative:
        return -1
    return 0


def _conservative() -> bool:
    """FINDING: lam* / (1/(4 eta)) = sigma / (sigma - 1) > 1, i.e. lam* - 1/(4 eta) = 1/(4 eta (sigma - 1)) > 0."""
    return equal(LAMBDA_STAR / LAM, SIG / (SIG - 1)) and _sign(LAMBDA_STAR - LAM) > 0


def _premise_rank() -> bool:
    """FINDING: for k < d the premise fails. D^theta = x^T eta (I - B) x - 2 eta u^T x with B = (W W^T)^{1/2} / sigma of
    rank <= k; for d = 2, k = 1 the midpoint of B1 = diag(1, 0)/sigma and B2 = diag(0, 1)/sigma has rank 2, so the
    midpoint of D^theta1 and D^theta2 is no D^theta. (For k >= d, {B : 0 <= B <= I/sigma} is convex.)"""
    B1, B2 = sp.diag(1, 0) / SIG, sp.diag(0, 1) / SIG
    return B1.rank() == 1 and B2.rank() == 1 and ((B1 + B2) / 2).rank() == 2


PROOF = Proof(
    "theorem-2", "Theorem 2",
    "W2GAN with cost eta ||x - x'||^2 and a convex set of optimal discriminators: (G*, D*) with G* the W2 minimiser "
    "is a 1/(4 eta)-proximal equilibrium for the Sobolev seminorm (15)",
    (
        Step("(a) grad D^theta = 2 eta (x - T_theta(x)), V(G_theta, D^theta) = eta E||X - T_theta||^2 (1-D game: "
             "T = (s/sigma) x + u, D^theta = eta (1 - s/sigma) x^2 - 2 eta u x)", _optimal_discriminator),
        Step("(b) D' = D^theta in (11); lam ||D^theta - D*||^2 = 4 eta^2 lam E||T_theta - T*||^2 "
             "= eta E||T_theta - T*||^2 "
             "at lam = 1/(4 eta)", _penalty),
        Step("(c) E||X - T_theta||^2 = E||X - T*||^2 + E||T* - T_theta||^2 + 2 E<X - T*, T* - T_theta>", _expansion),
        Step("(c) V_prox(G_theta, D*) >= eta W2^2(G*) + 2 eta E<X - T*, T* - T_theta> + eta (1 - 4 eta lam) "
             "E||T_theta - T*||^2, with 1 - 4 eta lam >= 0 at lam = 1/(4 eta)", _bound),
        Step("(d) cross term = <D*, D^theta - D*>_{H^1} / (4 eta^2); ||D^theta||^2_{H^1} = 4 eta V(G_theta, D^theta)",
             _cross_term),
        Step("(d) D* minimises the H^1 norm over the convex set {D^theta} (premise), so <D*, D^theta - D*> >= 0: "
             "first-order optimality over a set of functions (premise and PE in the 1-D game)", claim="theorem-2"),
        Step("(e) 1-D game: cross term (sigma - 1)(1 - s) >= 0 and V_prox(G_theta, D*) - V(G*, D*) >= 2 eta (sigma - 1)"
             "(1 - s) >= 0 at lam = 1/(4 eta)", _one_d_chain),
        Step("1-D game, quadratic D': the u-curvature of V_prox(., D*) at G* = (1, 0) vanishes at lam* = sigma / "
             "(4 eta (sigma - 1)); for lam > lam* (G*, D*) is not a lam-PE", _lambda_star),
        Step("lam* exceeds 1/(4 eta) by the factor sigma / (sigma - 1)", _conservative),
        Step("1-D game: (G*, D*) is a lam-PE for every lam <= lam* (global minimum of V_prox(., D*) over the feasible "
             "set; the computed threshold matches lam*)", claim="theorem-2"),
        Step("for latent dimension k < d the premise fails: rank-k covariances are not a convex set", _premise_rank),
    ),
    findings=(
        "Theorem 2's constant 1/(4 eta) is conservative: in the 1-D Gaussian W2GAN game of Theorem 1 the exact "
        "threshold over quadratic discriminators is lam* = sigma / (4 eta (sigma - 1)) (derived from the u-curvature "
        "at G*, global attainment checked numerically by theorem-2), larger by the factor sigma / (sigma - 1); the "
        "proof's witness D' = D^theta discards the positive cross term 2 eta E<X - T*, T* - T_theta>",
        "the premise (a convex set of optimal discriminators) fails for latent dimension k < d: D^theta has "
        "A = eta (I - (W W^T)^{1/2} / sigma), and midpoints of rank-k square roots have rank up to 2k",
    ),
)
