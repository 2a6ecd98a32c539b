"""theorem-1-no-local-nash: holds at its defaults with every part certified, and the merge turns any uncertified
row into 'inconclusive' (never 'fails': a certified local minimiser is not searched for)."""

from gantheory.claims import theorem_1_no_local_nash as local_nash
from gantheory.claims.base import Evidence


def test_holds_at_defaults():
    p = local_nash.CLAIMS[0].resolve({})
    ev = local_nash.check(p)
    assert ev.verdict == "holds"
    assert set(ev.metrics["fgan"]) == {"kl", "reverse_kl", "pearson", "neyman", "squared_hellinger", "js", "gan"}
    assert ev.metrics["min_margin_lower"] > 0


def test_an_uncertified_row_makes_it_inconclusive():
    p = local_nash.CLAIMS[0].resolve({})
    parts = [local_nash.check_part(p, q) for q in local_nash.parts(p, 1)]
    bad = dict(parts[1].metrics["wgan"]["wgan"], certified=False, margin_lower=-1.0)
    parts[1] = Evidence(parts[1].verdict, {"wgan": {"wgan": bad}})
    ev = local_nash.merge(p, parts)
    assert ev.verdict == "inconclusive" and "wgan/wgan" in ev.notes[-1]
