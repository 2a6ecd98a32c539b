"""The f-GAN proximal figure: its data against the library's closed forms and an independent nested optimisation."""

import numpy as np
import pytest

from gantheory.plots import fgan_proximal as fig
from gantheory.plots.registry import select
from gantheory.proximal import fgan as pf
from gantheory.proximal import fgan_local as pl


@pytest.fixture(scope="module")
def data(smoke_compute):
    return smoke_compute.compute(fig, "smoke")


def test_thresholds_and_curvature_signs(data):
    rows = list(zip(data["panel"], data["div"], data["curve"], data["lam"], data["value"], strict=True))
    thr = {(d, c): lam for p, d, c, lam, _ in rows if p == "threshold"}
    assert thr[("kl", "family")] == pytest.approx(pl.kl_threshold(fig.SIGMA), rel=1e-9)
    for p, d, c, lam, v in rows:
        if p == "curvature":
            assert (v > 0) == (lam < thr[(d, c)])  # the curvature decreases through 0 at lam*


def test_dip_rows_are_the_nested_optimisation(data):
    i = next(k for k, (p, c) in enumerate(zip(data["panel"], data["curve"], strict=True))
             if p == "dip" and c.startswith("family") and data["u"][k] > 0)
    div, lam, u = data["div"][i], data["lam"][i], data["u"][i]
    want = pf.prox_value(div, fig.SIGMA, lam, 1.0, u, pf.theta_of(fig.SIGMA, 1.0, 0.0)).value \
        - pf.divergence(div, fig.SIGMA, 1.0, 0.0)
    assert data["value"][i] == pytest.approx(want, abs=1e-12)


def test_registered_and_caption_computed(data):
    assert select(["fgan_proximal"])[0].name == "fgan_proximal"
    r = fig.draw(data)
    assert "closed form 1.38889" in r.caption and "NOT" not in r.caption
    assert np.isfinite(np.array(r.data["value"])).all()
