"""The paper's three empirical findings (Section 2 probe, Section 6.1 probe, Table 1): their ids, the sign of
``after - before`` the paper reports, and the score each is measured with, read from run directories.
The findings and their statistics are described in :mod:`gantheory.grid.empirical`."""

from __future__ import annotations

import json
from pathlib import Path

from gantheory.neural.run import load_run
from gantheory.neural.scores import default_scores, make_scorer

FINDINGS = ("section-2-probe", "section-6.1-probe", "table-1")
#: the paper's sign of after - before, as gantheory.grid.results codes the same findings (0: "preserved",
#: so an interval excluding 0 on either side is "not reproduced" and one containing 0 "inconclusive")
EXPECTED_SIGN = {"section-2-probe": -1, "section-6.1-probe": 0, "table-1": 1}
PAPER_CLAIM = {
    "section-2-probe": "Sec. 2, Figs. 1-2: with D frozen, optimising G on V lowers V and the sample quality "
                       "(score after - before < 0).",
    "section-6.1-probe": "Sec. 6.1, Figs. 4-5: on the proximal objective (11) the sample quality is preserved "
                         "(score after - before = 0: no significant change).",
    "table-1": "Sec. 6.2, Table 1: proximal training (Algorithm 1) scores higher than regular training "
               "(proximal - regular > 0).",
}
PROBE_ID = {"minimax": "section-2-probe", "proximal": "section-6.1-probe"}
TABLE1_RECIPES = ("wgan-wc", "sn-gan")


# -- metric ------------------------------------------------------------------------------------------------------------
def metric_of(record: dict) -> tuple[str, float] | None:
    """The quality score of a probe record or a score dict, higher = better: the classifier score where present,
    else minus the sliced W2 distance."""
    for key, name in (("score_mnist_is", "mnist_is"), ("mnist_is", "mnist_is"), ("score_fashion_is", "fashion_is"),
                      ("fashion_is", "fashion_is")):
        if record.get(key) is not None:
            return name, float(record[key])
    for key in ("score_sliced_w", "sliced_w"):
        if record.get(key) is not None:
            return "neg_sliced_w", -float(record[key])
    return None


def read_jsonl(path: Path) -> list[dict]:
    out = []
    for ln in path.read_text().splitlines():
        try:
            rec = json.loads(ln)
        except json.JSONDecodeError:
            continue
        if isinstance(rec, dict):
            out.append(rec)
    return out


def probe_steps_done(run: Path, objective: str) -> int | None:
    """The number of steps of a finished probe in ``run``, else ``None``: the probe's end-point generator
    (``probe-<objective>-generator.pt``, written after the last step) must exist, its step count must
    match the last record of ``probe-<objective>.jsonl`` (a probe cut short, or redone and cut short, does
    not count), and it must have started from the run's current checkpoint (a probe of a run trained on
    since, or one that does not record where it started, is stale)."""
    import torch

    p, g, ckpt = run / f"probe-{objective}.jsonl", run / f"probe-{objective}-generator.pt", run / "checkpoint.pt"
    if not p.is_file() or not g.is_file() or not ckpt.is_file():
        return None
    recs = read_jsonl(p)
    try:
        end = torch.load(g, map_location="cpu", weights_only=True)
        steps, start = int(end["iterations"]), int(end["train_iteration"])
        trained = int(torch.load(ckpt, map_location="cpu", weights_only=True)["iteration"])
    except (OSError, RuntimeError, KeyError, ValueError, EOFError, TypeError):
        return None
    if start != trained:
        return None
    return steps if recs and recs[-1].get("iteration") == steps else None


def probe_complete(run: Path, objective: str, steps: int) -> bool:
    """Whether a probe of ``steps`` steps finished in ``run``."""
    return probe_steps_done(run, objective) == steps


def final_score(run: Path, n: int = 1000, seed: int = 12345) -> dict:
    """Scores of ``n`` images of a run's final generator (cached in ``final-score.json`` next to its checkpoint,
    keyed by the checkpoint's iteration)."""
    import numpy as np
    import torch


    cache = run / "final-score.json"
    tr, ds, _ = load_run(run, "cpu")
    if cache.is_file():
        try:
            c = json.loads(cache.read_text())
            if c.get("iteration") == tr.iteration and c.get("n") == n:
                return c["scores"]
        except (json.JSONDecodeError, KeyError):
            pass
    n = min(n, len(ds.heldout))
    scorer = make_scorer(default_scores(tr.recipe.variant, ds.name), ds.heldout, seed=tr.recipe.seed)
    gen = torch.Generator().manual_seed(seed)
    tr.G.eval()
    with torch.no_grad():
        x = tr.G.to_data(tr.G(torch.randn(n, tr.recipe.z_dim, generator=gen))).numpy()
    scores = {k: float(v) for k, v in scorer(np.asarray(x)).items()}
    tmp = cache.with_suffix(".json.tmp")
    tmp.write_text(json.dumps({"iteration": tr.iteration, "n": n, "scores": scores}) + "\n")
    tmp.replace(cache)
    return scores


def finished_table1_runs(base: Path) -> dict[tuple[str, int, str, int], dict]:
    """The finished Table 1 runs under ``base``: a run counts when its ``final-score.json`` (:func:`final_score`)
    was written at the recipe's last iteration and its checkpoint is there.

    Parameters
    ----------
    base : Path
        The ``table1`` directory of one data set and preset (``ROOT/<data>/<preset>/table1``).

    Returns
    -------
    dict
        ``(recipe, dim, method, seed) -> {"run": path, "iteration": int, "metric": name, "score": float,
        "scores": every score of final-score.json, "data": str, "preset": str}``.
    """
    out = {}
    for score_path in sorted(Path(base).glob("*/final-score.json")):
        run = score_path.parent
        if not (run / "checkpoint.pt").is_file():
            continue
        try:
            cfg = json.loads((run / "config.json").read_text())
            sc = json.loads(score_path.read_text())
        except (OSError, json.JSONDecodeError):
            continue
        r = cfg["recipe"]
        if sc.get("iteration") != r["iterations"]:
            continue  # scored before it finished
        m = metric_of(sc["scores"])
        if m is None:
            continue
        method = "proximal" if r["proximal"] else "regular"
        out[(r["gan"], int(r["dim"]), method, int(r["seed"]))] = {"run": run, "iteration": int(r["iterations"]),
                                                                  "metric": m[0], "score": float(m[1]),
                                                                  "scores": sc["scores"], "data": cfg["data"],
                                                                  "preset": cfg["preset"]}
    return out
