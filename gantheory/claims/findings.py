"""Our own results beyond the statements of the paper (``kind = "finding"``): they do not change the
exit status of ``gantheory check`` but are reported beside the claims."""

from __future__ import annotations

import math

import numpy as np

from gantheory.claims.base import (
    ETA_RANGE,
    OBSERVED,
    SEED,
    SIGMA_ABOVE_1,
    T_RANGE,
    TOL_RANGE,
    Claim,
    Evidence,
    integer,
    require,
)
from gantheory.games.divergences import F_TABLE, condition_t2_fpp_nondecreasing


def check_condition_examples(p) -> Evidence:
    """The remark after Theorem 1 ("the condition holds for all f-GAN examples in Nowozin et al.
    (2016)") against the f-table, and the certified gap for the f that violate the condition."""
    from gantheory.claims.theorem1 import fgan_certificate

    cond = {k: condition_t2_fpp_nondecreasing(d) for k, d in F_TABLE.items()}
    failing = [k for k, (ok, _) in cond.items() if not ok]
    lower = {k: fgan_certificate(k, p["sigma"], p["t"]).lower for k in failing}
    notes = []
    if failing:
        notes.append("refutes the remark after Theorem 1: t^2 f''(t) is decreasing for " + ", ".join(failing))
        if all(v > p["tol"] for v in lower.values()):
            notes.append("yet the certified minimal Nash gap is positive for them too: the condition is "
                         "sufficient, not necessary (strict convexity of f suffices, proofs/theorem_1_fgan)")
    return Evidence(OBSERVED, {
        "condition_t2_fpp_nondecreasing": {k: ok for k, (ok, _) in cond.items()},
        "worst_relative_decrease": {k: w for k, (_, w) in cond.items()},
        "min_nash_gap_lower_for_violators": lower, "tolerance": p["tol"],
    }, tuple(notes))


def check_w2gan_latent(p) -> Evidence:
    """W2GAN with latent dimension k < d: the optimal discriminator's c-transform is infinite off an
    affine subspace, so a rotated generator pays +inf and the Nash gap is +inf at every generator."""
    from gantheory.exact.w2gan import nash_gap_at_best_response
    from gantheory.games.gaussian import LinearGeneratorSet

    d, k = p["dim"], p["latent_dim"]
    gens = LinearGeneratorSet(d, k, p["t"])
    rng = np.random.default_rng(p["seed"])
    gaps = [nash_gap_at_best_response(p["eta"], p["sigma"], G.W, G.u, p["t"]) for G in
            (gens.sample(rng) for _ in range(50))]
    n_inf = sum(1 for g in gaps if g == math.inf)
    return Evidence(OBSERVED, {"sampled_generators": len(gaps), "infinite_gaps": n_inf,
                               "min_gap": min(gaps)},
                    (f"{n_inf} of {len(gaps)} sampled generators have an infinite Nash gap",))


CLAIMS = [
    Claim("finding-dynamics", "Section 5 (Algorithm 1)",
          "GDA and proximal training (Algorithm 1) in the exact Gaussian games: converge, cycle or diverge",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5}, lambda p: check_dynamics(p), kind="finding",
          domain={"sigma": SIGMA_ABOVE_1, "t": T_RANGE, "eta": ETA_RANGE}),
    Claim("finding-fgan-condition-examples", "Remark after Theorem 1",
          "the t^2 f'' condition holds for every f of the f-table (Nowozin et al. 2016)",
          {"sigma": 1.25, "t": 0.5, "tol": 1e-6}, check_condition_examples, kind="finding",
          domain={"sigma": SIGMA_ABOVE_1, "t": T_RANGE, "tol": TOL_RANGE}),
    Claim("finding-w2gan-latent-dim", "Theorem 1 (W2GAN), k < d",
          "with latent dimension k < d the Nash gap at a best response is infinite for every generator",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "dim": 2, "latent_dim": 1, "seed": 0}, check_w2gan_latent,
          premises=lambda p: require(p["latent_dim"] < p["dim"], "this finding is about latent_dim < dim, got "
                                     f"latent_dim = {p['latent_dim']}, dim = {p['dim']}"),
          kind="finding", domain={"sigma": SIGMA_ABOVE_1, "t": T_RANGE, "eta": ETA_RANGE, "dim": integer(1, 64),
                                  "latent_dim": integer(1, 64), "seed": SEED}),
]


def check_dynamics(p) -> Evidence:
    """Gradient descent-ascent (simultaneous, alternating) against Algorithm 1 in the exact 1-D Gaussian
    W2GAN (quadratic D) and WGAN (D = a|x - c|) games, from a seeded perturbation of (G*, D*), over a grid
    of lambda and step sizes (gantheory.dynamics.study)."""
    from gantheory.dynamics.study import study

    out = {}
    notes = []
    for game in ("w2gan", "wgan"):
        r = study(game, {"sigma": p["sigma"], "t": p["t"], "eta": p["eta"]} if game == "w2gan"
                  else {"sigma": p["sigma"], "t": p["t"]})
        # a diverged trajectory overflows to NaN: its distance from (G*, D*) is reported as +inf
        rows = [{"method": x["method"], "lambda": x["lam"], "gamma": x["gamma"], "gamma_D": x["gamma_D"],
                 "label": x["label"], "final_distance": _nan_to_inf(x["final_distance"]),
                 "amplitude": _nan_to_inf(x["amplitude"])} for x in r["rows"]]
        out[game] = rows
        counts: dict[str, int] = {}
        for x in rows:
            key = f"{x['method']}:{x['label']}"
            counts[key] = counts.get(key, 0) + 1
        notes.append(f"{game}: " + ", ".join(f"{k} x{v}" for k, v in sorted(counts.items())))
    return Evidence(OBSERVED, {"runs": out}, tuple(notes))


def _nan_to_inf(x):
    return math.inf if x is not None and isinstance(x, float) and math.isnan(x) else x
