"""The Sobolev penalty of Algorithm 1 (eq. (15)): input gradients against finite differences, the penalty
against hand-derived gradients of closed-form discriminators, its parameter gradient against finite
differences. No expected value is built with ``input_gradients`` (the function under test)."""

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural.models import ModelSpec, build  # noqa: E402
from gantheory.neural.sobolev import input_gradients, sobolev_penalty, squared_gradient_distance  # noqa: E402


class Quadratic(torch.nn.Module):
    """D(x) = sum_j a_j x_j^2 + b . x over all input coordinates, with grad_x D = 2 a x + b (by hand)."""

    def __init__(self, shape):
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(shape, dtype=torch.float64))
        self.b = torch.nn.Parameter(torch.randn(shape, dtype=torch.float64))

    def forward(self, x):
        return (self.a * x * x + self.b * x).flatten(1).sum(1)

    def hand_gradient(self, x):
        return 2 * self.a.detach() * x + self.b.detach()


def test_input_gradients_of_the_dcgan_critic_match_finite_differences():
    """Directional derivatives (D(x + h v) - D(x - h v)) / 2h = <grad_x D(x_i), v_i>, per sample."""
    torch.manual_seed(1)
    _, D = build(ModelSpec("mnist", dim=2, z_dim=8))
    D = D.double().eval()
    x = torch.rand(3, 1, 28, 28, dtype=torch.float64)
    g = input_gradients(D, x)
    h = 1e-6
    for k in range(4):
        v = torch.randn(x.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(k))
        with torch.no_grad():
            fd = (D(x + h * v) - D(x - h * v)) / (2 * h)
        want = (g * v).flatten(1).sum(1)
        assert torch.allclose(fd, want, rtol=1e-6, atol=1e-9), (fd, want)


def test_penalty_value_by_hand():
    torch.manual_seed(0)
    D = Quadratic((3,))
    x = torch.randn(5, 3, dtype=torch.float64)
    ref = torch.randn(5, 3, dtype=torch.float64)
    want = ((2 * D.a * x + D.b - ref) ** 2).sum(1).mean()
    assert float(sobolev_penalty(D, x, ref)) == pytest.approx(float(want), rel=1e-12)


def test_norm_is_over_the_whole_input_not_per_channel():
    """On images (N, 3, 32, 32): mean over samples of the squared norm over all channels and pixels."""
    torch.manual_seed(3)
    D = Quadratic((3, 32, 32))
    x = torch.rand(2, 3, 32, 32, dtype=torch.float64)
    ref = torch.randn(2, 3, 32, 32, dtype=torch.float64)
    diff = D.hand_gradient(x) - ref
    want = sum(float((diff[i] ** 2).sum()) for i in range(2)) / 2
    assert float(sobolev_penalty(D, x, ref)) == pytest.approx(want, rel=1e-12)
    per_channel_mean = float((diff ** 2).sum(dim=(2, 3)).mean())  # the mistake: averaging over channels too
    assert abs(per_channel_mean - want) > 1e-3 * want
    assert float(squared_gradient_distance(D.hand_gradient(x), ref)) == pytest.approx(want, rel=1e-12)


def test_penalty_parameter_gradient_by_hand():
    """d/da_j mean_i (2 a_j x_ij + b_j - r_ij)^2 = mean_i 4 x_ij (2 a_j x_ij + b_j - r_ij); d/db_j: 2 (...)."""
    torch.manual_seed(4)
    D = Quadratic((4,))
    x = torch.randn(6, 4, dtype=torch.float64)
    ref = torch.randn(6, 4, dtype=torch.float64)
    ga, gb = torch.autograd.grad(sobolev_penalty(D, x, ref), [D.a, D.b])
    r = D.hand_gradient(x) - ref
    assert torch.allclose(ga, (4 * x * r).mean(0), rtol=1e-12)
    assert torch.allclose(gb, (2 * r).mean(0), rtol=1e-12)


def test_penalty_gradient_matches_finite_differences():
    torch.manual_seed(1)
    _, D = build(ModelSpec("mnist", dim=2, z_dim=8))
    D = D.double().eval()
    x = torch.rand(3, 1, 28, 28, dtype=torch.float64)
    ref = 1e-3 * torch.randn(x.shape, dtype=torch.float64, generator=torch.Generator().manual_seed(9))
    pen = sobolev_penalty(D, x, ref)
    (grads,) = torch.autograd.grad(pen, [D.fc.weight])
    assert grads.abs().max() > 0  # double backprop reaches the parameters
    h = 1e-6
    for idx in [(0, 0), (0, 7), (0, 40)]:
        with torch.no_grad():
            D.fc.weight[idx] += h
        up = float(sobolev_penalty(D, x, ref))
        with torch.no_grad():
            D.fc.weight[idx] -= 2 * h
        down = float(sobolev_penalty(D, x, ref))
        with torch.no_grad():
            D.fc.weight[idx] += h
        assert (up - down) / (2 * h) == pytest.approx(float(grads[idx]), rel=1e-5, abs=1e-10)


def test_no_create_graph_would_give_no_gradient():
    """Input gradients without create_graph carry no w-gradient; the penalty keeps it."""
    torch.manual_seed(2)
    D = Quadratic((2,))
    x = torch.randn(4, 2, dtype=torch.float64)
    g = input_gradients(D, x, create_graph=False)
    assert not g.requires_grad
    assert torch.allclose(g, D.hand_gradient(x), rtol=1e-12)
    assert sobolev_penalty(D, x, torch.zeros_like(x)).requires_grad
