"""The grid's result files, from the cells' records (``OUT/cells/*.json``).

* ``grid.csv``: one row per run (training or probe cell) with every recipe field, mode, seed, final scores,
  wall time, device and threads.
* ``table1.md`` / ``table1.csv`` (grids with regular and proximal modes; Table 1 of the paper): per row
  and score, mean ± std over seeds of regular and proximal training, the paired difference proximal -
  regular with its 95 % t-interval, the sign of the published difference (CIFAR-10 Inception Scores,
  Section 6.2) beside ours, and the verdict (``gantheory.grid.stats``).
* ``probes.md`` / ``probes.csv`` (grids with probes; Sections 2 and 6.1): per recipe, probe and quantity
  (V(G, D_final), the scores, the proximal objective), before and after the probe, the paired difference
  after - before with its interval and the verdict against the paper's direction: Figure 1 reports V and
  the sample quality falling under the minimax probe, Figure 4 both preserved under the proximal probe.
"""

from __future__ import annotations

import csv
import io
from dataclasses import fields
from pathlib import Path

from gantheory.grid import stats
from gantheory.grid.spec import GridSpec, TrainCell
from gantheory.neural.run import write_atomic

#: scores where a higher value is better (the others, distances, are better lower)
HIGHER_IS_BETTER = {"score_mnist_is": True, "score_inception_score": True, "score_sliced_w": False}
WALL_COLUMNS = ("wall_s",)

#: Table 1 of the paper (CIFAR-10 Inception scores, regular / proximal per (recipe, width)); see
#: docs/references.md
PUBLISHED_TABLE1 = {("wgan-wc", "64"): (4.16, 4.56), ("wgan-wc", "128"): (2.52, 4.23),
                    ("sn-gan", "64"): (5.12, 5.72), ("sn-gan", "128"): (5.62, 6.12)}


def _recipe_fields() -> list[str]:
    from gantheory.neural.recipes import Recipe

    return [f.name for f in fields(Recipe)]


def _fmt(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, (list, tuple)):
        return ",".join(_fmt(x) for x in v)
    return str(v)


def grid_rows(spec: GridSpec, records: dict[str, dict]) -> tuple[list[str], list[dict]]:
    """The columns and rows of grid.csv (cells in the grid's order)."""
    train = {c.id: c for c in spec.train}
    result_keys = sorted({k for r in records.values() for k in r["results"]})
    rfields = _recipe_fields()
    cols = (["cell_id", "kind", "parent", "label", "mode", "seed", "paper_dim", "preset", "data_spec", "data"]
            + [f for f in rfields if f != "seed"]
            + ["probe_objective", "probe_steps", "probe_lam", "probe_inner_steps", "probe_log_every", "scores",
               "samples"] + result_keys + ["device", "threads", "resumed_from", "wall_s"])
    rows = []
    for c in spec.cells:
        rec = records[c.id]
        tc: TrainCell = c if c.kind == "train" else train[c.parent]
        row = {"cell_id": c.id, "kind": c.kind, "parent": "" if c.kind == "train" else c.parent, "label": tc.label,
               "mode": tc.mode, "seed": tc.seed, "paper_dim": tc.paper_dim, "preset": tc.preset,
               "data_spec": tc.data or "mnist-embedded", "data": rec.get("data")}
        row.update({f: tc.recipe[f] for f in rfields if f != "seed"})
        if c.kind == "probe":
            row.update({"probe_objective": c.objective, "probe_steps": c.steps, "probe_lam": c.lam,
                        "probe_inner_steps": c.inner_steps, "probe_log_every": c.log_every})
        row.update({"scores": rec["scoring"]["scores"], "samples": rec["scoring"]["samples"]})
        row.update(rec["results"])
        row.update({"device": rec["device"], "threads": rec["threads"], "resumed_from": rec.get("resumed_from", 0),
                    "wall_s": rec["wall_s"]})
        rows.append(row)
    return cols, rows


