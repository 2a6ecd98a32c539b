"""Proposition 1 (realizable generator): if G* in the generator class has P_{G*(Z)} = P_X, then for the
f-GAN (7), the WGAN (8) and the W2GAN (9) a constant discriminator D_c makes (G*, D_c) a Nash
equilibrium: V(G*, D) <= V(G*, D_c) <= V(G, D_c) for every G and D.

* f-GAN: D_c = f'(1). Against a constant d the value is V(G, d) = d - f*(d) for every G, and with
  d = f'(1) this is f'(1) - f*(f'(1)) = f(1) (Fenchel-Young with equality at t = 1), the same for every G.
  Pointwise, sup_D V(G, D) = int q sup_d (d p/q - f*(d)) = int q f(p/q) (f convex and closed: f** = f),
  which for p = q is f(1) = V(G*, D_c). f(1) = 0 for every f of the table except the vanilla GAN's
  f(t) = t log t - (t + 1) log(t + 1) of eq. (6), whose f(1) = -log 4 (the familiar value of the game).
* WGAN: D_c = 0 (1-Lipschitz), V(G, 0) = 0 for every G, and V(G*, D) = E_P[D] - E_{P_G*}[D] = 0 for every D.
* W2GAN (cost c(x, y) = eta (x - y)^2; the paper's 1/2 ||x - y||^2 is eta = 1/2): D_c = 0 is c-concave
  (0^c(y) = sup_x -c(x, y) = 0, so 0 = 0^c), V(G, 0) = 0 for every G, and since D^c(y) >= D(y) - c(y, y) = D(y),
  V(G*, D) = E_P[D - D^c] <= 0 = W_c(P, P) for every c-concave D.

The f-table is that of gantheory.games.divergences (Nowozin et al. 2016); its convention is
sup_D V(G, D) = int q f(p/q), q the generator's density. The symbolic steps are pointwise identities
(they hold for any P = P_G*); the equilibrium inequalities over all generators and discriminators of the
Gaussian games are the numeric claims proposition-1-fgan / -wgan / -w2gan.
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal

t = sp.Symbol("t", positive=True)  # the density ratio r = p/q
d, x, y, u, a, b = sp.symbols("d x y u a b", real=True)
ETA, SIG, S = sp.symbols("eta sigma s", positive=True)

#: key ingredient: the f-table as sympy expressions, key -> (f(t), f*(d)) (Nowozin et al. 2016, Tables 1-2)
F_SYM = {
    "kl": (t * sp.log(t), sp.exp(d - 1)),
    "reverse_kl": (-sp.log(t), -1 - sp.log(-d)),
    "pearson": ((t - 1) ** 2, d**2 / 4 + d),
    "neyman": ((1 - t) ** 2 / t, 2 - 2 * sp.sqrt(1 - d)),
    "squared_hellinger": ((sp.sqrt(t) - 1) ** 2, d / (1 - d)),
    "js": (t * sp.log(t) - (t + 1) * sp.log((t + 1) / 2), -sp.log(2 - sp.exp(d))),
    "gan": (t * sp.log(t) - (t + 1) * sp.log(t + 1), -sp.log(1 - sp.exp(d))),
}

#: f(1) of each f: 0 except for the vanilla GAN (-log 4)
F_AT_1 = {k: sp.Integer(0) for k in F_SYM} | {"gan": -2 * sp.log(2)}

#: key ingredient: the constant discriminator D_c = f'(1) of each f
D_CONSTANT = {"kl": sp.Integer(1), "reverse_kl": sp.Integer(-1), "pearson": sp.Integer(0), "neyman": sp.Integer(0),
              "squared_hellinger": sp.Integer(0), "js": sp.Integer(0), "gan": -sp.log(2)}

#: key ingredients of the Wasserstein parts: the WGAN constant discriminator, the W2 cost, the realizable G*
WGAN_D = sp.Integer(0) * x
COST = ETA * (x - y) ** 2
G_STAR = {"u": sp.Integer(0), "s": SIG}  # Q_G* = N(u, s^2) against P = N(0, sigma^2)


def same(e1, e2) -> bool:
    """e1 == e2 for t > 0, after expanding logarithms (the f-table is full of log t, log(t + 1))."""
    return sp.simplify(sp.expand_log(sp.simplify(e1 - e2), force=True)) == 0


def _fp(key):
    return sp.diff(F_SYM[key][0], t)


def _normalised_convex() -> bool:
    """f(1) = F_AT_1 and f''(t) > 0 on t > 0 for each f of the table (sympy decides the sign of f'')."""
    return all(same(f.subs(t, 1), F_AT_1[k]) and sp.simplify(sp.diff(f, t, 2)).is_positive is True
               for k, (f, _) in F_SYM.items())


def _conjugate_value() -> bool:
    """Fenchel-Young with equality: f*(f'(t)) = t f'(t) - f(t) for t > 0, for the table's f*."""
    return all(same(fc.subs(d, _fp(k)), t * _fp(k) - f) for k, (f, fc) in F_SYM.items())


def _pointwise_sup() -> bool:
    """d -> d r - f*(d) is stationary at d = f'(r) ((f*)'(f'(r)) = r) and concave ((f*)''(f'(r)) f''(r) = 1 > 0)."""
    ok = True
    for k, (f, fc) in F_SYM.items():
        ok &= same(sp.diff(t * d - fc, d).subs(d, _fp(k)), 0)
        ok &= same(sp.diff(fc, d, 2).subs(d, _fp(k)) * sp.diff(f, t, 2), 1)
    return ok


def _constant_value() -> bool:
    """D_c = f'(1) and V(G, D_c) = D_c - f*(D_c) = f(1) for every G (the generator is indifferent)."""
    return all(same(D_CONSTANT[k], _fp(k).subs(t, 1)) and same(D_CONSTANT[k] - fc.subs(d, D_CONSTANT[k]), F_AT_1[k])
               for k, (_, fc) in F_SYM.items())


def _constant_is_best_response() -> bool:
    """For p = q (r = 1) the pointwise objective d - f*(d) is stationary at d = D_c: 1 - (f*)'(D_c) = 0, so
    sup_D V(G*, D) = f(1) = V(G*, D_c)."""
    return all(same(1 - sp.diff(fc, d).subs(d, D_CONSTANT[k]), 0) for k, (_, fc) in F_SYM.items())


def _gauss(expr, var, mean, sd):
    """E[expr(var)] for var ~ N(mean, sd^2), expr a polynomial in var of degree <= 4 (moments 1, 0, 1, 0, 3)."""
    z = sp.Symbol("z", real=True)
    poly = sp.Poly(sp.expand(expr.subs(var, mean + sd * z)), z)
    moments = {0: 1, 1: 0, 2: 1, 3: 0, 4: 3}
    return sp.expand(sum(c * moments[m[0]] for m, c in zip(poly.monoms(), poly.coeffs(), strict=True)))


def _wgan_constant() -> bool:
    """D_c is 1-Lipschitz and constant in x, so V(G, D_c) = E_P[D_c] - E_{N(u, s^2)}[D_c] = 0 for every (u, s)."""
    lip = sp.Abs(sp.diff(WGAN_D, x)) <= 1
    V = _gauss(WGAN_D, x, 0, SIG) - _gauss(WGAN_D, x, u, S)
    return bool(lip) and equal(V, 0)


def _phi(v):
    return (1 + sp.erf(v / sp.sqrt(2))) / 2


def _wgan_realizable() -> bool:
    """P_G* = P: the CDFs F_{Q*}(x) = Phi((x - u*)/s*) and F_P(x) = Phi(x/sigma) agree, so for every D,
    V(G*, D) = int D'(x) (F_Q* - F_P)(x) dx = 0 = V(G*, D_c)."""
    diff = _phi((x - G_STAR["u"]) / G_STAR["s"]) - _phi(x / SIG)
    return sp.simplify(diff) == 0


def _zero_is_c_concave() -> bool:
    """0^c(y) = sup_x 0 - c(x, y): stationary at x = y, concave in x, value 0; so 0 = 0^c is c-concave and
    V(G, 0) = E_P[0] - E_Q[0^c] = 0 for every G."""
    obj = -COST
    xs = sp.solve(sp.diff(obj, x), x)
    return (len(xs) == 1 and equal(obj.subs(x, xs[0]), 0) and sp.diff(obj, x, 2).is_negative is True)


def _dc_dominates_d() -> bool:
    """D^c(y) >= D(y) - c(y, y) = D(y): c(y, y) = 0; so V(G*, D) = E_P[D - D^c] <= 0 for every D. On the
    quadratic family D = a x^2 + b x (a < eta) the gap is D^c(y) - D(y) = (b + 2 a y)^2 / (4 (eta - a)) >= 0."""
    obj = a * x**2 + b * x - COST
    xs = sp.solve(sp.diff(obj, x), x)
    Dc = obj.subs(x, xs[0])
    gap = (b + 2 * a * y) ** 2 / (4 * (ETA - a))
    return equal(COST.subs(x, y), 0) and len(xs) == 1 and equal(Dc - (a * y**2 + b * y), gap)


PROOF = Proof(
    "proposition-1", "Proposition 1",
    "realizable G* (P_G* = P_X): (G*, D_c) is a Nash equilibrium with D_c = f'(1) (f-GAN), 0 (WGAN), 0 (W2GAN)",
    (
        Step("each f of the table is strictly convex, f'' > 0 on (0, inf); f(1) = 0 except f_GAN(1) = -log 4",
             _normalised_convex),
        Step("the table's f* is the conjugate of f on the range of f': f*(f'(t)) = t f'(t) - f(t)", _conjugate_value),
        Step("pointwise sup: d -> d r - f*(d) is concave with maximiser d = f'(r) and value f(r); hence "
             "sup_D V(G, D) = int q f(p/q) and D_G = f'(p/q)", _pointwise_sup),
        Step("D_c = f'(1): V(G, D_c) = f'(1) - f*(f'(1)) = f(1) for every G, so G* is a best response to D_c",
             _constant_value),
        Step("for p = q the maximiser of the pointwise objective is D_c: sup_D V(G*, D) = f(1) = V(G*, D_c)",
             _constant_is_best_response),
        Step("the Nash inequalities over all Gaussian generators and sampled discriminators, for every f",
             claim="proposition-1-fgan"),
        Step("WGAN: D_c = 0 is 1-Lipschitz and V(G, D_c) = 0 for every G", _wgan_constant),
        Step("WGAN: P_G* = P gives F_Q* = F_P, so V(G*, D) = int D' (F_Q* - F_P) = 0 = V(G*, D_c) for every D",
             _wgan_realizable),
        Step("the WGAN Nash inequalities over generators and sampled 1-Lipschitz D", claim="proposition-1-wgan"),
        Step("W2GAN: 0^c = 0 (sup_x -eta (x - y)^2 = 0 at x = y), so D_c = 0 is c-concave and V(G, 0) = 0",
             _zero_is_c_concave),
        Step("W2GAN: D^c(y) >= D(y) - c(y, y) = D(y), so V(G*, D) = E_P[D - D^c] <= 0 = V(G*, 0) = W_c(P, P)",
             _dc_dominates_d),
        Step("the W2GAN Nash inequalities over generators and sampled c-concave quadratic D",
             claim="proposition-1-w2gan"),
    ),
)
