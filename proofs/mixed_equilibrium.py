"""Mixed equilibria of the games of Theorem 1 (1-D: X ~ N(0, sigma^2), sigma > 1, G(z) = w z + u, |w| <= 1,
|u| <= t, Z ~ N(0, 1)). The generator plays a probability measure mu on Theta = [0, 1] x [-t, t] (s = |w|),
the generated law is the mixture Q_mu = int N(u, s^2) dmu, and V(mu, D) = int V((s, u), D) dmu is linear in mu.

Statement.
(a) WGAN (8), every sigma > 1, t > 0: a mixed Nash equilibrium (mu*, D*) exists (Glicksberg's minimax theorem,
    Glicksberg 1952, for a continuous payoff on a product of compact convex sets; Sion 1958 gives the value).
    Premises checked: Theta is compact, so the mixed strategies P(Theta) are weakly compact (Prokhorov; the
    laws N(u, s^2) have E X^2 = u^2 + s^2 <= t^2 + 1) and convex; the 1-Lipschitz D with D(0) = 0 are convex and
    compact for locally uniform convergence (Arzela-Ascoli, |D(x)| <= |x|); V is bilinear, and jointly
    continuous because |x| 1{|x| > R} <= x^2 / R makes the tails uniformly small.
(b) WGAN, t <= sqrt(2 ln sigma): (mu*, D*) = ((delta_(1,-t) + delta_(1,t))/2, |x|) is a mixed Nash equilibrium,
    value sigma sqrt(2/pi) - E|t + Z| (below the pure value min_G W1 = (sigma - 1) sqrt(2/pi)).
(c) W2GAN (9), KL and JS (7), t^2 <= 1 - 1/sigma^2 (inside (b)'s range): the same corner mixture with the exact
    best response D* (the Brenier potential; f'(p/q_mu*)) is a mixed Nash equilibrium.
(d) W2GAN, KL, JS beyond (c): a mixed equilibrium exists and is attained for every sigma > 1, t > 0 (any minimiser
    mu* of Div(P, Q_mu) with the exact best response to Q_mu*): proofs/mixed_equilibrium_attained.py.
(e) WGAN beyond (b), where the two scalar equations below have a root with a <= t and rho >= 0 (sigma = 1.25:
    0.68 <= t <= 0.72; sigma = 2: 1.3 <= t <= 1.9, gantheory.mixed.wgan_plateau): mu* = (1 - m) (delta_(1,-t) +
    delta_(1,t))/2 + point masses delta_(0,x) with density rho = p - (1 - m) q_c on [-a, a] (q_c the corner law,
    G its CDF), m = (F_P(a) - G(a))/(1 - G(a)); D* = -(min(|x|, b) - a)_+ + (|x| - b)_+ with F_Q*(b) = F_P(b) and
    a fixed by E D*(t + Z) = D*(0). Q* = P on [-a, a] (the mass condition, step 6), so D*' = 0 there is a best
    response; D*' = sign(F_Q* - F_P) off [-a, a] and no generator beats the plateau's payoff are certified in
    interval arithmetic by the claim (gap <= 2.3e-10). mu* has a continuous part: it is not finitely supported.
Proof of (b): F_Q - F_P (Q = Q_mu*, both laws symmetric) vanishes at 0 and at +-inf; on (0, inf) the log density
ratio l(x) = log(q/p)(x) = log sigma - t^2/2 - a x^2 + log cosh(t x), a = (1 - 1/sigma^2)/2, is unimodal (l'
= -2 a x + t tanh(t x) has at most one zero: tanh is concave), so q - p changes sign at most once, from + to -,
iff l(0) >= 0, i.e. t^2 <= 2 ln sigma; then F_Q >= F_P on (0, inf) (and <= on (-inf, 0)): the CDFs cross only
at 0 and D* = |x| (D*' = sign(F_Q - F_P)). Against |x| the generator maximises E|u + s Z| = m(u, s), increasing
in |u| and s: at (1, +-t), the support of mu*.
Proof of (c): -(log q)'' = 1 - t^2 sech^2(t x) >= 1 - t^2 =: kappa > 0. (KL, JS) log(p/q)'' >= 1 - 1/sigma^2 - t^2
>= 0: r = p/q is log-convex, so psi(log r) = r (KL) and softplus(log r) - log 2 (JS; softplus convex and
non-decreasing) are convex. (W2) By Caffarelli's contraction theorem (Caffarelli 2000) the monotone map from P =
N(0, sigma^2) to Q (kappa-log-concave) is 1/(sigma sqrt kappa)-Lipschitz, so the map T from Q to P has T' >=
sigma sqrt(kappa) >= 1 and the c-transform psi with psi' = 2 eta (T(y) - y) is convex. In every case the payoff
h(s, u) = E[phi(u + s Z)] of a convex, even phi is non-decreasing in s (Stein: d/ds = s E[phi''] >= 0) and
convex in u: its maximum over Theta is at (1, +-t), equal there by symmetry; D* is a best response to Q_mu*, so
the Nash gap of (mu*, D*) is max h - int h dmu* = 0.
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal

x, y, u = sp.symbols("x y u", real=True)
SIG, T, S, R, A, ETA = sp.symbols("sigma t s R a eta", positive=True)
Z = sp.Symbol("z", real=True)

#: key ingredients: the WGAN regime's threshold on t^2 and the W2 / f-GAN regime's
WGAN_T2 = 2 * sp.log(SIG)
LOGCONCAVE_T2 = 1 - 1 / SIG**2


def _phi(e):
    return sp.exp(-e**2 / 2) / sp.sqrt(2 * sp.pi)


def _q(v):
    """The density of Q_mu* = (N(-t, 1) + N(t, 1))/2."""
    return (_phi(v - T) + _phi(v + T)) / 2


def _p(v):
    return _phi(v / SIG) / SIG


def _moment_bound() -> bool:
    """Tightness of {N(u, s^2)}: E X^2 = u^2 + s^2 <= t^2 + 1 on Theta, and |x| 1{|x| > R} <= x^2/R (uniform tails)."""
    ex2 = sp.integrate((u + S * Z) ** 2 * _phi(Z), (Z, -sp.oo, sp.oo))
    markov = sp.simplify(x**2 / R - sp.Abs(x)).subs(x, R + A)  # at |x| = R + a > R: (R + a)^2/R - (R + a) >= 0
    return equal(ex2, u**2 + S**2) and sp.simplify(markov - A * (R + A) / R) == 0


def _wgan_crossing_regime() -> bool:
    """l(0) = log(q(0)/p(0)) = log sigma - t^2/2 >= 0 iff t^2 <= 2 ln sigma (WGAN_T2); l' = -2 a x + t tanh(t x)
    with a = (1 - 1/sigma^2)/2 (so l is unimodal on x > 0: tanh concave)."""
    l0 = sp.simplify(sp.log(_q(0) / _p(0)))
    ok0 = equal(sp.expand_log(l0, force=True), sp.log(SIG) - T**2 / 2)
    thr = sp.solve(sp.Eq(sp.log(SIG) - T**2 / 2, 0), T)
    lx = sp.log(_q(x) / _p(x))
    dl = sp.simplify(sp.diff(lx, x) - (-(1 - 1 / SIG**2) * x + T * sp.tanh(T * x)))
    return ok0 and thr == [sp.sqrt(WGAN_T2)] and sp.simplify(dl.rewrite(sp.exp)) == 0


def _wgan_value() -> bool:
    """V(mu*, |x|) = E_P|X| - E_Q|X| = sigma sqrt(2/pi) - (sqrt(2/pi) e^{-t^2/2} + t erf(t/sqrt 2)) = W1(P, Q_mu*)."""
    ep = sp.integrate(sp.Abs(SIG * Z) * _phi(Z), (Z, -sp.oo, sp.oo))
    eq = sp.integrate(x * _phi(x - T), (x, 0, sp.oo)) - sp.integrate(x * _phi(x - T), (x, -sp.oo, 0))
    closed = SIG * sp.sqrt(2 / sp.pi) - (sp.sqrt(2 / sp.pi) * sp.exp(-T**2 / 2) + T * sp.erf(T / sp.sqrt(2)))
    return sp.simplify((ep - eq - closed).rewrite(sp.erf)) == 0


def _regimes_nested() -> bool:
    """1 - 1/sigma^2 <= 2 ln sigma for sigma >= 1: g = 2 ln sigma - 1 + 1/sigma^2 has g(1) = 0 and
    g' = 2 (sigma^2 - 1)/sigma^3 >= 0, so (c)'s range lies inside (b)'s."""
    g = WGAN_T2 - LOGCONCAVE_T2
    return g.subs(SIG, 1) == 0 and equal(sp.diff(g, SIG), 2 * (SIG**2 - 1) / SIG**3)


