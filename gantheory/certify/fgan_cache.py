"""The certified minimal Nash gap of Theorem 1's f-GAN game for an f of the f-table, cached by its key.

Several results read the same certificate (Theorem 1 for every f, and the examples of the remark after it
for the f that violate its condition); the branch and bound runs once per (f, sigma, t) in a process.
"""

from __future__ import annotations

from functools import lru_cache

from gantheory.certify.fgan import FGANCertificate, certify_min_gap
from gantheory.games.divergences import F_TABLE


@lru_cache(maxsize=64)
def certify_min_gap_by_key(key: str, sigma: float, t: float) -> FGANCertificate:
    """:func:`gantheory.certify.fgan.certify_min_gap` for ``F_TABLE[key]``, cached.

    Parameters
    ----------
    key : str
        A key of :data:`gantheory.games.divergences.F_TABLE` (``"kl"``, ``"gan"``, ...).
    sigma : float
        Data scale, X ~ N(0, sigma^2), sigma > 1 (Theorem 1).
    t : float
        The bound on |u| of the generators G(z) = w z + u, |w| <= 1.

    Returns
    -------
    FGANCertificate
        The certified lower bound on inf_G of the Nash gap at (G, D_G), with its incumbent and box count.
    """
    return certify_min_gap(F_TABLE[key], sigma, t)
