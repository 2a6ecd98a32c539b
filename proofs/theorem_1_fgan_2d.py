"""Theorem 1 (f-GAN) in d = k = 2: the reduction behind the certificate of ``theorem-1-fgan --set dim=2``.

Setting: P = N(0, sigma^2 I_2), G(z) = W z + u, Z ~ N(0, I_2), sigma_max(W) <= 1, ||u|| <= t, D unconstrained.
The Nash gap at (G, D_G) is gap(G) = sup_G' J(G'; G) - J(G; G), J(G'; G) = E_{Q_G'}[psi(R_G)], R_G = log p/q_G
(the 1-D proof, ``proofs/theorem_1_fgan``, derives this form; it holds in any dimension).

Proof of the reduction.
1. An orthogonal map O of R^2 fixes P (its density depends on ||x|| only).
2. O maps the feasible set onto itself: (W, u) -> (O W, O u) keeps sigma_max and ||u||.
3. Change of variables: R_{OG}(O x) = R_G(x) and Q_{OG'} is the image of Q_G' under O, so
   J(OG'; OG) = J(G'; G) and gap(OG) = gap(G) (the sup runs over the rotated feasible set, the same set).
4. With the SVD W = U diag(s1, s2) V^T, O = U^T maps Q_G = N(u, W W^T) to N(v, diag(s1^2, s2^2)), v = U^T u.
5. Reflections of one axis and the swap of the axes are orthogonal: v1, v2 >= 0 and s1 >= s2 w.l.o.g.
6. With a diagonal covariance the log ratio separates: R_G(x) = r_1(x_1) + r_2(x_2), r_i the 1-D log ratio of
   N(0, sigma^2) to N(v_i, s_i^2).
7. Under G = (diag(s), v), x_i = v_i + s_i Z_i, and r_i becomes a_i Z_i^2 + b_i Z_i + c_i with
   a = 1/2 - s^2/(2 sigma^2), b = -v s/sigma^2, c = log(s/sigma) - v^2/(2 sigma^2).
8. Under the deviation coordinate N(-tau, 1): a = (1/s^2 - 1/sigma^2)/2, b = -(tau + v)/s^2 + tau/sigma^2,
   c = log(s/sigma) + (tau + v)^2/(2 s^2) - tau^2/(2 sigma^2).
9. exp psi: E[e^{k (q_1(Z_1) + q_2(Z_2))}] = prod_i E[e^{k q_i(Z_i)}] (independence), each
   exp(k c + k^2 b^2/(2 g))/sqrt(g), g = 1 - 2 k a > 0 (+inf otherwise).
10. softplus psi: Psi(c) = E[psi(q_1(Z_1) + c)] is non-decreasing and convex in c because psi is
    (psi' = sigmoid > 0, psi'' = sigmoid (1 - sigmoid) > 0), so the outer expectation can use Jensen and chords.
11. Data processing near s_i = 0: adding independent N(0, s_i,hi^2 - s_i^2) noise to both P and Q_G maps them to
    N(0, sigma^2 + s_i,hi^2 - s_i^2) and N(v_i, s_i,hi^2) coordinate-wise (variances add), and an f-divergence does
    not increase under a common Markov kernel; gap(G) >= D(G) - D(G_ref) for any feasible G_ref.
12. Numeric: the branch and bound over (s1, s2, v1, v2) gives a positive certified lower bound for every f.
"""

from __future__ import annotations

import sympy as sp

from gantheory.proof import Proof, Step, equal, is_zero

x1, x2, th, z = sp.symbols("x1 x2 theta z", real=True)
SIG, S, S1, S2, T, K = sp.symbols("sigma s s1 s2 tau kappa", positive=True)
V, V1, V2, A, B, C = sp.symbols("v v1 v2 a b c", real=True)

#: key ingredient: the rotation used for the reduction (orthogonal)
ROT = sp.Matrix([[sp.cos(th), -sp.sin(th)], [sp.sin(th), sp.cos(th)]])
#: key ingredient: the deviation-coordinate coefficients (step 8), as used by gantheory.certify.fgan2d._dev
DEV_B = -(T + V) / S**2 + T / SIG**2
#: key ingredient: the exponent of the 1-D Gaussian moment generating function of a quadratic (step 9)
MGF_EXPONENT = K * C + K**2 * B**2 / (2 * (1 - 2 * K * A))


def _logpdf(x, mean, cov):
    d = x - mean
    return -(d.T * cov.inv() * d)[0] / 2 - sp.log(cov.det()) / 2 - sp.log(2 * sp.pi)