def _q_logconcave() -> bool:
    """-(log q)'' = 1 - t^2 sech^2(t x) (so >= 1 - t^2)."""
    d2 = -sp.diff(sp.log(_q(x)), x, 2)
    return sp.simplify((d2 - (1 - T**2 / sp.cosh(T * x) ** 2)).rewrite(sp.exp)) == 0


def _ratio_logconvex() -> bool:
    """(log p/q)'' = -1/sigma^2 + 1 - t^2 sech^2(t x) >= 1 - 1/sigma^2 - t^2, which is >= 0 iff t^2 <= LOGCONCAVE_T2."""
    d2 = sp.diff(sp.log(_p(x)) - sp.log(_q(x)), x, 2)
    ok = sp.simplify((d2 - (1 - 1 / SIG**2 - T**2 / sp.cosh(T * x) ** 2)).rewrite(sp.exp)) == 0
    sol = sp.solve(sp.Eq(1 - 1 / SIG**2 - T**2, 0), T)
    return ok and len(sol) == 1 and equal(sol[0] ** 2, LOGCONCAVE_T2)


def _softplus_convex() -> bool:
    """JS: psi(v) = softplus(v) - log 2 has psi' = e^v/(1 + e^v) > 0 and psi'' = e^v/(1 + e^v)^2 > 0, so psi(log r)
    is convex for log-convex r (a convex non-decreasing function of a convex one)."""
    v = sp.Symbol("v", real=True)
    sp_ = sp.log(1 + sp.exp(v)) - sp.log(2)
    return equal(sp.diff(sp_, v), sp.exp(v) / (1 + sp.exp(v))) and \
        equal(sp.diff(sp_, v, 2), sp.exp(v) / (1 + sp.exp(v)) ** 2)


