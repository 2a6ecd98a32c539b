"""The Fashion-MNIST classifier score on a generated fixture in the Debian package's IDX layout (so CI needs
no download), and on the real package when it is installed."""

import gzip

import numpy as np
import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural import data as gd  # noqa: E402
from gantheory.neural.metrics import classifier as clf  # noqa: E402
from gantheory.neural.scores import default_scores, make_scorer  # noqa: E402


def _write_idx(path, arr):
    header = bytes([0, 0, 0x08, arr.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in arr.shape)
    with gzip.open(path, "wb") as fh:
        fh.write(header + arr.astype(np.uint8).tobytes())


def _banded(rng, labels):
    """Class k: a bright horizontal band on rows 5 (k mod 5) + 2 .. + 4, and for k >= 5 also a vertical bar on
    columns 12-15, over dim noise: classes stay apart under the classifier's +-2 pixel shifts."""
    x = rng.integers(0, 60, (len(labels), 28, 28))
    for i, k in enumerate(labels):
        r = 5 * (k % 5) + 2
        x[i, r: r + 3, 3:25] = 255
        if k >= 5:
            x[i, 3:25, 12:16] = 255
    return x


@pytest.fixture(scope="module")
def fashion_fixture(tmp_path_factory):
    d = tmp_path_factory.mktemp("fashion")
    rng = np.random.default_rng(0)
    for prefix, n in (("train", 3000), ("t10k", 200)):
        y = np.arange(n) % 10
        _write_idx(d / f"{prefix}-images-idx3-ubyte.gz", _banded(rng, y))
        _write_idx(d / f"{prefix}-labels-idx1-ubyte.gz", y)
    return d


def test_fashion_score_on_fixture(fashion_fixture, tmp_path, monkeypatch):
    monkeypatch.setenv("GANTHEORY_FASHION_MNIST", str(fashion_fixture))
    ds = gd.load("fashion-mnist")
    assert default_scores("mnist", ds.name) == ("sliced-w", "fashion-is")
    score = make_scorer(("fashion-is",), ds.heldout, cache_dir=str(tmp_path))
    balanced = score(ds.heldout)["fashion_is"]  # 10 classes, 20 images each, each classified confidently
    one_class = score(ds.heldout[ds.heldout_labels == 3])["fashion_is"]
    assert balanced > 8.0 and one_class < 1.5
    _, info = clf.get_classifier(tmp_path, clf.FASHION_CONFIG)  # cached by the scorer's first call
    assert info["config"]["data"] == "fashion-mnist" and info["heldout_accuracy"] >= 0.95
    assert len(list(tmp_path.glob("mnist_classifier_*.pt"))) == 1


@pytest.mark.skipif(not gd.FASHION_MNIST_DEBIAN_DIR.is_dir(),
                    reason="Debian's dataset-fashion-mnist is not installed (apt-get install -y dataset-fashion-mnist)")
def test_fashion_classifier_on_the_package(monkeypatch):
    monkeypatch.delenv("GANTHEORY_FASHION_MNIST", raising=False)
    model, info = clf.get_classifier(config=clf.FASHION_CONFIG)  # the user cache: trained once (about a minute)
    ds = gd.load("fashion-mnist")
    acc = clf.accuracy(model, ds.heldout[:2000], ds.heldout_labels[:2000])
    assert acc >= 0.85  # a small CNN reaches about 0.9 on Fashion-MNIST
    assert abs(acc - info["heldout_accuracy"]) < 0.03  # the recorded accuracy is that of the full test set
