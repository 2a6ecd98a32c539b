"""Recipes and presets: the medium size, sn-gan's generator style and the model spec a recipe builds."""

import json
from pathlib import Path

import pytest

from gantheory.neural.recipes import (
    MEDIUM_ITERATIONS,
    MIYATO_SETTING_C,
    PRESETS,
    make_recipe,
    model_spec,
    parse_override,
)


def test_presets_listed_and_unknown_rejected():
    assert PRESETS == ("quick", "medium", "paper")
    with pytest.raises(ValueError, match="unknown preset 'huge'; choose from quick, medium, paper"):
        make_recipe("wgan-gp", "mnist", "huge")


@pytest.mark.parametrize("gan", ["wgan-wc", "wgan-gp", "wgan-sn"])
def test_medium_changes_only_the_size_of_the_other_recipes(gan):
    quick, medium = make_recipe(gan, "mnist", "quick"), make_recipe(gan, "mnist", "medium")
    differ = {k for k, v in medium.to_dict().items() if quick.to_dict()[k] != v}
    assert differ == {"iterations"} and medium.iterations == MEDIUM_ITERATIONS[gan] and medium.dim == 16
    # wgan-gp's length is calibrated (benchmarks/results/medium_calibration.json); the uncalibrated recipes keep 2 000
    calib = json.loads((Path(__file__).resolve().parents[2] / "benchmarks" / "results" /
                        "medium_calibration.json").read_text())["recipes"]
    assert MEDIUM_ITERATIONS[gan] == (calib[gan]["medium_length"] if gan in calib else 2000)


def test_medium_sn_gan_uses_miyato_setting_c_and_the_bn_tanh_generator():
    r = make_recipe("sn-gan", "mnist", "medium")
    assert (r.n_critic, r.lr, r.betas) == (1, 2e-4, (0.5, 0.999)) == tuple(MIYATO_SETTING_C.values())
    assert r.generator == "bn-tanh" and r.spectral_norm and r.loss == "gan"
    assert r.iterations == MEDIUM_ITERATIONS["sn-gan"] == 9000
    paper = make_recipe("sn-gan", "mnist", "paper")
    assert (paper.n_critic, paper.lr, paper.betas) == (5, 1e-4, (0.5, 0.9))  # the paper's 5 D steps
    literal = make_recipe("sn-gan", "mnist", "medium", generator="reference")
    assert model_spec(literal).tanh_output is False and model_spec(literal).batchnorm_g is False


def test_model_spec_follows_the_recipe():
    assert model_spec(make_recipe("wgan-gp", "mnist")).generator == "reference"
    s = model_spec(make_recipe("sn-gan", "mnist"))
    assert s.generator == "bn-tanh" and s.tanh_output and s.rescaled and s.spectral_norm
    wc = model_spec(make_recipe("wgan-wc", "mnist"))
    assert wc.batchnorm_g and wc.batchnorm_d and not wc.tanh_output


def test_generator_field_settable_and_checked():
    assert parse_override("generator=reference") == ("generator", "reference")
    with pytest.raises(ValueError, match="generator must be one of reference, bn-tanh"):
        make_recipe("sn-gan", "mnist", "quick", generator="tanh")