def _caffarelli_threshold() -> bool:
    """W2: the map T from Q to P has T' >= sigma sqrt(kappa), kappa = 1 - t^2 (Caffarelli; equality for the Gaussian
    Q = N(0, 1/kappa), whose map is y -> sigma sqrt(kappa) y); sigma^2 (1 - t^2) >= 1 iff t^2 <= LOGCONCAVE_T2; and
    psi = D*^c with psi'(y) = 2 eta (T(y) - y) (envelope theorem on sup_x D(x) - eta (x - y)^2) then has
    psi'' = 2 eta (T' - 1) >= 0."""
    K = sp.Symbol("kappa", positive=True)
    # Gaussian case: F_P^{-1}(F_Q(y)) = sigma * (sqrt(kappa) y)
    gauss_map = SIG * sp.sqrt(K) * y
    ok = equal(sp.diff(gauss_map, y), SIG * sp.sqrt(K))
    sol = sp.solve(sp.Eq(SIG**2 * (1 - T**2), 1), T)
    thr = len(sol) == 1 and equal(sol[0] ** 2, LOGCONCAVE_T2)
    Tm = sp.Function("T")
    psi_p = 2 * ETA * (Tm(y) - y)
    return ok and thr and equal(sp.diff(psi_p, y), 2 * ETA * (sp.diff(Tm(y), y) - 1))


def _stein_monotone() -> bool:
    """d/ds E[phi(u + s Z)] = E[Z phi'(u + s Z)] = s E[phi''(u + s Z)] (Stein's identity), checked for
    phi = exp(c x) and phi = x^4: a convex phi gives a payoff non-decreasing in s."""
    c = sp.Symbol("c", positive=True)
    ok = True
    for ph in (sp.exp(c * x), x**4):
        h = sp.integrate(ph.subs(x, u + S * Z) * _phi(Z), (Z, -sp.oo, sp.oo))
        rhs = S * sp.integrate(sp.diff(ph, x, 2).subs(x, u + S * Z) * _phi(Z), (Z, -sp.oo, sp.oo))
        ok = ok and sp.simplify(sp.diff(h, S) - rhs) == 0
    return ok


def _plateau_mass() -> bool:
    """(e): with F(-a) = 1 - F(a) for the symmetric laws, F_Q*(-a) = (1 - m) G(-a) equals F_P(-a) iff
    m = (F_P(a) - G(a))/(1 - G(a)), and then the total mass (1 - m) + int_{-a}^a (p - (1 - m) q_c) is 1."""
    FPa, Ga, m = sp.symbols("F_P G m", positive=True)
    sol = sp.solve(sp.Eq((1 - m) * (1 - Ga), 1 - FPa), m)
    total = (1 - m) + (2 * FPa - 1) - (1 - m) * (2 * Ga - 1)
    return len(sol) == 1 and equal(sol[0], (FPa - Ga) / (1 - Ga)) and equal(total.subs(m, sol[0]), 1)


def _plateau_potential() -> bool:
    """(e): D*(x) = -(min(|x|, b) - a)_+ + (|x| - b)_+ equals |x - b| + |x + b| - (|x - a| + |x + a|)/2 - (2 b - a)
    on each of 0 <= x <= a, a <= x <= b, x >= b (and D* is even): the potential's kinks and weights."""
    d, yv = sp.symbols("d y", positive=True)  # b = a + d; y >= 0 the offset into each region
    b = A + d

    def w1form(v):
        return sp.Abs(v - b) + sp.Abs(v + b) - (sp.Abs(v - A) + sp.Abs(v + A)) / 2 - (2 * b - A)

    regions = [(A * yv / (1 + yv), 0), (A + d * yv / (1 + yv), -(d * yv / (1 + yv))), (b + yv, -d + yv)]
    return all(equal(sp.simplify(w1form(v) - val), 0) for v, val in regions)