def _p_invariant() -> bool:
    X = sp.Matrix([x1, x2])
    Y = ROT * X
    return is_zero(sp.trigsimp((Y.T * Y)[0] - (X.T * X)[0])) and is_zero(sp.trigsimp((ROT.T * ROT - sp.eye(2)).norm()))


def _feasible_invariant() -> bool:
    """sigma_max(O W) = sigma_max(W): (O W)^T (O W) = W^T W; ||O u|| = ||u||."""
    w = sp.Matrix(2, 2, sp.symbols("w11 w12 w21 w22", real=True))
    u = sp.Matrix([V1, V2])
    gram = sp.simplify(sp.trigsimp((ROT * w).T * (ROT * w) - w.T * w))
    return gram == sp.zeros(2, 2) and is_zero(sp.trigsimp(((ROT * u).T * (ROT * u))[0] - (u.T * u)[0]))


def _log_ratio_invariant() -> bool:
    """R_{OG}(O x) = R_G(x) for Q_G = N(u, C) (C = diag(s1^2, s2^2) covers the reduced form; the identity uses
    only O^T O = I)."""
    X = sp.Matrix([x1, x2])
    u = sp.Matrix([V1, V2])
    Cv = sp.diag(S1**2, S2**2)
    P = sig2 = SIG**2 * sp.eye(2)
    lhs = _logpdf(ROT * X, sp.zeros(2, 1), P) - _logpdf(ROT * X, ROT * u, ROT * Cv * ROT.T)
    rhs = _logpdf(X, sp.zeros(2, 1), sig2) - _logpdf(X, u, Cv)
    return is_zero(sp.trigsimp(sp.expand(lhs - rhs)))


def _svd_reduction() -> bool:
    """U^T (U S V^T)(U S V^T)^T U = S^2 for rotations U, V."""
    phi = sp.Symbol("phi", real=True)
    U = ROT
    Vm = ROT.subs(th, phi)
    W = U * sp.diag(S1, S2) * Vm.T
    return sp.simplify(sp.trigsimp(U.T * W * W.T * U - sp.diag(S1**2, S2**2))) == sp.zeros(2, 2)


def _reflections_swap() -> bool:
    R1 = sp.diag(-1, 1)
    Pm = sp.Matrix([[0, 1], [1, 0]])
    return R1.T * R1 == sp.eye(2) and Pm.T * Pm == sp.eye(2) and Pm * sp.diag(S1, S2) * Pm.T == sp.diag(S2, S1)


def _separable() -> bool:
    X = sp.Matrix([x1, x2])
    full = _logpdf(X, sp.zeros(2, 1), SIG**2 * sp.eye(2)) - _logpdf(X, sp.Matrix([V1, V2]), sp.diag(S1**2, S2**2))

    def r(xx, v, s):
        return (-xx**2 / (2 * SIG**2) - sp.log(SIG)) - (-(xx - v) ** 2 / (2 * s**2) - sp.log(s))

    return is_zero(sp.expand(sp.expand_log(full - r(x1, V1, S1) - r(x2, V2, S2), force=True)))


def _r(xx):
    return -xx**2 / (2 * SIG**2) - sp.log(SIG) + (xx - V) ** 2 / (2 * S**2) + sp.log(S)


def _own_coefficients() -> bool:
    q = sp.expand(sp.expand_log(_r(V + S * z), force=True))
    a, b, c = q.coeff(z, 2), q.coeff(z, 1), q.coeff(z, 0)
    return (equal(a, sp.Rational(1, 2) - S**2 / (2 * SIG**2)) and equal(b, -V * S / SIG**2)
            and is_zero(sp.expand_log(c - (sp.log(S / SIG) - V**2 / (2 * SIG**2)), force=True)))


def _deviation_coefficients() -> bool:
    q = sp.expand(sp.expand_log(_r(-T + z), force=True))
    a, b, c = q.coeff(z, 2), q.coeff(z, 1), q.coeff(z, 0)
    c_claim = sp.log(S / SIG) + (T + V) ** 2 / (2 * S**2) - T**2 / (2 * SIG**2)
    return (equal(a, (1 / S**2 - 1 / SIG**2) / 2) and equal(b, DEV_B)
            and is_zero(sp.expand(sp.expand_log(c - c_claim, force=True))))


