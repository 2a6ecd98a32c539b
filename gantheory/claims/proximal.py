"""Proximal equilibria: Definition 1, Propositions 2-4, Theorems 2-3, Corollary 1 (Section 4).

Games: the one-dimensional Gaussian W2GAN over quadratic discriminators (V_prox over that family,
:mod:`gantheory.proximal.w2gan`) and the one-dimensional Gaussian WGAN over *all* 1-Lipschitz
discriminators (:mod:`gantheory.proximal.wgan`), both with the Sobolev seminorm of eq. (15) and
lambda in eq. (11)'s convention. A maximum over a subfamily of discriminators is a lower bound on
V_prox: an inequality "V(G*, D*) <= V_prox(G, D*)" that holds over the quadratic family is certified
for the full c-concave class; one that fails there is refuted only for the quadratic game.
"""

from __future__ import annotations

import numpy as np

from gantheory.claims.base import (
    ETA_RANGE,
    FAILS,
    HOLDS,
    INCONCLUSIVE,
    LAM_RANGE,
    SEED,
    SIGMA_ABOVE_1,
    T_RANGE,
    TOL_RANGE,
    Claim,
    Evidence,
    integer,
    real,
    require,
    require_positive,
)
from gantheory.proximal.equilibrium import is_proximal_equilibrium, lambda_threshold, worst_generator

TOL = 1e-9
#: tol: these checks compare values at the tolerance's scale (e.g. Prop. 2's cases differ by a 0.05 x^2
#: perturbation), so a tolerance above 1e-6 blurs the very inequalities they test
DOMAIN = {"sigma": SIGMA_ABOVE_1, "sigma2": SIGMA_ABOVE_1, "t": T_RANGE, "eta": ETA_RANGE, "lam": LAM_RANGE,
          "tol": real(1e-12, 1e-6), "seed": SEED}


def _premises(p):
    require(p["sigma"] > 1, f"these checks use Theorem 1's game: sigma > 1, got sigma = {p['sigma']:g}")
    require_positive(p, "t", "tol", "eta", "lam")


# ------------------------------------------------------------------------------------------ W2GAN 1-D
class W2Game1D:
    """The 1-D Gaussian W2GAN game over quadratic D(x) = a x^2 + b x (d = k = 1)."""

    family = "quadratic discriminators a x^2 + b x (a <= eta)"

    def __init__(self, sigma: float, t: float, eta: float):
        self.sigma, self.t, self.eta = sigma, t, eta

    def D_of(self, s: float, u: float) -> tuple[float, float]:
        """The optimal discriminator of G = (s, u): a = eta (1 - s/sigma), b = -2 eta u."""
        return self.eta * (1 - s / self.sigma), -2 * self.eta * u

    def divergence(self, s: float, u: float) -> float:
        return self.eta * (u * u + (self.sigma - s) ** 2)

    def value(self, s, u, a, b):
        """V(G, D) = sigma^2 a - E_Q[D^c] (eq. (9)) for quadratic D, -inf if a >= eta."""
        s = np.asarray(s, dtype=float)
        u = np.asarray(u, dtype=float)
        eta = self.eta
        m = eta - a
        if m <= 0:
            return np.full(np.broadcast(s, u).shape, -np.inf)
        return self.sigma**2 * a - (0.25 * ((b + 2 * eta * u) ** 2 + 4 * eta * eta * s * s) / m - eta * (u * u + s * s))

    def vprox(self, lam: float, a: float, b: float):
        from gantheory.proximal.w2gan import prox_value_1d

        return lambda s, u: prox_value_1d(self.eta, lam, self.sigma**2, s, u, a, b)[0]

    def minimiser(self) -> tuple[float, float]:
        """The W2-minimising feasible generator, by a grid search refined by L-BFGS-B over (s, u)."""
        from scipy import optimize

        S, U = np.meshgrid(np.linspace(0, 1, 21), np.linspace(-self.t, self.t, 21))
        vals = np.array([self.divergence(s, u) for s, u in zip(S.ravel(), U.ravel(), strict=True)])
        k = int(np.argmin(vals))
        res = optimize.minimize(lambda q: self.divergence(q[0], q[1]), [S.ravel()[k], U.ravel()[k]],
                                method="L-BFGS-B", bounds=[(0, 1), (-self.t, self.t)])
        return float(res.x[0]), float(res.x[1])


def _pe_w2(game: W2Game1D, lam: float, s: float, u: float, tol: float, **kw):
    a, b = game.D_of(s, u)
    v_star = float(game.value(s, u, a, b))
    return is_proximal_equilibrium(game.vprox(lam, a, b), v_star, game.t, tol * (1 + abs(v_star)), **kw)


