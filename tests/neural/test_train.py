"""Recipes, regular and proximal (Algorithm 1) training steps, and exact resume (tiny sizes, CPU)."""

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural.recipes import RECIPE_NAMES, make_recipe  # noqa: E402
from gantheory.neural.train import Trainer  # noqa: E402


def tiny(gan, **kw):
    return make_recipe(gan, "mnist", "quick", dim=2, batch_size=8, n_critic=2, z_dim=8, inner_steps=3, **kw)


@pytest.fixture(scope="module")
def data():
    g = torch.Generator().manual_seed(0)
    return torch.rand(40, 1, 28, 28, generator=g)


def params(m):
    return [p.detach().clone() for p in m.parameters()]


@pytest.mark.parametrize("gan", RECIPE_NAMES)
def test_regular_steps_update_both_players(gan, data):
    tr = Trainer(tiny(gan), data)
    g0, d0 = params(tr.G), params(tr.D)
    for _ in range(2):
        rec = tr.step()
    assert "V" in rec and "g_loss" in rec
    assert any(not torch.equal(a, b) for a, b in zip(g0, params(tr.G), strict=True))
    assert any(not torch.equal(a, b) for a, b in zip(d0, params(tr.D), strict=True))
    if gan == "wgan-wc":
        assert all(float(p.abs().max()) <= 0.01 + 1e-12 for p in tr.D.parameters())


def test_recipe_fields_and_validation():
    r = make_recipe("wgan-gp", "cifar", "paper")
    assert (r.optimizer, r.lr, r.betas, r.gp_weight, r.n_critic, r.iterations, r.dim, r.batch_size) == (
        "adam", 1e-4, (0.5, 0.9), 10.0, 5, 200_000, 128, 64)
    assert make_recipe("wgan-wc", "mnist", "paper").batch_size == 50
    with pytest.raises(ValueError, match="unknown recipe"):
        make_recipe("dcgan")
    with pytest.raises(ValueError, match="unknown recipe field"):
        make_recipe("sn-gan", bogus=1)
    with pytest.raises(ValueError, match="lam must be a positive number"):
        make_recipe("sn-gan", lam=-1.0)


def test_proximal_inner_loop_raises_the_penalised_objective(data):
    tr = Trainer(tiny("wgan-gp", proximal=True, inner_lr=1e-4, lam=0.1), data)
    rec = tr.step()
    assert rec["prox_objective_end"] > rec["prox_objective_start"]
    assert "g_loss" in rec


def test_inner_adam_state_persists_or_resets(data):
    for mode, want in [("persist", 6), ("reset", 3)]:
        tr = Trainer(tiny("sn-gan", proximal=True, inner_state=mode), data)
        tr.step()
        tr.step()
        steps = {int(s["step"]) for s in tr.inner.state_dict()["state"].values()}
        assert steps == {want}


@pytest.mark.parametrize("gan, prox", [("wgan-gp", False), ("wgan-wc", True)])
def test_resume_is_bit_identical(gan, prox, data, tmp_path):
    r = tiny(gan, proximal=prox)
    a = Trainer(r, data)
    for _ in range(4):
        a.step()
    b = Trainer(r, data)
    for _ in range(2):
        b.step()
    b.save(tmp_path / "checkpoint.pt")
    c = Trainer(r, data)
    c.load(tmp_path / "checkpoint.pt")
    for _ in range(2):
        c.step()
    assert c.iteration == a.iteration == 4
    for x, y in zip(params(a.G) + params(a.D), params(c.G) + params(c.D), strict=True):
        assert torch.equal(x, y)
    state = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    assert {"generator", "discriminator", "rng", "iteration"} <= set(state)


def test_bad_data_shape(data):
    with pytest.raises(ValueError, match="expect"):
        Trainer(tiny("sn-gan"), torch.rand(4, 3, 32, 32))
    with pytest.raises(ValueError, match="different recipe"):
        t = Trainer(tiny("sn-gan"), data)
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            t.save(f"{d}/c.pt")
            Trainer(tiny("sn-gan", lam=0.5), data).load(f"{d}/c.pt")
