import json
import shutil

import numpy as np
import pytest
import torch

from gantheory.neural.data import load
from gantheory.neural.metrics import classifier as clf
from gantheory.neural.metrics import classifier_score


@pytest.fixture(scope="session")
def trained(tmp_path_factory):
    """One real training run per session, into the session's cache (``$GANTHEORY_CACHE``: a fresh temporary
    directory per test session, see tests/conftest.py), where the scoring code of the other tests (mnist-is)
    finds it instead of training the same classifier again; then copied, with the check that the training left
    exactly its two files there, into a cache of its own for the tests below (which add entries to it)."""
    session_cache = clf.cache_directory()
    clf.get_classifier(session_cache)
    key = clf.ClassifierConfig().key()
    names = [f"mnist_classifier_{key}.json", f"mnist_classifier_{key}.pt"]
    assert sorted(p.name for p in session_cache.glob(f"mnist_classifier_{key}*")) == names  # no .tmp left
    cache = tmp_path_factory.mktemp("gantheory_cache")
    for name in names:
        shutil.copyfile(session_cache / name, cache / name)
    model, info = clf.get_classifier(cache)
    return cache, model, info


@pytest.fixture(scope="session")
def mnist():
    return load(None)


def test_classifier_accuracy_on_heldout(trained, mnist):
    cache, model, info = trained
    assert info["heldout_accuracy"] >= 0.9  # sanity bound; the run gives ~0.97
    # recomputed independently of the training code: argmax of the cached model vs labels
    with torch.no_grad():
        pred = model(torch.as_tensor(mnist.heldout)).argmax(1).numpy()
    assert (pred == mnist.heldout_labels).mean() == pytest.approx(info["heldout_accuracy"])
    files = sorted(p.name for p in cache.iterdir())
    key = clf.ClassifierConfig().key()
    assert files == [f"mnist_classifier_{key}.json", f"mnist_classifier_{key}.pt"]
    assert json.loads((cache / files[0]).read_text())["config"]["epochs"] == clf.ClassifierConfig().epochs


def test_real_heldout_digits_score_near_ten(trained, mnist):
    cache, model, _ = trained
    out = classifier_score(mnist.heldout, cache_dir=cache)
    print(f"classifier IS of the 1000 held-out digits: {out['mnist_is']:.3f} +- {out['mnist_is_std']:.3f}")
    assert out["mnist_is"] > 8.0
    assert out["n"] == 1000 and sum(out["class_histogram"]) == 1000
    # the extra statistics, recomputed with numpy from the model's probabilities
    with torch.no_grad():
        p = torch.softmax(model(torch.as_tensor(mnist.heldout)).double(), 1).numpy()
    freq = np.bincount(p.argmax(1), minlength=10) / 1000
    assert out["class_entropy"] == pytest.approx(-(freq[freq > 0] * np.log(freq[freq > 0])).sum(), rel=1e-9)
    assert out["class_entropy"] > np.log(10) - 0.01  # 100 digits per class in the held-out split
    assert out["mean_max_prob"] == pytest.approx(p.max(1).mean(), rel=1e-9)
    assert out["classifier_accuracy"] == pytest.approx(clf.get_classifier(cache)[1]["heldout_accuracy"])


def test_noise_scores_low(trained):
    cache, _, _ = trained
    rng = np.random.default_rng(0)
    noise = rng.random((500, 1, 28, 28)).astype(np.float32)
    out = classifier_score(noise, cache_dir=cache)
    print(f"classifier IS of uniform noise: {out['mnist_is']:.3f}")
    assert out["mnist_is"] < 3.0
    blank = classifier_score(np.zeros((100, 1, 28, 28), np.uint8), cache_dir=cache)
    assert blank["mnist_is"] == pytest.approx(1.0, abs=1e-6)  # identical inputs -> identical p(y|x)


def test_cache_is_reused_and_keyed_by_config(trained, monkeypatch):
    cache, model, info = trained
    calls = []

    def fake_train(config):
        calls.append(config)
        return clf.MnistClassifier(), 0.5

    monkeypatch.setattr(clf, "train_classifier", fake_train)
    again, info2 = clf.get_classifier(cache)
    assert calls == [] and info2 == info
    for a, b in zip(again.state_dict().values(), model.state_dict().values(), strict=True):
        assert torch.equal(a, b)
    other = clf.ClassifierConfig(epochs=1)
    assert other.key() != clf.ClassifierConfig().key()
    _, info3 = clf.get_classifier(cache, other)
    assert len(calls) == 1 and info3["heldout_accuracy"] == 0.5
    clf.get_classifier(cache, other)
    assert len(calls) == 1


def test_cache_dir_resolution(monkeypatch, tmp_path):
    monkeypatch.setenv("GANTHEORY_CACHE", str(tmp_path / "env"))
    assert clf.cache_directory() == tmp_path / "env"
    assert clf.cache_directory(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.delenv("GANTHEORY_CACHE")
    assert clf.cache_directory().parts[-2:] == (".cache", "gantheory")


def test_bad_images_raise(trained):
    cache, _, _ = trained
    with pytest.raises(ValueError, match=r"\(N, 1, 28, 28\)"):
        classifier_score(np.zeros((20, 3, 32, 32), np.float32), cache_dir=cache)
    with pytest.raises(ValueError, match="NaN"):
        classifier_score(np.full((20, 1, 28, 28), np.nan, np.float32), cache_dir=cache)
    with pytest.raises(ValueError, match="splits"):
        classifier_score(np.zeros((5, 1, 28, 28), np.float32), cache_dir=cache)


def test_random_shift_translates_without_loss_for_centred_digits():
    g = torch.Generator().manual_seed(0)
    x = torch.zeros(50, 1, 28, 28)
    x[:, 0, 10:18, 9:20] = torch.rand(50, 8, 11, generator=g)
    y = clf.random_shift(x, 2, g)
    assert y.shape == x.shape
    for i in range(50):
        a, b = x[i, 0].numpy(), y[i, 0].numpy()
        matches = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)
                   if np.array_equal(np.roll(a, (dy, dx), axis=(0, 1)), b)]
        assert len(matches) == 1
    assert torch.equal(clf.random_shift(x, 0, g), x)
