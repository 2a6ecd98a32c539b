"""Inception Score (Salimans et al. 2016, "Improved techniques for training GANs", Sec. 4), computed as the
torch-fidelity protocol does (``isc_features_to_metric``):

* the class scores of all N samples (logits; for Inception-v3 the 1008 unbiased logits) are shuffled with
  ``numpy.random.RandomState(seed).permutation(N)`` (seed 2020 by default);
* in float64, ``p(y|x) = softmax(logits)``; the samples are cut into ``splits`` chunks
  ``[i N // splits, (i + 1) N // splits)``;
* per chunk, ``p(y)`` is the chunk's mean of ``p(y|x)`` and the score is ``exp(mean_x KL(p(y|x) || p(y)))``;
* the result is the mean and the (population, ddof = 0) standard deviation over the chunks.

The score lies in [1, number of classes]: 1 when every p(y|x) is the same, the number of classes when the
predictions are one-hot and the classes are equally frequent. Salimans et al. use 50 000 samples and 10 splits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

DEFAULT_SEED = 2020  # torch-fidelity's rng_seed
INPUT_SIZE = 299  # the protocol's input size (gantheory.neural.metrics.inception.INPUT_SIZE)


def _as_float64(scores) -> np.ndarray:
    if hasattr(scores, "detach"):  # a torch tensor (torch is imported only where images are processed)
        return scores.detach().cpu().double().numpy()
    return np.asarray(scores, dtype=np.float64)


def inception_score(scores, splits: int = 10, seed: int | None = DEFAULT_SEED, probs: bool = False
                    ) -> tuple[float, float]:
    """Inception Score (mean, std over ``splits`` chunks) of an (N, K) array of logits, or of probabilities
    when ``probs=True`` (rows non-negative, summing to 1). ``seed=None`` keeps the given order (no shuffle).
    Non-finite values, a shape other than (N, K) with K >= 2, or N < splits raise a one-line ValueError."""
    try:
        p_in = _as_float64(scores)
    except (TypeError, ValueError) as e:
        raise ValueError(f"scores must be a numeric (N, K) array ({type(e).__name__})") from None
    if p_in.ndim != 2 or p_in.shape[1] < 2:
        raise ValueError(f"scores must be an (N, K) array with K >= 2 classes, got shape {p_in.shape}")
    if not isinstance(splits, (int, np.integer)) or splits < 1:
        raise ValueError(f"splits must be a positive integer, got {splits!r}")
    n = p_in.shape[0]
    if n < splits:
        raise ValueError(f"need at least as many samples as splits, got N={n} < splits={splits}")
    if not np.isfinite(p_in).all():
        raise ValueError("scores contain NaN or infinite values")
    if seed is not None:
        p_in = p_in[np.random.RandomState(seed).permutation(n)]
    if probs:
        if (p_in < 0).any() or not np.allclose(p_in.sum(axis=1), 1.0, atol=1e-6):
            raise ValueError("probs=True needs non-negative rows summing to 1")
        p = p_in
        with np.errstate(divide="ignore"):
            log_p = np.log(p_in)
    else:
        log_p = p_in - p_in.max(axis=1, keepdims=True)
        log_p = log_p - np.log(np.exp(log_p).sum(axis=1, keepdims=True))
        p = np.exp(log_p)
    scores_out = []
    for i in range(splits):
        sl = slice(i * n // splits, (i + 1) * n // splits)
        pc, lpc = p[sl], log_p[sl]
        q = pc.mean(axis=0, keepdims=True)
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(pc > 0, pc * (lpc - np.log(q)), 0.0)
        scores_out.append(float(np.exp(terms.sum(axis=1).mean())))
    return float(np.mean(scores_out)), float(np.std(scores_out))


def inception_score_of_images(images, model: Callable[[Any], Any], batch_size: int = 50,
                              device: Any = "cpu", splits: int = 10, seed: int | None = DEFAULT_SEED,
                              value_range: tuple[float, float] | None = None, input_size: int = INPUT_SIZE
                              ) -> tuple[float, float]:
    """Inception Score of images (N, 1 or 3, H, W), uint8 or float with ``value_range``, under ``model``
    (any module mapping preprocessed images (B, 3, input_size, input_size) to logits (B, K); for the protocol,
    :func:`gantheory.neural.metrics.inception.load_inception`'s model, whose output is the unbiased logits).
    Each batch goes through :func:`~gantheory.neural.metrics.inception.preprocess` (gray -> RGB, TF-1.x bilinear
    resize to ``input_size``, ``(x - 128) / 128``)."""
    import torch

    from gantheory.neural.metrics.inception import preprocess, to_uint8

    u8 = to_uint8(images, value_range)
    n = u8.shape[0]
    if n < splits:
        raise ValueError(f"need at least as many images as splits, got N={n} < splits={splits}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be positive, got {batch_size}")
    if isinstance(model, torch.nn.Module):
        model.eval()
    out = []
    for s in range(0, n, batch_size):
        x = preprocess(u8[s:s + batch_size], input_size).to(device)
        with torch.no_grad():
            logits = model(x)
        if not torch.is_tensor(logits) or logits.ndim != 2 or logits.shape[0] != x.shape[0]:
            raise ValueError(f"model must map a batch of {x.shape[0]} images to (B, K) logits, got "
                             f"{getattr(logits, 'shape', type(logits).__name__)}")
        out.append(logits.detach().double().cpu())
    return inception_score(torch.cat(out), splits=splits, seed=seed)
