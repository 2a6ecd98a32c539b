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


@pytest.mark.parametrize("gan, prox, state", [("wgan-gp", False, "persist"), ("wgan-wc", True, "persist"),
                                              ("sn-gan", True, "reset")])
def test_resume_is_bit_identical(gan, prox, state, data, tmp_path):
    r = tiny(gan, proximal=prox, inner_state=state)
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
    saved = torch.load(tmp_path / "checkpoint.pt", weights_only=True)
    assert {"generator", "discriminator", "rng", "iteration"} <= set(saved)
    assert torch.equal(c.gen.get_state(), a.gen.get_state())  # the random stream continues where it stopped


def test_bad_data_shape(data):
    with pytest.raises(ValueError, match="expect"):
        Trainer(tiny("sn-gan"), torch.rand(4, 3, 32, 32))
    with pytest.raises(ValueError, match="different recipe"):
        t = Trainer(tiny("sn-gan"), data)
        import tempfile

        with tempfile.TemporaryDirectory() as d:
            t.save(f"{d}/c.pt")
            Trainer(tiny("sn-gan", lam=0.5), data).load(f"{d}/c.pt")


class QuadraticCritic(torch.nn.Module):
    """D(x) = sum_j a_j x_j^2 + b . x + c over the 28 x 28 pixels: grad_x D = 2 a x + b (by hand)."""

    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(5)
        self.a = torch.nn.Parameter(0.1 * torch.randn(1, 28, 28, generator=g))
        self.b = torch.nn.Parameter(0.1 * torch.randn(1, 28, 28, generator=g))
        self.c = torch.nn.Parameter(torch.zeros(()))

    def forward(self, x):
        return (self.a * x * x + self.b * x).flatten(1).sum(1) + self.c


def test_trainer_inner_loop_optimises_eq11_with_lambda_times_mean_squared_difference(data):
    """Every inner Adam step of the Trainer is taken on the gradient of V - lam * mean_i ||grad_x D_w(x_i) -
    grad_x D_{w_k}(x_i)||^2 (eq. (11)'s lam, not lam / 2), and the logged end objective is that objective
    at the last inner step, all checked by hand on a quadratic critic."""
    lam = 10.0
    tr = Trainer(tiny("wgan-gp", proximal=True, inner_lr=1e-2, lam=lam), data)
    tr.D = QuadraticCritic()
    tr.inner = torch.optim.Adam(tr.D.parameters(), lr=1e-2, betas=tr.recipe.betas)
    seen = []
    tr.inner.register_step_pre_hook(lambda opt, args, kwargs: seen.append(
        [(p.detach().double().clone(), p.grad.detach().double().clone()) for p in tr.D.parameters()]))
    a0, b0 = tr.D.a.detach().double().clone(), tr.D.b.detach().double().clone()
    # the step's batch, drawn from a copy of the Trainer's generator in the Trainer's order
    g = torch.Generator().manual_seed(0)
    g.set_state(tr.gen.get_state())
    idx = torch.randint(0, data.shape[0], (tr.recipe.batch_size,), generator=g)
    z = torch.randn(tr.recipe.batch_size, tr.recipe.z_dim, generator=g)
    real = data[idx].double()
    with torch.no_grad():
        fake = tr.G(z).double()
    rec = tr.step()
    assert len(seen) == 3
    share = []
    for (a, ga), (b, gb), (_, gc) in seen:
        r = 2 * (a - a0) * real + (b - b0)  # grad_x D_w - grad_x D_wk, by hand
        pen_a, pen_b = lam * (4 * real * r).mean(0), lam * (2 * r).mean(0)
        want_a = -((real ** 2).mean(0) - (fake ** 2).mean(0) - pen_a)  # the loss is minus the objective
        want_b = -(real.mean(0) - fake.mean(0) - pen_b)
        assert torch.allclose(ga, want_a, rtol=1e-4, atol=1e-6)
        assert torch.allclose(gb, want_b, rtol=1e-4, atol=1e-6)
        assert abs(float(gc)) < 1e-6
        share.append(float(pen_a.norm() / want_a.norm()))
    assert share[0] < 1e-6 and min(share[1:]) > 0.05  # lam matters from the second inner step on
    (a, _), (b, _), (c, _) = seen[-1]  # the logged end objective: at the last inner step, before its update
    r = 2 * (a - a0) * real + (b - b0)
    d = lambda x: (a * x * x + b * x).flatten(1).sum(1) + c  # noqa: E731
    want = float(d(real).mean() - d(fake).mean() - lam * (r.flatten(1) ** 2).sum(1).mean())
    assert float(rec["prox_objective_end"]) == pytest.approx(want, rel=1e-4)
