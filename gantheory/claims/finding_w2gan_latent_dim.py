"""Finding: in Theorem 1's W2GAN game with latent dimension k < d, the Nash gap at a best response is
infinite for every generator.

The optimal discriminator's c-transform is infinite off an affine subspace, so a rotated generator pays
+inf. A finding (``kind = "finding"``) does not change the exit status of ``gantheory check``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from gantheory.claims.base import (
    ETA_RANGE,
    OBSERVED,
    SEED,
    SIGMA_ABOVE_1,
    T_RANGE,
    Claim,
    Evidence,
    integer,
    require,
)
from gantheory.exact.w2gan import nash_gap_at_best_response
from gantheory.games.gaussian import LinearGeneratorSet

#: generators sampled from the feasible set
SAMPLES = 50


def premises(p: dict[str, Any]) -> None:
    """The finding is about latent_dim < dim."""
    require(p["latent_dim"] < p["dim"], "this finding is about latent_dim < dim, got "
            f"latent_dim = {p['latent_dim']}, dim = {p['dim']}")


def summary(m: dict[str, Any]) -> str:
    """How many sampled generators have an infinite gap."""
    return f"infinite gaps: {m['infinite_gaps']} / {m['sampled_generators']}"


def check(p: dict[str, Any]) -> Evidence:
    """W2GAN with latent dimension k < d: the optimal discriminator's c-transform is infinite off an
    affine subspace, so a rotated generator pays +inf and the Nash gap is +inf at every generator."""
    d, k = p["dim"], p["latent_dim"]
    gens = LinearGeneratorSet(d, k, p["t"])
    rng = np.random.default_rng(p["seed"])
    gaps = [nash_gap_at_best_response(p["eta"], p["sigma"], G.W, G.u, p["t"]) for G in
            (gens.sample(rng) for _ in range(SAMPLES))]
    n_inf = sum(1 for g in gaps if g == math.inf)
    return Evidence(OBSERVED, {"sampled_generators": len(gaps), "infinite_gaps": n_inf,
                               "min_gap": min(gaps)},
                    (f"{n_inf} of {len(gaps)} sampled generators have an infinite Nash gap",))


CLAIMS = [
    Claim("finding-w2gan-latent-dim", "Theorem 1 (W2GAN), k < d",
          "with latent dimension k < d the Nash gap at a best response is infinite for every generator",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5, "dim": 2, "latent_dim": 1, "seed": 0}, check,
          premises=premises, kind="finding",
          domain={"sigma": SIGMA_ABOVE_1, "t": T_RANGE, "eta": ETA_RANGE, "dim": integer(1, 64),
                  "latent_dim": integer(1, 64), "seed": SEED}, summary=summary),
]
