"""The README agrees with the code: every synopsis line names real subcommands, options and choices; the
claim table lists exactly the registered claims in order, and the claim count it quotes is the registry's;
every option of every parser has help text."""

import argparse
import re
from pathlib import Path

from gantheory.claims.registry import ORDER
from gantheory.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text()


def subparsers() -> dict[str, argparse.ArgumentParser]:
    p = build_parser()
    act = next(a for a in p._actions if isinstance(a, argparse._SubParsersAction))
    return dict(act.choices)


def synopses() -> dict[str, list[str]]:
    """Subcommand -> its synopsis lines (a line 'gantheory SUB ...' in a code block, with its continuation
    lines)."""
    out: dict[str, list[str]] = {}
    inside, current = False, None
    for line in README.splitlines():
        if line.startswith("```"):
            inside, current = not inside, None
            continue
        if not inside:
            continue
        m = re.match(r"gantheory (\w+)", line)
        if m:
            current = m.group(1)
            out.setdefault(current, []).append(line)
        elif current and line.startswith(" ") and line.strip().startswith("["):
            out[current].append(line)
        else:
            current = None
    return out


def test_every_subcommand_has_a_synopsis_and_every_synopsis_option_exists():
    subs, syn = subparsers(), synopses()
    assert set(syn) == set(subs), (sorted(syn), sorted(subs))
    for name, lines in syn.items():
        text = " ".join(lines)
        opts = {s: a for a in subs[name]._actions for s in a.option_strings}
        for flag in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", text):
            assert flag in opts, f"README synopsis of gantheory {name} names {flag}, which its parser lacks"
        for flag, choices in re.findall(r"(--[a-z][a-z0-9-]*) \{([^}]*)\}", text):
            assert set(choices.split(",")) == set(opts[flag].choices), (name, flag)
        for flag, alts in re.findall(r"(--[a-z][a-z0-9-]*) ([a-z0-9]+(?:\|[a-z0-9]+)+)", text):
            if opts[flag].choices:
                assert set(alts.split("|")) <= set(opts[flag].choices), (name, flag)
        for a in subs[name]._actions:  # every required option appears
            if a.required and a.option_strings:
                assert a.option_strings[0] in text, (name, a.option_strings[0])


def test_claim_table_and_count_match_the_registry():
    rows = re.findall(r"^\| `([a-z0-9-]+)` \|", README, flags=re.M)
    assert rows == ORDER
    for n in re.findall(r"(\d+) entries", README):
        assert int(n) == len(ORDER)


def test_every_option_has_help_text():
    parsers = {"gantheory": build_parser(), **subparsers()}
    for name, p in parsers.items():
        for a in p._actions:
            if isinstance(a, argparse._SubParsersAction):
                continue
            assert a.help and a.help.strip() and a.help != argparse.SUPPRESS, (name, a.option_strings or a.dest)


def test_exit_status_section():
    sec = README.split("## What the exit status means", 1)[1].split("\n## ", 1)[0]
    for code in ("0", "1", "2", "3"):
        assert re.search(rf"^\| {code} \|", sec, flags=re.M), code
    assert "--debug" in sec


def test_proof_step_counts_are_the_computed_ones(default_proof_results):
    m = re.search(r"(\d+) numbered steps, (\d+) checked by sympy and (\d+)\s+marked numeric", README)
    assert m, "the Proofs section no longer quotes its step counts"
    steps = [s for r in default_proof_results.values() for s in r["steps"]]
    counts = (len(steps), sum(s["status"] == "verified" for s in steps), sum(s["status"] == "numeric" for s in steps))
    assert tuple(int(g) for g in m.groups()) == counts
