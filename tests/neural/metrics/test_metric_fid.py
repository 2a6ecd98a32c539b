import numpy as np
import pytest
import torch

from gantheory.neural.metrics import fid, fid_from_features
from gantheory.neural.metrics.fid import find_feature_file, frechet_distance, inception_features


def _with_exact_moments(rng, n, mean, cov):
    """n samples whose sample mean and unbiased sample covariance are exactly ``mean`` and ``cov``."""
    z = rng.normal(size=(n, len(mean)))
    z -= z.mean(0)
    c = np.cov(z, rowvar=False)
    white = z @ np.linalg.inv(np.linalg.cholesky(c)).T
    return white @ np.linalg.cholesky(cov).T + mean


def test_diagonal_gaussians_closed_form():
    rng = np.random.default_rng(0)
    d = 6
    m1, m2 = rng.normal(size=d), rng.normal(size=d)
    a, b = rng.uniform(0.2, 3, size=d), rng.uniform(0.2, 3, size=d)
    f1 = _with_exact_moments(rng, 200, m1, np.diag(a))
    f2 = _with_exact_moments(rng, 150, m2, np.diag(b))
    want = np.sum((m1 - m2) ** 2) + np.sum((np.sqrt(a) - np.sqrt(b)) ** 2)
    assert fid_from_features(f1, f2) == pytest.approx(want, rel=1e-8)
    assert fid_from_features(torch.tensor(f1), torch.tensor(f2)) == pytest.approx(want, rel=1e-8)


def test_general_covariances_via_eigenvalues():
    # tr (S1 S2)^(1/2) = sum of square roots of the (real, non-negative) eigenvalues of S1 S2
    rng = np.random.default_rng(1)
    d = 5
    A, B = rng.normal(size=(d, d)), rng.normal(size=(d, d))
    s1, s2 = A @ A.T + 0.1 * np.eye(d), B @ B.T + 0.1 * np.eye(d)
    mu1, mu2 = rng.normal(size=d), rng.normal(size=d)
    ev = np.linalg.eigvals(s1 @ s2)
    want = np.sum((mu1 - mu2) ** 2) + np.trace(s1) + np.trace(s2) - 2 * np.sum(np.sqrt(ev.real))
    assert frechet_distance(mu1, s1, mu2, s2) == pytest.approx(want, rel=1e-8)
    f = _with_exact_moments(rng, 100, mu1, s1)
    assert fid_from_features(f, f) == pytest.approx(0.0, abs=1e-8)


def test_bad_features_raise():
    with pytest.raises(ValueError, match="N >= 2"):
        fid_from_features(np.zeros((1, 3)), np.zeros((5, 3)))
    with pytest.raises(ValueError, match="dimensions differ"):
        fid_from_features(np.zeros((4, 3)), np.zeros((5, 2)))
    with pytest.raises(ValueError, match="NaN"):
        fid_from_features(np.full((4, 3), np.nan), np.zeros((5, 3)))


def test_missing_feature_file_is_a_one_line_error(tmp_path, monkeypatch):
    with pytest.raises(ValueError, match="absent.pt does not exist"):
        fid(np.zeros((2, 3, 8, 8), np.uint8), np.zeros((2, 3, 8, 8), np.uint8), feature_file=tmp_path / "absent.pt")
    monkeypatch.setenv("GANTHEORY_FID_FILE", str(tmp_path / "gone.pt"))
    with pytest.raises(ValueError, match="GANTHEORY_FID_FILE"):
        find_feature_file()
    (tmp_path / "junk.pt").write_bytes(b"junk")
    with pytest.raises(ValueError, match="not a loadable TorchScript module") as e:
        fid(np.zeros((2, 3, 8, 8), np.uint8), np.zeros((2, 3, 8, 8), np.uint8), feature_file=tmp_path / "junk.pt")
    assert "\n" not in str(e.value)


def test_fid_with_the_torchscript_features(fid_feature_file, monkeypatch):
    import importlib

    from gantheory.neural.metrics.inception import resize_bilinear_tf1

    fid_module = importlib.import_module("gantheory.neural.metrics.fid")  # the package attribute is the function

    ext = fid_module.load_feature_extractor(fid_feature_file)
    rng = np.random.default_rng(0)
    a = rng.integers(0, 256, size=(3, 1, 28, 28)).astype(np.uint8)
    f = inception_features(a, ext, batch_size=2)
    assert f.shape == (3, 2048) and f.dtype == np.float64 and (f >= 0).all()
    # the first image through an explicit pipeline: gray -> RGB, TF-1.x resize to 299, (x - 128) / 128
    x = resize_bilinear_tf1(torch.tensor(a[:1], dtype=torch.float32).repeat(1, 3, 1, 1), 299)
    with torch.no_grad():
        direct = ext((x - 128) / 128).double().numpy()
    np.testing.assert_allclose(f[:1], direct, rtol=1e-5, atol=1e-5)
    # end to end (reusing the loaded module): a permuted copy of the set is at distance 0, darker images are not.
    # With 3 samples in 2048 dimensions sqrtm works on a singular product and keeps ~1e-6 of the covariance
    # trace in relative precision: the zero is checked to 1e-5 of tr S1 + tr S2
    monkeypatch.setattr(fid_module, "load_feature_extractor", lambda path, device: ext)
    scale = 2 * np.trace(np.cov(f, rowvar=False))
    assert abs(fid(a, a[::-1].copy(), feature_file=fid_feature_file)) <= 1e-5 * scale
    darker = (a // 4).astype(np.uint8)
    d = fid(a, darker, feature_file=fid_feature_file)
    assert d > 1.0
    # 3 samples in 2048 dimensions: singular covariances, where sqrtm's off-diagonal is far from real but the
    # trace is right; compare with the trace from the symmetric form sqrt(S1)^T S2 sqrt(S1)
    fd = inception_features(darker, ext)
    s1, s2 = np.cov(f, rowvar=False), np.cov(fd, rowvar=False)
    w, v = np.linalg.eigh(s1)
    h = (v * np.sqrt(np.clip(w, 0, None))) @ v.T
    tr = np.sqrt(np.clip(np.linalg.eigvalsh(h @ s2 @ h), 0, None)).sum()
    want = np.sum((f.mean(0) - fd.mean(0)) ** 2) + np.trace(s1) + np.trace(s2) - 2 * tr
    assert d == pytest.approx(want, rel=1e-4)