def _csv(cols: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([_fmt(r.get(c)) for c in cols])
    return buf.getvalue()


def _published() -> dict:
    return PUBLISHED_TABLE1


def _metric_names(records: list[dict]) -> list[str]:
    keys = [k for k in ("score_mnist_is", "score_sliced_w", "score_inception_score")
            if records and all(r["results"].get(k) is not None for r in records)]
    return keys


def _sgn(x: int) -> str:
    return {1: "+", -1: "-", 0: "0"}[x]


def table1_rows(spec: GridSpec, records: dict[str, dict]) -> list[dict]:
    """Table 1: per recipe row and score, regular against proximal paired by seed."""
    published = _published()
    groups: dict[tuple, dict[str, dict[int, dict]]] = {}
    for c in spec.train:
        groups.setdefault((c.gan, c.label, c.paper_dim, c.recipe["dim"]), {}).setdefault(c.mode, {})[c.seed] = \
            records[c.id]
    out = []
    metrics = _metric_names([records[c.id] for c in spec.train])
    for (gan, label, paper_dim, dim), by_mode in groups.items():
        seeds = sorted(set(by_mode.get("regular", {})) & set(by_mode.get("proximal", {})))
        if not seeds:
            continue
        pub = published.get((gan, paper_dim)) if paper_dim else None
        for m in metrics:
            reg = [by_mode["regular"][s]["results"][m] for s in seeds]
            prox = [by_mode["proximal"][s]["results"][m] for s in seeds]
            direction = 1 if HIGHER_IS_BETTER.get(m, True) else -1
            # the paper: proximal training improves the score (Table 1, all four rows: a higher IS)
            pub_sign = stats.sign(pub[1] - pub[0]) if pub else 1
            expected = pub_sign * direction
            diff, verdict = stats.compare(prox, reg, expected) if expected else (stats.paired_difference(prox, reg),
                                                                                 stats.INCONCLUSIVE)
            out.append({"recipe": gan, "label": label, "paper_dim": paper_dim or "", "our_dim": dim,
                        "metric": m.removeprefix("score_"), "higher_is_better": direction > 0, "n": len(seeds),
                        "regular": stats.summarize(reg), "proximal": stats.summarize(prox), "diff": diff,
                        "published_regular": pub[0] if pub else None, "published_proximal": pub[1] if pub else None,
                        "published_sign": pub_sign if pub else None, "expected_sign": expected,
                        "our_sign": stats.sign(diff.mean), "our_improvement_sign": stats.sign(diff.mean) * direction,
                        "verdict": verdict})
    return out


def probe_rows(spec: GridSpec, records: dict[str, dict]) -> list[dict]:
    """Per recipe row, mode, probe and quantity: before against after, paired by seed."""
    train = {c.id: c for c in spec.train}
    groups: dict[tuple, dict[int, dict]] = {}
    for p in spec.probes:
        tc = train[p.parent]
        groups.setdefault((tc.label, tc.mode, p.objective, p.steps), {})[tc.seed] = records[p.id]
    out = []
    for (label, mode, objective, steps), by_seed in groups.items():
        seeds = sorted(by_seed)
        keys = sorted({k[:-len("_before")] for s in seeds for k in by_seed[s]["results"] if k.endswith("_before")})
        for q in keys:
            pairs = [(by_seed[s]["results"].get(f"{q}_before"), by_seed[s]["results"].get(f"{q}_after")) for s in seeds]
            if any(a is None or b is None for a, b in pairs):
                continue
            before, after = [a for a, _ in pairs], [b for _, b in pairs]
            if objective == "minimax":  # Figure 1: V and the sample quality fall
                expected = {"V": -1, "prox_objective": None}.get(q, -1 if HIGHER_IS_BETTER.get(q, True) else 1)
            else:  # Figure 4: preserved
                expected = 0
            diff = stats.paired_difference(after, before)
            verdict = stats.verdict(diff, expected) if expected is not None else ""
            out.append({"recipe": label, "mode": mode, "probe": objective, "steps": steps,
                        "quantity": q.removeprefix("score_"), "n": len(seeds), "before": stats.summarize(before),
                        "after": stats.summarize(after), "diff": diff, "expected_sign": expected, "verdict": verdict})
    return out


def write_results(spec: GridSpec, out: str | Path, records: dict[str, dict]) -> list[Path]:
    """Write grid.csv, and table1.* / probes.* where the grid has them; returns the paths written."""
    out = Path(out)
    cols, rows = grid_rows(spec, records)
    written = [out / "grid.csv"]
    write_atomic(out / "grid.csv", _csv(cols, rows))
    if spec.table1:
        t = table1_rows(spec, records)
        tcols = ["recipe", "label", "paper_dim", "our_dim", "metric", "higher_is_better", "n", "regular_mean",
                 "regular_std", "proximal_mean", "proximal_std", "diff_mean", "diff_low95", "diff_high95",
                 "published_regular", "published_proximal", "published_sign", "expected_sign", "our_sign",
                 "our_improvement_sign", "verdict"]
        trows = [{**r, "regular_mean": r["regular"].mean, "regular_std": r["regular"].std,
                  "proximal_mean": r["proximal"].mean, "proximal_std": r["proximal"].std, "diff_mean": r["diff"].mean,
                  "diff_low95": r["diff"].low, "diff_high95": r["diff"].high} for r in t]
        write_atomic(out / "table1.csv", _csv(tcols, trows))
        write_atomic(out / "table1.md", table1_markdown(t, spec))
        written += [out / "table1.csv", out / "table1.md"]
    if spec.probes:
        p = probe_rows(spec, records)
        pcols = ["recipe", "mode", "probe", "steps", "quantity", "n", "before_mean", "before_std", "after_mean",
                 "after_std", "diff_mean", "diff_low95", "diff_high95", "expected_sign", "verdict"]
        prows = [{**r, "before_mean": r["before"].mean, "before_std": r["before"].std, "after_mean": r["after"].mean,
                  "after_std": r["after"].std, "diff_mean": r["diff"].mean, "diff_low95": r["diff"].low,
                  "diff_high95": r["diff"].high} for r in p]
        write_atomic(out / "probes.csv", _csv(pcols, prows))
        write_atomic(out / "probes.md", probes_markdown(p, spec))
        written += [out / "probes.csv", out / "probes.md"]
    return written


def table1_markdown(rows: list[dict], spec: GridSpec) -> str:
    lines = [f"# Table 1 ({spec.name}, size {spec.size}): regular against proximal training", "",
             "Mean ± std over seeds; the paired difference proximal - regular with its 95 % Student t-interval; "
             "the published difference is of CIFAR-10 Inception Scores (Table 1 of the paper), so compare signs, "
             "not values: the sign columns say which training scored better (+: proximal, -: regular, in the "
             "score's own direction). Verdict: reproduced if the interval excludes 0 on the side where proximal "
             "training is better, not reproduced if on the other side, inconclusive if it contains 0 (or n = 1).",
             ""]
    for metric in dict.fromkeys(r["metric"] for r in rows):
        better = "higher" if next(r for r in rows if r["metric"] == metric)["higher_is_better"] else "lower"
        lines += [f"## {metric} ({better} is better)", "",
                  "| recipe | paper DIM | our DIM | n | regular | proximal | proximal - regular [95 % CI] | "
                  "published IS reg. → prox. | published: better | ours: better | verdict |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        for r in rows:
            if r["metric"] != metric:
                continue
            pub = (f"{r['published_regular']} → {r['published_proximal']}" if r["published_regular"] is not None
                   else "—")
            psign = _sgn(r["published_sign"]) if r["published_sign"] is not None else "—"
            lines.append(f"| {r['recipe']} | {r['paper_dim'] or '—'} | {r['our_dim']} | {r['n']} | "
                         f"{r['regular'].format()} | {r['proximal'].format()} | {r['diff'].format()} | {pub} | "
                         f"{psign} | {_sgn(r['our_improvement_sign'])} | {r['verdict']} |")
        lines.append("")
    return "\n".join(lines)


def probes_markdown(rows: list[dict], spec: GridSpec) -> str:
    lines = [f"# Probes ({spec.name}, size {spec.size}): before and after optimising G against the frozen D_final",
             "", "Mean ± std over seeds; the paired difference after - before with its 95 % Student t-interval. "
             "Expected (the paper): under the minimax probe (Section 2, Figs. 1-2) V and the sample quality fall; "
             "under the proximal probe (Section 6.1, Figs. 4-5) both are preserved (expected sign 0: an interval "
             "containing 0 is inconclusive, one excluding it is not reproduced).", "",
             "| recipe | mode | probe | steps | quantity | n | before | after | after - before [95 % CI] | "
             "expected sign | verdict |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        exp = "—" if r["expected_sign"] is None else _sgn(r["expected_sign"])
        lines.append(f"| {r['recipe']} | {r['mode']} | {r['probe']} | {r['steps']} | {r['quantity']} | {r['n']} | "
                     f"{r['before'].format()} | {r['after'].format()} | {r['diff'].format()} | {exp} | "
                     f"{r['verdict'] or '—'} |")
    return "\n".join(lines) + "\n"
