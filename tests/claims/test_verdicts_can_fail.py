"""Mutation checks on the claims: break an ingredient and the verdict must change."""

import numpy as np

from gantheory.claims import proposition_1, remark_1, theorem_1_wgan


def test_wgan_verdict_depends_on_certificate(monkeypatch):
    import gantheory.certify.wgan as cw

    params = {"sigma": 1.25, "t": 0.5, "tol": 1e-6}
    assert theorem_1_wgan.check(params).verdict == "holds"
    real = cw._g_bounds
    # g(r) = 2 (phi(r) - r Phi(-r)) deflated by 1 %: the certified bound rises above the closed-form-free
    # search's gap, which must make the verdict inconclusive
    monkeypatch.setattr(cw, "_g_bounds", lambda r: tuple(0.99 * x for x in real(r)))
    ev = theorem_1_wgan.check(params)
    assert ev.verdict == "inconclusive"
    assert ev.metrics["search_gap_below_lower"] > 1e-3


def test_remark1_fails_away_from_the_minimiser(monkeypatch):
    """If the claimed equilibrium generator is moved off the W1-minimiser, deviations must show it."""
    params = {"sigma": 0.8, "t": 0.5, "tol": 1e-6, "seed": 0}
    assert remark_1.check_wgan(params).verdict == "holds"
    monkeypatch.setattr(remark_1, "w1_minimising_shift", lambda game, t: 0.3)
    ev = remark_1.check_wgan(params)
    assert ev.verdict == "fails"
    assert ev.metrics["nash_gap"] > 1e-3 and ev.metrics["max_generator_deviation_gain"] > 1e-3


def test_prop1_w2gan_fails_for_an_unrealizable_target(monkeypatch):
    """The constant discriminator is no equilibrium once the generator does not reproduce the data."""
    from gantheory.games import gaussian

    real = gaussian.LinearGenerator
    params = {"sigma": 0.8, "t": 0.5, "eta": 0.5, "dim": 2, "tol": 1e-6, "seed": 0}
    assert proposition_1.check_w2gan(params).verdict == "holds"

    def off(W, u):
        return real(np.asarray(W) * 0.5, u)

    monkeypatch.setattr(proposition_1, "LinearGenerator", off)
    ev = proposition_1.check_w2gan(params)
    assert ev.verdict == "fails"
