"""Finding: gradient descent-ascent and proximal training (Algorithm 1 of the paper, Section 5) in the exact
1-D Gaussian W2GAN (quadratic D) and WGAN (D = a |x - c|) games converge, cycle or diverge.

A finding (``kind = "finding"``) does not change the exit status of ``gantheory check``.
"""

from __future__ import annotations

import math
from typing import Any

from gantheory.claims.base import ETA_RANGE, OBSERVED, SIGMA_ABOVE_1, T_RANGE, Claim, Evidence
from gantheory.dynamics.study import study

GAMES = ("w2gan", "wgan")


def _nan_to_inf(x: Any) -> Any:
    """A diverged trajectory overflows to NaN: its distance from (G*, D*) is reported as +inf."""
    return math.inf if x is not None and isinstance(x, float) and math.isnan(x) else x


def summary(m: dict[str, Any]) -> str:
    """One row per game: how many runs end with each label."""
    lines = []
    for game, rows in m["runs"].items():
        labels = sorted({x["label"] for x in rows})
        lines.append(f"{game}: " + ", ".join(f"{lab} {sum(1 for x in rows if x['label'] == lab)}" for lab in labels)
                     + f" of {len(rows)} runs")
    return "\n".join(lines)


def check(p: dict[str, Any]) -> Evidence:
    """Gradient descent-ascent (simultaneous, alternating) against Algorithm 1 in the exact 1-D Gaussian
    W2GAN (quadratic D) and WGAN (D = a|x - c|) games, from a seeded perturbation of (G*, D*), over a grid
    of lambda and step sizes (gantheory.dynamics.study)."""
    out = {}
    notes = []
    for game in GAMES:
        r = study(game, {"sigma": p["sigma"], "t": p["t"], "eta": p["eta"]} if game == "w2gan"
                  else {"sigma": p["sigma"], "t": p["t"]})
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


CLAIMS = [
    Claim("finding-dynamics", "Section 5 (Algorithm 1)",
          "GDA and proximal training (Algorithm 1) in the exact Gaussian games: converge, cycle or diverge",
          {"sigma": 1.25, "t": 0.5, "eta": 0.5}, check, kind="finding",
          domain={"sigma": SIGMA_ABOVE_1, "t": T_RANGE, "eta": ETA_RANGE}, summary=summary),
]