def w2_threshold(game: W2Game1D, s: float, u: float, tol: float) -> float:
    return lambda_threshold(lambda lam: _pe_w2(game, lam, s, u, tol)[0], rel_tol=1e-3)


def theorem2_lambda(eta: float) -> float:
    """Theorem 2's lambda = 1/(4 eta) (cost eta ||x - x'||^2)."""
    return 1 / (4 * eta)


def check_theorem2(p) -> Evidence:
    """(G*, D*) with G* the W2 minimiser is a 1/(4 eta)-proximal equilibrium; premise: convexity of the
    set of optimal discriminators."""
    from gantheory.games.gaussian import LinearGenerator
    from gantheory.games.w2gan import QuadraticDiscriminator
    from gantheory.proximal.w2gan import prox_value, prox_value_cvxpy

    sigma, t, eta, tol = p["sigma"], p["t"], p["eta"], p["tol"]
    game = W2Game1D(sigma, t, eta)
    s_star, u_star = game.minimiser()
    lam0 = theorem2_lambda(eta)
    ok, worst = _pe_w2(game, lam0, s_star, u_star, tol)
    a, b = game.D_of(s_star, u_star)
    v_star = float(game.value(s_star, u_star, a, b))
    # best-response condition of Prop. 2: V(G*, D*) equals the divergence (D* attains the sup)
    br_gap = abs(v_star - game.divergence(s_star, u_star))
    threshold = w2_threshold(game, s_star, u_star, tol)
    # cvxpy certifies a few points of the fast solver (status checked)
    pts = [(worst.s, worst.u), (0.5, 0.25 * t), (1.0, -t)]
    cvx_diff = 0.0
    for s, u in pts:
        G = LinearGenerator.scalar(s, u)
        D = QuadraticDiscriminator([[a]], [b])
        fast = float(game.vprox(lam0, a, b)(np.array([s]), np.array([u]))[0])
        cvx = prox_value_cvxpy(eta, lam0, np.eye(1) * sigma**2, G, D).value
        lb = prox_value(eta, lam0, np.eye(1) * sigma**2, G, D).value
        cvx_diff = max(cvx_diff, abs(fast - cvx), abs(fast - lb))
    premise = optimal_discriminators_convex(sigma, t, eta, 1, 1, p["seed"])
    premise_kd = optimal_discriminators_convex(sigma, t, eta, 2, 1, p["seed"])
    verdict = HOLDS if (ok and br_gap <= tol and premise["convex"]) else FAILS
    if cvx_diff > 1e-6:
        verdict = INCONCLUSIVE
    conjecture = sigma / (4 * eta * (sigma - 1))
    # the bisection stops at 1e-3 in log lambda: agreement within 2e-3 relative is a match
    rel_dev = abs(threshold / conjecture - 1) if np.isfinite(threshold) else np.inf
    relation = (f"it matches sigma / (4 eta (sigma - 1)) = {conjecture:.6g} within {rel_dev:.1e} (computed, not "
                "proved)" if rel_dev <= 2e-3 else
                "the PE condition holds up to the search's lambda = 1e4 at this tolerance (no finite threshold "
                f"resolved; sigma / (4 eta (sigma - 1)) = {conjecture:.6g})" if not np.isfinite(threshold) else
                f"it differs from sigma / (4 eta (sigma - 1)) = {conjecture:.6g} by {rel_dev:.3g} relative")
    notes = [f"V_prox over {game.family}: a lower bound on V_prox over all c-concave D, so the inequality "
             "V(G*, D*) <= V_prox(G, D*) found here holds for the c-concave game too",
             f"lambda threshold {threshold:.6g} vs the theorem's 1/(4 eta) = {lam0:.6g}; {relation}"]
    if not premise_kd["convex"]:
        notes.append("premise fails for latent_dim k = 1 < d = 2: midpoints of rank-1 optimal discriminators "
                     "are not optimal discriminators of any feasible generator")
    metrics = {
        "lambda": lam0, "generator": {"w": s_star, "u": u_star}, "discriminator": {"a": a, "b": b},
        "V_star": v_star, "worst_generator": {"w": worst.s, "u": worst.u, "V_prox": worst.value},
        "pe_margin": worst.value - v_star, "best_response_gap": br_gap, "lambda_threshold": threshold,
        "lambda_threshold_conjecture": conjecture, "lambda_threshold_relative_deviation": rel_dev,
        "max_fast_vs_cvxpy_difference": cvx_diff, "premise_convex_d1_k1": premise,
        "premise_convex_d2_k1": premise_kd, "family": game.family, "tolerance": tol,
    }
    if p.get("all_c_concave", 0):  # --set all_c_concave=1: the threshold over every c-concave D
        from gantheory.proximal.w2gan_all import threshold_check

        tc = threshold_check(sigma, eta, t)
        metrics.update(tc)
        lo, hi = tc["lambda_all_bracket"]
        if tc["lambda_threshold_all_c_concave"] is not None:
            notes.append(f"lambda_threshold_all_c_concave: V_prox over all c-concave D (gantheory.proximal.w2gan_all) "
                         f"bracketed in [{lo:.6g}, {hi:.6g}], which contains lambda_threshold_quadratic "
                         f"{tc['lambda_threshold_quadratic']:.6g}: no strict inequality is claimed")
        else:
            notes.append(f"lambda_threshold_all_c_concave: not resolved; bracket [{lo:.6g}, {hi:.6g}]")
    return Evidence(verdict, metrics, tuple(notes))