def _exp_factorises() -> bool:
    """Completing the square: k (a z^2 + b z + c) - z^2/2 = -(g/2)(z - k b/g)^2 + MGF_EXPONENT, g = 1 - 2 k a,
    so E[e^{k q(Z)}] = e^{MGF_EXPONENT}/sqrt(g); the product over independent coordinates is the product."""
    g = 1 - 2 * K * A
    lhs = K * (A * z**2 + B * z + C) - z**2 / 2
    rhs = -(g / 2) * (z - K * B / g) ** 2 + MGF_EXPONENT
    return is_zero(sp.together(sp.expand(lhs - rhs)))


def _softplus_convex() -> bool:
    v = sp.Symbol("v", real=True)
    sp_ = sp.log(1 + sp.exp(v))
    d1, d2 = sp.diff(sp_, v), sp.diff(sp_, v, 2)
    sig = sp.exp(v) / (1 + sp.exp(v))
    return is_zero(sp.simplify(d1 - sig)) and is_zero(sp.simplify(d2 - sig * (1 - sig)))


def _js_gan_same_gap() -> bool:
    """psi_JS(v) - psi_GAN(v) = -log 2 for every v (softplus(v) - log 2 against softplus(v), from f* o f' o exp of
    the table's f), so J_JS(G'; G) - J_GAN(G'; G) = -log 2 and the two Nash gaps coincide."""
    v = sp.Symbol("v", real=True)
    t_ = sp.Symbol("t", positive=True)
    f_js = t_ * sp.log(t_) - (t_ + 1) * sp.log((t_ + 1) / 2)
    f_gan = t_ * sp.log(t_) - (t_ + 1) * sp.log(t_ + 1)

    def psi_of(ft):
        return (t_ * sp.diff(ft, t_) - ft).subs(t_, sp.exp(v))  # f*(f'(t)) = t f'(t) - f(t)

    diff = sp.simplify(sp.expand_log(psi_of(f_js) - psi_of(f_gan), force=True))
    return is_zero(diff + sp.log(2))


def _variances_add() -> bool:
    """N(v, s^2) * N(0, s_hi^2 - s^2) = N(v, s_hi^2): the characteristic functions multiply."""
    w, shi = sp.symbols("omega s_hi", positive=True)
    cf = sp.exp(sp.I * w * V - S**2 * w**2 / 2) * sp.exp(-(shi**2 - S**2) * w**2 / 2)
    return is_zero(sp.simplify(cf - sp.exp(sp.I * w * V - shi**2 * w**2 / 2)))


PROOF = Proof(
    "theorem-1-fgan-2d", "Theorem 1 (f-GAN, d = k = 2)",
    "in d = k = 2 the Nash gap at (G, D_G) depends only on the singular values of W and u in the left singular "
    "basis; certified positive for every f of the table",
    (
        Step("an orthogonal map fixes P = N(0, sigma^2 I)", _p_invariant),
        Step("an orthogonal map keeps sigma_max(W) and ||u||: the feasible set is invariant", _feasible_invariant),
        Step("R_{OG}(O x) = R_G(x): J and the gap are invariant under a common rotation", _log_ratio_invariant),
        Step("O = U^T (W = U diag(s) V^T) maps Q_G to N(U^T u, diag(s1^2, s2^2))", _svd_reduction),
        Step("axis reflections and the swap are orthogonal: v_i >= 0, s1 >= s2", _reflections_swap),
        Step("with a diagonal covariance, R_G(x) = r_1(x_1) + r_2(x_2)", _separable),
        Step("own coefficients: a = 1/2 - s^2/(2 sigma^2), b = -v s/sigma^2, c = log(s/sigma) - v^2/(2 sigma^2)",
             _own_coefficients),
        Step("deviation N(-tau, 1) coefficients of r", _deviation_coefficients),
        Step("exp psi: the 2-D expectation factorises into 1-D closed forms", _exp_factorises),
        Step("softplus psi is non-decreasing and convex, hence so is Psi(c) = E[psi(q_1(Z_1) + c)]",
             _softplus_convex),
        Step("data processing near s_i = 0: variances add under the common Gaussian kernel", _variances_add),
        Step("JS and GAN: psi differs by the constant log 2, so their Nash gaps are the same function",
             _js_gan_same_gap),
        Step("the branch and bound over (s1, s2, v1, v2) certifies a positive minimal gap for every f",
             claim="theorem-1-fgan"),
    ),
    findings=(
        "the d = 2 minimal gap is not the 1-D one for every f: at W = I, u = 0 the 2-D gap equals the 1-D gap for "
        "KL and reverse KL (E_Q[p/q] = 1, resp. the linear psi, make the untouched axis contribute nothing) but "
        "differs for Pearson, Neyman, squared Hellinger, JS and GAN (see theorem-1-fgan --set dim=2)",
    ),
)
