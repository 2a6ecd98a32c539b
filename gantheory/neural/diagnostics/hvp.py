"""V(theta, w) of a (G, D) pair as a deterministic function of flat parameter vectors, and its Hessian-vector
products, all on the models' device.

The minimax objective V(G_theta, D_w) of eq. (5) (eq. (8) for the Wasserstein recipes, eq. (6) for the vanilla
GAN, eq. (9) for the exact W2GAN of :mod:`.exact`) is evaluated on a *fixed* evaluation set -- one real batch
and one noise batch -- so it is a fixed function of (theta, w) whose derivatives are well defined:

* batch norm: :func:`freeze_for_diagnostics` removes the running statistics, so every batch-norm layer
  normalises with the statistics of the batch it sees, as in training mode (D(real) and D(fake) are separate
  calls, as in training); nothing is updated by a forward pass;
* spectral normalisation: the modules are put in eval mode, which freezes the power iteration (u, v stay
  as stored in the checkpoint), so sigma(W) = u^T W v is a fixed differentiable function of W.

Hessian-vector products, two ways (both stay on the device; no tensor goes to the host per product):

* ``mode="autograd"``: double backprop. The gradient's graph is built once (``create_graph=True``) and
  each product is one more backward pass through it (``retain_graph=True``);
* ``mode="func"``: forward-over-reverse ``torch.func.jvp(torch.func.grad(f))`` on the flat vector, with
  ``torch.func.functional_call``; each product recomputes the forward and backward passes.

The game Jacobian is the Jacobian of the simultaneous-gradient field F(theta, w) = (grad_theta V, -grad_w V)
(the generator minimises V, the discriminator maximises it; gradient descent-ascent follows -F):
J = [[H_tt, H_tw], [-H_wt, -H_ww]]. A local Nash equilibrium (Sec. 3, eq. (2) locally) needs H_tt PSD and
H_ww NSD, i.e. J's symmetric part PSD; its antisymmetric part [[0, H_tw], [-H_wt, 0]] is the rotational part.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import torch
from torch import nn

BLOCKS = ("G", "D", "full")


def freeze_for_diagnostics(module: nn.Module, power_iteration: bool = False) -> nn.Module:
    """A deep copy of ``module`` in eval mode whose batch-norm layers always use batch statistics (running
    statistics removed, so nothing is updated) and whose spectral-norm power iteration is frozen (unless
    ``power_iteration``: then the copy's spectral-norm parametrisations stay in training mode and update
    their own u, v, as in training -- used when a copy of D is optimised). Parameters require grad."""
    m = copy.deepcopy(module)
    for sub in m.modules():
        if isinstance(sub, nn.modules.batchnorm._BatchNorm):
            sub.track_running_stats = False
            sub.running_mean = None
            sub.running_var = None
            sub.num_batches_tracked = None
    m.eval()
    if power_iteration:
        for sub in m.modules():
            if type(sub).__name__ == "_SpectralNorm":
                sub.train()
    for p in m.parameters():
        p.requires_grad_(True)
    return m


class ValuePair(nn.Module):
    """Holds G and D (submodules ``G`` and ``D``) and evaluates ``fn(G, D, real, z)``; one module so that
    ``functional_call`` can swap the parameters of both players at once."""

    def __init__(self, G: nn.Module, D: nn.Module, fn: Callable) -> None:
        super().__init__()
        self.G = G
        self.D = D
        self._fn = fn

    def forward(self, real: torch.Tensor | None = None, z: torch.Tensor | None = None) -> torch.Tensor:
        return self._fn(self.G, self.D, real, z)


def flatten(tensors) -> torch.Tensor:
    return torch.cat([t.reshape(-1) for t in tensors])


class GameFunctions:
    """V(theta, w) on a fixed evaluation batch, with flat parameter views of the generator (block ``"G"``),
    the discriminator (``"D"``) and both (``"full"``: theta first, then w).

    ``pair`` is a :class:`ValuePair` (already frozen with :func:`freeze_for_diagnostics` for neural models);
    ``real`` and ``z`` are the fixed evaluation batch passed to it on every call.
    """

    def __init__(self, pair: ValuePair, real: torch.Tensor | None = None, z: torch.Tensor | None = None) -> None:
        self.pair = pair
        self.inputs = (real, z)
        named = [(n, p) for n, p in pair.named_parameters() if p.requires_grad]
        self.names = {k: [n for n, _ in named if n.startswith(k + ".")] for k in ("G", "D")}
        self.names["full"] = self.names["G"] + self.names["D"]
        self._params = dict(named)
        self.buffers = dict(pair.named_buffers())
        self.shapes = {n: p.shape for n, p in named}
        if not self.names["G"] or not self.names["D"]:
            raise ValueError("the pair must have trainable parameters in both G and D")
        self._cache: dict = {}

    # -- sizes and flat views -------------------------------------------------------------------------------
    def size(self, block: str) -> int:
        _check_block(block)
        return sum(self._params[n].numel() for n in self.names[block])

    @property
    def n_theta(self) -> int:
        return self.size("G")

    @property
    def n_w(self) -> int:
        return self.size("D")

    @property
    def device(self) -> torch.device:
        return next(iter(self._params.values())).device

    @property
    def dtype(self) -> torch.dtype:
        return next(iter(self._params.values())).dtype

    def params(self, block: str) -> list[torch.Tensor]:
        _check_block(block)
        return [self._params[n] for n in self.names[block]]

    def flat(self, block: str) -> torch.Tensor:
        """The current parameters of a block as one detached flat vector."""
        return flatten([p.detach() for p in self.params(block)])

    def unflatten(self, block: str, x: torch.Tensor) -> dict[str, torch.Tensor]:
        out, i = {}, 0
        for n in self.names[block]:
            k = self._params[n].numel()
            out[n] = x[i:i + k].view(self.shapes[n])
            i += k
        return out

    # -- the value --------------------------------------------------------------------------------------------
    def value(self, theta: torch.Tensor | None = None, w: torch.Tensor | None = None) -> torch.Tensor:
        """V(theta, w) on the evaluation batch (None: the current parameters of that player)."""
        if theta is None and w is None:
            return self.pair(*self.inputs)
        swap = dict(self.buffers)
        if theta is not None:
            swap.update(self.unflatten("G", theta))
        if w is not None:
            swap.update(self.unflatten("D", w))
        return torch.func.functional_call(self.pair, swap, self.inputs, strict=False)

    def block_function(self, block: str) -> Callable[[torch.Tensor], torch.Tensor]:
        """x -> V with the block's parameters replaced by the flat vector x (the other block fixed)."""
        _check_block(block)
        if block == "G":
            return lambda x: self.value(theta=x)
        if block == "D":
            return lambda x: self.value(w=x)
        nt = self.n_theta
        return lambda x: self.value(theta=x[:nt], w=x[nt:])

    def gradient(self, block: str = "full") -> torch.Tensor:
        """grad of V with respect to the block's flat parameters."""
        return flatten(torch.autograd.grad(self.value(), self.params(block)))

    # -- Hessian-vector products -----------------------------------------------------------------------------
    def hvp(self, block: str, v: torch.Tensor, mode: str = "autograd", cached: bool = True) -> torch.Tensor:
        """H v with H the Hessian of V in the block's parameters (``"full"``: the whole Hessian of V in
        (theta, w)). ``mode="autograd"`` (double backprop; with ``cached`` the gradient graph is built once
        and reused) or ``"func"`` (torch.func.jvp of torch.func.grad)."""
        _check_block(block)
        v = v.to(device=self.device, dtype=self.dtype)
        if mode == "autograd":
            params = self.params(block)
            if cached:
                if block not in self._cache:
                    self._cache[block] = flatten(torch.autograd.grad(self.value(), params, create_graph=True))
                g = self._cache[block]
            else:
                g = flatten(torch.autograd.grad(self.value(), params, create_graph=True))
            return flatten(torch.autograd.grad(g, params, grad_outputs=v, retain_graph=cached, allow_unused=True,
                                           materialize_grads=True))
        if mode == "func":
            f = self.block_function(block)
            with torch.no_grad():  # the transforms ignore an outer no_grad; it stops a graph through the other block
                _, hv = torch.func.jvp(torch.func.grad(f), (self.flat(block),), (v,))
            return hv
        raise ValueError(f"mode must be autograd or func, got {mode!r}")

    def operator(self, block: str, mode: str = "autograd") -> Callable[[torch.Tensor], torch.Tensor]:
        """v -> H v for the block (see :meth:`hvp`)."""
        return lambda v: self.hvp(block, v, mode=mode)

    def jacobian_operator(self, mode: str = "autograd") -> Callable[[torch.Tensor], torch.Tensor]:
        """v -> J v for the game Jacobian J = [[H_tt, H_tw], [-H_wt, -H_ww]] of F = (grad_theta V, -grad_w V)."""
        nt = self.n_theta

        def jv(v: torch.Tensor) -> torch.Tensor:
            hv = self.hvp("full", v, mode=mode)
            return torch.cat([hv[:nt], -hv[nt:]])

        return jv

    def clear_cache(self) -> None:
        self._cache.clear()

    # -- dense (small models) ----------------------------------------------------------------------------------
    def dense_hessian(self, block: str = "full", chunk: int = 256) -> torch.Tensor:
        """The dense Hessian of V in the block, column by column from cached double-backprop products
        (batched with ``is_grads_batched``), symmetrised. For small parameter counts only."""
        n = self.size(block)
        params = self.params(block)
        g = flatten(torch.autograd.grad(self.value(), params, create_graph=True))
        eye = torch.eye(n, device=self.device, dtype=self.dtype)
        cols = []
        for i in range(0, n, chunk):
            try:
                out = torch.autograd.grad(g, params, grad_outputs=eye[i:i + chunk], retain_graph=True,
                                          is_grads_batched=True, allow_unused=True, materialize_grads=True)
                cols.append(torch.cat([o.reshape(o.shape[0], -1) for o in out], dim=1))
            except RuntimeError:  # an op without a batching rule: one product at a time
                cols.append(torch.stack([flatten(torch.autograd.grad(g, params, grad_outputs=e, retain_graph=True,
                                                                     allow_unused=True, materialize_grads=True))
                                         for e in eye[i:i + chunk]]))
        H = torch.cat(cols, dim=0)
        return 0.5 * (H + H.T)

    def dense_jacobian(self) -> torch.Tensor:
        """The dense game Jacobian [[H_tt, H_tw], [-H_wt, -H_ww]]."""
        H = self.dense_hessian("full")
        nt = self.n_theta
        J = H.clone()
        J[nt:] = -J[nt:]
        return J


def _check_block(block: str) -> None:
    if block not in BLOCKS:
        raise ValueError(f"block must be one of {', '.join(BLOCKS)}, got {block!r}")
