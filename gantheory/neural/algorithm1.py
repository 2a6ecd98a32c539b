"""Algorithm 1's inner loop (proximal training, Section 5): T ascent steps on the proximal objective of
eq. (11) with the empirical Sobolev norm of eq. (15),

    V(G_theta_k, D_w) - lam * mean_i || grad_x D_w(x_i) - grad_x D_{w_k}(x_i) ||^2,

``lam`` being eq. (11)'s (Algorithm 1's display writes lam/2 with the 1/n mean). One implementation,
used by training (``gantheory.neural.train``), the Section 6.1 probe (``gantheory.neural.probes``) and the
duality-gap diagnostics (``gantheory.neural.diagnostics.gap``).

``penalised_objective`` runs D once on the real batch (with ``requires_grad`` on x) and uses that forward
pass for both E[D(X)] and grad_x D(x_i) (double backprop through the penalty); ``algorithm1_inner_steps``
takes the optimiser steps. Neither reads a value back to the host, so the whole loop can be recorded in a
CUDA graph.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import nn

from gantheory.neural.sobolev import input_gradients, squared_gradient_distance

Tensor = torch.Tensor
ValueFn = Callable[[Tensor, Tensor], Tensor]  # (D(real), D(fake)) -> V(G, D), eq. (6) or eq. (8)


def reference_gradients(D: nn.Module, real: Tensor) -> Tensor:
    """grad_x D_{w_k}(x_i) on the real batch, computed once per outer step (no graph kept)."""
    return input_gradients(D, real).detach()


def penalised_objective(D: nn.Module, real: Tensor, fake: Tensor, ref_grad: Tensor, lam: float, value: ValueFn,
                        create_graph: bool = True) -> Tensor:
    """V(G, D) - lam * mean_i ||grad_x D(x_i) - ref_grad_i||^2 (eq. (11) with eq. (15) on the batch).

    Parameters
    ----------
    D : the discriminator D_w being optimised.
    real, fake : the real batch x_i and the generated batch G(z_i) (no gradient to G).
    ref_grad : grad_x D_{w_k}(x_i) of the outer step's discriminator (``reference_gradients``).
    lam : eq. (11)'s lambda.
    value : V from the discriminator outputs (``losses.wasserstein_value`` or ``losses.gan_value``).
    create_graph : keep the graph of the input gradients (needed to differentiate in w).

    Returns
    -------
    The penalised objective, a 0-d tensor on D's device (differentiable in w when ``create_graph``).
    """
    x = real.detach().requires_grad_(True)
    d_real = D(x)  # one forward on the real batch: E[D(X)] and grad_x D(x_i) both come from it
    (g,) = torch.autograd.grad(d_real.sum(), x, create_graph=create_graph)
    return value(d_real, D(fake.detach())) - lam * squared_gradient_distance(g, ref_grad)


def algorithm1_inner_steps(D: nn.Module, optimizer: torch.optim.Optimizer, objective: Callable[[], Tensor], steps: int,
                           project: Callable[[nn.Module], None] | None = None,
                           scheduler: torch.optim.lr_scheduler.LRScheduler | None = None) -> tuple[Tensor, Tensor]:
    """Algorithm 1's inner loop: ``steps`` optimiser steps maximising ``objective()`` over D's parameters
    (the optimiser holds them), the constraint ``project`` (e.g. weight clipping) applied after each step.

    Parameters
    ----------
    D : the discriminator whose parameters ``optimizer`` updates.
    optimizer : the inner optimiser (Adam in the paper, 20 steps).
    objective : computes the penalised objective at D's current parameters (``penalised_objective``).
    steps : T.
    project : in-place projection of D after each step, or None.
    scheduler : stepped after each optimiser step, or None.

    Returns
    -------
    (objective at the first step, objective at the last step), detached 0-d tensors on the device, each
    evaluated before that step's update (no host synchronisation).
    """
    first = last = None
    for _ in range(steps):
        obj = objective()
        last = obj.detach()
        if first is None:
            first = last
        optimizer.zero_grad(set_to_none=True)
        (-obj).backward()
        optimizer.step()
        if scheduler is not None:
            scheduler.step()
        if project is not None:
            with torch.no_grad():
                project(D)
    return first, last
