"""Algorithm 1's inner loop (eq. (11) with eq. (15)) against hand computations on a quadratic critic
D(x) = sum_j a_j x_j^2 + b . x + c, whose input gradient is 2 a x + b."""

import math

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural import losses  # noqa: E402
from gantheory.neural.algorithm1 import (  # noqa: E402
    algorithm1_inner_steps,
    penalised_objective,
    reference_gradients,
)


class Quadratic(torch.nn.Module):
    def __init__(self, shape, seed=0):
        super().__init__()
        g = torch.Generator().manual_seed(seed)
        self.a = torch.nn.Parameter(torch.randn(shape, dtype=torch.float64, generator=g))
        self.b = torch.nn.Parameter(torch.randn(shape, dtype=torch.float64, generator=g))
        self.c = torch.nn.Parameter(torch.zeros((), dtype=torch.float64))
        self.calls = []

    def forward(self, x):
        self.calls.append(x)
        return (self.a * x * x + self.b * x).flatten(1).sum(1) + self.c


def hand_objective(a, b, c, real, fake, a0, b0, lam, kind="wasserstein"):
    """V - lam * mean_i ||(2 a x_i + b) - (2 a0 x_i + b0)||^2, all by hand (float64)."""
    d = lambda x: (a * x * x + b * x).flatten(1).sum(1) + c  # noqa: E731
    dr, df = d(real), d(fake)
    if kind == "wasserstein":
        V = dr.mean() - df.mean()
    else:
        V = torch.log(torch.sigmoid(dr)).mean() + torch.log(1 - torch.sigmoid(df)).mean()
    diff = (2 * (a - a0) * real + (b - b0)).flatten(1)
    return float(V - lam * (diff ** 2).sum(1).mean())


def hand_gradient(a, b, real, fake, a0, b0, lam):
    """d/d(a, b, c) of the Wasserstein objective above."""
    da = (real ** 2).mean(0) - (fake ** 2).mean(0)
    db = real.mean(0) - fake.mean(0)
    r = 2 * (a - a0) * real + (b - b0)
    return da - lam * (4 * real * r).mean(0), db - lam * (2 * r).mean(0), 0.0


@pytest.mark.parametrize("kind", ["wasserstein", "gan"])
def test_penalised_objective_by_hand_with_one_real_forward(kind):
    D = Quadratic((1, 4, 4))
    g = torch.Generator().manual_seed(1)
    real, fake = torch.rand(5, 1, 4, 4, generator=g, dtype=torch.float64), torch.rand(5, 1, 4, 4, generator=g,
                                                                                       dtype=torch.float64)
    a0, b0 = D.a.detach() + 0.3, D.b.detach() - 0.2
    ref = 2 * a0 * real + b0  # grad_x D_{w_k} by hand
    value = losses.wasserstein_value if kind == "wasserstein" else losses.gan_value
    D.calls.clear()
    got = penalised_objective(D, real, fake, ref, 0.7, value)
    assert float(got) == pytest.approx(hand_objective(D.a.detach(), D.b.detach(), 0.0, real, fake, a0, b0, 0.7, kind),
                                       rel=1e-12)
    assert len(D.calls) == 2  # one forward on the real batch (loss and input gradients), one on the fake batch
    assert got.requires_grad


def test_reference_gradients_by_hand():
    D = Quadratic((3,))
    x = torch.randn(4, 3, dtype=torch.float64)
    ref = reference_gradients(D, x)
    assert not ref.requires_grad
    assert torch.allclose(ref, 2 * D.a.detach() * x + D.b.detach(), rtol=1e-12)


def test_inner_steps_are_gradient_ascent_on_the_lambda_objective():
    """Plain SGD makes every update hand-checkable: w <- w + lr * grad_w (V - lam * penalty); the penalty's
    gradient vanishes at w_k, so the second step is where lam enters."""
    lam, lr, T = 0.9, 0.05, 3
    D = Quadratic((3,), seed=2)
    g = torch.Generator().manual_seed(3)
    real, fake = torch.randn(6, 3, generator=g, dtype=torch.float64), torch.randn(6, 3, generator=g,
                                                                                  dtype=torch.float64)
    a0, b0 = D.a.detach().clone(), D.b.detach().clone()
    ref = reference_gradients(D, real)
    opt = torch.optim.SGD(D.parameters(), lr=lr)
    first, last = algorithm1_inner_steps(D, opt, lambda: penalised_objective(D, real, fake, ref, lam,
                                                                             losses.wasserstein_value), T)
    a, b = a0.clone(), b0.clone()
    objs = []
    for _ in range(T):
        objs.append(hand_objective(a, b, 0.0, real, fake, a0, b0, lam))
        ga, gb, _ = hand_gradient(a, b, real, fake, a0, b0, lam)
        a, b = a + lr * ga, b + lr * gb
    assert torch.allclose(D.a.detach(), a, rtol=1e-12) and torch.allclose(D.b.detach(), b, rtol=1e-12)
    assert float(first) == pytest.approx(objs[0], rel=1e-12) and float(last) == pytest.approx(objs[-1], rel=1e-12)
    # the same loop with lam / 2 ends elsewhere (the test sees the lambda convention)
    a2, b2 = a0.clone(), b0.clone()
    for _ in range(T):
        ga, gb, _ = hand_gradient(a2, b2, real, fake, a0, b0, lam / 2)
        a2, b2 = a2 + lr * ga, b2 + lr * gb
    assert float((a2 - a).abs().max()) > 1e3 * 1e-12 * float(a.abs().max())


def test_projection_after_every_step():
    D = Quadratic((3,), seed=4)
    x = torch.randn(4, 3, dtype=torch.float64)
    ref = reference_gradients(D, x)
    seen = []

    def clip(m):
        seen.append(max(float(p.abs().max()) for p in m.parameters()))
        for p in m.parameters():
            p.clamp_(-0.5, 0.5)

    opt = torch.optim.Adam(D.parameters(), lr=0.1)
    algorithm1_inner_steps(D, opt, lambda: penalised_objective(D, x, -x, ref, 0.1, losses.wasserstein_value), 4,
                           project=clip)
    assert len(seen) == 4
    assert all(float(p.abs().max()) <= 0.5 for p in D.parameters())
    assert math.isfinite(seen[0])
