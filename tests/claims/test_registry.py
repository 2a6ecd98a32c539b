"""Every required claim id exists, runs at its defaults, and gets a verdict computed from numbers."""

import math

import pytest

from gantheory.claims import registry
from gantheory.claims.base import verdict_from_bounds

REQUIRED = [
    "proposition-1-fgan", "proposition-1-wgan", "proposition-1-w2gan", "theorem-1-fgan", "theorem-1-w2gan",
    "theorem-1-w2gan-quadratic-local", "theorem-1-wgan", "remark-1-wgan", "remark-1-w2gan",
]


def test_required_ids_present():
    for cid in REQUIRED:
        assert cid in registry.REGISTRY and registry.REGISTRY[cid].kind == "claim"


def test_verdict_rule():
    assert verdict_from_bounds(0.1, 0.2, 1e-6) == "holds"
    assert verdict_from_bounds(0.0, 1e-9, 1e-6) == "fails"
    assert verdict_from_bounds(-1.0, 0.2, 1e-6) == "inconclusive"
    # a positive certified lower bound is never overridden, even below tol
    assert verdict_from_bounds(1e-13, 1e-12, 1e-6) == "inconclusive"
    # inconsistent bounds (lower > upper) are never 'holds'
    assert verdict_from_bounds(0.3687464, 0.3687340, 1e-6) == "inconclusive"
    assert verdict_from_bounds(math.inf, math.inf, 1e-6) == "holds"


@pytest.fixture(scope="module")
def all_results(default_claim_results):
    return {r["id"]: r for r in default_claim_results}


def test_every_claim_holds_at_defaults(all_results):
    for cid in REQUIRED:
        assert all_results[cid]["verdict"] == "holds", (cid, all_results[cid]["notes"])


def test_every_claim_id_has_its_verdict_at_defaults(all_results):
    """Every registered id, the Section 4 claims included: a claim holds, a finding is observed."""
    assert list(all_results) == registry.ORDER
    for cid, r in all_results.items():
        expected = "holds" if r["kind"] == "claim" else "observed"
        assert r["verdict"] == expected, (cid, r["verdict"], r["notes"])


def test_theorem1_bounds_are_ordered(all_results):
    for cid in ["theorem-1-wgan", "theorem-1-w2gan"]:
        m = all_results[cid]["metrics"]
        lo, up, cf = m["min_nash_gap_lower"], m["min_nash_gap_upper"], m["min_nash_gap_closed_form"]
        assert 0 < lo <= cf * (1 + 1e-9) and cf <= up * (1 + 1e-3)
    m = all_results["theorem-1-fgan"]["metrics"]
    for k, lo in m["min_nash_gap_lower"].items():
        cf, up = m["min_nash_gap_closed_form"][k], m["min_nash_gap_upper"][k]
        assert 0 < lo <= cf * (1 + 1e-9), k
        # the search evaluates the gap by quadrature on a grid: agreement to 1e-3 relative
        assert abs(up - cf) <= 1e-3 * cf, k


def test_local_violation_matches_closed_form(all_results):
    m = all_results["theorem-1-w2gan-quadratic-local"]["metrics"]
    # the numeric search lands on the stationary pair: agreement to ~1.5e-7 relative at the defaults
    assert math.isclose(m["local_nash_violation"], m["local_nash_violation_closed_form"], rel_tol=1e-5)
    for c in m["stationary_candidates"]:
        assert c["stationarity"] < 1e-4


def test_findings_report(all_results):
    f = all_results["finding-fgan-condition-examples"]["metrics"]
    assert [k for k, v in f["condition_t2_fpp_nondecreasing"].items() if not v] == ["neyman"]
    assert all(v > 0 for v in f["min_nash_gap_lower_for_violators"].values())
    g = all_results["finding-w2gan-latent-dim"]["metrics"]
    assert g["infinite_gaps"] == g["sampled_generators"]


def test_serial_and_parallel_agree(all_results):
    serial = {r["id"]: r for r in registry.run_claims(["theorem-1-wgan", "remark-1-w2gan", "theorem-1-fgan"], jobs=1)}
    for cid, r in serial.items():
        assert r["metrics"] == all_results[cid]["metrics"]


class _Recording(dict):
    """A metrics dict that records the keys read, and refuses (KeyError) a key the evidence has not."""

    def __init__(self, data, read):
        super().__init__({k: _Recording(v, read) if isinstance(v, dict) else v for k, v in data.items()})
        self.read = read

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.read.add(key)
        if key not in self:
            raise KeyError(f"summary asks for the absent metric {key!r}")
        return super().__getitem__(key)


def test_every_claim_has_a_summary_of_its_own_metrics(all_results):
    """The table line of every claim comes from its own summary, which reads only metrics its evidence has
    (a renamed metric makes this fail instead of printing '-'), and names at least one of them."""
    for cid, r in all_results.items():
        claim = registry.REGISTRY[cid]
        assert claim.summary is not None, cid
        read: set[str] = set()
        text = claim.summary(_Recording(r["metrics"], read))
        assert isinstance(text, str) and text.strip() and "-" != text.strip(), cid
        assert read & set(r["metrics"]), (cid, read)


def test_registry_is_derived_from_the_modules():
    """ORDER lists each claim once, in the order of the modules' CLAIMS."""
    ids = [c.id for m in registry.MODULES for c in m.CLAIMS]
    assert registry.ORDER == ids and len(set(ids)) == len(ids)
    assert registry.ORDER[:3] == ["proposition-1-fgan", "proposition-1-wgan", "proposition-1-w2gan"]
    kinds = [registry.REGISTRY[i].kind for i in registry.ORDER]
    assert kinds == sorted(kinds), "the paper's claims come first, our findings after them"
