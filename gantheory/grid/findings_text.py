"""The README's account of the empirical findings, written from ``figures/empirical_summary.json`` and the
figures' records so that every number and verdict it quotes is the computed one: one bullet per empirical
figure (Figs. 1-2, 4-5, 6-7 with Table 1), the paper's claim beside one sentence per recipe or row on what
our runs show, and the coverage (seeds per entry, entries missing).

``python -m gantheory.grid.empirical readme`` replaces the text between :data:`BEGIN` and :data:`END` in the
README; a test checks that the committed README holds exactly what this module writes from the committed
files.
"""

from __future__ import annotations

from gantheory.grid.results import PUBLISHED_TABLE1

BEGIN = "<!-- empirical-findings:begin (written by python -m gantheory.grid.empirical readme) -->"
END = "<!-- empirical-findings:end -->"
MIN_SEEDS = 3
PROBE_RECIPES = ("sn-gan", "wgan-gp", "wgan-wc")
TABLE1_ROWS = (("wgan-wc", "64"), ("wgan-wc", "128"), ("sn-gan", "64"), ("sn-gan", "128"))


def _ci(f: dict) -> str:
    ci = f["difference_ci95"]
    return "undefined with one seed" if ci is None else f"[{ci[0]:+.2f}, {ci[1]:+.2f}]"


def _length(f: dict) -> str:
    its = "/".join(f"{i:,}".replace(",", " ") for i in f.get("train_iterations", []))
    carried = ", carried over from an earlier summary" if "carried_over_from" in f else ""
    return f"{f['n_seeds']} seed{'s' if f['n_seeds'] != 1 else ''}, {its} training iterations{carried}"


def cost_sentence(costs: dict[str, list[dict]], machine: str | None = None) -> str:
    """The recorded CPU and wall seconds of the runs behind a figure (their ``cost.jsonl`` stages).

    Parameters
    ----------
    costs : dict
        Run label -> the records of ``gantheory.grid.findings_run``'s cost log (``stage``, ``cpu_s``,
        ``wall_s``, ``from_iteration``, ``to_iteration``).
    machine : str, optional
        The machine the record names.

    Returns
    -------
    str
        One sentence, or ``""`` when nothing was recorded.
    """
    parts = []
    for label, recs in costs.items():
        train = [r for r in recs if r["stage"] == "train"]
        its = sum((r["to_iteration"] or 0) - (r["from_iteration"] or 0) for r in train)
        bits = []
        if train:
            bits.append(f"training {sum(r['cpu_s'] for r in train) / 60:.1f} CPU min "
                        f"({sum(r['wall_s'] for r in train) / 60:.1f} min wall) over the {its} iterations recorded")
        for r in recs:
            if r["stage"].startswith("probe-"):
                bits.append(f"{r['stage']} {r['cpu_s'] / 60:.1f} CPU min ({r['wall_s'] / 60:.1f} min wall)")
        if bits:
            parts.append(f"{label}: " + ", ".join(bits))
    if not parts:
        return ""
    threads = {r.get("threads") for recs in costs.values() for r in recs}
    on = f" on {machine}" if machine else ""
    return (f"Cost{on} ({'/'.join(str(t) for t in sorted(x for x in threads if x is not None))} torch thread(s), "
            "from each run's cost.jsonl): " + "; ".join(parts) + ".")


def finding_sentence(f: dict, before: str, after: str) -> str:
    """One sentence on one summary entry: its numbers, interval and verdict.

    Parameters
    ----------
    f : dict
        An entry of ``empirical_summary.json``'s ``findings``.
    before, after : str
        What ``before`` and ``after`` are (e.g. ``"start"``, ``"end"``).

    Returns
    -------
    str
    """
    starts = ", ".join(f"{x:.2f}" for x in f["before"]["values"])
    sign = f.get("expected_sign", 0)
    moved = ""
    if sign:
        k = sum((a - b) * sign > 0 for b, a in zip(f["before"]["values"], f["after"]["values"], strict=True))
        moved = f"; {k} of {f['n_seeds']} seeds moved in the paper's direction"
    return (f"{f['recipe'].upper()} ({_length(f)}): {f['metric']} {before} {f['before']['mean']:.2f} ± "
            f"{f['before']['std']:.2f} → {after} {f['after']['mean']:.2f} ± {f['after']['std']:.2f}, "
            f"{after} − {before} 95 % CI {_ci(f)}: **{f['verdict']}** ({before} per seed: {starts}{moved}).")


