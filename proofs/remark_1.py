"""Remark 1: as in Theorem 1 but with sigma < 1 and sigma_min(W) >= 1 (with sigma_max(W) <= 1: all singular
values of W equal 1, s = 1), the Wasserstein-minimising generator and its optimal discriminator form a Nash
equilibrium of the WGAN (1-D) and the W2GAN games.

Proof. P = N(0, sigma^2), Q_G = N(u, 1), m(mu, tau) = E|mu + tau Z| as in proofs/theorem_1_wgan.

* WGAN. (x - u) - x/sigma = (sigma - 1)(x - c)/sigma with c = u sigma/(sigma - 1): F_Q - F_P has the sign of
  -(x - c), so kappa = sign(sigma - 1) = -1 and D_G = -|x - c|. W1(P, Q_G) = m(u, 1 - sigma) is minimised at
  u = 0, where D* = -|x| and V(G*, D*) = m(0, 1) - m(0, sigma) = W1. Against D* the generator minimises
  V(G', D*) = m(u', s') - m(0, sigma), increasing in |u'| and in s': u' = 0, s' = 1 = G*. Gap 0.
* W2GAN (cost eta (x - y)^2). D_G = eta (1 - 1/sigma) x^2 - 2 eta u x, and the generator's payoff
  E_{Q'}[D_G^c] has curvature K = eta (sigma/s - 1) = eta (sigma - 1) < 0 in u' and in s': it is concave, with
  centre u_c = sigma u/(sigma - 1) in u' and decreasing in s' >= 1. The W2 minimiser has u = 0, so u_c = 0 =
  u*, s' = 1: the generator's best reply is G* itself. Gap 0.

Both arguments also hold if sigma_min(W) >= 1 replaces sigma_max(W) <= 1 (s' >= 1 unbounded): the payoffs
decrease in s' >= 1. For the W2GAN with latent dimension k < d the remark fails (finding below).
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal

x, y, u, up, mu = sp.symbols("x y u u' mu", real=True)
ETA, E, T, TAU, SP, M = sp.symbols("eta epsilon t tau s' m", positive=True)
SIG = 1 / (1 + E)  # any sigma in (0, 1)


def Phi(e):
    return (1 + sp.erf(e / sp.sqrt(2))) / 2


def m(mu_, tau):
    """The folded-normal mean E|mu + tau Z| (checked against its definition in proofs/theorem_1_wgan)."""
    return tau * sp.sqrt(2 / sp.pi) * sp.exp(-mu_**2 / (2 * tau**2)) + mu_ * (1 - 2 * Phi(-mu_ / tau))


#: key ingredients: the sign and crossing point of the WGAN discriminator, the Wasserstein-minimising mean,
#: the generators' best replies and the W2GAN curvature
KAPPA = sp.Integer(-1)
CROSSING = u * SIG / (SIG - 1)
U_STAR = sp.Integer(0)
BEST_U = sp.Integer(0)
K_R = ETA * (SIG - 1)


def _wgan_sign() -> bool:
    """(x - u)/1 - x/sigma = (sigma - 1)(x - c)/sigma, and sign((sigma - 1)/sigma) = KAPPA = -1 for sigma < 1:
    D_G = KAPPA |x - c|."""
    ident = equal((x - u) - x / SIG, (SIG - 1) * (x - CROSSING) / SIG)
    return ident and sp.sign(sp.simplify((SIG - 1) / SIG)) == KAPPA


def _wgan_minimiser() -> bool:
    """d/du W1 = d/du m(u, 1 - sigma) = erf(u/((1 - sigma) sqrt 2)), of the sign of u: the unique W1 minimiser
    over |u| <= t is u = U_STAR = 0, and there c = 0."""
    tau = 1 - SIG
    dW = sp.diff(m(u, tau), u)
    return (equal(dW.rewrite(sp.erf), sp.erf(u / (tau * sp.sqrt(2)))) and sp.solve(sp.erf(u / (tau * sp.sqrt(2))), u)
            == [U_STAR] and CROSSING.subs(u, U_STAR) == 0)


def _wgan_value() -> bool:
    """V(G*, D*) = KAPPA (m(c, sigma) - m(u* - c, 1)) = m(0, 1) - m(0, sigma) = (1 - sigma) sqrt(2/pi) = W1(P, Q*):
    D* attains the sup (a best response)."""
    c = CROSSING.subs(u, U_STAR)
    V = KAPPA * (m(c, SIG) - m(U_STAR - c, 1))
    return equal(V, m(U_STAR, 1 - SIG)) and equal(V, (1 - SIG) * sp.sqrt(2 / sp.pi))


def _wgan_generator() -> bool:
    """Against D* = -|x|: V(G', D*) - V(G*, D*) = m(u', s') - m(0, 1), with d/du' = erf(u'/(s' sqrt 2)) (sign of u')
    and d/ds' = sqrt(2/pi) e^{-u'^2/(2 s'^2)} > 0: the best reply is u' = BEST_U = 0, s' = 1 -- G* (gap 0)."""
    c = CROSSING.subs(u, U_STAR)
    dV = KAPPA * (m(c, SIG) - m(up - c, SP)) - KAPPA * (m(c, SIG) - m(U_STAR - c, 1))
    d_u = sp.diff(dV, up).rewrite(sp.erf)
    d_s = sp.diff(dV, SP)
    return (equal(d_u, sp.erf(up / (SP * sp.sqrt(2)))) and sp.solve(sp.erf(up / (SP * sp.sqrt(2))), up) == [BEST_U]
            and equal(d_s, sp.sqrt(2 / sp.pi) * sp.exp(-up**2 / (2 * SP**2))) and BEST_U == U_STAR
            and sp.simplify(dV.subs({up: BEST_U, SP: 1})) == 0)


def _gauss(expr, var, mean, sd):
    """E[expr(var)] for var ~ N(mean, sd^2), expr a polynomial of degree <= 2 in var."""
    z = sp.Symbol("z", real=True)
    poly = sp.Poly(sp.expand(expr.subs(var, mean + sd * z)), z)
    moments = {0: 1, 1: 0, 2: 1}
    return sp.expand(sum(c * moments[mo[0]] for mo, c in zip(poly.monoms(), poly.coeffs(), strict=True)))


def _w2_payoff(u_g):
    """E_{N(u', s'^2)}[D_G^c] for D_G of the generator (s = 1, u = u_g): D_G = eta (1 - 1/sigma) x^2 - 2 eta u_g x,
    D_G^c(y) = (b + 2 eta y)^2/(4 (eta - a)) - eta y^2 (a < eta; here eta - a = eta/sigma)."""
    A, B = ETA * (1 - 1 / SIG), -2 * ETA * u_g
    Dc = (B + 2 * ETA * y) ** 2 / (4 * (ETA - A)) - ETA * y**2
    return _gauss(sp.expand(Dc), y, up, SP)


def _w2_concave() -> bool:
    """The generator's payoff E_{Q'}[D_G^c] has curvature K = eta (sigma - 1) < 0 in u' and in s' (concave)."""
    pay = _w2_payoff(u)
    return (equal(sp.diff(pay, up, 2) / 2, K_R) and equal(sp.diff(pay, SP, 2) / 2, K_R)
            and sp.simplify(K_R).is_negative is True)


def _w2_minimiser() -> bool:
    """W2^2(P, Q_G) = u^2 + (sigma - 1)^2 on the unit-singular-value generators: minimised at u = U_STAR = 0."""
    return sp.solve(sp.diff(u**2 + (SIG - 1) ** 2, u), u) == [U_STAR]


def _w2_best_reply() -> bool:
    """At u* = 0 the payoff's centre in u' is 0 (d/du' = 0 at u' = BEST_U = 0) and d/ds' = 2 K s' < 0 for s' >= 1:
    the generator's best reply is G* (gap 0); for general u the centre is u_c = sigma u/(sigma - 1)."""
    pay = _w2_payoff(U_STAR)
    centre = sp.solve(sp.diff(_w2_payoff(u), up), up)
    return (sp.solve(sp.diff(pay, up), up) == [BEST_U] and BEST_U == U_STAR
            and equal(centre[0], SIG * u / (SIG - 1))
            and sp.simplify(sp.diff(pay, SP).subs(SP, 1 + M)).is_negative is True)


def _latent_deficit() -> bool:
    """k < d: in a direction where W W^T has eigenvalue 0, D_G's coefficient is a = eta (1 - 0/sigma) = eta and
    a x^2 + b x - eta (x - y)^2 is linear in x with slope 2 eta (y - u): D_G^c = +inf off y = u, the curvature
    eta (sigma/s - 1) -> +inf as s -> 0, and a rotated feasible generator (unit singular values) pays V = -inf."""
    s = sp.Symbol("s", positive=True)
    A = ETA * (1 - s / SIG)
    obj = (A * x**2 - 2 * ETA * u * x - ETA * (x - y) ** 2).subs(s, 0)
    return (equal(sp.diff(obj, x, 2), 0) and equal(sp.diff(obj, x), 2 * ETA * (y - u))
            and sp.limit(ETA * (SIG / s - 1), s, 0, "+") == sp.oo)


PROOF = Proof(
    "remark-1", "Remark 1",
    "sigma < 1, all singular values of W equal 1: the W1 (WGAN) and W2 (W2GAN) minimising generator with its "
    "optimal discriminator is a Nash equilibrium",
    (
        Step("WGAN: kappa = sign(sigma - 1) = -1, D_G = -|x - c|, c = u sigma/(sigma - 1)", _wgan_sign),
        Step("WGAN: the W1 minimiser is u* = 0 (dW1/du = erf(u/((1 - sigma) sqrt 2))), with c = 0", _wgan_minimiser),
        Step("WGAN: V(G*, -|x|) = (1 - sigma) sqrt(2/pi) = W1(P, Q*): D* = -|x| is a best response", _wgan_value),
        Step("WGAN: against -|x| the generator's best reply minimises E|u' + s'Z|: u' = 0, s' = 1, gap 0",
             _wgan_generator),
        Step("WGAN: the Nash gap of (G*, D*) over sampled deviations", claim="remark-1-wgan"),
        Step("W2GAN: the generator's payoff against D_G has curvature K = eta (sigma - 1) < 0 (concave)", _w2_concave),
        Step("W2GAN: the W2 minimiser over unit singular values is u* = 0", _w2_minimiser),
        Step("W2GAN: the payoff's centre is u_c = sigma u/(sigma - 1) = 0 at u* and it decreases in s' >= 1: the best "
             "reply is G*, gap 0", _w2_best_reply),
        Step("W2GAN: the Nash gap of (G*, D_G*) over sampled deviations (d = k)", claim="remark-1-w2gan"),
        Step("W2GAN, latent dimension k < d: D_G^c = +inf off an affine subspace, a rotated generator pays -inf",
             _latent_deficit),
    ),
    findings=(
        "Remark 1 (W2GAN) needs the latent dimension k >= d (as the f-GAN part of Theorem 1 assumes): for k < d "
        "the condition sigma_min(W) >= 1 bounds only k singular values, W W^T is singular, the optimal D_G "
        "(unique up to a constant, P having a positive density) has A = eta I on ker(W^T), its c-transform is "
        "+inf off an affine subspace, and a rotated feasible generator gives V = -inf: no Nash equilibrium "
        "(gantheory.exact.w2gan.nash_gap_at_best_response(0.5, 0.8, W = [[1], [0]], u = [0, 0], t = 0.5, "
        "remark1=True) = inf)",
        "Remark 1 holds under either reading of 'sigma_min(W) >= 1': with sigma_max(W) <= 1 kept (all singular "
        "values 1) or replacing it (s' >= 1 unbounded), since both payoffs decrease in s' >= 1",
    ),
)
