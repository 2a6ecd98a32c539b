"""Definition 1 against Proposition 2 (gantheory.proximal.definition) on pairs with known status."""

from gantheory.exact.w2gan_1d import W2GAN1D
from gantheory.proximal.definition import compare_definition1_proposition2


def test_inside_and_outside_the_pe_set():
    game = W2GAN1D(1.25, 0.5, 0.5)
    a, b = game.D_of(1.0, 0.0)
    rows = compare_definition1_proposition2(game, [("in", 1.0, 0.0, a, b, 0.5), ("out", 1.0, 0.0, a, b, 10.0),
                                                   ("not BR", 1.0, 0.0, a + 0.05, b, 0.5)], 1e-9)
    assert [(r["definition1"], r["proposition2"]) for r in rows] == [(True, True), (False, False), (False, False)]
    assert abs(rows[0]["V_prox_self"] - rows[0]["divergence"]) < 1e-9  # D* a best response: V_prox(G*, D*) = W2 cost
