"""Mutation checks on the claims: break an ingredient and the verdict must change."""

import numpy as np

from gantheory.claims import existence, theorem1


def test_wgan_verdict_depends_on_certificate(monkeypatch):
    import gantheory.certify.wgan as cw

    params = {"sigma": 1.25, "t": 0.5, "tol": 1e-6}
    assert theorem1.check_wgan(params).verdict == "holds"
    real = cw._g_bounds
    # g(r) = 2 (phi(r) - r Phi(-r)) deflated by 1 %: the certified bound rises above the closed-form-free
    # search's gap, which must make the verdict inconclusive
    monkeypatch.setattr(cw, "_g_bounds", lambda r: tuple(0.99 * x for x in real(r)))
    ev = theorem1.check_wgan(params)
    assert ev.verdict == "inconclusive"
    assert ev.metrics["search_gap_below_lower"] > 1e-3


def test_remark1_fails_away_from_the_minimiser(monkeypatch):
    """If the claimed equilibrium generator is moved off the W1-minimiser, deviations must show it."""
    params = {"sigma": 0.8, "t": 0.5, "tol": 1e-6, "seed": 0}
    assert existence.check_remark1_wgan(params).verdict == "holds"
    monkeypatch.setattr(existence, "w1_minimiser", lambda game, t: 0.3)
    ev = existence.check_remark1_wgan(params)
    assert ev.verdict == "fails"
    assert ev.metrics["nash_gap"] > 1e-3 and ev.metrics["max_generator_deviation_gain"] > 1e-3


def test_prop1_w2gan_fails_for_an_unrealizable_target(monkeypatch):
    """The constant discriminator is no equilibrium once the generator does not reproduce the data."""
    from gantheory.games import gaussian

    real = gaussian.LinearGenerator
    params = {"sigma": 0.8, "t": 0.5, "eta": 0.5, "dim": 2, "tol": 1e-6, "seed": 0}
    assert existence.check_prop1_w2gan(params).verdict == "holds"

    def off(W, u):
        return real(np.asarray(W) * 0.5, u)

    monkeypatch.setattr(existence, "LinearGenerator", off)
    ev = existence.check_prop1_w2gan(params)
    assert ev.verdict == "fails"
