"""Execution options (precision, channels_last, optimiser implementation, CUDA graphs): validation,
resolution on the CPU, their effect on a step compared with the default step, and config.json."""

import json

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.cli import main  # noqa: E402
from gantheory.neural.execution import Execution  # noqa: E402
from gantheory.neural.recipes import make_recipe  # noqa: E402
from gantheory.neural.train import Trainer, host_record  # noqa: E402


@pytest.fixture(scope="module")
def data():
    return torch.rand(40, 1, 28, 28, generator=torch.Generator().manual_seed(0))


def tiny(gan, **kw):
    return make_recipe(gan, "mnist", "quick", dim=4, batch_size=8, n_critic=2, z_dim=8, inner_steps=2, **kw)


def weights(tr):
    """All parameters except biases that feed a batch norm: their gradient is zero in exact arithmetic, so an
    adaptive optimiser (Adam, RMSprop) steps on rounding noise there, by up to lr per step, and they do not
    change the function."""
    skip = set()
    for blk in list(tr.D.layers) + list(tr.G.ups):
        conv = blk["conv"] if "conv" in blk else blk["deconv"]
        if isinstance(blk["bn"], torch.nn.modules.batchnorm._BatchNorm):
            skip.add(id(conv.bias))
    if isinstance(tr.G.fc_bn, torch.nn.modules.batchnorm._BatchNorm):
        skip.add(id(tr.G.fc.bias))
    return torch.cat([p.detach().flatten() for p in list(tr.G.parameters()) + list(tr.D.parameters())
                      if id(p) not in skip])


def test_validation_and_cpu_resolution():
    with pytest.raises(ValueError, match="--precision"):
        Execution(precision="fp16")
    with pytest.raises(ValueError, match="--optimizer-impl"):
        Execution(optimizer_impl="apex")
    cpu = Execution(cuda_graphs=True).resolve(torch.device("cpu"))
    assert (cpu.precision, cpu.cuda_graphs) == ("fp32", False)  # TF32 and graphs are CUDA notions
    assert Execution().resolve(torch.device("cuda")).precision == "tf32"
    assert Execution(optimizer_impl="fused").optimizer_kwargs("rmsprop") == {"foreach": True}
    assert Execution(optimizer_impl="fused", cuda_graphs=True).optimizer_kwargs("adam") == {"fused": True,
                                                                                          "capturable": True}


@pytest.mark.parametrize("gan", ["wgan-gp", "wgan-wc"])
@pytest.mark.parametrize("options", [dict(channels_last=True), dict(optimizer_impl="foreach"),
                                     dict(optimizer_impl="fused")])
def test_layout_and_optimiser_options_keep_the_step(gan, options, data):
    """Same arithmetic up to rounding: weights after 3 iterations within 1e-5 of the default step's."""
    r = tiny(gan, proximal=(gan == "wgan-wc"))
    a, b = Trainer(r, data), Trainer(r, data, execution=Execution(**options))
    for _ in range(3):
        a.step()
        b.step()
    wa, wb = weights(a), weights(b)
    assert float((wa - wb).abs().max()) <= 1e-5 * float(wa.abs().max())
    if options.get("channels_last"):
        conv = b.D.layers[1]["conv"].weight
        assert conv.is_contiguous(memory_format=torch.channels_last)


def test_bf16_autocast_runs_and_changes_the_arithmetic(data):
    r = tiny("wgan-gp", proximal=True)
    a, b = Trainer(r, data), Trainer(r, data, execution=Execution(precision="bf16"))
    for _ in range(2):
        ra, rb = host_record(a.step()), host_record(b.step())
    assert all(v == v and abs(v) < 1e6 for v in rb.values())
    wa, wb = weights(a), weights(b)
    assert not torch.equal(wa, wb)  # bfloat16 matmuls round differently ...
    assert float((wa - wb).abs().max()) < 1e-2  # ... but it is the same step
    assert rb["prox_objective_start"] == pytest.approx(ra["prox_objective_start"], rel=0.05, abs=0.05)


def test_cli_records_the_options_in_config(tmp_path):
    out = tmp_path / "run"
    assert main(["train", "--gan", "wgan-gp", "--iterations", "2", "--out", str(out), "--device", "cpu",
                 "--precision", "bf16", "--channels-last", "--optimizer-impl", "foreach", "--quiet",
                 "--set", "dim=4", "--set", "batch_size=8"]) == 0
    cfg = json.loads((out / "config.json").read_text())
    ex = cfg["execution"]
    assert (ex["precision"], ex["channels_last"], ex["optimizer_impl"], ex["cuda_graphs"]) == ("bf16", True,
                                                                                               "foreach", False)
    assert ex["optimizer_impl_used"] == {"G and D": "foreach", "inner (Adam)": "foreach"}
    lines = [json.loads(ln) for ln in (out / "metrics.jsonl").read_text().splitlines()]
    assert lines and all(isinstance(v, (int, float)) for ln in lines for v in ln.values())
