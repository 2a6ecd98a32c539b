"""Mixed equilibria of the W2GAN (9) and f-GAN (7) games of Theorem 1 are attained for every sigma > 1, t > 0
(f = KL, JS), not only inside t^2 <= 1 - 1/sigma^2 (proofs/mixed_equilibrium.py, part (c)).

Setting: X ~ P = N(0, sigma^2), Theta = [0, 1] x [-t, t] (s = |w|), Q_G = N(u, s^2) for G = (s, u) (the point
mass at u when s = 0), a mixed strategy mu in P(Theta), Q_mu = int Q_G dmu, V(mu, D) = int V(G, D) dmu, and
F(mu) = Div(P, Q_mu) = max_D V(mu, D): eta W2^2(P, Q_mu) for (9) (cost eta (x - y)^2), D_f(P || Q_mu) for (7).

Statement. For the W2GAN game and the f-GAN game with f = KL or JS, every sigma > 1 and t > 0: F has a minimiser
mu* over P(Theta), and (mu*, D*) is a mixed Nash equilibrium with D* an exact best response to Q_mu* (the
Kantorovich potential of (P, Q_mu*); a representative of f'(p/q_mu*)), value min_mu F.

Proof.
(1) Existence of mu*. P(Theta) is weakly compact (Prokhorov; Theta compact) and convex; mu -> Q_mu is weakly
    continuous ((s, u) -> E g(u + s Z) is bounded continuous for bounded continuous g); Div(P, .) is convex and
    weakly lsc (a supremum of continuous functionals: the dual forms (9), (7) over bounded continuous D), so F is
    convex and lsc and attains its minimum; F(delta_(1, 0)) < inf (step 1), so F(mu*) < inf.
(2) f-GAN, the first variation. g(q) = q f(p/q) is convex in q with g'(q) = -f*(f'(p/q)) (step 2). For G with
    s > 0 and mu_e = (1 - e) mu* + e delta_G, the quotients [g(q* + e (q_G - q*)) - g(q*)]/e decrease as e
    decreases (convexity) to g'(q*) (q_G - q*), and at e = 1 they are integrable: g(q_G) and g(q*) are bounded
    below by the integrable q f(1) + f'(1) (p - q) (step 4) and have finite integrals (step 5: D_f(P || Q_G) <
    inf). Monotone convergence and F(mu_e) >= F(mu*) give int g'(q*) (q_G - q*) >= 0, i.e.
    E_{Q_G} f*(D*) <= E_{Q*} f*(D*) =: c* for D* = f'(p/q*): V(G, D*) >= V(mu*, D*) = F(mu*).
    Premises: Q* = Q_mu* is absolutely continuous -- its singular part (from the slice s = 0) can be replaced by
    its convolution with N(0, eps^2), which lowers D_f strictly since g(q + M) - g(q) < M f(0) for M > 0 (g' <
    f(0), step 3); and q* > 0 a.e. -- else the quotient's limit is g'(0+) = -inf on a set where q_G > 0 and
    F(mu_e) < F(mu*) for small e (step 3). (Then mu*(s > 0) > 0 and q* > 0 everywhere.)
(3) f-GAN, point masses (s = 0). H = f*(D*) has E_{N(u, s^2)} H <= c* for every s in (0, 1], |u| <= t, so
    H <= c* a.e. (Gaussian averages converge to H at its Lebesgue points; the part |x - u| >= 1 vanishes, step 6).
    Changing D* on that Lebesgue-null set to (f*)^{-1}(c*) (f* increasing and c* above its infimum, step 7) keeps
    it a best response (P and Q* are absolutely continuous) and gives f*(D*(u)) <= c* for every u: no point mass
    gains either. By Tonelli (f*(D*) is bounded below), V(mu, D*) >= V(mu*, D*) for every mu, and
    V(mu*, D) <= F(mu*) for every D (Fenchel-Young, pointwise): (mu*, D*) is a saddle point.
(4) W2GAN, no atoms. If Q* has an atom at u (mass m = mu*({(0, u)}) > 0), an optimal coupling sends to it a
    part P_u <= P of mass m without atoms; coupling P_u comonotonically with m N(u, eps^2) costs
    E(X - u)^2 - 2 eps kappa + eps^2 per unit mass, kappa = Cov(X, Z(X)) > 0 (step 8), which is smaller for
    0 < eps < 2 kappa, eps <= 1: mu* was not a minimiser. So F_Q* is continuous.
(5) W2GAN, the first variation. With Phi_e convex, Phi_e' = F_{Q_e}^{-1} o F_P (Q_e = Q_{mu_e}), the pair
    (x^2 - 2 Phi_e, psi_e = y^2 - 2 Phi_e*) is an optimal Kantorovich pair (step 9) and weak duality gives
    0 <= W(Q_e) - W(Q*) <= e int psi_e d(Q_G - Q*). Normalised at an interior point y0 of Q*'s support,
    Phi_e*(y) = int_y0^y F_P^{-1}(F_{Q_e}(r)) dr -> Phi_0*(y) on the interior (F_{Q_e} -> F_Q* uniformly),
    psi_e <= y^2 + 2 K |y - y0| (so limsup int psi_e dQ_G <= int psi_0 dQ_G by reverse Fatou), and
    |psi_e| <= y^2 + C (1 + |y|) (1 + |Phi^{-1}(F_Q*(y)/2)| + |Phi^{-1}(1 - (1 - F_Q*(y))/2)|) for e <= 1/2
    (F_{Q_e} lies between F_Q*/2 and 1 - (1 - F_Q*)/2), Q*-integrable since F_Q*(Y) is uniform (no atoms) and
    int_0^1 Phi^{-1}(v/2)^2 dv = 1 (step 10, Cauchy-Schwarz): int psi_e dQ* -> int psi_0 dQ* (dominated).
    Hence E_{Q_G} psi_0 >= E_{Q*} psi_0 > -inf for every G with s > 0, so Phi_0* is finite on R, psi_0 is
    continuous with psi_0 <= y^2 + C, and reverse Fatou as s -> 0 extends it to point masses. With D* the
    c-concave potential with eta psi_0 = -D*^c: V(G, D*) >= V(mu*, D*) = eta W2^2(P, Q*) >= V(mu*, D) for all
    G, D (Kantorovich duality), and Tonelli extends it to every mu.

The argument needs D_f(P || Q_G) < inf for every G with s > 0 (step 5). It holds for KL and JS; it fails for
Pearson chi^2 (step 11), whose equilibrium is therefore not covered here.
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal

r, q, p, e, eps = sp.symbols("r q p e epsilon", positive=True)
x, y, u, z = sp.symbols("x y u z", real=True)
SIG, S, A, ETA = sp.symbols("sigma s a eta", positive=True)
Dv = sp.Symbol("D", real=True)

#: the two f of the claims (key ingredients: a wrong f makes the steps below fail)
F_KL = r * sp.log(r)
F_JS = r * sp.log(r) - (1 + r) * sp.log((1 + r) / 2)
#: their convex conjugates f*(D) (KL on R, JS on D < log 2)
CONJ = {"kl": sp.exp(Dv - 1), "js": -sp.log(2 - sp.exp(Dv))}


def _fs():
    return {"kl": F_KL, "js": F_JS}


def _phi(v):
    return sp.exp(-v**2 / 2) / sp.sqrt(2 * sp.pi)


def _conj_at_fprime(f):
    """f*(f'(r)) = r f'(r) - f(r) (the Legendre identity for differentiable convex f)."""
    return r * sp.diff(f, r) - f


def _finite_start() -> bool:
    """F(delta_(1, 0)) < inf: KL(N(0, sigma^2) || N(u, s^2)) = log(s/sigma) + (sigma^2 + u^2)/(2 s^2) - 1/2 (finite for
    s > 0) and W2^2(N(0, sigma^2), N(0, 1)) = E(sigma Z - Z)^2 = (sigma - 1)^2 (the monotone coupling)."""
    pdf_p = _phi(x / SIG) / SIG
    log_ratio = sp.expand(sp.expand_log(sp.log(_phi(x / SIG) / SIG) - sp.log(_phi((x - u) / S) / S), force=True))
    kl = sp.integrate(pdf_p * log_ratio, (x, -sp.oo, sp.oo))
    closed = sp.log(S / SIG) + (SIG**2 + u**2) / (2 * S**2) - sp.Rational(1, 2)
    w2 = sp.integrate((SIG * z - z) ** 2 * _phi(z), (z, -sp.oo, sp.oo))
    return equal(sp.expand_log(kl - closed, force=True), 0) and equal(w2, (SIG - 1) ** 2)


def _perspective() -> bool:
    """g(q) = q f(p/q): g'(q) = -f*(f'(p/q)) and g''(q) = p^2 f''(p/q)/q^3 > 0 (f'' = 1/r for KL, 1/(r (1 + r))
    for JS)."""
    ok = True
    for key, f in _fs().items():
        g = q * f.subs(r, p / q)
        ok = ok and equal(sp.diff(g, q) + _conj_at_fprime(f).subs(r, p / q), 0)
        f2 = sp.simplify(sp.diff(f, r, 2))
        ok = ok and equal(sp.diff(g, q, 2), p**2 * f2.subs(r, p / q) / q**3) and bool(f2.is_positive)
        # the conjugate of the table: f*(f'(r)) from CONJ agrees with the Legendre identity
        ok = ok and equal(sp.expand_log(CONJ[key].subs(Dv, sp.diff(f, r)) - _conj_at_fprime(f), force=True), 0)
    return ok


def _singular_and_support() -> bool:
    """d/dr f*(f'(r)) = r f''(r) > 0 and f*(f'(0+)) = -f(0): g'(q) -> f(0) from below as q -> inf (a singular part
    of Q* costs f(0) per unit mass, more than any absolutely continuous spread); f*(f'(r)) -> inf as r -> inf:
    g'(0+) = -inf (Q* must charge every set where p > 0)."""
    ok = True
    for f in _fs().values():
        c = _conj_at_fprime(f)
        ok = ok and equal(sp.diff(c, r), r * sp.diff(f, r, 2))
        f0 = sp.limit(f, r, 0, "+")
        ok = ok and equal(sp.limit(c, r, 0, "+"), -f0) and sp.limit(c, r, sp.oo) == sp.oo
    return ok


def _minorant() -> bool:
    """f(1) = 0, and f(r) - f(1) - f'(1) (r - 1) vanishes with its derivative at r = 1 and is convex: so
    g(q) >= f'(1) (p - q), integrable."""
    ok = True
    for f in _fs().values():
        h = f - f.subs(r, 1) - sp.diff(f, r).subs(r, 1) * (r - 1)
        ok = ok and equal(f.subs(r, 1), 0) and equal(h.subs(r, 1), 0) and equal(sp.diff(h, r).subs(r, 1), 0)
        ok = ok and bool(sp.simplify(sp.diff(h, r, 2)).is_positive)
    return ok


def _finite_divergence() -> bool:
    """D_f(P || Q_G) < inf for s > 0: KL by step 1's closed form; JS since f(r) <= f(0) + r f'(inf) (convexity) with
    f(0) = f'(inf) = log 2, so D_JS <= 2 log 2."""
    f0 = sp.limit(F_JS, r, 0, "+")
    f_inf = sp.limit(sp.diff(F_JS, r), r, sp.oo)
    kl_inf = sp.limit(sp.diff(F_KL, r), r, sp.oo)  # KL's f'(inf) = inf: its finiteness is the closed form's
    return equal(f0, sp.log(2)) and equal(f_inf, sp.log(2)) and kl_inf == sp.oo


def _gaussian_tail() -> bool:
    """For |x - u| = d >= 1 and s < 1, the density ratio n_s(d)/n_1(d) = exp(-d^2 (1/s^2 - 1)/2)/s is decreasing in d
    and at d = 1 tends to 0 as s -> 0: the averages E_{N(u, s^2)} H localise (Lebesgue's differentiation)."""
    d = sp.Symbol("d", positive=True)
    ratio = (_phi(d / S) / S) / _phi(d)
    at1 = sp.exp(-(1 / S**2 - 1) / 2) / S
    dlog = sp.diff(sp.expand_log(sp.log(ratio), force=True), d)
    return equal(sp.simplify(ratio.subs(d, 1) - at1), 0) and equal(dlog, -d * (1 / S**2 - 1)) and \
        sp.limit(at1, S, 0, "+") == 0


def _representative() -> bool:
    """f* is increasing ((f*)' = e^{D-1} > 0 for KL, e^D/(2 - e^D) > 0 for JS on D < log 2) and c* exceeds inf f*:
    KL c* = E_Q*[p/q*] = int p = 1 > 0; JS f*(f'(r)) = log((1 + r)/2) > -log 2 for r > 0."""
    ok = equal(sp.diff(CONJ["kl"], Dv), sp.exp(Dv - 1))
    ok = ok and equal(sp.diff(CONJ["js"], Dv), sp.exp(Dv) / (2 - sp.exp(Dv)))
    ok = ok and equal(sp.expand_log(_conj_at_fprime(F_KL) - r, force=True), 0)
    js = _conj_at_fprime(F_JS)
    return ok and equal(sp.expand_log(js - sp.log((1 + r) / 2), force=True), 0) and equal(sp.limit(js, r, 0, "+"),
                                                                                          -sp.log(2))


def _atom_split() -> bool:
    """W2: with E Z = 0, E Z^2 = 1, m2 = E(X - u)^2, kappa = E[(X - u) Z]: E(X - u - eps Z)^2 =
    m2 - 2 eps kappa + eps^2, below m2 for 0 < eps < 2 kappa; kappa = Cov(X, Z(X)) = E[(X - X')(Z(X) - Z(X'))]/2
    > 0 for a non-decreasing, non-constant Z (X' an independent copy)."""
    m2, k, ex, ez, exz = sp.symbols("m2 kappa EX EZ EXZ", real=True)
    W, Zs = sp.symbols("W Z", real=True)  # W = X - u
    cost = sp.expand((W - eps * Zs) ** 2)  # W^2 - 2 eps W Z + eps^2 Z^2, then the moments
    moments = sp.expand(cost.subs({W**2: m2, Zs**2: 1}).subs(W * Zs, k))
    ok = equal(moments, m2 - 2 * eps * k + eps**2) and not moments.has(W) and not moments.has(Zs)
    ok = ok and sp.solve(sp.Eq(moments, m2), eps) == [2 * k]
    # Chebyshev: E[(X - X')(g(X) - g(X'))] = 2 (E[X g] - E X E g) for X' an independent copy
    chebyshev = sp.Rational(1, 2) * (2 * exz - 2 * ex * ez)
    return ok and equal(chebyshev, exz - ex * ez)


def _c_transform() -> bool:
    """W2: for the cost (x - y)^2 and phi(x) = x^2 - 2 Phi(x), the c-transform inf_x (x - y)^2 - phi(x) is
    y^2 - 2 Phi*(y); checked for Phi(x) = a x^2/2 + b x (Phi*(y) = (y - b)^2/(2 a))."""
    b = sp.Symbol("b", real=True)
    Phi = A * x**2 / 2 + b * x
    obj = (x - y) ** 2 - (x**2 - 2 * Phi)
    xs = sp.solve(sp.diff(obj, x), x)
    return len(xs) == 1 and equal(obj.subs(x, xs[0]), y**2 - 2 * (y - b) ** 2 / (2 * A)) and \
        bool(sp.diff(obj, x, 2).is_positive)


def _domination() -> bool:
    """W2: int_0^1 Phi^{-1}(v/2)^2 dv = 2 int_{-inf}^0 z^2 phi(z) dz = 1 (v = 2 Phi(z)), and the same for
    Phi^{-1}(1 - v/2): with U = F_Q*(Y) uniform (no atoms), B(Y) = max(|Phi^{-1}(U/2)|, |Phi^{-1}(1 - (1 - U)/2)|)
    has E B^2 <= 2, so E |Y| B(Y) <= (E Y^2 E B^2)^(1/2) < inf (Cauchy-Schwarz; E Y^2 <= t^2 + 1)."""
    lower = 2 * sp.integrate(z**2 * _phi(z), (z, -sp.oo, 0))
    upper = 2 * sp.integrate(z**2 * _phi(z), (z, 0, sp.oo))
    return equal(lower, 1) and equal(upper, 1)


def _pearson_premise_fails() -> bool:
    """Pearson chi^2, f = (r - 1)^2: D_f(P || N(u, s^2)) = int p^2/q_G - 1 and log(p^2/q_G) has x^2-coefficient
    1/(2 s^2) - 1/sigma^2, positive for s^2 < sigma^2/2 (so for every s < 1/sqrt 2 when sigma > 1): the premise of
    step 5 fails and the first-variation argument does not cover chi^2."""
    logq = sp.log(_phi((x - u) / S) / S)
    logp = sp.log(_phi(x / SIG) / SIG)
    expo = sp.expand(sp.expand_log(2 * logp - logq, force=True))
    coeff = expo.coeff(x, 2)
    return equal(coeff, 1 / (2 * S**2) - 1 / SIG**2) and sp.solve(sp.Eq(coeff, 0), S) == [SIG / sp.sqrt(2)]


PROOF = Proof(
    "mixed-equilibrium-attained", "Theorem 1, mixed extension: attainment for W2GAN, KL, JS (beyond the paper)",
    "for every sigma > 1, t > 0 the 1-D W2GAN game and the f-GAN game with f = KL or JS have a mixed Nash "
    "equilibrium (mu*, D*): mu* minimises Div(P, Q_mu) over the mixtures of the generator set, D* is the exact "
    "best response to Q_mu* (the Kantorovich potential; a representative of f'(p/q_mu*))",
    (
        Step("F(delta_(1,0)) < inf: KL(P || N(u, s^2)) in closed form (s > 0), W2^2(P, N(0, 1)) = (sigma - 1)^2",
             _finite_start),
        Step("f-GAN: g(q) = q f(p/q) has g' = -f*(f'(p/q)), g'' = p^2 f''(p/q)/q^3 > 0 (KL, JS; the table's f*)",
             _perspective),
        Step("f-GAN: g' < f(0) (no singular part in Q*) and g'(0+) = -inf (q* > 0)", _singular_and_support),
        Step("f-GAN: the integrable minorant g(q) >= f'(1) (p - q)", _minorant),
        Step("f-GAN: D_f(P || Q_G) < inf for s > 0 (KL closed form; JS <= 2 log 2)", _finite_divergence),
        Step("f-GAN: narrow Gaussian averages localise (density ratio beyond |x - u| >= 1 -> 0)", _gaussian_tail),
        Step("f-GAN: the representative of D* with f*(D*) <= c* everywhere exists (f* increasing, c* > inf f*)",
             _representative),
        Step("W2GAN: splitting an atom of Q* into N(u, eps^2) lowers the cost by 2 eps kappa - eps^2 > 0",
             _atom_split),
        Step("W2GAN: the c-transform of x^2 - 2 Phi is y^2 - 2 Phi* (the Brenier pair)", _c_transform),
        Step("W2GAN: the dominating function of the potentials is Q*-integrable", _domination),
        Step("Pearson chi^2: D_f(P || N(u, s^2)) = inf for s^2 <= sigma^2/2 -- the premise fails",
             _pearson_premise_fails),
        Step("W2GAN at sigma = 1.25, t = 0.7: mu*, D* computed, gap reported", claim="mixed-equilibrium-w2gan"),
        Step("KL, JS at sigma = 1.25, t = 0.7: mu*, D* computed, gap reported", claim="mixed-equilibrium-fgan"),
    ),
    findings=(
        "beyond t^2 <= 1 - 1/sigma^2 the mixed equilibrium of the W2GAN, KL and JS games is attained (not only the "
        "value): any minimiser mu* of Div(P, Q_mu) with the exact best response to Q_mu* is a saddle point; no "
        "integrability premise is needed beyond D_f(P || N(u, s^2)) < inf for s > 0, and optimality itself forces "
        "E_{Q_G}[p/q_mu*] <= 1 (KL) for every generator",
        "the first-variation argument does not cover Pearson chi^2: D_chi2(P || N(u, s^2)) = inf for s^2 <= "
        "sigma^2/2, a missing premise",
        "sigma = 1.25, t = 0.7 (outside t^2 <= 1 - 1/sigma^2), computed, not certified: W2GAN (eta = 0.5) keeps the "
        "corner mixture, value 0.00089043, quadrature gap estimate 3e-17 over the whole generator set, although the "
        "Brenier map has T'(0) = sigma e^{-t^2/2} = 0.978 < 1 there (the c-transform is not convex, so part (c)'s "
        "argument fails); KL value 0.00214894, JS 0.00095890 after 60 s of column generation, whose mu* gains "
        "narrow atoms (s at the responder's floor 0.05) between the corners while point masses still gain 3.8e-4 "
        "(KL) and 7.8e-5 (JS)",
    ),
)
