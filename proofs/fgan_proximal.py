"""Proximal equilibria (Definition 1) of the 1-D Gaussian f-GAN game (7) with the Sobolev seminorm (15), and what
replaces Proposition 2's "only if" for f-GANs.

Setting: P = N(0, sigma^2), sigma > 1; G(z) = w z + u, s = |w| <= 1, |u| <= t; V(G, D) = E_P[D] - E_Q[f*(D)];
M(G) = max_D V(G, D) = int q f(p/q) at D_G = f'(p/q); G* = (1, 0) minimises M (claim ``finding-fgan-proximal``).

(A) Replacement for Proposition 2. The seminorm vanishes on constants, so V_prox(G, D + c) = V_prox(G, D) for every
G, D, c: the set of lambda-PE is closed under D* -> D* + c. For an f-GAN, V(G, D_G + c) < M(G) for c != 0
(d/dc = 1 - E_Q[f*'(D_G)] = 1 - E_Q[p/q] = 0 at c = 0, d^2/dc^2 = -E_Q[f*''] < 0). Hence with (G*, D_G*) a PE,
(G*, D_G* + c) is a PE that violates Proposition 2's left inequality: the "only if" is false for f-GANs. What holds
(proof as in proofs/proposition_2, steps (a)-(d), with "D' = D" replaced by "D' - D constant"): for lam > 0,
(G*, D*) is a lam-PE iff there is a constant c with

    V(G*, D) <= V(G*, D* + c) for all D   and   V(G*, D* + c) <= V_prox_lam(G, D*) for all G,

i.e. Proposition 2 holds for the representative D* + c of D* modulo constants, and V(G*, D*) is replaced by
sup_c V(G*, D* + c). The "if" direction of Proposition 2 holds unchanged.

(B) KL: lambda* = sigma^2 / (2 (sigma^2 - 1)). Expanding (11) to second order in h = D' - D* at G_u = (1, u):
V_prox(G_u, D*) = V(G_u, D*) + (u^2/2) <p x, (W + 2 lam K)^{-1} p x> + O(u^3), W = q* f*''(D*) = p (KL),
K h = -(p h')'. V(G_u, D*) = E_P[D*] - exp(u^2 (sigma^2 - 1)/2) has u-curvature -(sigma^2 - 1); the linear
h = sigma^2 x / (sigma^2 + 2 lam) solves p h - 2 lam (p h')' = p x, so the proximal term adds sigma^4/(sigma^2 + 2 lam).
The u-curvature -(sigma^2 - 1) + sigma^4/(sigma^2 + 2 lam) vanishes at lam* = sigma^2/(2 (sigma^2 - 1)); in s the
boundary s = 1 is first-order optimal (dM/ds = 1 - sigma^2 - u^2 < 0). The maximiser is linear, inside the family
f'(exp(quadratic)) = 1 + quadratic, so the family and every D give the same local threshold; the claim checks the
global statements (family search below lam*, relaxation bound over every D above it).
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal, is_zero

x, y, u, c, r = sp.symbols("x y u c r", real=True)
SIG, LAM, R_ = sp.symbols("sigma lambda r_pos", positive=True)

#: key ingredients (the tests mutate them): the KL conjugate f*(y) = e^(y - 1), f'(r) = 1 + log r, and the claimed
#: threshold lambda* = sigma^2 / (2 (sigma^2 - 1))
F_CONJ_KL = sp.exp(y - 1)
F_PRIME_KL = 1 + sp.log(R_)
THRESHOLD_KL = SIG**2 / (2 * (SIG**2 - 1))


def _p(var=x):
    return sp.exp(-var**2 / (2 * SIG**2)) / (SIG * sp.sqrt(2 * sp.pi))


def _q(mean=0, var=x):
    return sp.exp(-(var - mean) ** 2 / 2) / sp.sqrt(2 * sp.pi)


def _seminorm_shift() -> bool:
    """||D' - (D + c)||^2 = E_P[(D' - D - c)'^2] = ||D' - D||^2: V_prox(G, D + c) = V_prox(G, D) for every game."""
    Dp, D = sp.Function("Dp")(x), sp.Function("D")(x)
    return is_zero(sp.diff(Dp - D - c, x) ** 2 - sp.diff(Dp - D, x) ** 2)


def _fenchel_inverse() -> bool:
    """f*'(f'(r)) = r for KL and JS (so E_Q[f*'(D_G)] = E_Q[p/q] = 1) and f*'' > 0 there."""
    kl = equal(sp.diff(F_CONJ_KL, y).subs(y, F_PRIME_KL), R_)
    js_conj = -sp.log(2 - sp.exp(y))
    js_prime = sp.log(2 * R_ / (R_ + 1))
    js = equal(sp.simplify(sp.diff(js_conj, y).subs(y, js_prime)), R_)
    pos = [sp.simplify(sp.diff(F_CONJ_KL, y, 2).subs(y, F_PRIME_KL)),
           sp.simplify(sp.diff(js_conj, y, 2).subs(y, js_prime))]
    return kl and js and all(e.is_positive is True for e in pos) and equal(pos[1], R_ * (R_ + 1))


def _shift_lowers_value() -> bool:
    """KL at a best response: E_Q[e^(D_G - 1)] = E_Q[p/q] = 1, so V(G, D_G + c) = M(G) + 1 + c - e^c < M(G) for
    c != 0: the stationary point c = 0 (derivative 1 - e^c) is the strict maximum (second derivative -e^c < 0)."""
    EQ = 1  # E_Q[f*(D_G)] for KL = E_Q[p/q]
    change = c - (sp.exp(c) - 1) * EQ  # V(G, D_G + c) - V(G, D_G)
    return (equal(change, 1 + c - sp.exp(c)) and is_zero(sp.diff(change, c).subs(c, 0))
            and sp.diff(change, c, 2).subs(c, 0) == -1 and (sp.exp(c) - 1 - c).subs(c, sp.Rational(-1, 2)) > 0)


def _kl_c0() -> bool:
    """E_{Q_u}[p/q*] = exp(u^2 (sigma^2 - 1)/2) for Q_u = N(u, 1): V(G_u, D*) has u-curvature -(sigma^2 - 1)."""
    E = sp.integrate(sp.simplify(_q(u) * _p() / _q()), (x, -sp.oo, sp.oo), conds="none")
    target = sp.exp(u**2 * (SIG**2 - 1) / 2)
    return equal(sp.simplify(E / target), 1) and equal(sp.diff(target, u, 2).subs(u, 0), SIG**2 - 1)


def _kl_weight() -> bool:
    """W = q* f*''(D*) with D* = f'(p/q*) is p for KL (f*'' = f* = e^(y - 1))."""
    ratio = sp.Symbol("rho", positive=True)
    return equal(sp.diff(F_CONJ_KL, y, 2).subs(y, F_PRIME_KL.subs(R_, ratio)), ratio)


def _kl_linear_solution() -> bool:
    """h = sigma^2 x / (sigma^2 + 2 lam) solves p h - 2 lam (p h')' = p x (the maximiser of the second-order problem),
    and <p x, h> = E_P[x h] = sigma^4 / (sigma^2 + 2 lam)."""
    h = SIG**2 * x / (SIG**2 + 2 * LAM)
    ode = _p() * h - 2 * LAM * sp.diff(_p() * sp.diff(h, x), x) - _p() * x
    B = sp.integrate(_p() * x * h, (x, -sp.oo, sp.oo))
    return is_zero(sp.simplify(ode / _p())) and equal(B, SIG**4 / (SIG**2 + 2 * LAM))


def _kl_lambda0_consistency() -> bool:
    """lam -> 0 gives M's u-curvature: -(sigma^2 - 1) + sigma^2 = 1 = d^2/du^2 KL(N(0, sigma^2) || N(u, 1))."""
    M = sp.log(1 / SIG) + (SIG**2 + u**2) / 2 - sp.Rational(1, 2)
    curv = -(SIG**2 - 1) + (SIG**4 / (SIG**2 + 2 * LAM)).subs(LAM, 0)
    return equal(curv, sp.diff(M, u, 2))


def _kl_threshold() -> bool:
    """-(sigma^2 - 1) + sigma^4/(sigma^2 + 2 lam) = 0 iff lam = THRESHOLD_KL, and the curvature decreases in lam."""
    curv = -(SIG**2 - 1) + SIG**4 / (SIG**2 + 2 * LAM)
    sols = sp.solve(sp.Eq(curv, 0), LAM)
    return len(sols) == 1 and equal(sols[0], THRESHOLD_KL) and sp.simplify(sp.diff(curv, LAM)).is_negative is True


def _kl_s_direction() -> bool:
    """M(s, u) = log(s/sigma) + (sigma^2 + u^2)/(2 s^2) - 1/2; dM/ds = 1 - sigma^2 - u^2 < 0 at s = 1 (sigma > 1):
    G* = (1, 0) sits on the boundary s = 1 with a first-order margin in s."""
    s = sp.Symbol("s", positive=True)
    M = sp.log(s / SIG) + (SIG**2 + u**2) / (2 * s**2) - sp.Rational(1, 2)
    d = sp.diff(M, s).subs(s, 1)
    k = sp.Symbol("k", positive=True)  # sigma = 1 + k
    return equal(d, 1 - SIG**2 - u**2) and sp.expand(d.subs(SIG, 1 + k)).subs(u, 0).is_negative is True


def _relaxation() -> bool:
    """Upper bound over every D: f*(y) >= y rho - f(rho) (KL: e^(y-1) - y rho + rho log rho >= 0, minimum 0 at
    rho = e^(y-1)), and max_g g Delta - lam p g^2 = Delta^2 / (4 lam p) (the pointwise sup over h')."""
    rho, g, Dl, pp = sp.symbols("rho g Delta p", positive=True)
    gap = sp.exp(y - 1) - y * rho + rho * sp.log(rho)
    stat = sp.solve(sp.diff(gap, rho), rho)
    fy = len(stat) == 1 and equal(stat[0], sp.exp(y - 1)) and is_zero(gap.subs(rho, stat[0])) \
        and sp.diff(gap, rho, 2).is_positive is True
    obj = g * Dl - LAM * pp * g**2
    gs = sp.solve(sp.diff(obj, g), g)[0]
    return fy and equal(obj.subs(g, gs), Dl**2 / (4 * LAM * pp))


PROOF = Proof(
    "fgan-proximal", "Beyond the paper: proximal equilibria of the Gaussian f-GAN (Definition 1, Proposition 2)",
    "KL and JS, 1-D, seminorm (15): (G*, D_G*) is a lam-PE exactly for 0 < lam <= lam*_f (KL: sigma^2/(2(sigma^2-1)));"
    " Proposition 2 holds for f-GANs with V(G*, D*) replaced by sup_c V(G*, D* + c)",
    (
        Step("the seminorm (15) vanishes on constants: V_prox(G, D + c) = V_prox(G, D); PE are closed under D* + c",
             _seminorm_shift),
        Step("f*'(f'(r)) = r and f*'' > 0 (KL, JS): d/dc V(G, D_G + c) = 1 - E_Q[p/q] = 0 at c = 0, strictly concave",
             _fenchel_inverse),
        Step("KL: V(G, D_G + c) = M(G) + 1 + c - e^c < M(G) for c != 0: (G*, D_G* + c) is a PE violating Prop. 2's "
             "left inequality", _shift_lowers_value),
        Step("replacement: lam-PE iff D* + c in BR(G*) for a constant c and V(G*, D* + c) <= V_prox(G, D*) for all G "
             "(measured: V_prox unchanged, V(G*, D* + c) < M(G*))", claim="finding-fgan-proximal"),
        Step("KL: E_{Q_u}[p/q*] = exp(u^2 (sigma^2 - 1)/2): V(G_u, D*) has u-curvature -(sigma^2 - 1)", _kl_c0),
        Step("KL: the second-order weight W = q* f*''(D*) is p", _kl_weight),
        Step("KL: h = sigma^2 x/(sigma^2 + 2 lam) solves p h - 2 lam (p h')' = p x; "
             "<p x, h> = sigma^4/(sigma^2 + 2 lam)",
             _kl_linear_solution),
        Step("KL: at lam = 0 the curvature is M's (= 1)", _kl_lambda0_consistency),
        Step("KL: the u-curvature vanishes at lam* = sigma^2/(2 (sigma^2 - 1)) and decreases in lam", _kl_threshold),
        Step("KL: dM/ds = 1 - sigma^2 - u^2 < 0 at s = 1: G* is first-order optimal in s", _kl_s_direction),
        Step("relaxation bound over every D: Fenchel-Young and the pointwise sup over h'", _relaxation),
        Step("numeric: the relaxation bound over every D dips below M(G*) at (1 + rel) lam*_all (KL, JS); an explicit "
             "D keeps V_prox >= M(G*) at (1 - rel) lam*_all for small u; --set global=1: family search at "
             "(1 - rel) lam*_fam", claim="finding-fgan-proximal"),
    ),
    findings=(
        "Proposition 2's 'only if' is false for f-GANs with the seminorm (15): (G*, D_G* + c), c != 0, is a "
        "lam-PE whenever (G*, D_G*) is, yet V(G*, D_G* + c) < V(G*, D_G*); the statement holds with V(G*, D*) "
        "replaced by sup_c V(G*, D* + c)",
        "KL: (G*, D_G*) is a lam-PE iff 0 < lam <= sigma^2/(2 (sigma^2 - 1)) (local analysis; global checks in "
        "finding-fgan-proximal); compare W2GAN's sigma/(4 eta (sigma - 1))",
    ),
)
