"""Mutation checks on the claims: break an ingredient and the verdict must change."""

import numpy as np

from gantheory.claims import existence, theorem1


def test_wgan_verdict_depends_on_certificate(monkeypatch):
    import gantheory.certify.wgan as cw

    real = cw.folded_mean
    # a wrong folded-normal mean (sign flip of the second term) breaks the certified bound
    monkeypatch.setattr(cw, "folded_mean", lambda mu, tau: 2 * real(mu, tau) - np.abs(mu) * 3)
    ev = theorem1.check_wgan({"sigma": 1.25, "t": 0.5, "tol": 1e-6})
    assert ev.verdict != "holds"


def test_remark1_fails_away_from_the_minimiser(monkeypatch):
    """If the claimed equilibrium generator is moved off the W1-minimiser, deviations must show it."""
    from scipy import optimize

    class Shifted:
        x = 0.3

    monkeypatch.setattr(optimize, "minimize_scalar", lambda *a, **k: Shifted())
    ev = existence.check_remark1_wgan({"sigma": 0.8, "t": 0.5, "tol": 1e-6, "seed": 0})
    assert ev.verdict == "fails"
    assert ev.metrics["nash_gap"] > 1e-3 and ev.metrics["max_generator_deviation_gain"] > 1e-3


def test_prop1_w2gan_fails_for_an_unrealizable_target(monkeypatch):
    """The constant discriminator is no equilibrium once the generator does not reproduce the data."""
    from gantheory.games import gaussian

    real = gaussian.LinearGenerator

    def off(W, u):
        return real(np.asarray(W) * 0.5, u)

    monkeypatch.setattr(existence, "LinearGenerator", off)
    ev = existence.check_prop1_w2gan({"sigma": 0.8, "t": 0.5, "eta": 0.5, "dim": 2, "tol": 1e-6, "seed": 0})
    assert ev.verdict == "fails"
