"""The paper's three empirical findings measured over seeds, from run directories: the Section 2 probe
(Figures 1-2), the Section 6.1 probe (Figures 4-5) and Table 1 (Section 6.2), with the paired statistics of
:mod:`gantheory.grid.stats`.

Findings and the sign of ``after - before`` the paper reports. The metric is a sample-quality score, higher
is better: the MNIST or Fashion-MNIST classifier score (``mnist_is``, ``fashion_is``), else minus the sliced
W2 distance to held-out images (``neg_sliced_w``).

* ``section-2-probe``: G keeps optimising V(G, D_final) of eq. (5) against the frozen trained D; the paper
  reports that the objective and the sample quality decrease: expected sign of score(after) - score(before)
  is -1.
* ``section-6.1-probe``: the same on the proximal objective (11) (lam = 0.1, 50 inner Adam steps); the paper
  reports that the objective and the quality were preserved. The score is expected not to drop
  (after - before >= 0): an interval above 0 is ``reproduced``, one below 0 ``not reproduced``, one that
  contains 0 ``inconclusive`` (a t-interval around 0 cannot show equality without a margin the paper does
  not give).
* ``table-1``: the same seed trained regularly (``before``) and with Algorithm 1 (``after``); the paper
  reports higher Inception scores for proximal training: expected sign +1.

Run layout (:func:`run_findings`): ``ROOT/<data>/<preset>/probe/<recipe>-dim<D>-seed<S>/`` (a regular run
with ``probe-minimax.jsonl`` and ``probe-proximal.jsonl``) and
``ROOT/<data>/<preset>/table1/<recipe>-dim<D>-{regular,proximal}-seed<S>/``. Everything is resumable: a
finished run or probe is reused, a partial run resumed from its checkpoint, a partial probe redone.
:func:`summarize` reads whatever finished and writes ``{"findings": [...]}`` (one entry per (finding,
recipe, data, preset, DIM)). ``python -m gantheory.grid.empirical run|summarize ...``.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

from gantheory import __version__
from gantheory.grid.empirical_figures import probe_figures, readme_block, table1_figure, update_index
from gantheory.grid.findings import (
    EXPECTED_SIGN,
    PAPER_CLAIM,
    PROBE_ID,
    TABLE1_RECIPES,
    finished_table1_runs,
    metric_of,
    probe_steps_done,
    read_jsonl,
)
from gantheory.grid.findings_run import run_findings, run_progress
from gantheory.grid.findings_text import replace_block
from gantheory.grid.stats import compare
from gantheory.grid.stats import summarize as summarize_values


# -- summarising ---------------------------------------------------------------------------------------------------
def _config(run: Path) -> dict | None:
    p = run / "config.json"
    if not p.is_file() or not (run / "checkpoint.pt").is_file():
        return None
    try:
        return json.loads(p.read_text())
    except json.JSONDecodeError:
        return None


def collect(root: str | Path) -> dict:
    """Paired values per (finding, recipe, data, preset, dim) from every finished run under ``root``:
    ``{key: {"seeds": [...], "before": [...], "after": [...], "metric": name}}``."""
    groups: dict = {}

    def add(key, seed, metric, before, after, v=None, iterations=None):
        g = groups.setdefault(key, {"seeds": [], "before": [], "after": [], "metric": metric, "V": [],
                                    "iterations": set()})
        if g["metric"] != metric or seed in g["seeds"]:
            return
        g["iterations"].add(iterations)
        g["seeds"].append(seed)
        g["before"].append(before)
        g["after"].append(after)
        g["V"].append(v)

    root = Path(root)
    for cfg_path in sorted(root.rglob("config.json")):
        run = cfg_path.parent
        cfg = _config(run)
        if cfg is None:
            continue
        r = cfg["recipe"]
        if r.get("proximal"):
            continue
        for objective, fid in PROBE_ID.items():
            p = run / f"probe-{objective}.jsonl"
            if probe_steps_done(run, objective) is None:
                continue
            recs = [x for x in read_jsonl(p) if metric_of(x) is not None]
            if len(recs) < 2 or recs[0].get("iteration") != 0:
                continue
            (m0, v0), (m1, v1) = metric_of(recs[0]), metric_of(recs[-1])
            if m0 != m1:
                continue
            vv = (recs[0].get("V"), recs[-1].get("V"))
            add((fid, r["gan"], cfg["data"], cfg["preset"], r["dim"]), r["seed"], m0, v0, v1,
                vv if None not in vv else None, r["iterations"])
    # Table 1: pair regular and proximal runs of the same (recipe, dim, seed), per data set and preset
    for base in sorted(p for p in root.rglob("table1") if p.is_dir()):
        runs = finished_table1_runs(base)
        for (gan, dim, method, seed), reg in sorted(runs.items()):
            prox = runs.get((gan, dim, "proximal", seed))
            if method != "regular" or prox is None or prox["metric"] != reg["metric"]:
                continue
            add(("table-1", gan, reg["data"], reg["preset"], dim), seed, reg["metric"], reg["score"], prox["score"],
                None, reg["iteration"])
    return groups


def summarize(root: str | Path, machine: str | None = None) -> dict:
    """``{"findings": [...]}`` from the runs under ``root``: per (finding, recipe, data, preset, dim) the seeds,
    mean ± std before and after, the paired difference's 95 % t-interval and the verdict against the paper's
    sign (:mod:`gantheory.grid.stats`)."""
    out = []
    for (fid, gan, data, preset, dim), g in sorted(collect(root).items()):
        order = sorted(range(len(g["seeds"])), key=lambda i: g["seeds"][i])
        before = [g["before"][i] for i in order]
        after = [g["after"][i] for i in order]
        b, a = summarize_values(before), summarize_values(after)
        diff, verdict = compare(after, before, EXPECTED_SIGN[fid])
        out.append({
            "id": fid, "recipe": gan, "data": data, "preset": preset, "dim": dim,
            "seeds": [g["seeds"][i] for i in order], "n_seeds": len(order), "metric": g["metric"],
            "train_iterations": sorted(x for x in g["iterations"] if x is not None),
            "before": {"mean": b.mean, "std": b.std, "values": before},
            "after": {"mean": a.mean, "std": a.std, "values": after},
            "difference_mean": diff.mean,
            "difference_ci95": [diff.low, diff.high] if diff.defined else None,
            "expected_sign": EXPECTED_SIGN[fid], "paper": PAPER_CLAIM[fid], "verdict": verdict,
        })
        vs = [g["V"][i] for i in order]
        if fid in PROBE_ID.values() and vs and all(v is not None for v in vs):
            vb, va = [v[0] for v in vs], [v[1] for v in vs]
            # the objective V(G, D_final): the paper reports a decrease in Sec. 2 and "only minor changes" in
            # Sec. 6.1 (no sign, so no verdict there)
            vdiff, vverdict = compare(va, vb, -1)
            out[-1]["objective_V"] = {
                "before": {"mean": summarize_values(vb).mean, "std": summarize_values(vb).std},
                "after": {"mean": summarize_values(va).mean, "std": summarize_values(va).std},
                "difference_ci95": [vdiff.low, vdiff.high] if vdiff.defined else None,
                "verdict": vverdict if fid == "section-2-probe" else "no sign stated (minor changes reported)"}
    return {"findings": out, "generated_by": "python -m gantheory.grid.empirical summarize",
            "machine": machine or platform.platform(), "gantheory": __version__,
            "note": "before/after: score at the probe's start and end (Sections 2, 6.1), or regular/proximal training "
                    "of the same seed (Table 1); difference_ci95: Student t-interval of the paired differences "
                    "(null with one seed)."}


def markdown_table(summary: dict) -> str:
    """The findings as a Markdown table (finding, recipe, data, preset, DIM, seeds, before, after, interval,
    verdict), for the README."""
    rows = ["| finding | recipe | data | preset, training length | DIM | seeds | metric | before | after "
            "| after - before (95 % CI) | paper's sign | verdict |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    sign = {-1: "< 0", 0: "= 0", 1: "> 0"}
    for f in summary["findings"]:
        ci = f["difference_ci95"]
        ci_s = "undefined (1 seed)" if ci is None else f"{f['difference_mean']:+.2f} [{ci[0]:+.2f}, {ci[1]:+.2f}]"
        exp = sign[f["expected_sign"]]
        its = "/".join(map(str, f.get("train_iterations", [])))
        size = f"{f['preset']}, {its} it." + (" (carried over)" if "carried_over_from" in f else "")
        rows.append(f"| {f['id']} | {f['recipe']} | {f['data']} | {size} | {f['dim']} | {f['n_seeds']} | "
                    f"{f['metric']} | {f['before']['mean']:.2f} ± {f['before']['std']:.2f} | "
                    f"{f['after']['mean']:.2f} ± {f['after']['std']:.2f} | {ci_s} | {exp} | **{f['verdict']}** |")
    return "\n".join(rows) + "\n"


def carry_over(summary: dict, previous: dict, source: str) -> dict:
    """Append to ``summary`` the findings of an earlier summary ``previous`` for which ``summary`` has no entry
    of the same (finding, recipe, data, preset, DIM), each marked ``"carried_over_from": source`` (their runs
    are not under this root any more, e.g. made at an earlier length of the preset). Returns ``summary``."""
    have = {(f["id"], f["recipe"], f["data"], f["preset"], f["dim"]) for f in summary["findings"]}
    for f in previous.get("findings", []):
        if (f["id"], f["recipe"], f["data"], f["preset"], f["dim"]) not in have and "carried_over_from" not in f:
            summary["findings"].append({**f, "carried_over_from": source})
    return summary


def write_summary(root: str | Path, out: str | Path, machine: str | None = None,
                  carry: str | Path | None = None, carry_note: str | None = None) -> dict:
    """Write :func:`summarize`'s result to ``out`` (atomically) and return it; ``carry``: an earlier summary
    whose entries missing here are kept (:func:`carry_over`, labelled ``carry_note`` or the file's name)."""
    res = summarize(root, machine)
    if carry is not None:
        carry_over(res, json.loads(Path(carry).read_text()), carry_note or str(carry))
    out = Path(out)
    tmp = out.with_suffix(out.suffix + ".tmp")
    tmp.write_text(json.dumps(res, indent=1, allow_nan=False) + "\n")
    tmp.replace(out)
    return res


def _readme(summary: str, figures: str, readme: str) -> int:
    for name, p in (("--summary", summary), ("--readme", readme)):
        if not Path(p).is_file():
            print(f"error: {name}: {p} is not a file", file=sys.stderr)
            return 2
    try:
        text = replace_block(Path(readme).read_text(), readme_block(summary, figures))
    except (ValueError, KeyError, json.JSONDecodeError) as e:
        print(f"error: {type(e).__name__}: {e}", file=sys.stderr)
        return 2
    tmp = Path(readme).with_suffix(".md.tmp")
    tmp.write_text(text)
    tmp.replace(readme)
    print(f"{readme}: empirical-findings block rewritten from {summary}")
    return 0


def _ints(name: str, text: str) -> tuple[int, ...]:
    try:
        vals = tuple(int(x) for x in text.split(",") if x)
    except ValueError:
        raise ValueError(f"{name}: expected comma-separated positive integers, got {text!r}") from None
    if not vals or min(vals) < 1:
        raise ValueError(f"{name}: expected comma-separated positive integers, got {text!r}")
    return vals


def _seeds(text: str) -> tuple[int, ...]:
    """``--seeds``: a count N >= 1 (seeds 0..N-1) or a comma-separated list of seeds >= 0 (``'3,'`` is seed 3)."""
    want = (f"--seeds: expected a count N >= 1 (seeds 0..N-1) or a list of seeds >= 0 such as '0,' or '1,2', "
            f"got {text!r}")
    try:
        vals = tuple(int(x) for x in text.split(",") if x.strip())
    except ValueError:
        raise ValueError(want) from None
    if "," not in text:
        if len(vals) != 1 or vals[0] < 1:
            raise ValueError(want)
        return tuple(range(vals[0]))
    if not vals or min(vals) < 0 or len(set(vals)) != len(vals):
        raise ValueError(want)
    return vals


def _status(root: str) -> int:
    recs = run_progress(root)
    for r in recs:
        it = "-" if r["iteration"] is None else str(r["iteration"])
        extra = (" probes " + ", ".join(f"{o} {'-' if v is None else v}" for o, v in r["probes"].items())
                 if r["kind"] == "probe" else f" scored {'yes' if r['scored'] else 'no'}")
        print(f"{'done   ' if r['done'] else 'partial'} {it:>6s}/{r['iterations'] or '?'}{extra}  "
              f"{Path(r['run']).relative_to(root)}")
    print(f"{sum(r['done'] for r in recs)} of {len(recs)} runs finished under {root}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m gantheory.grid.empirical", description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="train, probe and run Table 1 (resumable)")
    r.add_argument("--root", required=True)
    r.add_argument("--preset", default="medium")
    r.add_argument("--recipes", default="wgan-gp,sn-gan,wgan-wc")
    r.add_argument("--seeds", default="3", help="a count N (seeds 0..N-1) or a list 'a,b,c'")
    r.add_argument("--data", default=None)
    r.add_argument("--probe-steps", type=int, default=100)
    r.add_argument("--probe-inner", type=int, default=50)
    r.add_argument("--no-table1", action="store_true")
    r.add_argument("--probes-only", action="store_true", help="train and probe; skip Table 1")
    r.add_argument("--table1-only", action="store_true", help="only the Table 1 runs")
    r.add_argument("--table1-recipes", default=",".join(TABLE1_RECIPES), help="Table 1 recipes to run")
    r.add_argument("--table1-dims", default=None,
                   help="Table 1 widths, e.g. '8,16' (default: half the preset's DIM and the preset's)")
    r.add_argument("--table1-methods", default="regular,proximal", help="'regular', 'proximal' or both")
    s = sub.add_parser("summarize", help="write the findings JSON from the runs under --root")
    s.add_argument("--root", required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--machine", default=None)
    s.add_argument("--markdown", default=None, help="also write the findings as a Markdown table to this file")
    s.add_argument("--carry", default=None, help="an earlier summary whose entries missing under --root are kept")
    s.add_argument("--carry-note", default=None, help="where the carried entries come from (default: --carry)")
    f = sub.add_parser("figures", help="Figures 1-2 and 4-5 from the finished probes of one seed, and Figures "
                       "6-7 with Table 1 from the finished Table 1 runs")
    f.add_argument("--root", required=True)
    f.add_argument("--out", required=True)
    f.add_argument("--seed", type=int, default=0)
    f.add_argument("--preset", default="medium")
    f.add_argument("--data", default="mnist-embedded")
    f.add_argument("--summary", default=None, help="the findings JSON whose verdicts the captions quote")
    m = sub.add_parser("readme", help="rewrite the README's empirical-findings block from the summary and records")
    m.add_argument("--summary", default="figures/empirical_summary.json")
    m.add_argument("--figures", default="figures", help="the directory of the figures' JSON records")
    m.add_argument("--readme", default="README.md")
    st = sub.add_parser("status", help="where every run under --root stands (iteration, probes, final score)")
    st.add_argument("--root", required=True)
    a = ap.parse_args(argv)
    if a.cmd == "readme":
        return _readme(a.summary, a.figures, a.readme)
    if not Path(a.root).is_dir() and a.cmd in ("summarize", "figures", "status"):
        print(f"error: --root: {a.root} is not a directory", file=sys.stderr)
        return 2
    if a.cmd == "status":
        return _status(a.root)
    try:
        if a.cmd == "figures":
            cmd = "python -m gantheory.grid.empirical " + " ".join(argv if argv is not None else sys.argv[1:])
            written = probe_figures(a.root, a.out, seed=a.seed, preset=a.preset, data=a.data, summary=a.summary,
                                    command=cmd)
            t1 = table1_figure(a.root, a.out, seed=a.seed, preset=a.preset, data=a.data, summary=a.summary,
                               command=cmd)
            if not t1:
                print("no finished Table 1 run: fig6_table1 not written")
            written += t1
            names = [p.stem for p in written if p.suffix == ".json" and "." not in p.stem]
            source = f"the runs of {a.summary}" if a.summary else f"the runs under {a.root}"
            written.append(update_index(a.out, names, note=f"regenerated at the {a.preset} size from {source}; the "
                                        "record's params.costs holds each run's CPU and wall seconds"))
            for p in written:
                print(p)
        elif a.cmd == "run":
            seeds = _seeds(a.seeds)
            run_findings(a.root, preset=a.preset, recipes=() if a.table1_only else tuple(a.recipes.split(",")),
                         seeds=seeds, data=a.data, probe_steps=a.probe_steps, probe_inner=a.probe_inner,
                         table1=not (a.no_table1 or a.probes_only),
                         table1_recipes=tuple(x for x in a.table1_recipes.split(",") if x),
                         table1_dims=None if a.table1_dims is None else _ints("--table1-dims", a.table1_dims),
                         table1_methods=tuple(x for x in a.table1_methods.split(",") if x),
                         log=lambda m: print(m, flush=True))
        else:
            res = write_summary(a.root, a.out, a.machine, carry=a.carry, carry_note=a.carry_note)
            if a.markdown:
                Path(a.markdown).write_text(markdown_table(res))
            for f in res["findings"]:
                ci = f["difference_ci95"]
                print(f"{f['id']:18s} {f['recipe']:8s} {f['data']} {f['preset']} dim {f['dim']} n={f['n_seeds']} "
                      f"{f['metric']}: {f['before']['mean']:.3f} ± {f['before']['std']:.3f} -> "
                      f"{f['after']['mean']:.3f} ± {f['after']['std']:.3f}, CI "
                      f"{'undefined' if ci is None else f'[{ci[0]:+.3f}, {ci[1]:+.3f}]'}: {f['verdict']}")
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