def figure_bullets(summary: dict, records: dict[str, dict], *, preset: str = "medium",
                   data: str = "mnist-embedded") -> str:
    """The README's bullets for the empirical figures.

    Parameters
    ----------
    summary : dict
        ``figures/empirical_summary.json``.
    records : dict
        Figure name -> its record (``figures/<name>.json``) for ``fig1_probe_minimax``, ``fig4_probe_proximal``
        and ``fig6_table1`` where present.
    preset, data : str
        The entries quoted.

    Returns
    -------
    str
        Markdown, between :data:`BEGIN` and :data:`END`.
    """
    fs = [f for f in summary["findings"] if f["preset"] == preset and f["data"] == data]
    by = {(f["id"], f["recipe"], f["dim"]): f for f in fs}
    lines = [BEGIN]
    few = []
    for fid, fig, title, claim, before, after in (
            ("section-2-probe", "fig1_probe_minimax", "Figures 1–2", "a trained GAN is not a Nash equilibrium: "
             "with D frozen, V and the sample quality fall as G keeps optimising (expected sign of end − start: "
             "< 0)", "start", "end"),
            ("section-6.1-probe", "fig4_probe_proximal", "Figures 4–5", "on the proximal objective (11) "
             "(λ = 0.1, 50 inner Adam steps) the objective and the sample quality are preserved (expected: "
             "end − start = 0, so an interval containing 0 is inconclusive and one excluding it not "
             "reproduced)", "start", "end")):
        rec = records.get(fig)
        where = (f" The figure draws seed {rec['seeds'][0]} ({rec['size']} size)." if rec else
                 " Figure not regenerated.")
        lines.append(f"- **{title}** (`{fig}`), {fid.replace('-probe', '').replace('section-', 'Section ')} "
                     f"probe, {preset} preset on {data}.{where}")
        lines.append(f"  - The paper's claim: {claim}.")
        for gan in PROBE_RECIPES:
            hit = [f for (i, g, _), f in by.items() if i == fid and g == gan]
            if not hit:
                lines.append(f"  - {gan.upper()}: no finished run, so no verdict.")
                few.append(f"{fid} {gan} (0 seeds)")
                continue
            for f in hit:
                lines.append(f"  - {finding_sentence(f, before, after)}")
                if f["n_seeds"] < MIN_SEEDS:
                    few.append(f"{fid} {gan} ({f['n_seeds']} seed{'s' if f['n_seeds'] != 1 else ''})")
        if rec and rec["params"].get("costs"):
            lines.append(f"  - {cost_sentence(rec['params']['costs'], rec['params'].get('processor'))}")
        lines.append(f"  ![{title}](figures/{fig}.png)")
    rec = records.get("fig6_table1")
    dims = rec["params"].get("dims") if rec and rec.get("size") == preset else None
    where = (f" The sample grids are seed {rec['params'].get('sample_seed', rec['seeds'][0])}'s." if dims else
             " Figure not regenerated at this size.")
    lines.append(f"- **Figures 6–7 and Table 1** (`fig6_table1`), Section 6.2, {preset} preset on {data}.{where}")
    lines.append("  - The paper's claim: proximal training (Algorithm 1) gives higher Inception scores than regular "
                 "training in all four rows (CIFAR-10; expected sign of proximal − regular: > 0).")
    t1 = sorted((f for f in fs if f["id"] == "table-1"), key=lambda f: (f["recipe"], f["dim"]))
    widths = sorted({f["dim"] for f in t1}) if dims is None else dims
    for gan, paper_dim in TABLE1_ROWS:
        pub = PUBLISHED_TABLE1[(gan, paper_dim)]
        paper = f" (paper, CIFAR-10 Inception score: {pub[0]:.2f} → {pub[1]:.2f})"
        f = None
        if len(widths) == 2:
            dim = widths[("64", "128").index(paper_dim)]
            f = next((x for x in t1 if x["recipe"] == gan and x["dim"] == dim), None)
        if f is None:
            lines.append(f"  - {gan.upper()} DIM {paper_dim} row{paper}: no seed with both runs finished, so no "
                         "verdict.")
            few.append(f"table-1 {gan} DIM {paper_dim} (0 seeds)")
            continue
        lines.append(f"  - DIM {f['dim']} for the paper's {paper_dim}{paper}: "
                     + finding_sentence(f, "regular", "proximal"))
        if f["n_seeds"] < MIN_SEEDS:
            few.append(f"table-1 {gan} DIM {paper_dim} ({f['n_seeds']} seed{'s' if f['n_seeds'] != 1 else ''})")
    if dims and rec["params"].get("costs"):
        lines.append(f"  - {cost_sentence(rec['params']['costs'], rec['params'].get('processor'))}")
    lines.append("  ![Figures 6-7, Table 1](figures/fig6_table1.png)")
    if few:
        lines.append(f"- **Fewer than {MIN_SEEDS} seeds:** " + "; ".join(few) + ". Their runs resume from their "
                     "checkpoints (`python -m gantheory.grid.empirical run`, see below).")
    lines.append(END)
    return "\n".join(lines)


def replace_block(text: str, block: str) -> str:
    """``text`` with the part from :data:`BEGIN` to :data:`END` replaced by ``block``.

    Parameters
    ----------
    text : str
        The README.
    block : str
        :func:`figure_bullets`' result.

    Returns
    -------
    str
    """
    i, j = text.find(BEGIN), text.find(END)
    if i < 0 or j < i:
        raise ValueError(f"README: the markers {BEGIN!r} ... {END!r} were not found")
    return text[:i] + block + text[j + len(END):]
