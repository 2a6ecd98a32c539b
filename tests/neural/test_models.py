"""DC-GAN variants: shapes, layers, spectral normalisation, initialisation (tiny widths, CPU)."""

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural.models import ModelSpec, build  # noqa: E402


@pytest.mark.parametrize("variant, shape", [("mnist", (1, 28, 28)), ("cifar", (3, 32, 32)), ("64x64", (3, 64, 64))])
@pytest.mark.parametrize("sn, bn", [(False, False), (True, False), (False, True)])
def test_shapes_and_ranges(variant, shape, sn, bn):
    torch.manual_seed(0)
    spec = ModelSpec(variant, dim=4, z_dim=16, batchnorm_d=bn, spectral_norm=sn)
    G, D = build(spec)
    z = torch.randn(3, 16)
    x = G(z)
    assert tuple(x.shape) == (3, *shape) and spec.image_shape == shape
    lo, hi = (0.0, 1.0) if variant == "mnist" else (-1.0, 1.0)
    assert float(x.min()) >= lo and float(x.max()) <= hi  # sigmoid / tanh output
    out = D(x)
    assert tuple(out.shape) == (3,)
    out.sum().backward()
    assert all(p.grad is not None for p in G.parameters() if p.requires_grad)


def test_layer_widths_follow_dim():
    G, D = build(ModelSpec("cifar", dim=8, z_dim=128))
    assert G.fc.out_features == 4 * 4 * 4 * 8
    assert [blk["conv"].out_channels for blk in D.layers] == [8, 16, 32]
    assert D.fc.in_features == 4 * 4 * 32
    G64, D64 = build(ModelSpec("64x64", dim=8))
    assert G64.fc.out_features == 4 * 4 * 8 * 8 and len(D64.layers) == 4 and D64.fc.in_features == 4 * 4 * 64


def test_spectral_norm_on_every_discriminator_layer():
    torch.manual_seed(1)
    _, D = build(ModelSpec("mnist", dim=4, spectral_norm=True))
    D.train()
    x = torch.randn(4, 1, 28, 28)
    for _ in range(30):  # power iterations converge during forward passes in training mode
        D(x)
    D.eval()
    mods = [blk["conv"] for blk in D.layers] + [D.fc]
    for m in mods:
        assert hasattr(m, "parametrizations")
        W = m.weight.reshape(m.weight.shape[0], -1)
        assert float(torch.linalg.matrix_norm(W, ord=2)) == pytest.approx(1.0, abs=1e-3)


def test_batchnorm_only_where_asked():
    _, D = build(ModelSpec("mnist", dim=4, batchnorm_d=True))
    kinds = [type(blk["bn"]).__name__ for blk in D.layers]
    assert kinds == ["Identity", "BatchNorm2d", "BatchNorm2d"]
    G, _ = build(ModelSpec("mnist", dim=4, batchnorm_g=False))
    assert all(type(b["bn"]).__name__ == "Identity" for b in G.ups)


def test_64x64_init_std():
    torch.manual_seed(2)
    G, _ = build(ModelSpec("64x64", dim=16))
    w = G.ups[0]["deconv"].weight.detach()
    assert float(w.std()) == pytest.approx(0.02, rel=0.05)


def test_bad_spec():
    with pytest.raises(ValueError, match="unknown model variant"):
        ModelSpec("svhn")
    with pytest.raises(ValueError, match="dim must be a positive integer"):
        ModelSpec("mnist", dim=0)


def test_bn_tanh_generator_has_batchnorm_and_tanh_range():
    torch.manual_seed(3)
    spec = ModelSpec("mnist", dim=4, z_dim=16, batchnorm_g=False, generator="bn-tanh")
    G, _ = build(spec)
    assert type(G.fc_bn).__name__ == "BatchNorm1d" and all(type(b["bn"]).__name__ == "BatchNorm2d" for b in G.ups)
    x = G(torch.randn(64, 16) * 3)
    assert float(x.min()) < 0.0 <= 0.0 < float(x.max()) <= 1.0  # tanh: negative pixels occur
    assert float(x.min()) >= -1.0
    u = G.to_data(x)  # back to the data set's [0, 1]
    assert torch.allclose(u, (x + 1) / 2) and float(u.min()) >= 0.0 and float(u.max()) <= 1.0


def test_data_scaling_round_trip_and_identity_elsewhere():
    from gantheory.neural.models import data_to_model, model_to_data

    x = torch.rand(5, 1, 28, 28)
    s = ModelSpec("mnist", generator="bn-tanh")
    y = data_to_model(s, x)
    assert float(y.min()) >= -1.0 and float(y.max()) <= 1.0 and torch.allclose(model_to_data(s, y), x)
    for spec in (ModelSpec("mnist"), ModelSpec("cifar", generator="bn-tanh")):
        assert data_to_model(spec, x) is x and model_to_data(spec, x) is x


def test_unknown_generator_style_is_rejected():
    with pytest.raises(ValueError, match="generator style"):
        ModelSpec("mnist", generator="sigmoid-bn")