def optimal_discriminators_convex(sigma: float, t: float, eta: float, d: int, k: int, seed: int,
                                  pairs: int = 200) -> dict:
    """Theorem 2's premise for the quadratic family: is {D^theta} convex? D^theta has A = eta (I - B),
    b = -2 eta u with B = (W W^T)^{1/2}/sigma; a midpoint of two is some D^theta iff the midpoint B is
    PSD with ||B|| <= 1/sigma and rank <= k, and the midpoint u has norm <= t (checked on sampled pairs)."""
    from gantheory.exact.w2gan import sqrt_cov
    from gantheory.games.gaussian import LinearGeneratorSet

    gens = LinearGeneratorSet(d, k, t)
    rng = np.random.default_rng(seed)
    bad = 0
    for _ in range(pairs):
        G1, G2 = gens.sample(rng), gens.sample(rng)
        B = 0.5 * (sqrt_cov(G1.W) + sqrt_cov(G2.W)) / sigma
        u = 0.5 * (G1.u + G2.u)
        ev = np.linalg.eigvalsh(B)
        rank = int(np.sum(ev > 1e-10 * max(1.0, ev.max())))
        ok = ev.min() >= -1e-12 and ev.max() <= 1 / sigma + 1e-12 and rank <= k and np.linalg.norm(u) <= t + 1e-12
        bad += not ok
    return {"pairs": pairs, "midpoints_not_optimal": bad, "convex": bad == 0, "dim": d, "latent_dim": k}


def check_corollary1(p) -> Evidence:
    """A lambda-proximal equilibrium's generator minimises the distance: found by minimising the PE
    violation from starts away from the minimiser."""
    from scipy import optimize

    sigma, t, eta, tol, lam = p["sigma"], p["t"], p["eta"], p["tol"], p["lam"]
    game = W2Game1D(sigma, t, eta)
    rng = np.random.default_rng(p["seed"])

    def violation(q):
        s, u = float(np.clip(q[0], 0, 1)), float(np.clip(q[1], -t, t))
        a, b = game.D_of(s, u)
        v = float(game.value(s, u, a, b))
        w = worst_generator(game.vprox(lam, a, b), t, n=11, refine=1)
        return max(v - w.value, 0.0)

    found = []
    for _ in range(3):  # up to 3 starts; stop at the first that reaches a PE
        q0 = [rng.uniform(0.2, 0.8), rng.uniform(-t, t)]  # never the minimiser (s = 1)
        res = optimize.minimize(violation, q0, method="Nelder-Mead",
                                options={"xatol": 1e-6, "fatol": tol / 10, "maxfev": 200})
        s, u = float(np.clip(res.x[0], 0, 1)), float(np.clip(res.x[1], -t, t))
        found.append({"start": q0, "w": s, "u": u, "violation": float(res.fun),
                      "divergence": game.divergence(s, u)})
        if res.fun <= tol:
            break
    s_min, u_min = game.minimiser()
    dmin = game.divergence(s_min, u_min)
    pe = [f for f in found if f["violation"] <= tol]
    if not pe:
        verdict = INCONCLUSIVE
    else:
        verdict = HOLDS if all(abs(f["divergence"] - dmin) <= 1e-6 * (1 + dmin) for f in pe) else FAILS
    return Evidence(verdict, {"lambda": lam, "searches": found, "min_divergence": dmin,
                              "minimiser": {"w": s_min, "u": u_min}, "family": game.family, "tolerance": tol})


