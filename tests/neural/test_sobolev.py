"""The Sobolev penalty of Algorithm 1: value against a hand computation, gradient against finite differences."""

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural.models import ModelSpec, build  # noqa: E402
from gantheory.neural.sobolev import input_gradients, sobolev_penalty  # noqa: E402


class Quadratic(torch.nn.Module):
    """D(x) = sum_j a_j x_j^2 + b . x, with grad_x D = 2 a x + b (a hand-checkable discriminator)."""

    def __init__(self, d):
        super().__init__()
        self.a = torch.nn.Parameter(torch.randn(d, dtype=torch.float64))
        self.b = torch.nn.Parameter(torch.randn(d, dtype=torch.float64))

    def forward(self, x):
        return (self.a * x * x).sum(1) + x @ self.b


def test_penalty_value_by_hand():
    torch.manual_seed(0)
    D = Quadratic(3)
    x = torch.randn(5, 3, dtype=torch.float64)
    ref = torch.randn(5, 3, dtype=torch.float64)
    want = ((2 * D.a * x + D.b - ref) ** 2).sum(1).mean()
    assert float(sobolev_penalty(D, x, ref)) == pytest.approx(float(want), rel=1e-12)


def test_penalty_gradient_matches_finite_differences():
    torch.manual_seed(1)
    spec = ModelSpec("mnist", dim=2, z_dim=8)
    _, D = build(spec)
    D = D.double().eval()
    x = torch.rand(3, 1, 28, 28, dtype=torch.float64)
    ref = input_gradients(D, x).detach() * 0.5
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
    """The mistake REFERENCES.md warns about: input gradients without create_graph carry no w-gradient."""
    torch.manual_seed(2)
    D = Quadratic(2)
    x = torch.randn(4, 2, dtype=torch.float64)
    g = input_gradients(D, x, create_graph=False)
    assert not g.requires_grad
    assert sobolev_penalty(D, x, torch.zeros_like(x)).requires_grad


def test_norm_is_over_the_whole_input_not_per_channel():
    torch.manual_seed(3)
    _, D = build(ModelSpec("cifar", dim=2))
    D = D.double().eval()
    x = torch.rand(2, 3, 32, 32, dtype=torch.float64)
    ref = torch.zeros_like(x)
    g = input_gradients(D, x)
    want = (g.flatten(1) ** 2).sum(1).mean()
    assert float(sobolev_penalty(D, x, ref)) == pytest.approx(float(want), rel=1e-12)
