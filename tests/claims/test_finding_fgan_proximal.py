"""The two findings beyond the paper: verdicts at the defaults and the ways they can come out inconclusive."""

import gantheory.claims.finding_fgan_proximal as f
import gantheory.claims.finding_theorem_3_beyond as t
from gantheory.proximal import fgan as pf


def run(mod, **kw):
    c = mod.CLAIMS[0]
    return c.check(c.resolve(kw))


def test_fgan_holds_and_summary():
    ev = run(f)
    assert ev.verdict == "observed"
    assert "closed form" in f.CLAIMS[0].summary(ev.metrics)


def test_fgan_wrong_closed_form_is_inconclusive(monkeypatch):
    monkeypatch.setattr(pf, "kl_threshold", lambda s: 1.01 * s**2 / (2 * (s**2 - 1)))
    assert run(f).verdict == "inconclusive"


def test_theorem3_beyond_holds_and_summary():
    ev = run(t, instances=4)
    assert ev.verdict == "observed" and ev.metrics["nash_gap_without_premise_i"] == 0.5
    assert "Nash margin" in t.CLAIMS[0].summary(ev.metrics)


def test_theorem3_beyond_wrong_minimiser_is_inconclusive(monkeypatch):
    import gantheory.proximal.theorem3_2d as t3

    monkeypatch.setattr(t3, "min_norm_point", lambda V: V[int((V**2).sum(1).argmax())])
    assert run(t, instances=4).verdict == "inconclusive"


def test_theorem3_beyond_small_squares_is_inconclusive():
    ev = run(t, instances=2, side=100.0)
    assert ev.verdict == "observed"  # side 100 still certifies (margin ~0.009)
    import gantheory.proximal.theorem3_2d as t3

    assert t3.TwoSquares(L=100.0, q=4.0).no_nash_margin()["margin"] == 0.0  # q = 4: nothing certified