def check_proposition2(p) -> Evidence:
    """Definition 1 and Proposition 2 agree on pairs inside and outside the lambda-PE set."""
    sigma, t, eta, tol = p["sigma"], p["t"], p["eta"], p["tol"]
    game = W2Game1D(sigma, t, eta)
    s0, u0 = game.minimiser()
    a0, b0 = game.D_of(s0, u0)
    lam_in, lam_out = 1 / (4 * eta), 4 * sigma / (4 * eta * (sigma - 1))
    cases = [("G*, D*, lam = 1/(4 eta)", s0, u0, a0, b0, lam_in),
             ("G*, D*, large lam", s0, u0, a0, b0, lam_out),
             ("G*, D* + 0.05 x^2", s0, u0, a0 + 0.05, b0, lam_in),
             ("G = (0.6, 0.2), D_G", 0.6, 0.2 * t, *game.D_of(0.6, 0.2 * t), lam_in)]
    rows = []
    for name, s, u, a, b, lam in cases:
        v = float(game.value(s, u, a, b))
        div = game.divergence(s, u)
        vp_self = float(game.vprox(lam, a, b)(np.array([s]), np.array([u]))[0])
        w = worst_generator(game.vprox(lam, a, b), t)
        # Definition 1: V_prox(G, D') <= V_prox(G, D) for all D' (max over D' of V_prox(G, .) = div(G),
        # attained only at best responses) and V_prox(G, D) <= V_prox(G', D) for all G'
        def1 = (vp_self >= div - tol * (1 + div)) and (w.value >= vp_self - tol * (1 + abs(vp_self)))
        # Proposition 2: V(G, D') <= V(G, D) for all D' (D a best response) and V(G, D) <= V_prox(G', D)
        prop2 = (v >= div - tol * (1 + div)) and (w.value >= v - tol * (1 + abs(v)))
        rows.append({"case": name, "lambda": lam, "definition1": def1, "proposition2": prop2,
                     "V": v, "V_prox_self": vp_self, "divergence": div, "min_G_V_prox": w.value})
    agree = all(r["definition1"] == r["proposition2"] for r in rows)
    both = {r["definition1"] for r in rows}
    verdict = HOLDS if agree and both == {True, False} else (FAILS if not agree else INCONCLUSIVE)
    return Evidence(verdict, {"cases": rows, "family": game.family, "tolerance": tol})


def check_proposition3(p) -> Evidence:
    """PE_lam2 subset of PE_lam1 for lam1 <= lam2, on a grid of lambda, with pairs that drop out."""
    sigma, t, eta, tol = p["sigma"], p["t"], p["eta"], p["tol"]
    game = W2Game1D(sigma, t, eta)
    lams = np.geomspace(0.05, 50.0, 13)
    pairs = [(1.0, 0.0), (0.95, 0.0), (1.0, 0.1 * t)]
    table = {}
    for s, u in pairs:
        table[f"w={s:g},u={u:g}"] = [bool(_pe_w2(game, float(lam), s, u, tol, n=15, refine=1)[0]) for lam in lams]
    nested = all(all(row[i] or not row[j] for i in range(len(lams)) for j in range(i, len(lams)))
                 for row in table.values())
    drop = any(row[0] and not row[-1] for row in table.values())
    verdict = HOLDS if nested and drop else (FAILS if not nested else INCONCLUSIVE)
    return Evidence(verdict, {"lambdas": lams, "pe_status": table, "nested": nested,
                              "some_pair_drops_out": drop, "family": game.family, "tolerance": tol})


