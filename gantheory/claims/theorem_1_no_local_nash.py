"""Sec. 1: "theoretical examples of [the vanilla GAN, WGAN, f-GAN and W2GAN] for which no local Nash
equilibria exist" -- certified in Theorem 1's Gaussian games.

A local Nash equilibrium needs D = D_G (V is concave in D) and G a local minimiser of V(., D_G) over the
feasible generator parameters. :mod:`gantheory.certify.local_nash` certifies, by interval branch and
bound over the reduced generator parameters, that every feasible G fails a first-order (KKT, moving u
towards 0) or a second-order (strict convexity of the payoff along the u-line, ||u|| < t) condition;
the regions without a best response are excluded analytically. Parts: f-GAN (all 7 f of the table,
vanilla GAN included, d = k = 1), 1-D WGAN, W2GAN with c-concave D (any d, k >= d, reduced to
(sigma_max(W), ||u||)).
"""

from __future__ import annotations

from typing import Any

from gantheory.certify.local_nash import LocalNashCertificate, certify_fgan, certify_w2gan, certify_wgan
from gantheory.claims.base import (
    ETA_RANGE,
    HOLDS,
    INCONCLUSIVE,
    SIGMA_ABOVE_1,
    T_RANGE,
    Claim,
    Evidence,
    fmt,
    require,
    require_positive,
)
from gantheory.games.divergences import F_TABLE

GAMES = ("fgan", "wgan", "w2gan")


def _premises(p: dict[str, Any]) -> None:
    """Theorem 1's premises: sigma > 1, t > 0, eta > 0."""
    require(p["sigma"] > 1, f"Theorem 1 needs sigma > 1, got sigma = {p['sigma']:g}")
    require_positive(p, "t", "eta")


def _row(c: LocalNashCertificate) -> dict[str, Any]:
    row = {"certified": c.certified, "margin_lower": c.margin_lower, "margin_upper": c.margin_upper,
           "argmin_margin": None if c.argmin is None else {"s": c.argmin[0], "u": c.argmin[1]}, "boxes": c.boxes,
           "converged": c.converged, "excluded_analytically": list(c.excluded)}
    if c.argmin is None:
        row["argmin_margin_absent"] = ("every feasible generator is excluded analytically: no box is left to "
                                       "bound, the margins are infima over an empty set (+inf)")
    return row


def summary(m: dict[str, Any]) -> str:
    """The smallest certified margin of a non-optimality condition, over the games certified."""
    return (f"no local minimiser of V(., D_G): smallest certified margin {fmt(m['min_margin_lower'])} "
            f"over {', '.join(k for k in GAMES if k in m)}")


def check_part(p: dict[str, Any], part: dict[str, Any]) -> Evidence:
    """The certificates of one game (``part["game"]``: fgan, wgan or w2gan)."""
    game = part["game"]
    sigma, t = p["sigma"], p["t"]
    if game == "fgan":
        rows = {k: _row(certify_fgan(div, sigma, t)) for k, div in F_TABLE.items()}
    elif game == "wgan":
        rows = {"wgan": _row(certify_wgan(sigma, t))}
    else:
        rows = {"w2gan": _row(certify_w2gan(sigma, p["eta"], t))}
    return Evidence(INCONCLUSIVE, {game: rows})


def merge(p: dict[str, Any], parts: list[Evidence]) -> Evidence:
    """'holds' when every game's certificate covers every feasible generator."""
    metrics: dict[str, Any] = {}
    for ev in parts:
        metrics.update(ev.metrics)
    metrics = {g: metrics[g] for g in GAMES}
    uncertified = [f"{g}/{k}" for g in GAMES for k, r in metrics[g].items() if not r["certified"]]
    verdict = HOLDS if not uncertified else INCONCLUSIVE
    notes = ["sign certificate: every box of the reduced parameters has a certified positive margin for a "
             "first-order (move u towards 0) or second-order (payoff strictly convex along the u-line, "
             "||u|| < t) non-optimality condition; 'fails' would need a certified local minimiser, which this "
             "check does not search for"]
    if uncertified:
        notes.append("not certified: " + ", ".join(uncertified))
    metrics["min_margin_lower"] = min(r["margin_lower"] for g in GAMES for r in metrics[g].values())
    return Evidence(verdict, metrics, tuple(notes))


def parts(p: dict[str, Any], n: int) -> list[dict[str, Any]]:
    """One part per game (whatever ``n``)."""
    return [{"game": g} for g in GAMES]


def check(p: dict[str, Any]) -> Evidence:
    """All three games in one process."""
    return merge(p, [check_part(p, q) for q in parts(p, 1)])


CLAIMS = [
    Claim("theorem-1-no-local-nash", "Sec. 1 / Theorem 1 (local)",
          "no local Nash equilibria: in Theorem 1's Gaussian games (sigma > 1, sigma_max(W) <= 1, ||u|| <= t) no "
          "feasible G is a local minimiser of V(., D_G) -- f-GAN (7 f, vanilla GAN included, d = k = 1), 1-D "
          "WGAN, W2GAN with c-concave D",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5}, check, _premises,
          domain={"sigma": SIGMA_ABOVE_1, "t": T_RANGE, "eta": ETA_RANGE},
          parts=parts, check_part=check_part, merge=merge, summary=summary),
]
