"""Proposition 3 (nested proximal equilibria): if lam1 <= lam2 then PE_lam2(V) is a subset of PE_lam1(V).

Proof. (a) For every D' the penalised objective V(G, D') - lam ||D' - D||^2 has lam-derivative
-||D' - D||^2 <= 0, so it is non-increasing in lam; V_prox_lam(G, D), the pointwise max over D' of
non-increasing functions, is non-increasing in lam. (b) Let (G*, D*) be in PE_lam2. By Proposition 2,
D* is a best response to G* and V(G*, D*) <= V_prox_lam2(G, D*) <= V_prox_lam1(G, D*) for every G, which
are Proposition 2's conditions at lam1: (G*, D*) is in PE_lam1.

The monotonicity is made concrete on the 1-D Gaussian W2GAN family (P = N(0, sigma^2), G = N(u, s^2),
D(x) = a x^2 + b x, Sobolev seminorm (15)): with b' eliminated in closed form the envelope theorem gives
d/dlam of the penalised objective = -||D'_lam - D||^2; the inclusion (b) is a statement over all pairs and
lambdas, checked by the claim ``proposition-3`` on a lambda grid.
"""

from __future__ import annotations

import sympy as sp

from gantheory.exact import w2gan_1d
from gantheory.proof import Proof, Step, equal, is_zero

s, u, a, b, ap, bp = sp.symbols("s u a b a' b'", real=True)
ETA, SIG, LAM, M = sp.symbols("eta sigma lambda m", positive=True)

#: key ingredients (the tests mutate them): the sign of the penalty in (11), the Sobolev penalty on the
#: quadratic family, and the closed-form maximiser b'(m) of (11) at fixed m = eta - a'
PENALTY_SIGN = -1
PENALTY = 4 * SIG**2 * (ap - a) ** 2 + (bp - b) ** 2
B_STAR = (4 * LAM * b * M - 2 * ETA * u) / (1 + 4 * LAM * M)
C = b + 2 * ETA * u


def V(s_, u_, a_, b_):
    """V(G, D) of the 1-D Gaussian W2GAN game for D = a x^2 + b x (a < eta), eq. (9): the shared model's expression
    (gantheory/exact/w2gan_1d.py) on sympy symbols; proofs/proposition_2.py derives it from the c-transform."""
    return w2gan_1d.value_expression(SIG, ETA, s_, u_, a_, b_)


def _objective():
    """V(G, D') + PENALTY_SIGN * lam ||D' - D||^2 with D' = (a', b') = (eta - m, b')."""
    return (V(s, u, ap, bp) + PENALTY_SIGN * LAM * PENALTY).subs(ap, ETA - M)


def _monotone_pointwise() -> bool:
    """(a) d/dlam [V(G, D') - lam ||D' - D||^2] = -||D' - D||^2, and ||D' - D||^2 is a sum of squares (>= 0)."""
    pen = PENALTY.subs(ap, ETA - M)
    deriv_ok = equal(sp.diff(_objective(), LAM), -pen)
    sos = sp.hessian(PENALTY, (ap, bp)).is_positive_semidefinite is True and is_zero(PENALTY.subs({ap: a, bp: b}))
    return deriv_ok and sos


def _b_elimination() -> bool:
    """At fixed m the objective is a concave quadratic in b' (coefficient -(1/(4m) + lam) < 0) maximised at
    b'(m) = (4 lam b m - 2 eta u) / (1 + 4 lam m)."""
    obj = _objective()
    stat = is_zero(sp.together(sp.diff(obj, bp).subs(bp, B_STAR)))
    concave = sp.simplify(sp.diff(obj, bp, 2)).is_negative is True
    return stat and concave


def _reduced_objective():
    return _objective().subs(bp, B_STAR)


def _reduced_closed_form() -> bool:
    """With b' eliminated: H_lam(m) = sigma^2 (eta - m) - eta^2 s^2 / m - lam c^2 / (1 + 4 lam m)
    - 4 lam sigma^2 (eta - m - a)^2 + eta (u^2 + s^2), c = b + 2 eta u; V_prox_lam(G, D) = max_{m > 0} H_lam(m)."""
    H = (SIG**2 * (ETA - M) - ETA**2 * s**2 / M - LAM * C**2 / (1 + 4 * LAM * M)
         - 4 * LAM * SIG**2 * (ETA - M - a) ** 2 + ETA * (u**2 + s**2))
    return equal(_reduced_objective(), H)


def _envelope() -> bool:
    """Envelope theorem in b': dH_lam/dlam (at fixed m) equals the partial lam-derivative -||D' - D||^2 at
    b' = b'(m), i.e. -(4 sigma^2 (eta - m - a)^2 + c^2 / (1 + 4 lam m)^2) <= 0: every H_lam(m) is non-increasing
    in lam, hence so is max_m H_lam(m) = V_prox_lam(G, D)."""
    pen_at = PENALTY.subs({ap: ETA - M, bp: B_STAR})
    closed = 4 * SIG**2 * (ETA - M - a) ** 2 + C**2 / (1 + 4 * LAM * M) ** 2
    return equal(sp.diff(_reduced_objective(), LAM), -pen_at) and equal(pen_at, closed)


def _extremes() -> bool:
    """The two ends of Figure 3: as lam -> 0, b'(m) -> -2 eta u (the unpenalised best response: V_prox_0 = max_D V,
    Stackelberg); as lam -> oo, b'(m) -> b and H_lam(eta - a) -> V(G, D) (Nash)."""
    lo = sp.limit(B_STAR, LAM, 0)
    hi = sp.limit(B_STAR, LAM, sp.oo)
    H = _reduced_objective().subs(M, ETA - a)
    return equal(lo, -2 * ETA * u) and equal(hi, b) and equal(sp.limit(H, LAM, sp.oo), V(s, u, a, b))


PROOF = Proof(
    "proposition-3", "Proposition 3",
    "lam1 <= lam2 implies PE_lam2(V) is a subset of PE_lam1(V)",
    (
        Step("(a) d/dlam [V(G, D') - lam ||D' - D||^2] = -||D' - D||^2 <= 0 for every D'", _monotone_pointwise),
        Step("on the 1-D W2GAN family: at fixed m = eta - a' the maximiser is b'(m) = (4 lam b m - 2 eta u) / "
             "(1 + 4 lam m)",
             _b_elimination),
        Step("reduced objective H_lam(m) in closed form; V_prox_lam(G, D) = max_m H_lam(m)", _reduced_closed_form),
        Step("envelope theorem: dH_lam/dlam = -||D'_lam - D||^2 <= 0, so V_prox_lam(G, D) is non-increasing in lam",
             _envelope),
        Step("extremes: lam -> 0 gives the unpenalised best response (Stackelberg), lam -> oo gives V(G, D) (Nash)",
             _extremes),
        Step("(b) (G*, D*) in PE_lam2: by Proposition 2, D* in BR(G*) and V(G*, D*) <= V_prox_lam2(G, D*) <= "
             "V_prox_lam1(G, D*) for all G, so (G*, D*) in PE_lam1 (over all pairs and lambdas)",
             claim="proposition-3"),
    ),
)
