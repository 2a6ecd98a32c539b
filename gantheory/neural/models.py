"""DC-GAN generators and discriminators of the improved-WGAN reference code (Gulrajani et al. 2017), as
used in the paper's experiments (Sections 2 and 6): 4-layer CNNs with a width parameter ``DIM``.

Variants (layer lists: docs/references.md, after Gulrajani et al. 2017):

* ``mnist`` (28x28x1, DIM = 64): G: Linear(z -> 4*4*4D), ReLU, deconv 5x5 4D -> 2D (4 -> 8), ReLU, crop
  to 7x7, deconv 2D -> D (7 -> 14), ReLU, deconv D -> 1 (14 -> 28), sigmoid. D: conv 5x5 stride 2
  1 -> D (28 -> 14), LeakyReLU 0.2, conv D -> 2D (14 -> 7), conv 2D -> 4D (7 -> 4), Linear(4*4*4D -> 1).
* ``cifar`` (32x32x3, DIM = 128): G: Linear(z -> 4*4*4D) + BN + ReLU, deconv 4D -> 2D + BN + ReLU,
  deconv 2D -> D + BN + ReLU, deconv D -> 3, tanh. D: conv 3 -> D, LeakyReLU, conv D -> 2D, conv
  2D -> 4D (32 -> 16 -> 8 -> 4), Linear(4*4*4D -> 1).
* ``64x64`` (64x64x3, DIM = 64; CelebA): G: Linear(z -> 4*4*8D) + BN + ReLU, four deconvs 8D -> 4D ->
  2D -> D -> 3 (4 -> 64) with BN + ReLU between, tanh; D mirrors it with four convs 3 -> D -> 2D -> 4D
  -> 8D and Linear(4*4*8D -> 1); weights initialised N(0, 0.02).

Generator styles (``ModelSpec.generator``) for the ``mnist`` variant:

* ``reference``: the improved-WGAN reference's MNIST generator above (sigmoid output, data in [0, 1]);
* ``bn-tanh``: the DCGAN setting of Miyato et al. (2018, "Spectral normalization for generative
  adversarial networks", Appendix B.4 / their reference implementation), whose spectral normalisation the
  paper's SN-GAN runs use: batch norm after every generator layer but the last and a tanh output, with
  the data scaled to [-1, 1]. The layer shapes stay the reference's 28x28 ones above (Miyato et al.
  have no MNIST network). :func:`data_to_model` and :func:`model_to_data` convert between the data
  set's range ([0, 1] for one-channel images) and the model's.

The ``cifar`` and ``64x64`` generators already have batch norm and tanh in both styles.

Batch norm: in the generator as listed (the MNIST generator has it after its first three layers only
when ``batchnorm=True``, as the reference enables it in weight-clipping mode); in the discriminator
only when ``batchnorm=True`` (the weight-clipping recipe), after its second and further convolutions.
``spectral_norm=True`` wraps every discriminator layer (convolutions and the final linear map) in
spectral normalisation (the SN recipes). The discriminator returns one real number per sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from torch import nn

VARIANTS = {"mnist": (1, 28, 64), "cifar": (3, 32, 128), "64x64": (3, 64, 64)}
GENERATORS = ("reference", "bn-tanh")


@dataclass(frozen=True)
class ModelSpec:
    variant: str = "mnist"
    dim: int = 64
    z_dim: int = 128
    batchnorm_d: bool = False  # weight-clipping recipe
    batchnorm_g: bool = True
    spectral_norm: bool = False  # SN recipes
    generator: str = "reference"  # or "bn-tanh" (Miyato et al.'s DCGAN setting; forces batch norm in G)

    def __post_init__(self) -> None:
        if self.variant not in VARIANTS:
            raise ValueError(f"unknown model variant {self.variant!r}; choose from {', '.join(VARIANTS)}")
        if self.generator not in GENERATORS:
            raise ValueError(f"unknown generator style {self.generator!r}; choose from {', '.join(GENERATORS)}")
        for name in ("dim", "z_dim"):
            v = getattr(self, name)
            if not isinstance(v, int) or v < 1:
                raise ValueError(f"{name} must be a positive integer, got {v!r}")

    @property
    def image_shape(self) -> tuple[int, int, int]:
        c, s, _ = VARIANTS[self.variant]
        return (c, s, s)

    @property
    def tanh_output(self) -> bool:
        """Whether G ends in tanh (images in [-1, 1]); the reference MNIST generator ends in a sigmoid."""
        return self.variant != "mnist" or self.generator == "bn-tanh"

    @property
    def rescaled(self) -> bool:
        """Whether the model's image range differs from the data set's (MNIST-like data in [0, 1], tanh G)."""
        return self.variant == "mnist" and self.generator == "bn-tanh"


def data_to_model(spec: ModelSpec, x):
    """Images from the data set's range to the model's: 2 x - 1 for a tanh MNIST generator, else unchanged.

    Parameters
    ----------
    spec : ModelSpec
    x : torch.Tensor or numpy.ndarray
        Images (N, C, H, W) in the data set's range.

    Returns
    -------
    The images in the range of the model's generator output.
    """
    return 2 * x - 1 if spec.rescaled else x


def model_to_data(spec: ModelSpec, x):
    """Inverse of :func:`data_to_model`: generator outputs back to the data set's range (for scores, grids)."""
    return (x + 1) / 2 if spec.rescaled else x


