"""Whole-step CUDA graph capture (``torch.cuda.graph``) of a training step with static input buffers.

A step is a function of its random inputs (batch indices, noise, interpolation weights), drawn eagerly on
the device and copied into static buffers before each replay; everything else the step touches
(parameters, batch-norm statistics, spectral-norm vectors, optimiser moments and step counters) lives at
fixed addresses and is updated in place by the replayed kernels. ``torch.cuda.make_graphed_callables`` and
``torch.compile`` are not used: the gradient penalty and the Sobolev penalty differentiate through
``autograd.grad(create_graph=True)``.

Capture needs a warm-up (cuDNN/cuBLAS workspaces, the optimisers' lazily created state). The warm-up runs
the step for real, so every piece of state it advances is snapshotted before and restored in place after
it: module parameters and buffers, optimiser state (restored, or zeroed where the warm-up created it --
the initial state of Adam and RMSprop is all zeros) and gradients (the same tensors, their values). The
recorded step is then the only thing that advances the state. Optimisers must be built with
``capturable=True`` (or fused).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import torch
from torch import nn

Tensor = torch.Tensor


def snapshot(modules: Sequence[nn.Module], optimizers: Sequence[torch.optim.Optimizer]) -> dict:
    """Copies of the modules' parameters and buffers and of the optimisers' per-parameter state."""
    mods = [{k: v.detach().clone() for k, v in m.state_dict().items()} for m in modules]
    grads = [(q, q.grad, None if q.grad is None else q.grad.detach().clone()) for m in modules for q in m.parameters()]
    opts = []
    for opt in optimizers:
        per = {}
        for group in opt.param_groups:
            for p in group["params"]:
                if p in opt.state:
                    per[p] = {k: (v.detach().clone() if torch.is_tensor(v) else v) for k, v in opt.state[p].items()}
        opts.append(per)
    return {"modules": mods, "optimizers": opts, "grads": grads}


@torch.no_grad()
def restore(snap: dict, modules: Sequence[nn.Module], optimizers: Sequence[torch.optim.Optimizer]) -> None:
    """Put the snapshot back in place (same tensors, same addresses); optimiser state created since the
    snapshot is zeroed (the initial state); each parameter gets its gradient tensor back (None if it had none)."""
    for m, saved in zip(modules, snap["modules"], strict=True):
        state = m.state_dict()
        for k, v in saved.items():
            state[k].copy_(v)
    for q, grad, value in snap["grads"]:
        q.grad = grad
        if grad is not None:
            grad.copy_(value)
    for opt, saved in zip(optimizers, snap["optimizers"], strict=True):
        for group in opt.param_groups:
            for p in group["params"]:
                for k, v in opt.state.get(p, {}).items():
                    if not torch.is_tensor(v):
                        continue
                    if p in saved:
                        v.copy_(saved[p][k])
                    else:
                        v.zero_()


class CapturedStep:
    """``fn(*inputs)`` recorded once in a CUDA graph; calling it copies the inputs into the static buffers,
    replays the graph and returns copies of the (tensor) outputs.

    Parameters
    ----------
    fn : the step; returns a tensor or a tuple of tensors.
    example_inputs : tensors with the shapes, dtypes and device of the inputs (their values feed the
        warm-up, whose effects are undone).
    modules, optimizers : everything whose state the step advances (snapshotted around the warm-up).
    warmup : eager warm-up calls on a side stream before the capture.
    """

    def __init__(self, fn: Callable[..., Tensor | tuple[Tensor, ...]], example_inputs: Sequence[Tensor],
                 modules: Sequence[nn.Module], optimizers: Sequence[torch.optim.Optimizer], warmup: int = 3) -> None:
        self.inputs = [x.detach().clone() for x in example_inputs]
        snap = snapshot(modules, optimizers)
        side = torch.cuda.Stream()
        side.wait_stream(torch.cuda.current_stream())
        with torch.cuda.stream(side):
            for _ in range(warmup):
                fn(*self.inputs)
        torch.cuda.current_stream().wait_stream(side)
        restore(snap, modules, optimizers)
        torch.cuda.synchronize()
        self.graph = torch.cuda.CUDAGraph()
        with torch.cuda.graph(self.graph):
            out = fn(*self.inputs)
        self.single = torch.is_tensor(out)
        self.outputs = (out,) if self.single else tuple(out)

    def __call__(self, *inputs: Tensor) -> Tensor | tuple[Tensor, ...]:
        for buf, x in zip(self.inputs, inputs, strict=True):
            buf.copy_(x)
        self.graph.replay()
        outs = tuple(o.clone() for o in self.outputs)  # the next replay overwrites the static outputs
        return outs[0] if self.single else outs
