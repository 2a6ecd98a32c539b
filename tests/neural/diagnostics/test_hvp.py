"""Hessian-vector products against an independent dense Hessian (torch.autograd.functional.hessian of the
flat-parameter function) and against central finite differences of gradients, on a tiny MLP GAN (float64)."""

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from torch import nn  # noqa: E402

from gantheory.neural import losses  # noqa: E402
from gantheory.neural.diagnostics.hvp import GameFunctions, ValuePair, freeze_for_diagnostics  # noqa: E402


def tiny_pair(kind="wasserstein", seed=0):
    torch.manual_seed(seed)
    G = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 4)).double()
    D = nn.Sequential(nn.Linear(4, 6), nn.Softplus(), nn.Linear(6, 1)).double()
    value = losses.wasserstein_value if kind == "wasserstein" else losses.gan_value

    def fn(G_, D_, real, z):
        return value(D_(real).squeeze(-1), D_(G_(z)).squeeze(-1))

    real = torch.randn(7, 4, dtype=torch.float64)
    z = torch.randn(7, 3, dtype=torch.float64)
    return GameFunctions(ValuePair(G, D, fn), real, z)


@pytest.mark.parametrize("kind", ["wasserstein", "gan"])
@pytest.mark.parametrize("block", ["G", "D", "full"])
def test_hvp_matches_dense_hessian_and_finite_differences(kind, block):
    fns = tiny_pair(kind)
    x0 = fns.flat(block)
    f = fns.block_function(block)
    H = torch.autograd.functional.hessian(f, x0)  # independent dense reference
    gen = torch.Generator().manual_seed(1)
    for _ in range(3):
        v = torch.randn(x0.numel(), generator=gen, dtype=torch.float64)
        ref = H @ v
        scale = ref.abs().max()
        for mode, cached in (("autograd", True), ("autograd", False), ("func", True)):
            hv = fns.hvp(block, v, mode=mode, cached=cached)
            assert (hv - ref).abs().max() <= 1e-12 * max(1.0, float(scale)), (mode, cached)
        # central differences of the gradient: O(h^2) truncation, float64
        h = 1e-5

        def grad_at(x):
            x = x.detach().requires_grad_(True)
            (g,) = torch.autograd.grad(f(x), x)
            return g

        fd = (grad_at(x0 + h * v) - grad_at(x0 - h * v)) / (2 * h)
        assert (fd - ref).abs().max() <= 1e-7 * max(1.0, float(scale))


def test_dense_hessian_and_jacobian_blocks():
    fns = tiny_pair()
    nt = fns.n_theta
    H = torch.autograd.functional.hessian(fns.block_function("full"), fns.flat("full"))
    assert torch.allclose(fns.dense_hessian("full"), H, atol=1e-12)
    assert torch.allclose(fns.dense_hessian("G"), H[:nt, :nt], atol=1e-12)
    J = fns.dense_jacobian()
    assert torch.allclose(J[:nt], H[:nt], atol=1e-12) and torch.allclose(J[nt:], -H[nt:], atol=1e-12)
    v = torch.randn(J.shape[0], dtype=torch.float64)
    assert torch.allclose(fns.jacobian_operator()(v), J @ v, atol=1e-12)
    # the Wasserstein value is linear in D's last bias: its row of the Hessian is zero
    assert H[-1].abs().max() == 0


def test_gradient_blocks():
    fns = tiny_pair()
    x = fns.flat("full").requires_grad_(True)
    (g,) = torch.autograd.grad(fns.block_function("full")(x), x)
    assert torch.allclose(fns.gradient("full"), g, atol=1e-14)
    assert torch.allclose(fns.gradient("D"), g[fns.n_theta:], atol=1e-14)


def test_batchnorm_and_spectral_norm_are_frozen():
    torch.manual_seed(0)
    bn = nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 1))
    sn = nn.Sequential(nn.utils.parametrizations.spectral_norm(nn.Linear(4, 6)), nn.ReLU(), nn.Linear(6, 1))
    x = torch.randn(16, 4)
    for m in (bn, sn):
        m.train()
        before = {k: v.clone() for k, v in m.state_dict().items()}
        f = freeze_for_diagnostics(m)
        y1, y2 = f(x), f(x)
        assert torch.equal(y1, y2)  # no power-iteration or running-statistics update between calls
        for k, v in m.state_dict().items():  # the original is untouched
            assert torch.equal(v, before[k]), k
    # batch norm uses the batch's statistics, as in training mode
    f = freeze_for_diagnostics(bn)
    bn.train()
    assert torch.allclose(f(x), bn(x), atol=1e-6)
    # spectral norm: sigma from the stored u, v (eval mode)
    f = freeze_for_diagnostics(sn)
    sn.eval()
    assert torch.allclose(f(x), sn(x), atol=1e-6)


def test_spectral_norm_pair_hvp_under_func():
    torch.manual_seed(0)
    G = nn.Linear(2, 3).double()
    D = nn.Sequential(nn.utils.parametrizations.spectral_norm(nn.Linear(3, 4)), nn.Tanh(), nn.Linear(4, 1)).double()
    for _ in range(3):
        D(torch.randn(5, 3, dtype=torch.float64))  # a few power iterations
    G, D = freeze_for_diagnostics(G), freeze_for_diagnostics(D)
    fns = GameFunctions(ValuePair(G, D, lambda G_, D_, r, z: D_(r).mean() - D_(G_(z)).mean()),
                        torch.randn(6, 3, dtype=torch.float64), torch.randn(6, 2, dtype=torch.float64))
    v = torch.randn(fns.n_w, dtype=torch.float64)
    H = torch.autograd.functional.hessian(fns.block_function("D"), fns.flat("D"))
    assert torch.allclose(fns.hvp("D", v, mode="func"), H @ v, atol=1e-11)
    assert torch.allclose(fns.hvp("D", v), H @ v, atol=1e-11)


def test_bad_input():
    fns = tiny_pair()
    with pytest.raises(ValueError, match="block"):
        fns.hvp("X", torch.zeros(3))
    with pytest.raises(ValueError, match="mode"):
        fns.hvp("G", torch.zeros(fns.n_theta, dtype=torch.float64), mode="fd")
