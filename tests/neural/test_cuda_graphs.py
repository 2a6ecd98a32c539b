"""The warm-up bookkeeping of CUDA graph capture, on the CPU: snapshot and restore put every piece of
state a step advances back in place (parameters, batch-norm statistics, spectral-norm vectors, optimiser
moments and step counters; optimiser state created after the snapshot is zeroed, i.e. fresh)."""

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural.cuda_graphs import restore, snapshot  # noqa: E402
from gantheory.neural.recipes import make_recipe  # noqa: E402
from gantheory.neural.train import Trainer  # noqa: E402

U = "D.layers.1.conv.parametrizations.weight.0._u"  # a spectral-norm power-iteration vector


@pytest.fixture(scope="module")
def data():
    return torch.rand(40, 1, 28, 28, generator=torch.Generator().manual_seed(0))


def everything(tr):
    out = {f"G.{k}": v.clone() for k, v in tr.G.state_dict().items()}
    out.update({f"D.{k}": v.clone() for k, v in tr.D.state_dict().items()})
    for name, opt in [("optG", tr.optG), ("optD", tr.optD), ("inner", tr.inner)]:
        for i, st in enumerate(opt.state.values()):
            out.update({f"{name}.{i}.{k}": v.clone() for k, v in st.items() if torch.is_tensor(v)})
    return out


@pytest.mark.parametrize("gan, proximal", [("wgan-wc", False), ("sn-gan", True), ("wgan-gp", False)])
def test_restore_undoes_steps_in_place(gan, proximal, data):
    tr = Trainer(make_recipe(gan, "mnist", "quick", dim=4, batch_size=8, n_critic=2, z_dim=8, inner_steps=2,
                             proximal=proximal), data)
    tr.step()
    tr.step()
    mods, opts = [tr.G, tr.D], [tr.optG, tr.optD, tr.inner]
    before = everything(tr)
    ptrs = {k: v.data_ptr() for k, v in tr.D.state_dict().items()}
    g_before = [(q.grad, q.grad.clone()) for q in tr.G.parameters()]
    snap = snapshot(mods, opts)
    fresh = Trainer(tr.recipe, data)
    fresh_snap = snapshot([fresh.G, fresh.D], [fresh.optG, fresh.optD, fresh.inner])  # no optimiser state yet
    for _ in range(2):
        tr.step()
        fresh.step()
    after = everything(tr)
    assert any(not torch.equal(before[k], after[k]) for k in before if k.startswith("D."))
    if gan == "sn-gan":
        assert not torch.equal(before[U], after[U])
    if gan == "wgan-wc":
        assert not torch.equal(before["D.layers.1.bn.running_mean"], after["D.layers.1.bn.running_mean"])
    restore(snap, mods, opts)
    again = everything(tr)
    assert set(again) == set(before)
    for k in before:
        assert torch.equal(before[k], again[k]), k
    assert {k: v.data_ptr() for k, v in tr.D.state_dict().items()} == ptrs  # same tensors, same addresses
    for q, (ref, value) in zip(tr.G.parameters(), g_before, strict=True):  # the same gradient tensors, values
        assert q.grad is ref and torch.equal(q.grad, value)
    restore(fresh_snap, [fresh.G, fresh.D], [fresh.optG, fresh.optD, fresh.inner])
    for opt in (fresh.optG, fresh.optD, fresh.inner):
        for st in opt.state.values():
            assert all(float(v.abs().max()) == 0 for v in st.values() if torch.is_tensor(v))
