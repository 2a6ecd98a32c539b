"""finding-theorem-3-beyond: all checks pass at the defaults; a wrong minimum-norm point is flagged."""

import gantheory.claims.finding_theorem_3_beyond as t
import gantheory.proximal.theorem3_2d as t3


def run(mod, **kw):
    c = mod.CLAIMS[0]
    return c.check(c.resolve(kw))


def test_theorem3_beyond_holds_and_summary():
    ev = run(t, instances=4)
    assert ev.metrics["all_checks_pass"] is True and ev.metrics["nash_gap_without_premise_i"] == 0.5
    assert "Nash margin" in t.CLAIMS[0].summary(ev.metrics)


def test_theorem3_beyond_wrong_minimiser_is_flagged(monkeypatch):
    monkeypatch.setattr(t3, "min_norm_point", lambda V: V[int((V**2).sum(1).argmax())])
    ev = run(t, instances=4)
    assert ev.verdict == "observed" and ev.metrics["all_checks_pass"] is False


def test_theorem3_beyond_small_squares():
    ev = run(t, instances=2, side=100.0)
    assert ev.metrics["all_checks_pass"] is True  # side 100 still certifies (margin ~0.009)
    assert t3.TwoSquares(L=100.0, q=4.0).no_nash_margin()["margin"] == 0.0  # q = 4: nothing certified
