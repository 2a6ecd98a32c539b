"""How the training steps execute on a device -- precision, memory layout, optimiser implementation, CUDA
graphs -- as opposed to what they compute (the ``Recipe``). Recorded in a run's config.json.

* ``precision``: ``fp32`` (no TF32 anywhere), ``tf32`` (TF32 tensor cores for matmuls and convolutions, the
  CUDA default of ``auto``), ``bf16`` (forward and backward passes under ``torch.autocast`` to bfloat16,
  parameters, optimiser state and the loss reduction in float32). On the CPU ``auto`` is fp32 (TF32 is a
  CUDA notion) and bf16 uses the CPU autocast.
* ``channels_last``: models and data in the NHWC memory format (faster convolutions on tensor cores).
* ``optimizer_impl``: torch's ``default`` choice, ``foreach`` (multi-tensor kernels) or ``fused`` (one fused
  kernel; Adam only -- RMSprop has no fused implementation and uses foreach, recorded as such).
* ``cuda_graphs``: whole-step CUDA graph capture (``gantheory.neural.cuda_graphs``); off by default until a
  GPU run has verified it against the eager step; ignored (recorded as false) on the CPU.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass

import torch

PRECISIONS = ("auto", "fp32", "tf32", "bf16")
OPTIMIZER_IMPLS = ("default", "foreach", "fused")


@dataclass(frozen=True)
class Execution:
    precision: str = "auto"
    channels_last: bool = False
    optimizer_impl: str = "default"
    cuda_graphs: bool = False

    def __post_init__(self) -> None:
        if self.precision not in PRECISIONS:
            raise ValueError(f"--precision must be one of {', '.join(PRECISIONS)}, got {self.precision!r}")
        if self.optimizer_impl not in OPTIMIZER_IMPLS:
            raise ValueError(f"--optimizer-impl must be one of {', '.join(OPTIMIZER_IMPLS)}, "
                             f"got {self.optimizer_impl!r}")

    def resolve(self, device: torch.device) -> Execution:
        """The options as they take effect on ``device`` (auto precision, graphs only on CUDA)."""
        cuda = device.type == "cuda"
        precision = ("tf32" if cuda else "fp32") if self.precision == "auto" else self.precision
        return Execution(precision, self.channels_last, self.optimizer_impl, self.cuda_graphs and cuda)

    def to_dict(self) -> dict:
        return asdict(self)

    def set_matmul_flags(self) -> None:
        """TF32 on (tf32, bf16) or off (fp32) for CUDA matmuls and cuDNN convolutions (process-wide)."""
        allow = self.precision in ("tf32", "bf16")
        torch.backends.cuda.matmul.allow_tf32 = allow
        torch.backends.cudnn.allow_tf32 = allow

    def autocast(self, device: torch.device):
        """The context the forward and backward passes run in (bf16 autocast, else nothing). The autocast
        weight cache is off under CUDA graphs (a cached cast would be frozen into the graph)."""
        if self.precision != "bf16":
            return contextlib.nullcontext()
        return torch.autocast(device.type, dtype=torch.bfloat16, cache_enabled=not self.cuda_graphs)

    def optimizer_kwargs(self, kind: str) -> dict:
        """Keyword arguments for torch.optim.Adam (``kind="adam"``) or RMSprop under these options."""
        kw: dict = {}
        impl = self.optimizer_impl
        if impl == "fused" and kind != "adam":
            impl = "foreach"
        if impl == "foreach":
            kw["foreach"] = True
        elif impl == "fused":
            kw["fused"] = True
        if self.cuda_graphs:
            kw["capturable"] = True
        return kw

    def optimizer_impl_for(self, kind: str) -> str:
        return "foreach" if self.optimizer_impl == "fused" and kind != "adam" else self.optimizer_impl