def check_proposition4(p) -> Evidence:
    """grad_theta V_prox(G_theta, D) = grad_theta V(G_theta, D_w*) (Danskin) against finite differences;
    the strong-concavity condition eta2 < lam eta1 evaluated."""
    from gantheory.proximal.w2gan import prox_value_1d

    sigma, t, eta, lam = p["sigma"], p["t"], p["eta"], p["lam"]
    game = W2Game1D(sigma, t, eta)
    rng = np.random.default_rng(p["seed"])
    errs, allowed = [], []
    hess_max, hess_err = [], []
    eps = np.finfo(float).eps
    for _ in range(5):
        s, u = rng.uniform(0.3, 0.9), rng.uniform(-t, t)
        a, b = rng.uniform(-0.5, 0.5) * eta, rng.uniform(-1, 1)
        _, a_star, b_star = prox_value_1d(eta, lam, sigma**2, s, u, a, b)
        a_star, b_star = float(a_star), float(b_star)
        h = 1e-6
        fd = [(float(prox_value_1d(eta, lam, sigma**2, s + h * e0, u + h * e1, a, b)[0])
               - float(prox_value_1d(eta, lam, sigma**2, s - h * e0, u - h * e1, a, b)[0])) / (2 * h)
              for e0, e1 in ((1, 0), (0, 1))]
        dn = [(float(game.value(s + h * e0, u + h * e1, a_star, b_star))
               - float(game.value(s - h * e0, u - h * e1, a_star, b_star))) / (2 * h) for e0, e1 in ((1, 0), (0, 1))]
        errs.append(max(abs(x - y) for x, y in zip(fd, dn, strict=True)) / (1 + max(abs(x) for x in fd)))
        # a central difference of values of size |V| carries a rounding error up to ~4 eps |V| / (2 h):
        # at sigma = 1000, |V| ~ sigma^2 a ~ 1e5 makes it ~1e-5 (beside the method's 1e-5)
        v_scale = max(abs(float(game.value(s, u, a_star, b_star))),
                      abs(float(prox_value_1d(eta, lam, sigma**2, s, u, a, b)[0])))
        allowed.append(1e-5 + 8 * eps * v_scale / (2 * h) / (1 + max(abs(x) for x in fd)))
        # Hessian in w = (a, b) of V(G, D_w) - lam ||D_w - D||^2 at w*: concavity modulus
        H, H_err = _inner_hessian(game, lam, s, u, a_star, b_star)
        hess_max.append(float(np.linalg.eigvalsh(H).max()))
        hess_err.append(H_err)
    eta1 = 2 * min(4 * sigma**2, 1.0)  # ||D_w - D||^2 = 4 sigma^2 (a - a0)^2 + (b - b0)^2
    worst = max(errs)
    within = all(e < a for e, a in zip(errs, allowed, strict=True))
    # each eigenvalue is known to within the rounding of its finite-difference Hessian (Weyl): negative beyond
    # it holds, positive beyond it fails, inside it the differences do not resolve the curvature
    concave = all(m + e < 0 for m, e in zip(hess_max, hess_err, strict=True))
    convex_somewhere = any(m - e > 0 for m, e in zip(hess_max, hess_err, strict=True))
    verdict = HOLDS if within and concave else (FAILS if not within or convex_somewhere else INCONCLUSIVE)
    notes = ["V(G, D_w) is concave in w = (a, b) for the quadratic W2GAN family, so the inner objective is "
             "(lam eta1)-strongly concave for every lam > 0: eta2 < lam eta1 is sufficient, not needed here; "
             "eta2 itself is unbounded (curvature ~ (eta - a)^-3 as a -> eta)"]
    return Evidence(verdict, {"lambda": lam, "max_relative_gradient_error": worst,
                              "allowed_relative_gradient_error": max(allowed), "eta1": eta1,
                              "lam_eta1": lam * eta1, "max_inner_hessian_eigenvalue": max(hess_max),
                              "inner_hessian_rounding_allowance": max(hess_err),
                              "finite_difference_step": 1e-6, "family": game.family}, tuple(notes))


def _inner_hessian(game: W2Game1D, lam: float, s: float, u: float, a: float, b: float) -> tuple[np.ndarray, float]:
    """Finite-difference Hessian in w = (a, b) of V(G, D_w) - lam ||D_w - D||^2, and a bound on the rounding part
    of its error in spectral norm: each entry combines four values of size <= F, each rounded to ~4 eps F, over
    4 h_i h_j (Frobenius bound)."""
    sig2 = game.sigma**2

    def f(w):
        return float(game.value(s, u, w[0], w[1])) - lam * (4 * sig2 * (w[0] - a) ** 2 + (w[1] - b) ** 2)

    x = np.array([a, b])
    # steps on each coordinate's own scale: a stays below eta (V is -inf at a >= eta), so its step is a
    # small fraction of the room eta - a (eta = 1e-6: a fixed 1e-4 step left the domain)
    h = np.array([min(1e-4, 1e-2 * (game.eta - a)), 1e-4 * max(1.0, abs(b))])
    H, E = np.zeros((2, 2)), np.zeros((2, 2))
    eps = np.finfo(float).eps
    for i in range(2):
        for j in range(2):
            ei, ej = np.eye(2)[i] * h[i], np.eye(2)[j] * h[j]
            vals = [f(x + ei + ej), f(x + ei - ej), f(x - ei + ej), f(x - ei - ej)]
            H[i, j] = (vals[0] - vals[1] - vals[2] + vals[3]) / (4 * h[i] * h[j])
            E[i, j] = 4 * 4 * eps * max(abs(v) for v in vals) / (4 * h[i] * h[j])
    return H, float(np.linalg.norm(E))