def _deconv(cin: int, cout: int) -> nn.ConvTranspose2d:
    """5x5 transposed convolution doubling the spatial size."""
    return nn.ConvTranspose2d(cin, cout, 5, stride=2, padding=2, output_padding=1)


def _conv(cin: int, cout: int) -> nn.Conv2d:
    """5x5 convolution with stride 2 (halving, rounding up)."""
    return nn.Conv2d(cin, cout, 5, stride=2, padding=2)


class Generator(nn.Module):
    def __init__(self, spec: ModelSpec) -> None:
        super().__init__()
        self.spec = spec
        D, v = spec.dim, spec.variant
        bn = spec.batchnorm_g or spec.generator == "bn-tanh"
        if v == "64x64":
            self.base = 8 * D
            chans = [8 * D, 4 * D, 2 * D, D]
        else:
            self.base = 4 * D
            chans = [4 * D, 2 * D, D]
        self.fc = nn.Linear(spec.z_dim, 4 * 4 * self.base)
        self.fc_bn = nn.BatchNorm1d(4 * 4 * self.base) if bn else nn.Identity()
        ups = []
        for cin, cout in zip(chans[:-1], chans[1:], strict=True):
            ups.append(nn.ModuleDict({"deconv": _deconv(cin, cout),
                                      "bn": nn.BatchNorm2d(cout) if bn else nn.Identity()}))
        self.ups = nn.ModuleList(ups)
        self.out = _deconv(chans[-1], spec.image_shape[0])
        if v == "64x64":
            for m in self.modules():
                if isinstance(m, (nn.Linear, nn.ConvTranspose2d)):
                    nn.init.normal_(m.weight, 0.0, 0.02)
                    nn.init.zeros_(m.bias)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        h = torch.relu(self.fc_bn(self.fc(z))).view(-1, self.base, 4, 4)
        for i, blk in enumerate(self.ups):
            h = torch.relu(blk["bn"](blk["deconv"](h)))
            if self.spec.variant == "mnist" and i == 0:
                h = h[:, :, :7, :7]  # the reference crops 8x8 to 7x7
        h = self.out(h)
        return torch.tanh(h) if self.spec.tanh_output else torch.sigmoid(h)

    def to_data(self, x: torch.Tensor) -> torch.Tensor:
        """Generated images mapped to the data set's range (:func:`model_to_data`)."""
        return model_to_data(self.spec, x)


class Discriminator(nn.Module):
    def __init__(self, spec: ModelSpec) -> None:
        super().__init__()
        self.spec = spec
        D = spec.dim
        cin = spec.image_shape[0]
        chans = [cin, D, 2 * D, 4 * D] + ([8 * D] if spec.variant == "64x64" else [])
        sn = nn.utils.parametrizations.spectral_norm if spec.spectral_norm else (lambda m: m)
        layers = []
        for i, (a, b) in enumerate(zip(chans[:-1], chans[1:], strict=True)):
            layers.append(nn.ModuleDict({"conv": sn(_conv(a, b)),
                                         "bn": nn.BatchNorm2d(b) if (spec.batchnorm_d and i > 0) else nn.Identity()}))
        self.layers = nn.ModuleList(layers)
        self.final_channels = chans[-1]
        self.fc = sn(nn.Linear(4 * 4 * chans[-1], 1))
        if spec.variant == "64x64":
            for m in self.modules():
                if isinstance(m, (nn.Linear, nn.Conv2d)):
                    w = m.parametrizations.weight.original if hasattr(m, "parametrizations") else m.weight
                    nn.init.normal_(w, 0.0, 0.02)
                    nn.init.zeros_(m.bias)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = x
        for blk in self.layers:
            h = nn.functional.leaky_relu(blk["bn"](blk["conv"](h)), 0.2)
        return self.fc(h.flatten(1)).squeeze(1)


def build(spec: ModelSpec) -> tuple[Generator, Discriminator]:
    """The generator and discriminator of a spec."""
    return Generator(spec), Discriminator(spec)
