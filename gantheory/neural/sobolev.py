"""The empirical Sobolev penalty of proximal training (eq. (15), Algorithm 1).

penalty(D_w; D_wk) = mean_i || grad_x D_w(x_i) - grad_x D_wk(x_i) ||^2 over real samples x_i, the norm
taken over the whole input (all channels and pixels together). eq. (11) multiplies it by lam;
Algorithm 1's display writes lam/2 (and the 1/n mean): ``lam`` here is eq. (11)'s.

The reference gradients grad_x D_wk(x_i) are computed once per outer step (``input_gradients`` with
``create_graph=False``); the penalty itself is differentiated through (double backprop), so the
input gradients of the current discriminator are taken with ``create_graph=True`` -- without it the
penalty would have no gradient with respect to w. Algorithm 1's inner loop
(``gantheory.neural.algorithm1``) computes the input gradients from the same forward pass as E[D(x)].
"""

from __future__ import annotations

import torch
from torch import nn


def input_gradients(D: nn.Module, x: torch.Tensor, create_graph: bool = False) -> torch.Tensor:
    """grad_x D(x_i) for every sample (the sum over samples separates, since D acts per sample in eval
    mode; batch norm in train mode couples samples -- callers decide the mode)."""
    x = x.detach().requires_grad_(True)
    out = D(x)
    (g,) = torch.autograd.grad(out.sum(), x, create_graph=create_graph)
    return g


def squared_gradient_distance(g: torch.Tensor, ref_grad: torch.Tensor) -> torch.Tensor:
    """mean_i || g_i - ref_grad_i ||^2, the norm over the whole input of sample i (eq. (15) on samples)."""
    diff = (g - ref_grad).flatten(1)
    return (diff * diff).sum(dim=1).mean()


def sobolev_penalty(D: nn.Module, x: torch.Tensor, ref_grad: torch.Tensor) -> torch.Tensor:
    """mean_i || grad_x D(x_i) - ref_grad_i ||^2 (whole-input norm), differentiable in D's parameters."""
    return squared_gradient_distance(input_gradients(D, x, create_graph=True), ref_grad)
