"""Proposition 2 (Definition 1 in terms of V): for lam > 0, (G*, D*) is a lambda-proximal equilibrium, i.e.
V_prox(G*, D) <= V_prox(G*, D*) <= V_prox(G, D*) for all G, D (12), if and only if for all G, D

    V(G*, D) <= V(G*, D*) <= max_D' V(G, D') - lam ||D' - D*||^2  (= V_prox_lam(G, D*)).

Proof. (a) D' = D in (11) gives V_prox(G, D) >= V(G, D). (b) The penalty is >= 0, so V_prox(G, D) <=
M(G) := max_D' V(G, D'); with (a) at a best response, sup_D V_prox(G, D) = M(G). (c) V_prox(G, D) = M(G)
iff D is a best response: if D' attains (11) and V_prox = M, then M >= V(G, D') = M + lam ||D' - D||^2,
so the penalty vanishes, D' = D and V(G, D) = M; conversely M >= V_prox(G, D) >= V(G, D) = M. (d) By (b)
and (c) the left inequality of (12) holds iff V_prox(G*, D*) = M(G*) iff D* in BR(G*), i.e. iff the left
inequality of Proposition 2 holds; then V_prox(G*, D*) = V(G*, D*) by (c), so the right inequalities of
(12) and of Proposition 2 are the same inequality.

The symbolic steps are concrete on the 1-D Gaussian W2GAN family: P = N(0, sigma^2), G = N(u, s^2),
cost eta (x - y)^2, D(x) = a x^2 + b x (a < eta) and the Sobolev seminorm (15). Steps (c) and (d) are
statements over all G and D; the claim ``proposition-2`` checks that Definition 1 and Proposition 2 agree
on pairs inside and outside the proximal-equilibrium set.
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal, is_zero

x, y, s, u, a, b, ap, bp, c0 = sp.symbols("x y s u a b a' b' c0", real=True)
ETA, SIG, LAM, M = sp.symbols("eta sigma lambda m", positive=True)

#: key ingredients (the tests mutate them): V over the quadratic family, the Sobolev penalty of (15) on
#: it, and the best response D_G = (a_G, b_G) with its value M(G) = eta W2^2(P, G)
V_FAMILY = SIG**2 * a - ((b + 2 * ETA * u) ** 2 + 4 * ETA**2 * s**2) / (4 * (ETA - a)) + ETA * (u**2 + s**2)
PENALTY = 4 * SIG**2 * (ap - a) ** 2 + (bp - b) ** 2
BEST_RESPONSE = (ETA * (1 - s / SIG), -2 * ETA * u)
BR_VALUE = ETA * ((SIG - s) ** 2 + u**2)


def V(s_, u_, a_, b_):
    return V_FAMILY.subs({s: s_, u: u_, a: a_, b: b_}, simultaneous=True)


def _objective():
    """The penalised objective of (11): V(G, D') - lam ||D' - D||^2 with D' = (a', b')."""
    return V(s, u, ap, bp) - LAM * PENALTY


def _gauss(expr, var, mean, sd):
    """E[expr(var)] for var ~ N(mean, sd^2), expr a polynomial of degree <= 2 in var."""
    z = sp.Symbol("z", real=True)
    poly = sp.Poly(sp.expand(expr.subs(var, mean + sd * z)), z)
    moments = {0: 1, 1: 0, 2: 1}
    return sp.expand(sum(c * moments[k[0]] for k, c in zip(poly.monoms(), poly.coeffs(), strict=True)))


def _ctransform(D):
    """D^c(y) = sup_x D(x) - eta (x - y)^2 for a quadratic D with x^2-coefficient < eta (unique stationary point)."""
    obj = D - ETA * (x - y) ** 2
    (xs,) = sp.solve(sp.diff(obj, x), x)
    return obj.subs(x, xs)


def _family_value() -> bool:
    """V(G, D) = E_P[D] - E_Q[D^c] (eq. (9)) equals V_FAMILY for D = a x^2 + b x, P = N(0, sigma^2), Q = N(u, s^2)."""
    D = a * x**2 + b * x
    Dc = sp.together(_ctransform(D))
    num, den = sp.fraction(Dc)  # den = 4 (eta - a) does not involve y: take the expectation of the numerator
    val = _gauss(D, x, 0, SIG) - _gauss(sp.expand(num), y, u, s) / den
    return equal(val, V_FAMILY)


def _penalty() -> bool:
    """||D' - D||^2 = E_P[(grad D' - grad D)^2] = PENALTY, a positive-definite quadratic form in (a' - a, b' - b):
    zero value and gradient at D' = D, Hessian diag(8 sigma^2, 2) > 0."""
    derived = _gauss((2 * (ap - a) * x + (bp - b)) ** 2, x, 0, SIG)
    at = {ap: a, bp: b}
    H = sp.hessian(PENALTY, (ap, bp))
    return (equal(derived, PENALTY) and is_zero(PENALTY.subs(at))
            and all(is_zero(sp.diff(PENALTY, v).subs(at)) for v in (ap, bp)) and H.is_positive_definite is True)


def _constant_invariance() -> bool:
    """The seminorm vanishes on constants; V(G, D + c0) = V(G, D) for W2GAN ((D + c0)^c = D^c + c0), so a zero
    penalty leaves V unchanged. For an f-GAN it does not: KL, f*(t) = e^(t - 1), D = const d gives a change
    c0 - e^(d - 1)(e^c0 - 1) != 0."""
    D = a * x**2 + b * x
    shift = _ctransform(D + c0) - _ctransform(D)
    w2_ok = is_zero(sp.simplify(shift - c0)) and is_zero(_gauss(c0, x, 0, SIG) - c0)
    d = sp.Symbol("d", real=True)
    fgan = lambda D_: D_ - sp.exp(D_ - 1)  # noqa: E731  E_P[D] - E_Q[f*(D)] for a constant D
    kl_change = sp.simplify(fgan(d + c0) - fgan(d))
    return w2_ok and not is_zero(kl_change) and equal(kl_change, c0 - sp.exp(d - 1) * (sp.exp(c0) - 1))


def _lower_bound() -> bool:
    """(a) The penalised objective at D' = D is V(G, D): V_prox(G, D) >= V(G, D)."""
    return equal(_objective().subs({ap: a, bp: b}, simultaneous=True), V(s, u, a, b))


def _best_response() -> bool:
    """(b) On the family M(G) = max_D V(G, D) is attained at D_G: grad V(G, D_G) = 0, V(G, .) is concave on a < eta
    (Hessian: trace < 0, det = eta^2 s^2 / (eta - a)^4 >= 0), and V(G, D_G) = eta ((sigma - s)^2 + u^2)."""
    aG, bG = BEST_RESPONSE
    grad_zero = all(is_zero(sp.diff(V_FAMILY, v).subs({a: aG, b: bG})) for v in (a, b))
    H = sp.hessian(V_FAMILY, (a, b)).subs(a, ETA - M)  # m = eta - a > 0
    det_ok = equal(H.det(), ETA**2 * s**2 / M**4)
    trace_neg = sp.simplify(H.trace()).is_negative is True
    return grad_zero and det_ok and trace_neg and equal(V(s, u, aG, bG), BR_VALUE)


def _stationary_iff_best_response() -> bool:
    """(c) On the family: grad_{D'} of the penalised objective at D' = D equals grad_D V(G, D), and the penalised
    objective is strictly concave (trace < 0; det = (lam m (b' + 2 eta u)^2 + eta^2 s^2 (1 + 4 lam m)
    + 4 lam m^3 sigma^2 (1 + 4 lam m)) / m^4 > 0, m = eta - a'); so
    D' = D maximises (11) iff grad V(G, D) = 0 iff D in BR(G). At D = D_G: V_prox(G, D_G) = M(G)."""
    obj = _objective()
    at = {ap: a, bp: b}
    grads = all(equal(sp.diff(obj, v).subs(at, simultaneous=True), sp.diff(V_FAMILY, w))
                for v, w in ((ap, a), (bp, b)))
    H = sp.hessian(obj, (ap, bp)).subs(ap, ETA - M)
    c = bp + 2 * ETA * u
    det_sos = (LAM * M * c**2 + ETA**2 * s**2 * (1 + 4 * LAM * M) + 4 * LAM * M**3 * SIG**2 * (1 + 4 * LAM * M)) / M**4
    strict = sp.simplify(H.trace()).is_negative is True and equal(H.det(), det_sos)  # det_sos > 0 term by term
    aG, bG = BEST_RESPONSE
    value_at_br = equal(obj.subs({ap: aG, bp: bG, a: aG, b: bG}, simultaneous=True), BR_VALUE)
    return grads and strict and value_at_br


def _needs_positive_lambda() -> bool:
    """(c) uses lam > 0: at lam = 0 the objective of (11) has zero derivative in D = (a, b) on the family, so
    V_prox_0(G, D) = M(G) for every D and the left inequality of (12) holds for any D*, best response or not."""
    at_zero = _objective().subs(LAM, 0)
    return all(is_zero(sp.diff(at_zero, v)) for v in (a, b)) and not is_zero(sp.diff(_objective(), a))


PROOF = Proof(
    "proposition-2", "Proposition 2",
    "for lam > 0: (G*, D*) is a lam-PE iff V(G*, D) <= V(G*, D*) <= V_prox_lam(G, D*) for all G, D",
    (
        Step("the 1-D Gaussian W2GAN family: V(G, D) = sigma^2 a - ((b + 2 eta u)^2 + 4 eta^2 s^2) / (4 (eta - a)) "
             "+ eta (u^2 + s^2) for D = a x^2 + b x", _family_value),
        Step("Sobolev penalty ||D' - D||^2 = 4 sigma^2 (a' - a)^2 + (b' - b)^2 >= 0, zero only at D' = D", _penalty),
        Step("a zero seminorm leaves D' - D constant, and V(G, D + c) = V(G, D) for W2GAN (not for f-GANs)",
             _constant_invariance),
        Step("(a) D' = D in (11): V_prox(G, D) >= V(G, D)", _lower_bound),
        Step("(b) V_prox(G, D) <= M(G) = max_D' V(G, D') (penalty >= 0); on the family M(G) = eta W2^2 at D_G",
             _best_response),
        Step("(c) D' = D maximises (11) iff grad V(G, D) = 0 iff D in BR(G); V_prox(G, D) = M(G) iff D in BR(G)",
             _stationary_iff_best_response),
        Step("(c) needs lam > 0: at lam = 0, V_prox_0(G, D) = M(G) for every D", _needs_positive_lambda),
        Step("(d) left of (12) <=> V_prox(G*, D*) = M(G*) <=> D* in BR(G*); then V_prox(G*, D*) = V(G*, D*) and the "
             "right inequalities coincide (statements over all G, D: Definition 1 vs Proposition 2 on pairs)",
             claim="proposition-2"),
    ),
    findings=(
        "Proposition 2 is false at lam = 0, which the text admits (PE_0 as the Stackelberg end of Figure 3): "
        "V_prox_0(G, D) = max_D' V(G, D') for every D, so Definition 1 holds for (G*, D) with any D, while "
        "Proposition 2 demands D in BR(G*); the equivalence needs lam > 0",
        "the 'only if' direction needs the max in (11) to be attained and a zero penalty to imply "
        "V(G, D') = V(G, D): immediate for a norm; for the Sobolev seminorm (15) of Section 4.2 (zero on "
        "constants) it relies on V(G, D + c) = V(G, D), true for WGAN and W2GAN, false for f-GANs",
    ),
)
