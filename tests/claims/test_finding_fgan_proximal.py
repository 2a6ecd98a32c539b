"""finding-fgan-proximal: all checks pass at the defaults; a wrong closed form is flagged."""

import gantheory.claims.finding_fgan_proximal as f
from gantheory.proximal import fgan_local as pl


def run(mod, **kw):
    c = mod.CLAIMS[0]
    return c.check(c.resolve(kw))


def test_fgan_holds_and_summary():
    ev = run(f)
    assert ev.verdict == "observed" and ev.metrics["all_checks_pass"] is True
    assert "closed form" in f.CLAIMS[0].summary(ev.metrics)


def test_fgan_wrong_closed_form_is_flagged(monkeypatch):
    monkeypatch.setattr(pl, "kl_threshold", lambda s: 1.01 * s**2 / (2 * (s**2 - 1)))
    ev = run(f)
    assert ev.verdict == "observed" and ev.metrics["all_checks_pass"] is False
