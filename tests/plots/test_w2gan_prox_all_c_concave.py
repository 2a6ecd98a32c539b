"""The W2GAN all-c-concave figure: bracket consistency, monotonicity in lambda and the limits."""

import numpy as np
import pytest

from gantheory.plots import w2gan_prox_all_c_concave as fig


@pytest.fixture(scope="module")
def data(smoke_compute):
    return smoke_compute.compute(fig, "smoke")


def test_bracket_ordered_and_limits(data):
    lo, up, q = (np.array(data[k]) for k in ("lower", "upper", "quadratic"))
    assert np.all(q <= lo + 1e-12) and np.all(lo <= up + 1e-9)
    assert np.all(up <= data["M_G"][0] + 1e-9) and np.all(q >= data["V_G_Dstar"][0] - 1e-9)
    assert np.all(np.diff(q) <= 1e-12)  # V_prox does not increase with lambda (the penalty grows)


def test_caption(data):
    r = fig.draw(data)
    assert "consistent" in r.caption and "INCONSISTENT" not in r.caption