# ------------------------------------------------------------------------------------------ WGAN 1-D
#: the proximal WGAN values integrate over the data's scale sigma with breakpoints at the generator's:
#: one check takes ~20 s at sigma = 100 and ~10 min at sigma = 1000 (2 busy cores)
THEOREM3_DOMAIN = {**DOMAIN, "sigma": real(1, 100, lo_open=True)}


def check_theorem3(p) -> Evidence:
    """Theorem 3's premises in Theorem 1's Gaussian WGAN game, what happens there, and an instance where
    they hold."""
    from gantheory.exact.wgan import nash_gap_at_best_response as wgap
    from gantheory.exact.wgan import w1
    from gantheory.proximal import wgan as pw

    sigma, t, tol = p["sigma"], p["t"], p["tol"]
    # premise (ii): alpha_theta(x)^2 = |x - T_theta(x)| / |D^theta'(x)| = |x (1 - s/sigma) - u| for D = |x - c|
    xs = np.linspace(-10, 10, 20001)
    inf_alpha = min(float(np.min(np.abs(xs * (1 - s / sigma) - u))) for s in (0.3, 0.7, 1.0) for u in (0.0, 0.2))
    # what happens at (G*, D*) = ((1, 0), |x|): V_prox(G, D*) dips below V* for every lambda tested
    h = pw.abs_derivative(0.0)
    v_star = w1(sigma, 1.0, 0.0)
    dips = {}
    for lam in (1e-3, 1e-2, 1e-1):
        ok, w = is_proximal_equilibrium(lambda s, u, lam=lam: pw.prox_value_vec(sigma, s, u, h, lam), v_star, t,
                                        tol * (1 + v_star), n=21,
                                        exact=lambda s, u, lam=lam: pw.prox_value(sigma, s, u, h, lam, breaks=(0.0,)))
        dips[f"{lam:g}"] = {"pe": ok, "min_V_prox": w.value, "dip": v_star - w.value, "worst_u": w.u}
    threshold = lambda_threshold(
        lambda lam: is_proximal_equilibrium(
            lambda s, u: pw.prox_value_vec(sigma, s, u, h, lam), v_star, t, tol * (1 + v_star), n=15,
            exact=lambda s, u: pw.prox_value(sigma, s, u, h, lam, breaks=(0.0,)))[0],
        lam_lo=1e-4, lam_hi=1e2, rel_tol=1e-2)
    # an instance where the premises hold: generators G(z) = sigma z + u, u in [u_min, u_max], u_min > 0:
    # T(x) = x + u, D^theta = -x, alpha^2 = u >= u_min =: eta_3, {alpha grad D} = {-sqrt(u)} is an interval
    u_min, u_max = 0.5, 1.0
    eta3 = u_min
    hlin = lambda x: -np.ones_like(np.asarray(x, dtype=float))  # noqa: E731
    us = np.linspace(u_min, u_max, 41)
    vals = [pw.prox_value(sigma, sigma, float(u), hlin, eta3) for u in us]
    v3 = w1(sigma, sigma, u_min)
    holds3 = min(vals) >= v3 - tol * (1 + v3)
    # its Nash gap at (G*, D*) = ((sigma, u_min), -x): W1(G*) - min over the family of V(G, D*)
    nash3 = v3 - min(pw.value(sigma, sigma, float(u), hlin) for u in us)
    verdict = HOLDS if holds3 else FAILS
    thr_text = ("is not a lambda-PE for any lambda >= 1e-4 (threshold 0 to the search's precision)" if threshold == 0
                else f"is a lambda-PE up to lambda = {threshold:.4g}")
    notes = [f"premise (ii) in Theorem 1's Gaussian WGAN game: inf_x alpha_theta(x)^2 = {inf_alpha:.3g} "
             f"(the transport displacement vanishes where the CDFs cross); there (G*, D*) {thr_text}",
             "the instance where the premises hold is trivial: (G*, D*) is already a Nash equilibrium. In 1-D, "
             "with continuous transport maps and premise (i), alpha^2 >= eta > 0 forces x - T(x) to keep one sign "
             "for every theta, so D^theta is linear and V(G, D*) sees only the mean, which G* minimises: such "
             "instances are trivial (proofs/theorem_3 has a discontinuous-map counterexample to the unqualified "
             "statement)"]
    return Evidence(verdict, {
        "inf_alpha_squared_gaussian_game": inf_alpha, "gaussian_game_dips": dips,
        "gaussian_game_lambda_threshold": threshold, "instance": {"family": "G(z) = sigma z + u, u in [0.5, 1]",
                                                                    "eta": eta3, "min_V_prox": min(vals), "V_star": v3,
                                                                    "pe": holds3, "nash_gap": nash3},
        "nash_gap_gaussian_game_at_G_star": wgap(sigma, 1.0, 0.0, t), "family": pw.FAMILY, "tolerance": tol,
    }, tuple(notes))


