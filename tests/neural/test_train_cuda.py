"""CUDA-only checks of the fast path: the captured steps (CUDA graphs) against the eager steps, no host
synchronisation inside steps (torch.cuda.set_sync_debug_mode), exact resume on the device."""

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural.execution import Execution  # noqa: E402
from gantheory.neural.recipes import make_recipe  # noqa: E402
from gantheory.neural.train import Trainer, host_record  # noqa: E402

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device (none on this machine)")

CASES = [("wgan-gp", False), ("wgan-wc", False), ("sn-gan", False), ("wgan-gp", True), ("sn-gan", True),
         ("wgan-wc", True)]


def recipe(gan, proximal):
    return make_recipe(gan, "mnist", "quick", dim=8, batch_size=16, n_critic=3, z_dim=16, inner_steps=4,
                       proximal=proximal)


@pytest.fixture(scope="module")
def data():
    return torch.rand(200, 1, 28, 28, generator=torch.Generator().manual_seed(0))


def fed_to_batch_norm(tr):
    """Names of biases directly followed by batch norm: their gradient is zero in exact arithmetic, so Adam and
    RMSprop step on rounding noise there (by up to lr per step) and any reordering of a reduction changes them;
    they do not change the function."""
    names = set()
    for prefix, blocks in (("D.layers", tr.D.layers), ("G.ups", tr.G.ups)):
        for i, blk in enumerate(blocks):
            if isinstance(blk["bn"], torch.nn.modules.batchnorm._BatchNorm):
                names.add(f"{prefix}.{i}.{'conv' if 'conv' in blk else 'deconv'}.bias")
    if isinstance(tr.G.fc_bn, torch.nn.modules.batchnorm._BatchNorm):
        names.add("G.fc.bias")
    return names


def relative_gap(a, b):
    return float((a - b).norm() / b.norm().clamp_min(1e-30))


@pytest.mark.parametrize("gan, proximal", CASES)
def test_captured_steps_equal_eager_steps(gan, proximal, data):
    r = recipe(gan, proximal)
    eager = Trainer(r, data, "cuda", Execution(precision="fp32"))
    captured = Trainer(r, data, "cuda", Execution(precision="fp32", cuda_graphs=True))
    for _ in range(6):
        re, rc = host_record(eager.step()), host_record(captured.step())
    assert captured.graphs, "no step was captured"
    for k in re:
        assert rc[k] == pytest.approx(re[k], rel=1e-5, abs=1e-6), k
    skip = fed_to_batch_norm(eager)
    for tag, m_e, m_c in [("G", eager.G, captured.G), ("D", eager.D, captured.D)]:
        for (name, a), b in zip(m_e.state_dict().items(), m_c.state_dict().values(), strict=True):
            if f"{tag}.{name}" in skip or "running_mean" in name:  # running means absorb those biases
                continue
            if a.is_floating_point():
                assert relative_gap(b, a) <= 1e-5, name
            else:
                assert torch.equal(a, b), name
        for (name, p), q in zip(m_e.named_parameters(), m_c.parameters(), strict=True):
            if p.grad is not None and f"{tag}.{name}" not in skip:
                assert q.grad is not None and relative_gap(q.grad, p.grad) <= 1e-5, name


@pytest.mark.parametrize("cuda_graphs", [False, True])
def test_no_host_synchronisation_inside_steps(cuda_graphs, data):
    for gan, proximal in CASES:
        tr = Trainer(recipe(gan, proximal), data, "cuda", Execution(cuda_graphs=cuda_graphs))
        tr.step()  # the first step records the graphs (capture synchronises once)
        torch.cuda.synchronize()
        torch.cuda.set_sync_debug_mode("error")
        try:
            for _ in range(3):
                rec = tr.step()
        finally:
            torch.cuda.set_sync_debug_mode("default")
        host_record(rec)


def test_resume_is_identical_on_the_device(data, tmp_path):
    r = recipe("wgan-gp", False)
    a = Trainer(r, data, "cuda")
    for _ in range(4):
        a.step()
    b = Trainer(r, data, "cuda")
    for _ in range(2):
        b.step()
    b.save(tmp_path / "c.pt")
    c = Trainer(r, data, "cuda")
    c.load(tmp_path / "c.pt")
    for _ in range(2):
        c.step()
    for x, y in zip(list(a.G.parameters()) + list(a.D.parameters()),
                    list(c.G.parameters()) + list(c.D.parameters()), strict=True):
        assert torch.equal(x, y)
