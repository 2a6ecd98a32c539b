"""The two-squares figure: its rows against the closed forms of the construction."""

import numpy as np
import pytest

from gantheory.plots import theorem3_two_squares as fig


@pytest.fixture(scope="module")
def data(smoke_compute):
    return smoke_compute.compute(fig, "smoke")


def test_rows_match_the_closed_forms(data):
    t = np.array(data["t"])
    k2 = 0.01  # kappa^2
    w1 = 0.5 * k2 * (((1 - 3 * t) ** 2 + (8 * t) ** 2) + (1 + 3 * t) ** 2)  # |v_A|^2/2 + |v_B|^2/2
    assert np.allclose(data["w1"], w1, rtol=1e-12)
    # without the boundary: k^2 (|v_A| <e, v_A> + |v_B| <e, v_B>)/2 with e = (1, 0)
    lin = 0.5 * k2 * (np.hypot(1 - 3 * t, 8 * t) * (1 - 3 * t) + (1 + 3 * t) ** 2)
    assert np.allclose(data["value_no_boundary"], lin, rtol=1e-12)
    assert np.all(np.array(data["value_bound"]) >= lin - 1e-15)  # the boundary only adds
    assert min(data["alpha2_min"]) >= k2 * 64 / 73 - 1e-12


def test_caption(data):
    r = fig.draw(data)
    assert "no Nash equilibrium" in r.caption and "NOT" not in r.caption