def check_theorem2_anisotropic(p) -> Evidence:
    """Theorem 2 with anisotropic data X ~ N(0, diag(sigma^2, sigma2^2)) in d = k = 2 (quadratic D).

    G* = (W = I, u = 0) minimises W2 (sigma, sigma2 > 1); the Brenier map is Sigma_X^{-1/2} x, so
    D* = eta x^T (I - Sigma_X^{-1/2}) x. For axis-aligned generators (W diagonal, u on one axis) the
    proximal problem decouples into two 1-D problems (the maximising b' stays on u's axis and M'
    diagonal), so V_prox is a sum of exact 1-D values: a fast search whose minimum bounds
    min_G V_prox(G, D*) from above (it can refute PE and gives an upper bound on the threshold).
    General generators (random rotations) are then checked with the d-dimensional solver.
    """
    from gantheory.games.gaussian import LinearGeneratorSet
    from gantheory.games.w2gan import QuadraticDiscriminator
    from gantheory.proximal.w2gan import prox_value, prox_value_1d

    s1, s2, t, eta, tol = p["sigma"], p["sigma2"], p["t"], p["eta"], p["tol"]
    sig = (s1, s2)
    v_star = eta * sum((q - 1) ** 2 for q in sig)

    def aligned_min(lam):
        best = np.inf
        for j in range(2):  # the axis that carries u
            total = 0.0
            for i in range(2):
                a = eta * (1 - 1 / sig[i])
                S, U = np.meshgrid(np.linspace(0, 1, 41), np.linspace(-t, t, 41) if i == j else np.zeros(1))
                vals = prox_value_1d(eta, lam, sig[i] ** 2, S.ravel(), U.ravel(), a, 0.0)[0]
                total += float(vals.min())
            best = min(best, total)
        return best

    lam0 = theorem2_lambda(eta)
    aligned0 = aligned_min(lam0)
    # general (rotated, full) generators with the d-dimensional solver
    rng = np.random.default_rng(p["seed"])
    gens = LinearGeneratorSet(2, 2, t)
    SX = np.diag([s1**2, s2**2])
    Dstar = QuadraticDiscriminator(eta * (np.eye(2) - np.diag([1 / s1, 1 / s2])), np.zeros(2))
    general = min(prox_value(eta, lam0, SX, gens.sample(rng), Dstar).value for _ in range(30))
    margin = min(aligned0, general) - v_star
    threshold = lambda_threshold(lambda lam: aligned_min(lam) >= v_star - tol * (1 + v_star), rel_tol=1e-3)
    iso = [q / (4 * eta * (q - 1)) for q in sig]
    verdict = HOLDS if margin >= -tol * (1 + v_star) else FAILS
    matches = abs(threshold / min(iso) - 1) <= 2e-3
    notes = [f"what changes: the threshold over axis-aligned generators is {threshold:.4g}; "
             + (f"it equals min over axes of sigma_i / (4 eta (sigma_i - 1)) = {min(iso):.4g} (axes {iso[0]:.4g}, "
                f"{iso[1]:.4g}): the widest data axis sets it" if matches else
                f"it differs from min over axes of sigma_i / (4 eta (sigma_i - 1)) = {min(iso):.4g}")
             + (f"; 1/(4 eta) = {lam0:.4g} is still below it" if threshold >= lam0
                else f"; below 1/(4 eta) = {lam0:.4g}"),
             "the threshold is an upper bound (aligned generators only); the PE test at 1/(4 eta) also checks 30 "
             "random rotated generators with the d-dimensional solver"]
    metrics = {"lambda": lam0, "Sigma_X": SX, "V_star": v_star, "pe_margin": margin,
               "aligned_min_V_prox": aligned0, "general_min_V_prox": general,
               "lambda_threshold_aligned": threshold, "axis_formula": iso,
               "family": "quadratic discriminators x^T A x + b^T x (A <= eta I)", "tolerance": tol}
    if p.get("all_linear", 0):  # --set all_linear=1: the threshold over every linear generator (rotations included)
        from gantheory.proximal.threshold2d import threshold as threshold_all

        metrics["all_linear_generators"] = threshold_all(eta, s1, s2, t, seed=p["seed"])
        metrics["lambda_threshold_all_linear"] = metrics["all_linear_generators"]["lambda_threshold_all_linear"]
        notes.append("lambda_threshold_all_linear: bisection with a multi-start global search over W (2 x 2) and u "
                     "(gantheory.proximal.threshold2d); the optimality check is reported beside it")
    return Evidence(verdict, metrics, tuple(notes))


