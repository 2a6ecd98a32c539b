"""Losses against hand computations; the gradient penalty against its definition."""

import math

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural import losses  # noqa: E402


def test_values_by_hand():
    dr = torch.tensor([1.0, 3.0], dtype=torch.float64)
    df = torch.tensor([0.5, -1.5], dtype=torch.float64)
    assert float(losses.wasserstein_value(dr, df)) == pytest.approx(2.0 - (-0.5))
    sig = lambda v: 1 / (1 + math.exp(-v))  # noqa: E731
    want = 0.5 * (math.log(sig(1.0)) + math.log(sig(3.0))) + 0.5 * (math.log(1 - sig(0.5)) + math.log(1 - sig(-1.5)))
    assert float(losses.gan_value(dr, df)) == pytest.approx(want, rel=1e-12)
    assert float(losses.discriminator_loss("gan", dr, df)) == pytest.approx(-want, rel=1e-12)
    ns = -0.5 * (math.log(sig(0.5)) + math.log(sig(-1.5)))
    assert float(losses.generator_loss("gan", df)) == pytest.approx(ns, rel=1e-12)
    assert float(losses.generator_loss("gan", df, non_saturating=False)) == pytest.approx(
        0.5 * (math.log(1 - sig(0.5)) + math.log(1 - sig(-1.5))), rel=1e-12)
    assert float(losses.generator_loss("wasserstein", df)) == pytest.approx(0.5)
    with pytest.raises(ValueError):
        losses.discriminator_loss("hinge", dr, df)


def test_gradient_penalty_of_a_linear_critic():
    """For D(x) = a . x the gradient is a everywhere: the penalty is (||a|| - 1)^2 exactly."""
    a = torch.tensor([3.0, 4.0], dtype=torch.float64)
    D = lambda x: x @ a  # noqa: E731
    g = torch.Generator().manual_seed(0)
    real, fake = torch.randn(8, 2, dtype=torch.float64), torch.randn(8, 2, dtype=torch.float64)
    assert float(losses.gradient_penalty(D, real, fake, g)) == pytest.approx(16.0)


def test_gradient_penalty_is_differentiable():
    torch.manual_seed(0)
    D = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 1)).double()
    g = torch.Generator().manual_seed(1)
    pen = losses.gradient_penalty(lambda x: D(x).squeeze(1), torch.randn(6, 3).double(), torch.randn(6, 3).double(), g)
    pen.backward()
    assert D[0].weight.grad.abs().sum() > 0
