"""docs/traceability.md: every listed statement has an id, every claim / proof id has a statement, and the
verdicts in the document are the ones the claims and proofs compute now."""

from dataclasses import replace
from pathlib import Path

import pytest

from gantheory.claims import traceability as tr

DOC = Path(__file__).resolve().parents[2] / "docs" / "traceability.md"


def test_coverage_is_complete():
    assert tr.coverage_problems() == []


def test_coverage_detects_a_statement_without_id_and_an_orphan_id():
    ids = tr.known_ids()
    broken = list(tr.STATEMENTS)
    broken[0] = replace(broken[0], ids=())
    problems = tr.coverage_problems(tuple(broken), ids)
    assert any("abs-no-ne has no id" in p for p in problems)
    # drop every statement that lists remark-1-wgan: the id is then orphaned
    kept = tuple(s for s in tr.STATEMENTS if "claim:remark-1-wgan" not in s.ids)
    assert "claim id remark-1-wgan has no statement" in tr.coverage_problems(kept, ids)
    bogus = (replace(tr.STATEMENTS[0], ids=("claim:no-such-claim",)), *tr.STATEMENTS[1:])
    assert any("unknown id claim:no-such-claim" in p for p in tr.coverage_problems(bogus, ids))


@pytest.fixture(scope="module")
def computed(default_claim_results, default_proof_results):
    """The session's runs of every claim and every proof (``tr.run_proofs``) at their defaults."""
    return default_claim_results, list(default_proof_results.values())


def test_document_verdicts_are_the_computed_ones(computed):
    claims, proofs_out = computed
    want = tr.verdict_cells(claims, proofs_out)
    have = tr.parse_table(DOC.read_text())
    assert set(have) == {s.key for s in tr.STATEMENTS}
    for key, cell in want.items():
        assert have[key] == cell, key
    # the verdict cells are built from the computed results: a changed verdict changes the cell
    flipped = [dict(r, verdict="fails") if r["id"] == "theorem-1-wgan" else r for r in claims]
    assert tr.verdict_cells(flipped, proofs_out)["T1-wgan"] != have["T1-wgan"]
