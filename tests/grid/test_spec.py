"""Grid specs: cell ids, the built-in grids, and one-line errors (exit 2) for bad grid files."""

import pytest

pytest.importorskip("torch")

from gantheory.cli import main  # noqa: E402
from gantheory.grid.spec import code_version, probes_grid, resolve, table1_grid, train_cell_id  # noqa: E402
from gantheory.neural.recipes import make_recipe  # noqa: E402


def test_cell_id_hashes_recipe_data_and_version():
    r = make_recipe("sn-gan", "mnist", "quick").to_dict()
    v = code_version()
    base = train_cell_id(r, None, v)
    assert base == train_cell_id(dict(r), "mnist-embedded", v)  # the default data spelled out
    assert base != train_cell_id({**r, "lam": 0.2}, None, v)
    assert base != train_cell_id({**r, "seed": 1}, None, v)
    assert base != train_cell_id(r, "mnist:/data", v)
    assert base != train_cell_id(r, None, v + "x")
    assert len(base) == 16 and code_version("probe") != v


def test_builtin_grids():
    t = table1_grid("smoke")
    # {WGAN-WC, SN-GAN} x 2 widths x {regular, proximal} x 2 seeds
    assert len(t.train) == 16 and not t.probes and t.table1
    assert {(c.gan, c.paper_dim, c.recipe["dim"]) for c in t.train} == {
        ("wgan-wc", "64", 4), ("wgan-wc", "128", 8), ("sn-gan", "64", 4), ("sn-gan", "128", 8)}
    assert len({c.id for c in t.train}) == 16
    q = table1_grid("quick", seeds=1)
    assert {c.recipe["dim"] for c in q.train} == {8, 16} and {c.recipe["iterations"] for c in q.train} == {200}
    p = probes_grid("smoke", seeds=1)
    assert len(p.train) == 3 and len(p.probes) == 6
    assert {c.mode for c in p.train} == {"regular"} and {c.objective for c in p.probes} == {"minimax", "proximal"}


BAD = [
    ("nonexistent.toml", None, "neither table1, probes nor a TOML grid file"),
    ("bad.toml", "seeds = [", "not valid TOML"),
    ("bad.toml", "colour = 1\n[[recipes]]\ngan = 'sn-gan'\n", "unknown key 'colour'"),
    ("bad.toml", "seeds = 1\n", "needs at least one [[recipes]]"),
    ("bad.toml", "[[recipes]]\ngan = 'sn-gan'\nfields = { width = 3 }\n", "unknown recipe field 'width'"),
    ("bad.toml", "[[recipes]]\ngan = 'sn-gan'\nfields = { seed = 3 }\n", "unknown recipe field 'seed'"),
    ("bad.toml", "[[recipes]]\ngan = 'dc-gan'\n", "unknown recipe 'dc-gan'"),
    ("bad.toml", "[[recipes]]\ngan = 'sn-gan'\nfields = { lr = -1.0 }\n", "lr must be a positive number"),
    ("bad.toml", "modes = ['fast']\n[[recipes]]\ngan = 'sn-gan'\n", "modes must be among"),
    ("bad.toml", "iterations = 0\n[[recipes]]\ngan = 'sn-gan'\n", "iterations must be >= 1"),
    ("bad.toml", "seeds = 'two'\n[[recipes]]\ngan = 'sn-gan'\n", "seeds must be int or list"),
    ("bad.toml", "[[recipes]]\ngan = 'sn-gan'\n[[probes]]\nobjective = 'nash'\n", "objective must be minimax"),
    ("bad.toml", "[[recipes]]\ngan = 'sn-gan'\n[[probes]]\nobjective = 'minimax'\nsteps = 0\n", "steps must be >= 1"),
    ("bad.toml", "scores = ['fid']\n[[recipes]]\ngan = 'sn-gan'\n", "scores must be among"),
    ("bad.toml", "[[recipes]]\ngan = 'sn-gan'\n[[recipes]]\ngan = 'sn-gan'\n", "same recipe"),
    ("bad.toml", "seeds = [18446744073709551616]\n[[recipes]]\ngan = 'sn-gan'\n", "seeds must be distinct integers in"),
    ("bad.toml", "seeds = [-1]\n[[recipes]]\ngan = 'sn-gan'\n", "seeds must be distinct integers in"),
]


@pytest.mark.parametrize("name, text, message", BAD)
def test_bad_grid_file_one_line_exit_2(tmp_path, capsys, name, text, message):
    path = tmp_path / name
    if text is not None:
        path.write_text(text)
    rc = main(["grid", str(path), "--out", str(tmp_path / "out"), "--engine", "serial"])
    err = capsys.readouterr().err
    assert rc == 2
    assert err.count("\n") == 1 and err.startswith("gantheory: error: ") and message in err, err
    assert not (tmp_path / "out").exists()  # checked before any work


@pytest.mark.parametrize("argv, message", [
    (["--size", "huge"], "--size must be one of"),
    (["--seeds", "0"], "--seeds must be >= 1"),
    (["--cpus-per-run", "0"], "--cpus-per-run must be >= 1"),
    (["--max-retries", "-1"], "--max-retries must be >= 0"),
    (["--gpus-per-run", "0.5", "--engine", "serial"], "need the Ray engine"),
    (["--data", "nowhere"], "--data takes"),
])
def test_bad_options_one_line_exit_2(tmp_path, capsys, argv, message):
    rc = main(["grid", "table1", "--out", str(tmp_path / "out"), *argv])
    err = capsys.readouterr().err
    assert rc == 2 and err.count("\n") == 1 and message in err, err


def test_medium_size_needs_the_preset(tmp_path, capsys):
    from gantheory.neural.recipes import preset

    try:
        preset("medium", "mnist")
    except ValueError:
        rc = main(["grid", "table1", "--size", "medium", "--out", str(tmp_path / "o")])
        err = capsys.readouterr().err
        assert rc == 2 and err.count("\n") == 1 and "medium" in err
    else:  # the preset exists: the grid builds on it
        spec = resolve("table1", "medium", seeds=1)
        assert {c.preset for c in spec.train} == {"medium"}
