"""Mutation checks on the claims: break an ingredient and the verdict must change."""

import numpy as np

from gantheory.claims import proposition_1, proximal, remark_1, theorem_1_wgan


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


# -- Section 4: each mutation beside the unmutated verdict ---------------------------------------------
P4 = {"sigma": 1.25, "t": 0.5, "eta": 0.5, "tol": 1e-9, "seed": 0}


def test_theorem2_fails_for_a_generator_off_the_w2_minimiser(monkeypatch):
    assert proximal.check_theorem2(P4).verdict == "holds"
    monkeypatch.setattr(proximal.W2Game1D, "minimiser", lambda self: (0.6, 0.1))
    ev = proximal.check_theorem2(P4)
    assert ev.verdict == "fails" and ev.metrics["pe_margin"] < -1e-3


def test_theorem3_fails_when_the_proximal_value_dips(monkeypatch):
    from gantheory.proximal import wgan as pw

    p = {"sigma": 1.25, "t": 0.5, "tol": 1e-9}
    assert proximal.check_theorem3(p).verdict == "holds"
    real = pw.prox_value
    monkeypatch.setattr(pw, "prox_value", lambda *a, **k: real(*a, **k) - 0.01)
    assert proximal.check_theorem3(p).verdict == "fails"


def test_proposition3_fails_when_the_pe_sets_are_not_nested(monkeypatch):
    assert proximal.check_proposition3(P4).verdict == "holds"
    real = proximal._pe_w2
    # a PE test that flips with lambda on a grid: PE_lam2 no longer inside PE_lam1
    monkeypatch.setattr(proximal, "_pe_w2", lambda game, lam, *a, **k: (bool(int(round(np.log(lam) * 3)) % 2),
                                                                         real(game, lam, *a, **k)[1]))
    assert proximal.check_proposition3(P4).verdict == "fails"


def test_proposition4_fails_for_a_wrong_danskin_gradient(monkeypatch):
    from gantheory.proximal import w2gan as pw2

    p = {**P4, "lam": 0.5}
    assert proximal.check_proposition4(p).verdict == "holds"
    real = pw2.prox_value_1d

    def tilted(eta, lam, sig2, s, u, a, b):
        v, a_star, b_star = real(eta, lam, sig2, s, u, a, b)
        return v + 0.01 * np.asarray(s), a_star, b_star

    monkeypatch.setattr(pw2, "prox_value_1d", tilted)
    ev = proximal.check_proposition4(p)
    assert ev.verdict == "fails" and ev.metrics["max_relative_gradient_error"] > 1e-3


def test_proposition2_fails_when_definition_and_proposition_disagree(monkeypatch):
    assert proximal.check_proposition2(P4).verdict == "holds"
    real = proximal.W2Game1D.value
    monkeypatch.setattr(proximal.W2Game1D, "value", lambda self, *a: real(self, *a) - 0.05)
    assert proximal.check_proposition2(P4).verdict == "fails"


def test_corollary1_fails_when_a_pe_generator_does_not_minimise(monkeypatch):
    p = {**P4, "lam": 0.5}
    assert proximal.check_corollary1(p).verdict == "holds"
    monkeypatch.setattr(proximal.W2Game1D, "minimiser", lambda self: (0.5, 0.0))
    assert proximal.check_corollary1(p).verdict == "fails"
