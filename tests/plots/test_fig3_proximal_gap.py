"""Figure 3 at size="smoke": columns, the levels against the closed forms, and Proposition 2 on the grid."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import special

from gantheory.plots import fig3_proximal_gap as fig


@pytest.fixture(scope="module")
def data(smoke_compute) -> fig.Fig3Data:
    return smoke_compute.compute(fig, "smoke", 0)


def _col(table, c, mask=None):
    a = np.array(table[c], dtype=float)
    return a if mask is None else a[mask]


def test_columns_caption_and_size(data):
    r = fig.draw(data)
    assert list(r.data) == list(fig.COLUMNS) and r.seeds == [0] and r.figure.axes
    assert "reproduces Theorem 2" in r.caption
    assert len(r.data["panel"]) == fig.GRID["smoke"]["w2"] + fig.GRID["smoke"]["wg"]
    with pytest.raises(ValueError, match="size"):
        fig.compute("huge")


def test_levels_and_threshold(data):
    """The lam -> inf end approaches the closed-form Nash level; the W2GAN threshold equals the formula."""
    t_ = data.table
    panel = np.array(t_["panel"])
    for col in ("lam", "gap", "worst_s", "worst_u", "nash_level"):
        assert np.all(np.isfinite(_col(t_, col)))
    sigma, t, eta = 1.25, 0.5, 0.5  # the theorem-2 / theorem-3 claims' defaults
    assert (data.p2["sigma"], data.p2["t"], data.p2["eta"]) == (sigma, t, eta)
    w2 = panel == "w2gan"
    nash_w2 = -eta * (sigma - 1) * t * t  # -(Nash gap at (G*, D*)), proofs/theorem_1_w2gan
    assert np.allclose(_col(t_, "nash_level", w2), nash_w2, rtol=1e-9)
    gap = _col(t_, "gap", w2)
    lam = _col(t_, "lam", w2)
    # lam = 1e3: V_prox -> V as lam -> inf, the distance to the Nash level shrinks like 1/lam (~0.1/lam here)
    assert abs(gap[-1] - nash_w2) < 1e-2 * abs(nash_w2)
    assert abs(gap[-1] - nash_w2) < abs(gap[-2] - nash_w2)
    thr = _col(t_, "lambda_threshold", w2)[0]
    assert abs(thr / (sigma / (4 * eta * (sigma - 1))) - 1) < 5e-3  # bisection rel_tol 1e-3 on log lam
    assert thr >= 1 / (4 * eta)  # Theorem 2
    # Proposition 2: PE exactly where lam <= threshold (on the grid)
    assert np.array_equal(np.array(t_["is_pe"])[w2], lam <= thr)
    wg = panel == "wgan"

    def m(x):  # E|x + Z|, the folded-normal mean
        return x * special.erf(x / math.sqrt(2)) + math.sqrt(2 / math.pi) * math.exp(-x * x / 2)

    nash_wg = -(m(t) - m(0.0))  # proofs/theorem_1_wgan
    assert np.allclose(_col(t_, "nash_level", wg), nash_wg, rtol=1e-9)
    assert abs(_col(t_, "gap", wg)[-1] - nash_wg) < 0.01 * abs(nash_wg)  # lam = 100
    assert np.all(_col(t_, "gap") <= 1e-9)  # V_prox(G*, D*) = V*: the minimum over G is never above V*
    assert np.array_equal(_col(t_, "dip"), -_col(t_, "gap"))


def test_table_is_the_curves(data):
    """The table holds the library's curves unchanged, W2GAN rows first."""
    n2 = len(data.w2.lams)
    assert np.array_equal(data.table["gap"][:n2], data.w2.gap) and np.array_equal(data.table["gap"][n2:], data.wg.gap)
    assert data.fit == fig.power_fit(data.wg.lams, -data.wg.gap, data.wg.tol)
