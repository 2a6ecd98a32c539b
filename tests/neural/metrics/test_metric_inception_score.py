import numpy as np
import pytest
import torch

from gantheory.neural.metrics import inception_score, inception_score_of_images
from gantheory.neural.metrics.inception import INPUT_SIZE
from gantheory.neural.metrics.inception_score import INPUT_SIZE as IS_INPUT_SIZE


def test_uniform_predictions_score_one():
    m, s = inception_score(np.zeros((100, 7)))
    assert m == pytest.approx(1.0, abs=1e-12) and s == pytest.approx(0.0, abs=1e-12)
    m, _ = inception_score(np.full((50, 4), 0.25), splits=5, probs=True)
    assert m == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize("k", [2, 5, 10])
def test_confident_balanced_predictions_score_k(k):
    n = 20 * k
    logits = np.full((n, k), -60.0)
    logits[np.arange(n), np.arange(n) % k] = 60.0
    # no shuffle: each of the 10 chunks of 2k samples holds every class exactly twice
    m, s = inception_score(logits, splits=10, seed=None)
    assert m == pytest.approx(k, abs=1e-6) and s < 1e-6


def test_two_class_example_by_hand():
    # p(y|x) rows; the IS of one chunk is exp(mean_x sum_y p log(p / p_y)), written out with numpy only
    logits = np.array([[2.0, 0.0], [0.0, 1.0], [0.5, 0.5], [3.0, -1.0]])
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    py = p.mean(0)
    want = np.exp(np.mean([sum(p[i, y] * np.log(p[i, y] / py[y]) for y in range(2)) for i in range(4)]))
    m, s = inception_score(logits, splits=1, seed=None)
    assert m == pytest.approx(want, rel=1e-12) and s == 0.0
    assert 1.0 < m < 2.0
    m2, _ = inception_score(p, splits=1, seed=None, probs=True)
    assert m2 == pytest.approx(want, rel=1e-12)


def test_shuffle_and_split_boundaries_follow_torch_fidelity():
    """Chunks [i N // s, (i + 1) N // s) after numpy RandomState(seed).permutation; population std over chunks."""
    rng = np.random.default_rng(3)
    logits = rng.normal(size=(23, 3)) * 3
    perm = np.random.RandomState(2020).permutation(23)
    x = logits[perm]
    p = np.exp(x - x.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    vals = []
    for i in range(4):
        c = p[i * 23 // 4:(i + 1) * 23 // 4]
        vals.append(np.exp(np.mean(np.sum(c * (np.log(c) - np.log(c.mean(0))), axis=1))))
    m, s = inception_score(torch.tensor(logits), splits=4)
    assert m == pytest.approx(np.mean(vals), rel=1e-12) and s == pytest.approx(np.std(vals), rel=1e-9)
    m_other, _ = inception_score(logits, splits=4, seed=7)
    assert m_other != pytest.approx(m, rel=1e-9)


def test_bad_input_raises_one_line_errors():
    for bad, match in [(np.full((20, 3), np.nan), "NaN"), (np.zeros(10), "shape"), (np.zeros((5, 3)), "N=5"),
                       (np.zeros((20, 1)), "K >= 2"), (np.full((20, 3), 0.5), "summing to 1")]:
        with pytest.raises(ValueError, match=match) as e:
            inception_score(bad, probs=match == "summing to 1")
        assert "\n" not in str(e.value)
    with pytest.raises(ValueError, match="splits"):
        inception_score(np.zeros((20, 3)), splits=0)


class BrightnessNet(torch.nn.Module):
    """Stand-in classifier with 10 classes: class k when the image mean (in the preprocessed [-1, 1) scale) is
    nearest to -0.9 + 0.2 k; very peaked logits. Records its inputs."""

    def __init__(self):
        super().__init__()
        self.centres = torch.nn.Parameter(-0.9 + 0.2 * torch.arange(10.0), requires_grad=False)
        self.seen = []

    def forward(self, x):
        self.seen.append(x.clone())
        m = x.mean(dim=(1, 2, 3))
        return -1e4 * (m[:, None] - self.centres[None]) ** 2


def test_image_path_with_stand_in_network_gives_k():
    # 100 gray images, constant level per class, classes cycling 0..9 so every unshuffled chunk is balanced
    levels = np.round((np.arange(10) * 0.2 - 0.9) * 128 + 128).astype(np.uint8)
    imgs = np.repeat(levels[np.arange(100) % 10], 12 * 12).reshape(100, 1, 12, 12)
    net = BrightnessNet()
    m, s = inception_score_of_images(imgs, net, batch_size=32, splits=10, seed=None, input_size=20)
    assert m == pytest.approx(10.0, abs=1e-6) and s < 1e-6
    assert [t.shape for t in net.seen] == [(32, 3, 20, 20)] * 3 + [(4, 3, 20, 20)]
    # the network saw (u8 - 128) / 128, gray repeated to RGB, resized (constant images stay constant)
    x = torch.cat(net.seen)
    want = (imgs[:, 0, 0, 0].astype(np.float64) - 128) / 128
    np.testing.assert_allclose(x.double().numpy(), np.broadcast_to(want[:, None, None, None], x.shape), atol=1e-7)
    # all one class -> 1
    m1, _ = inception_score_of_images(np.full((30, 1, 8, 8), 0.5, np.float32), BrightnessNet(), value_range=(0, 1),
                                      input_size=16)
    assert m1 == pytest.approx(1.0, abs=1e-9)


def test_image_path_resizes_with_tf1_bilinear():
    img = np.zeros((10, 1, 4, 4), np.uint8)
    img[:, 0, :, 2:] = 255
    net = BrightnessNet()
    inception_score_of_images(img, net, splits=1, seed=None, input_size=8)
    row = net.seen[0][0, 0, 0].double().numpy() * 128 + 128
    # TF-1.x: output column j samples input column j / 2: 0, 0, 0, 127.5, 255, 255, 255, 255
    np.testing.assert_allclose(row, [0, 0, 0, 127.5, 255, 255, 255, 255], atol=1e-4)


def test_image_path_defaults_and_errors():
    assert IS_INPUT_SIZE == INPUT_SIZE == 299
    net = BrightnessNet()
    with pytest.raises(ValueError, match="N=3 < splits=10"):
        inception_score_of_images(np.zeros((3, 1, 8, 8), np.uint8), net)
    with pytest.raises(ValueError, match=r"\(N, C, H, W\)"):
        inception_score_of_images(np.zeros((30, 8, 8), np.uint8), net)
    with pytest.raises(ValueError, match="NaN"):
        inception_score_of_images(np.full((30, 1, 8, 8), np.nan, np.float32), net, value_range=(0, 1))
    with pytest.raises(ValueError, match="value_range"):
        inception_score_of_images(np.zeros((30, 1, 8, 8), np.float32), net)