def check_threshold_formula(p) -> Evidence:
    """Finding: in the 1-D Gaussian W2GAN game (quadratic D) the lambda threshold of (G*, D*) equals
    sigma / (4 eta (sigma - 1)) -- checked on several parameter sets."""
    from gantheory.claims.base import OBSERVED

    rows = []
    for sigma, eta, t in ((1.25, 0.5, 0.5), (2.0, 1.0, 0.3), (1.5, 0.25, 1.0)):
        game = W2Game1D(sigma, t, eta)
        thr = lambda_threshold(lambda lam, g=game: _pe_w2(g, lam, 1.0, 0.0, p["tol"], n=15, refine=1)[0],
                               rel_tol=1e-3)
        rows.append({"sigma": sigma, "eta": eta, "t": t, "threshold": thr, "formula": sigma / (4 * eta * (sigma - 1)),
                     "theorem_2": 1 / (4 * eta)})
    worst = max(abs(r["threshold"] / r["formula"] - 1) for r in rows)
    return Evidence(OBSERVED, {"rows": rows, "max_relative_deviation_from_formula": worst, "bisection_rel_tol": 1e-3,
                               "family": W2Game1D.family},
                    (f"threshold = sigma / (4 eta (sigma - 1)) within {worst:.1e} relative on {len(rows)} settings: "
                     "Theorem 2's 1/(4 eta) is conservative by the factor sigma/(sigma - 1) here" if worst <= 2e-3
                     else f"the threshold differs from sigma / (4 eta (sigma - 1)) by up to {worst:.3g} relative on "
                     f"{len(rows)} settings (the bisection resolves 2e-3)",))


CLAIMS = [
    Claim("proposition-2", "Proposition 2",
          "(G*, D*) is a lambda-PE iff V(G*, D) <= V(G*, D*) <= V_prox(G, D*) for all G, D",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": TOL}, check_proposition2, _premises, domain=DOMAIN),
    Claim("proposition-3", "Proposition 3", "PE_lam2 is a subset of PE_lam1 when lam1 <= lam2",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": TOL}, check_proposition3, _premises, domain=DOMAIN),
    Claim("proposition-4", "Proposition 4",
          "grad_theta V_prox(G_theta, D_w) = grad_theta V(G_theta, D_w*) when eta2 < lam eta1",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "lam": 0.5, "tol": TOL, "seed": 0}, check_proposition4, _premises,
          domain=DOMAIN),
    Claim("theorem-2", "Theorem 2",
          "W2GAN, cost eta||x - x'||^2: the W2-minimising generator and its D form a 1/(4 eta)-proximal equilibrium",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": TOL, "seed": 0, "all_c_concave": 0}, check_theorem2, _premises,
          domain={**DOMAIN, "all_c_concave": integer(0, 1)}),
    Claim("theorem-3", "Theorem 3",
          "WGAN: if {alpha_theta grad D^theta} is convex and alpha_theta^2 >= eta, the W1 minimiser gives an "
          "eta-proximal equilibrium",
          {"sigma": 1.25, "t": 0.5, "tol": TOL}, check_theorem3, _premises, domain=THEOREM3_DOMAIN),
    Claim("corollary-1", "Corollary 1",
          "a lambda-proximal equilibrium (lambda > 0) is a Stackelberg equilibrium: its generator minimises the "
          "distance", {"sigma": 1.25, "t": 0.5, "eta": 0.5, "lam": 0.5, "tol": TOL, "seed": 0}, check_corollary1,
          _premises, domain=DOMAIN),
    Claim("theorem-2-anisotropic", "Theorem 2 (anisotropic data)",
          "with X ~ N(0, diag(sigma^2, sigma2^2)), d = k = 2, the W2 minimiser and its D form a 1/(4 eta)-proximal "
          "equilibrium", {"sigma": 1.25, "sigma2": 2.0, "t": 0.5, "eta": 0.5, "tol": TOL, "seed": 0, "all_linear": 0},
          check_theorem2_anisotropic, lambda p: (_premises(p), require(p["sigma2"] > 1, "sigma2 must be > 1")),
          domain={**DOMAIN, "all_linear": integer(0, 1)}),
    Claim("finding-theorem-2-threshold", "Theorem 2 (constant)",
          "the lambda threshold of (G*, D*) in the 1-D Gaussian W2GAN game is sigma / (4 eta (sigma - 1))",
          {"tol": TOL}, check_threshold_formula, kind="finding", domain={"tol": TOL_RANGE}),
]
