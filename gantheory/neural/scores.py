"""Sample-quality scores used by the probes, the figures and Table 1, chosen by name.

* ``sliced-w``: the sliced Wasserstein-2 distance between generated and held-out real images (200
  random projections, computed in torch; lower is better). Needs no outside weights and no POT.
* ``mnist-is``: the Inception-Score protocol (Salimans et al. 2016) applied to the 10-class
  probabilities of the project's own MNIST classifier (trained once on the embedded MNIST training
  split and cached; higher is better, at most 10). Only for MNIST-shaped images.
* ``fashion-is``: the same with the project's Fashion-MNIST classifier (trained once on the 60 000 training
  images of Debian's ``dataset-fashion-mnist``, cached; ``FASHION_CONFIG`` of
  :mod:`gantheory.neural.metrics.classifier`).
* ``inception``: the Inception Score itself, given a path to the Inception-v3 weights (torch-fidelity
  protocol; ``inception_weights``).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gantheory._validation import InputError
from gantheory.neural.metrics.inception_score import inception_score_of_images

SCORE_NAMES = ("sliced-w", "mnist-is", "fashion-is", "inception")


def default_scores(variant: str, data_name: str) -> tuple[str, ...]:
    """Weight-free scores that apply to a data set: always sliced-w, mnist-is on MNIST digits, fashion-is on
    Fashion-MNIST."""
    if variant == "mnist" and data_name.startswith("mnist"):
        return ("sliced-w", "mnist-is")
    if variant == "mnist" and data_name.startswith("fashion-mnist"):
        return ("sliced-w", "fashion-is")
    return ("sliced-w",)


def make_scorer(names: tuple[str, ...] | list[str], heldout: np.ndarray, *, seed: int = 0,
                inception_weights: str | None = None, device: str = "cpu",
                cache_dir: str | None = None) -> Callable[[np.ndarray], dict]:
    """A function images -> {score name: value} for the named scores (validated here, once)."""
    names = tuple(names)
    for n in names:
        if n not in SCORE_NAMES:
            raise InputError(f"unknown score {n!r}; choose from {', '.join(SCORE_NAMES)}")
    for n in ("mnist-is", "fashion-is"):
        if n in names and tuple(heldout.shape[1:]) != (1, 28, 28):
            raise InputError(f"the {n} score needs 1x28x28 images")
    if "inception" in names and not inception_weights:
        raise InputError("the inception score needs --inception-weights PATH (Inception-v3 2015-12-05 weights)")
    model = None
    if "inception" in names:
        from gantheory.neural.metrics.inception import load_inception

        model = load_inception(inception_weights).to(device)

    def score(images: np.ndarray) -> dict:
        out: dict = {}
        if "sliced-w" in names:
            from gantheory.neural.metrics.sliced import sliced_wasserstein

            out["sliced_w"] = sliced_wasserstein(images, heldout[: len(images)], n_projections=200, seed=seed)
        if "mnist-is" in names:
            from gantheory.neural.metrics.classifier import classifier_score

            out["mnist_is"] = classifier_score(images, cache_dir=cache_dir)["mnist_is"]
        if "fashion-is" in names:
            from gantheory.neural.metrics.classifier import FASHION_CONFIG, classifier_score

            out["fashion_is"] = classifier_score(images, cache_dir=cache_dir, config=FASHION_CONFIG)["mnist_is"]
        if "inception" in names:

            mean, std = inception_score_of_images(images, model, device=device, seed=seed)
            out["inception_score"], out["inception_score_std"] = mean, std
        return out

    return score
