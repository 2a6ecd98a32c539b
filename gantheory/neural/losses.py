"""GAN objectives of the paper's recipes (Sections 2, 6): eq. (8) for the Wasserstein recipes, eq. (6) for
the vanilla (SN-GAN) recipe, with the generator's non-saturating loss, and the WGAN-GP penalty.

Discriminators output real numbers (logits for the vanilla GAN: D_eq6 = sigmoid(logit)).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn


def wasserstein_value(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    """V(G, D) of eq. (8): E_P[D(X)] - E[D(G(Z))]."""
    return d_real.mean() - d_fake.mean()


def gan_value(d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    """V(G, D) of eq. (6) with D = sigmoid(logit): E log D(X) + E log(1 - D(G(Z)))."""
    return -F.softplus(-d_real).mean() - F.softplus(d_fake).mean()


def discriminator_loss(kind: str, d_real: torch.Tensor, d_fake: torch.Tensor) -> torch.Tensor:
    """The discriminator minimises -V (it maximises V)."""
    if kind == "wasserstein":
        return -wasserstein_value(d_real, d_fake)
    if kind == "gan":
        return -gan_value(d_real, d_fake)
    raise ValueError(f"unknown loss kind {kind!r}")


def generator_loss(kind: str, d_fake: torch.Tensor, non_saturating: bool = True) -> torch.Tensor:
    """Wasserstein: -E D(G(Z)) (minimising V up to a constant). GAN: the non-saturating
    -E log D(G(Z)) by default, or eq. (6)'s E log(1 - D(G(Z)))."""
    if kind == "wasserstein":
        return -d_fake.mean()
    if kind == "gan":
        return F.softplus(-d_fake).mean() if non_saturating else -F.softplus(d_fake).mean()
    raise ValueError(f"unknown loss kind {kind!r}")


def gradient_penalty(D: nn.Module, real: torch.Tensor, fake: torch.Tensor, gen: torch.Generator | None = None,
                     eps: torch.Tensor | None = None) -> torch.Tensor:
    """WGAN-GP: E (||grad D(x_hat)||_2 - 1)^2 on x_hat = e real + (1 - e) fake, e ~ U[0, 1] per sample.

    ``eps`` gives e (shape (N, 1, ..., 1)); otherwise it is drawn from ``gen`` on the generator's own
    device and moved to the data's device.
    """
    if eps is None:
        if gen is None:
            raise ValueError("gradient_penalty needs the interpolation weights eps or a generator to draw them")
        shape = (real.shape[0],) + (1,) * (real.dim() - 1)
        eps = torch.rand(shape, generator=gen, dtype=real.dtype, device=gen.device).to(real.device)
    x_hat = (eps * real.detach() + (1 - eps) * fake.detach()).requires_grad_(True)
    (g,) = torch.autograd.grad(D(x_hat).sum(), x_hat, create_graph=True)
    return ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()
