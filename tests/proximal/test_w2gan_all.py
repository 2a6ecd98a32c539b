"""V_prox over all c-concave D (1-D W2GAN): the evaluator against prox_value on quadratics, the bracket's order, and
the threshold check's two sides."""

import numpy as np
import pytest

from gantheory.games.gaussian import LinearGenerator
from gantheory.games.w2gan import QuadraticDiscriminator
from gantheory.proximal import w2gan_all as wa
from gantheory.proximal.w2gan import prox_value, prox_value_1d

SIGMA, ETA = 1.25, 0.5


def test_restricted_to_quadratics_matches_prox_value_at_20_random_generators():
    rng = np.random.default_rng(0)
    astar = wa.a_star(SIGMA, ETA)
    D = QuadraticDiscriminator([[astar]], [0.0])
    for _ in range(20):
        s, u, lam = rng.uniform(0.1, 1.0), rng.uniform(-0.5, 0.5), rng.uniform(0.2, 5.0)
        ref = prox_value(ETA, lam, np.eye(1) * SIGMA**2, LinearGenerator.scalar(s, u), D)
        a, b = float(ref.D.A[0, 0]), float(ref.D.b[0])
        h = wa.quadratic_spline(a, b, SIGMA, ETA, L=40.0, N=400)
        assert wa.objective(h, SIGMA, ETA, lam, s, u) == pytest.approx(ref.value, abs=1e-6)
        # the relaxation is an upper bound of V_prox over all c-concave D, hence of the quadratic value
        assert wa.upper_bound(SIGMA, ETA, lam, s, u)[0] >= ref.value - 1e-9


@pytest.mark.parametrize("s,u,lam", [(0.5, 0.25, 2.5), (1.0, 0.3, 2.5)])
def test_bracket_is_ordered_and_contains_the_quadratic_value(s, u, lam):
    b = wa.bracket(SIGMA, ETA, lam, s, u, N=40, L=4.0)
    assert b.quadratic <= b.lower <= b.upper + 1e-9
    q, _, _ = prox_value_1d(ETA, lam, SIGMA**2, np.array([s]), np.array([u]), wa.a_star(SIGMA, ETA), 0.0)
    assert b.quadratic == pytest.approx(float(q[0]), abs=1e-12)


def test_threshold_check_both_sides():
    r = wa.threshold_check(SIGMA, ETA, 0.5)
    lam_q = SIGMA / (4 * ETA * (SIGMA - 1))
    assert r["lambda_threshold_all_c_concave"] == pytest.approx(lam_q)
    lo, hi = r["lambda_all_bracket"]
    assert lo < lam_q < hi and r["upper_minus_v_star_at_1.01"]["value"] < -1e-8
    # below the threshold the upper bound must not dip: (G*, D*) is a PE there
    vs = wa.v_star(SIGMA, ETA)
    for u in (0.01, 0.1, 0.3):
        assert wa.upper_bound(SIGMA, ETA, 0.99 * lam_q, 1.0, u)[0] >= vs - 1e-10
