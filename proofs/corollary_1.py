"""Corollary 1 (proximal equilibria are Stackelberg): if (G*, D*) is a lambda-proximal equilibrium with lam > 0,
then G* minimises max_D V(G, D) and D* maximises V(G*, D): (G*, D*) satisfies (10).

Proof. (a) By Proposition 2 (this is where lam > 0 is used), D* is a best response to G*:
V(G*, D*) = max_D V(G*, D), the second line of (10). (b) For every G the penalty is >= 0, so
V_prox_lam(G, D*) <= max_D V(G, D). (c) Proposition 2's right inequality and (a), (b) give
max_D V(G*, D) = V(G*, D*) <= V_prox_lam(G, D*) <= max_D V(G, D) for all G: G* minimises max_D V, the
first line of (10).

Concretely, on the 1-D Gaussian W2GAN game over quadratic D (P = N(0, sigma^2), sigma > 1, G = N(u, s^2)
with 0 <= s <= 1, |u| <= t), max_D V(G, D) = eta ((sigma - s)^2 + u^2), uniquely minimised at (s, u) = (1, 0):
every lam-PE (lam > 0) of that game has G* = (1, 0). Finding: at lam = 0 the penalised objective does not
depend on D, so V_prox_0(G, D) = max_D' V(G, D') for every D, the left inequality of (12) is vacuous and
PE_0 = {(G*, D): G* minimises max_D V, D arbitrary}, a strict superset of the Stackelberg equilibria (10).
A search for proximal equilibria away from the minimiser is the claim ``corollary-1``.
"""

from __future__ import annotations

import sympy as sp

from gantheory.exact import w2gan_1d
from gantheory.proof import Proof, Step, equal, is_zero

s, u, a, b, ap, bp = sp.symbols("s u a b a' b'", real=True)
ETA, SIG, LAM, M = sp.symbols("eta sigma lambda m", positive=True)

#: key ingredients (the tests mutate them): the sign of the penalty in (11), the Sobolev penalty on the
#: quadratic family, the best response D_G = (a_G, b_G) and the distance max_D V(G, D)
PENALTY_SIGN = -1
PENALTY = 4 * SIG**2 * (ap - a) ** 2 + (bp - b) ** 2
BEST_RESPONSE = (ETA * (1 - s / SIG), -2 * ETA * u)
DISTANCE = ETA * ((SIG - s) ** 2 + u**2)


def V(s_, u_, a_, b_):
    """V(G, D) of the 1-D Gaussian W2GAN game for D = a x^2 + b x (a < eta), eq. (9): the shared model's expression
    (gantheory/exact/w2gan_1d.py) on sympy symbols; proofs/proposition_2.py derives it from the c-transform."""
    return w2gan_1d.value_expression(SIG, ETA, s_, u_, a_, b_)


def _objective(lam=LAM):
    return V(s, u, ap, bp) + PENALTY_SIGN * lam * PENALTY


def _best_response() -> bool:
    """(a) on the family: V(G, .) is concave on a < eta (Hessian trace < 0, det = eta^2 s^2 / (eta - a)^4 >= 0), its
    gradient vanishes at D_G = (eta (1 - s/sigma), -2 eta u), and max_D V(G, D) = V(G, D_G)
    = eta ((sigma - s)^2 + u^2)."""
    aG, bG = BEST_RESPONSE
    Vf = V(s, u, a, b)
    grad = all(is_zero(sp.diff(Vf, v).subs({a: aG, b: bG})) for v in (a, b))
    H = sp.hessian(Vf, (a, b)).subs(a, ETA - M)
    concave = equal(H.det(), ETA**2 * s**2 / M**4) and sp.simplify(H.trace()).is_negative is True
    return grad and concave and equal(V(s, u, aG, bG), DISTANCE)


def _penalty_upper_bound() -> bool:
    """(b) the objective of (11) is V(G, D') minus lam times a sum of squares: objective - V(G, D') = -lam ||D' - D||^2
    with ||D' - D||^2 a positive-semidefinite form vanishing at D' = D; so V_prox_lam(G, D*) <= max_D V(G, D)."""
    diff = _objective() - V(s, u, ap, bp)
    psd = sp.hessian(PENALTY, (ap, bp)).is_positive_semidefinite is True and is_zero(PENALTY.subs({ap: a, bp: b}))
    return equal(diff, -LAM * PENALTY) and psd


def _minimiser() -> bool:
    """(c) on the feasible set 0 <= s <= 1 < sigma, |u| <= t: d/ds max_D V = -2 eta (sigma - s) < 0 and the u-part
    eta u^2 is minimised at u = 0, so argmin_G max_D V = {(1, 0)}: every lam-PE (lam > 0) has G* = (1, 0)."""
    ds = sp.diff(DISTANCE, s)
    slack = sp.Symbol("delta", positive=True)  # sigma - s = (sigma - 1) + (1 - s) > 0 on the feasible set
    ds_neg = equal(ds, -2 * ETA * (SIG - s)) and (ds.subs(s, SIG - slack)).is_negative is True
    u_part = equal(sp.diff(DISTANCE, u), 2 * ETA * u) and sp.diff(DISTANCE, u, 2).is_positive is True
    return ds_neg and u_part and equal(DISTANCE.subs({s: 1, u: 0}), ETA * (SIG - 1) ** 2)


def _lambda_zero() -> bool:
    """FINDING (why lam > 0): at lam = 0 the objective of (11) has zero derivative in D = (a, b), so V_prox_0(G, D) =
    max_D' V(G, D') whatever D is; for lam > 0 the derivative in D, -lam grad_D ||D' - D||^2, is not zero."""
    zero = all(is_zero(sp.diff(_objective(0), v)) for v in (a, b))
    live = not all(is_zero(sp.diff(_objective(), v)) for v in (a, b))
    return zero and live


PROOF = Proof(
    "corollary-1", "Corollary 1",
    "a lam-proximal equilibrium (lam > 0) is a Stackelberg equilibrium: G* minimises max_D V(G, D), D* in BR(G*)",
    (
        Step("(a) Proposition 2 (lam > 0): D* in BR(G*); on the 1-D W2GAN family max_D V(G, D) = eta ((sigma - s)^2 + "
             "u^2) at D_G", _best_response),
        Step("(b) penalty >= 0: V_prox_lam(G, D*) <= max_D V(G, D) for every G", _penalty_upper_bound),
        Step("(c) max_D V(G*, D) = V(G*, D*) <= V_prox(G, D*) <= max_D V(G, D): G* minimises the distance; on the "
             "family G* = (1, 0)", _minimiser),
        Step("(c) over all G: no proximal equilibrium away from the distance minimiser (a search from starts with "
             "s in [0.2, 0.8])", claim="corollary-1"),
        Step("at lam = 0 the objective of (11) does not depend on D, so Definition 1 leaves D* free", _lambda_zero),
    ),
    findings=(
        "PE_0 is not the set of Stackelberg equilibria, as the text after Proposition 3 says: at lam = 0, "
        "V_prox_0(G, D) = max_D' V(G, D') for every D, so the left inequality of (12) is vacuous and every "
        "(G*, D) with G* a distance minimiser is in PE_0, best response or not; Corollary 1 needs lam > 0 for the "
        "D* part",
    ),
)
