"""Theorem 2's premise for the Gaussian W2GAN game over quadratic D: is the set {D^theta} of optimal
discriminators convex?

D^theta has A = eta (I - B), b = -2 eta u with B = (W W^T)^{1/2} / sigma (:mod:`gantheory.exact.w2gan`); a midpoint
of two is some D^theta iff the midpoint B is PSD with ||B|| <= 1/sigma and rank <= k, and the midpoint u has norm
<= t. For k >= d the set {B : 0 <= B <= I/sigma} is convex; for k < d midpoints of rank-k square roots can have
rank 2k (proofs/theorem_2.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gantheory.exact.w2gan import sqrt_cov
from gantheory.games.gaussian import LinearGeneratorSet

__all__ = ["optimal_discriminators_convex"]


def optimal_discriminators_convex(sigma: float, t: float, eta: float, d: int, k: int, seed: int,
                                  pairs: int = 200) -> dict[str, Any]:
    """Check Theorem 2's premise on sampled pairs of feasible generators: is every midpoint of two optimal
    discriminators D^theta itself an optimal discriminator?

    Parameters
    ----------
    sigma : float
        Data scale, P_X = N(0, sigma^2 I_d).
    t : float
        Bound ||u|| <= t.
    eta : float
        Cost weight of eq. (9) (A = eta (I - B) scales with it; the test on B does not depend on it).
    d, k : int
        Data and latent dimension (generators W of shape d x k, sigma_max(W) <= 1).
    seed : int
        Seed of the sampled pairs.
    pairs : int
        Number of pairs.

    Returns
    -------
    dict
        {pairs, midpoints_not_optimal, convex, dim, latent_dim}.

    References
    ----------
    Farnia & Ozdaglar (2020), Theorem 2.
    """
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