def _first_variation_kl() -> bool:
    """KL: d/de [p log(p/((1 - e) q + e q'))] at e = 0 is -p (q' - q)/q, so the directional derivative of
    KL(P || Q_mu) towards delta_theta is 1 - int q_theta p/q_mu = -(h(theta) - int h dmu) with h = E_Q[p/q_mu]:
    mu* minimises KL iff no pure deviation gains against D* = f'(p/q_mu*) (the Nash condition)."""
    p, q, qq, e = sp.symbols("p q qq e", positive=True)
    d = sp.diff(p * sp.log(p / ((1 - e) * q + e * qq)), e).subs(e, 0)
    return equal(d, -p * (qq - q) / q)


PROOF = Proof(
    "mixed-equilibrium", "Theorem 1, mixed extension (beyond the paper)",
    "the 1-D WGAN game has a mixed Nash equilibrium for all sigma > 1, t > 0 (Glicksberg), explicitly "
    "((delta_(1,-t) + delta_(1,t))/2, |x|) for t^2 <= 2 ln sigma; the same corner mixture with its exact best "
    "response is a mixed equilibrium of the W2GAN, KL and JS games for t^2 <= 1 - 1/sigma^2",
    (
        Step("premises: Theta compact, P(Theta) weakly compact (E X^2 <= t^2 + 1), uniform tails |x|1{|x|>R} <= x^2/R",
             _moment_bound),
        Step("WGAN: the CDFs of P and Q_mu* cross only at 0 iff t^2 <= 2 ln sigma (l(0) >= 0, l unimodal on x > 0)",
             _wgan_crossing_regime),
        Step("WGAN: the value W1(P, Q_mu*) = sigma sqrt(2/pi) - E|t + Z|", _wgan_value),
        Step("the W2 / f-GAN range t^2 <= 1 - 1/sigma^2 lies inside the WGAN range t^2 <= 2 ln sigma", _regimes_nested),
        Step("Q_mu* is (1 - t^2)-log-concave: -(log q)'' = 1 - t^2 sech^2(t x)", _q_logconcave),
        Step("KL: p/q_mu* is log-convex when t^2 <= 1 - 1/sigma^2", _ratio_logconvex),
        Step("JS: softplus(log r) - log 2 is convex for log-convex r", _softplus_convex),
        Step("W2: Caffarelli's contraction gives T' >= sigma sqrt(1 - t^2) >= 1, so psi = D*^c is convex",
             _caffarelli_threshold),
        Step("a convex payoff phi gives E phi(u + s Z) non-decreasing in s (Stein) and convex in u: max at (1, +-t)",
             _stein_monotone),
        Step("KL: the first variation of KL(P || Q_mu) is the payoff against D* = f'(p/q_mu) (minimiser = equilibrium)",
             _first_variation_kl),
        Step("WGAN beyond (b): the plateau mass condition is F_Q* = F_P at -a, and the masses add to 1",
             _plateau_mass),
        Step("WGAN beyond (b): D* = -(min(|x|, b) - a)_+ + (|x| - b)_+ as a sum of |x - c| (kinks +-a, +-b)",
             _plateau_potential),
        Step("WGAN: certified Nash gap of the computed (mu*, D*) <= 1e-6, beside the certified pure gap",
             claim="mixed-equilibrium-wgan"),
        Step("W2GAN: the column generation from the corners finds no deviation (quadrature gap ~ 0)",
             claim="mixed-equilibrium-w2gan"),
        Step("KL, JS: the column generation from the corners finds no deviation (quadrature gap ~ 0)",
             claim="mixed-equilibrium-fgan"),
    ),
    findings=(
        "Theorem 1's games, which have no pure Nash equilibrium, do have mixed ones: at sigma = 1.25, t = 0.5 the "
        "generator mixes (delta_(1,-0.5) + delta_(1,0.5))/2; WGAN value 0.1017626 (pure min W1 0.1994711, certified "
        "pure Nash gap >= 0.0977085; mixed gap certified <= 4.1e-11), W2GAN (eta = 0.5) 0.0087583 (pure 0.03125), "
        "KL 0.0143390 (pure 0.0581064), JS 0.0063456 (pure 0.0239066)",
        "beyond t^2 = 2 ln sigma (WGAN) the equilibrium mixes the corners with a plateau of point masses on [-a, a] "
        "where Q* = P (not finitely supported, which is why column generation kept adding narrow atoms): sigma = 1.25, "
        "t = 0.7: a = 0.474907, m = 0.0071388, value 0.0178928, certified gap <= 1.9e-10 (pure gap >= 0.1879); "
        "sigma = 2, t = 1.5: value 0.1707523, gap <= 2.1e-10; at sigma = 1.25, t = 1.0 this form does not exist "
        "(no root) and mu* is not resolved",
    ),
)
