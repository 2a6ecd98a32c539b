"""The README's empirical-findings block: written from the summary JSON and the figures' records, so every
number and verdict it quotes is the computed one; the committed README holds exactly that block."""

import json
from pathlib import Path

import pytest

from gantheory.grid import findings_text
from gantheory.grid.empirical_figures import readme_block

ROOT = Path(__file__).resolve().parents[2]


def _entry(fid, gan, dim, before, after, verdict, ci=(-1.0, 0.5)):
    return {"id": fid, "recipe": gan, "data": "mnist-embedded", "preset": "medium", "dim": dim,
            "seeds": list(range(len(before))), "n_seeds": len(before), "metric": "mnist_is",
            "train_iterations": [9000], "expected_sign": {"section-2-probe": -1, "section-6.1-probe": 0,
                                                          "table-1": 1}[fid],
            "before": {"mean": sum(before) / len(before), "std": 0.1, "values": before},
            "after": {"mean": sum(after) / len(after), "std": 0.2, "values": after},
            "difference_mean": 0.0, "difference_ci95": None if len(before) == 1 else list(ci), "verdict": verdict}


def test_block_quotes_each_entry_and_lists_missing_ones():
    summary = {"findings": [
        _entry("section-2-probe", "sn-gan", 16, [6.1, 6.3, 5.9], [4.0, 4.2, 3.9], "reproduced", (-2.5, -1.7)),
        _entry("section-6.1-probe", "sn-gan", 16, [6.1, 6.3, 5.9], [6.0, 6.2, 6.0], "inconclusive"),
        _entry("table-1", "wgan-wc", 8, [2.0], [2.5], "inconclusive"),
        _entry("table-1", "wgan-wc", 16, [2.1], [2.2], "inconclusive"),
    ]}
    block = findings_text.figure_bullets(summary, {})
    assert block.startswith(findings_text.BEGIN) and block.endswith(findings_text.END)
    assert "SN-GAN (3 seeds, 9 000 training iterations): mnist_is start 6.10 ± 0.10 → end 4.03 ± 0.20, " \
           "end − start 95 % CI [-2.50, -1.70]: **reproduced** (start per seed: 6.10, 6.30, 5.90; 3 of 3 seeds moved " \
           "in the paper's direction)." in block
    assert "(start per seed: 6.10, 6.30, 5.90)." in block  # Section 6.1: no sign, no count
    assert ("DIM 8 for the paper's 64 (paper, CIFAR-10 Inception score: 4.16 → 4.56): WGAN-WC (1 seed, 9 000 "
            "training iterations): mnist_is regular 2.00") in block
    assert "proximal − regular 95 % CI undefined with one seed: **inconclusive** (regular per seed: 2.00; 1 of 1 " \
           "seeds moved in the paper's direction)." in block
    assert ("SN-GAN DIM 128 row (paper, CIFAR-10 Inception score: 5.62 → 6.12): no seed with both runs finished, "
            "so no verdict.") in block
    assert "WGAN-GP: no finished run, so no verdict." in block
    few = next(ln for ln in block.splitlines() if ln.startswith("- **Fewer than 3 seeds:**"))
    assert "table-1 wgan-wc DIM 64 (1 seed)" in few and "table-1 sn-gan DIM 64 (0 seeds)" in few
    assert "section-2-probe sn-gan" not in few


def test_replace_block_keeps_the_rest_and_needs_the_markers():
    text = f"head\n{findings_text.BEGIN}\nold\n{findings_text.END}\ntail\n"
    new = findings_text.replace_block(text, f"{findings_text.BEGIN}\nnew\n{findings_text.END}")
    assert new == f"head\n{findings_text.BEGIN}\nnew\n{findings_text.END}\ntail\n"
    with pytest.raises(ValueError, match="markers"):
        findings_text.replace_block("no markers", "x")


def test_committed_readme_holds_the_block_written_from_the_committed_summary():
    readme = (ROOT / "README.md").read_text()
    block = readme_block(ROOT / "figures" / "empirical_summary.json", ROOT / "figures")
    assert block in readme, "README.md is stale: run python -m gantheory.grid.empirical readme"
    summary = json.loads((ROOT / "figures" / "empirical_summary.json").read_text())
    for f in summary["findings"]:
        if f["preset"] == "medium" and f["data"] == "mnist-embedded":
            assert f"**{f['verdict']}**" in block


def test_cost_sentence_sums_the_recorded_stages():
    costs = {"sn-gan": [
        {"stage": "train", "cpu_s": 60.0, "wall_s": 120.0, "from_iteration": 0, "to_iteration": 500, "threads": 1},
        {"stage": "train", "cpu_s": 120.0, "wall_s": 120.0, "from_iteration": 500, "to_iteration": 2000, "threads": 1},
        {"stage": "probe-minimax", "cpu_s": 6.0, "wall_s": 12.0, "from_iteration": 2000, "to_iteration": 2000,
         "threads": 1}]}
    s = findings_text.cost_sentence(costs, "x86_64")
    assert s == ("Cost on x86_64 (1 torch thread(s), from each run's cost.jsonl): sn-gan: training 3.0 CPU min "
                 "(4.0 min wall) over the 2000 iterations recorded, probe-minimax 0.1 CPU min (0.2 min wall).")
    assert findings_text.cost_sentence({"x": []}) == ""


def test_cli_readme_rewrites_only_the_block_and_rejects_bad_paths(tmp_path, capsys):
    from gantheory.grid import empirical

    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n{findings_text.BEGIN}\nstale\n{findings_text.END}\nrest\n")
    summary = ROOT / "figures" / "empirical_summary.json"
    assert empirical.main(["readme", "--summary", str(summary), "--figures", str(ROOT / "figures"),
                           "--readme", str(readme)]) == 0
    text = readme.read_text()
    assert text.startswith("# x\n") and text.endswith("\nrest\n") and "stale" not in text
    assert readme_block(summary, ROOT / "figures") in text
    assert empirical.main(["readme", "--summary", str(tmp_path / "none.json"), "--readme", str(readme)]) == 2
    assert "--summary" in capsys.readouterr().err
    readme.write_text("no markers\n")
    assert empirical.main(["readme", "--summary", str(summary), "--readme", str(readme)]) == 2
    assert "markers" in capsys.readouterr().err and readme.read_text() == "no markers\n"
