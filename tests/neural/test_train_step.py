"""The Trainer's step against a plainly written reference step (same seed, same weights after N
iterations, bit-identical on the CPU), and the no-host-synchronisation rule between log points."""

import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.neural import losses  # noqa: E402
from gantheory.neural.models import build, data_to_model  # noqa: E402
from gantheory.neural.recipes import RECIPE_NAMES, make_recipe, model_spec  # noqa: E402
from gantheory.neural.train import Trainer, host_record  # noqa: E402


def tiny(gan, **kw):
    return make_recipe(gan, "mnist", "quick", **{**dict(dim=2, batch_size=8, n_critic=2, z_dim=8, inner_steps=3),
                                                 **kw})


@pytest.fixture(scope="module")
def data():
    return torch.rand(40, 1, 28, 28, generator=torch.Generator().manual_seed(0))


def reference_run(r, data, n):
    """Regular training and Algorithm 1 written out plainly, one CPU generator drawing, in this order: per
    critic step the batch indices, the noise and the GP weights; per proximal outer step the indices and the
    noise; per generator step the noise."""
    torch.manual_seed(r.seed)
    spec = model_spec(r)
    data = data_to_model(spec, data)  # [-1, 1] for a tanh generator
    G, D = build(spec)
    gen = torch.Generator().manual_seed(r.seed + 1)

    def opt(params):
        return torch.optim.Adam(params, lr=r.lr, betas=r.betas) if r.optimizer == "adam" else \
            torch.optim.RMSprop(params, lr=r.lr)

    optG, optD = opt(G.parameters()), opt(D.parameters())
    inner = torch.optim.Adam(D.parameters(), lr=r.inner_lr, betas=r.betas)
    value = losses.wasserstein_value if r.loss == "wasserstein" else losses.gan_value

    def clip():
        if r.clip > 0:
            with torch.no_grad():
                for p in D.parameters():
                    p.clamp_(-r.clip, r.clip)

    for it in range(n):
        if r.proximal:
            real = data[torch.randint(0, len(data), (r.batch_size,), generator=gen)]
            z = torch.randn(r.batch_size, r.z_dim, generator=gen)
            with torch.no_grad():
                fake = G(z)
            x = real.clone().requires_grad_(True)
            (ref,) = torch.autograd.grad(D(x).sum(), x)
            if r.inner_state == "reset":
                inner = torch.optim.Adam(D.parameters(), lr=r.inner_lr, betas=r.betas)
            for _ in range(r.inner_steps):
                x = real.clone().requires_grad_(True)
                d_real = D(x)
                (g,) = torch.autograd.grad(d_real.sum(), x, create_graph=True)
                obj = value(d_real, D(fake)) - r.lam * ((g - ref) ** 2).flatten(1).sum(1).mean()
                inner.zero_grad()
                (-obj).backward()
                inner.step()
                clip()
        else:
            for _ in range(r.n_critic):
                real = data[torch.randint(0, len(data), (r.batch_size,), generator=gen)]
                z = torch.randn(r.batch_size, r.z_dim, generator=gen)
                with torch.no_grad():
                    fake = G(z)
                loss = -value(D(real), D(fake))
                if r.gp_weight > 0:
                    e = torch.rand(r.batch_size, 1, 1, 1, generator=gen)
                    x_hat = (e * real + (1 - e) * fake).requires_grad_(True)
                    (g,) = torch.autograd.grad(D(x_hat).sum(), x_hat, create_graph=True)
                    loss = loss + r.gp_weight * ((g.flatten(1).norm(dim=1) - 1) ** 2).mean()
                optD.zero_grad()
                loss.backward()
                optD.step()
                clip()
        if it > 0 or r.proximal:
            z = torch.randn(r.batch_size, r.z_dim, generator=gen)
            loss = losses.generator_loss(r.loss, D(G(z)))
            optG.zero_grad()
            loss.backward()
            optG.step()
    return G, D


@pytest.mark.parametrize("gan", RECIPE_NAMES)
@pytest.mark.parametrize("proximal", [False, True])
def test_step_equals_the_reference_step(gan, proximal, data):
    r = tiny(gan, proximal=proximal, inner_state="reset" if gan == "sn-gan" else "persist")
    tr = Trainer(r, data)
    for _ in range(3):
        tr.step()
    G, D = reference_run(r, data, 3)
    for (k, a), b in zip(list(tr.G.state_dict().items()) + list(tr.D.state_dict().items()),
                         list(G.state_dict().values()) + list(D.state_dict().values()), strict=True):
        assert torch.equal(a, b), k


class HostSync(Exception):
    pass


@pytest.fixture
def forbid_host_reads(monkeypatch):
    """Make every read of a tensor's value on the host raise: float(t), int(t), bool(t), t.item(), t.tolist(),
    t.numpy() -- when called from gantheory's code (torch's optimisers read their own CPU step counters, which
    is no device synchronisation) or on a non-CPU tensor."""
    import sys

    state = {"on": False, "allow": (), "allowed_reads": {}}

    def wrap(name):
        orig = getattr(torch.Tensor, name)

        def guarded(self, *a, **k):
            if state["on"]:
                frame = sys._getframe(1)
                caller = frame.f_code.co_filename.replace("\\", "/")
                if frame.f_code.co_name in state["allow"]:
                    reads = state["allowed_reads"]
                    reads[frame.f_code.co_name] = reads.get(frame.f_code.co_name, 0) + 1
                elif "/gantheory/" in caller or self.device.type != "cpu":
                    raise HostSync(f"Tensor.{name} called from {caller}:{frame.f_code.co_name}")
            return orig(self, *a, **k)

        monkeypatch.setattr(torch.Tensor, name, guarded)

    for name in ("item", "tolist", "numpy", "__float__", "__int__", "__bool__", "__index__"):
        wrap(name)
    return state


def test_the_guard_catches_a_read(forbid_host_reads):
    forbid_host_reads["on"] = True
    with pytest.raises(HostSync):
        host_record({"V": torch.ones(())})  # gantheory code reading a value: what a step must not do
    forbid_host_reads["on"] = False
    assert host_record({"V": torch.ones(())}) == {"V": 1.0}


@pytest.mark.parametrize("gan, proximal", [("wgan-gp", False), ("wgan-wc", False), ("sn-gan", True),
                                            ("wgan-wc", True)])
def test_no_host_read_inside_steps(gan, proximal, data, forbid_host_reads):
    tr = Trainer(tiny(gan, proximal=proximal), data)
    recs = []
    forbid_host_reads["on"] = True
    for _ in range(3):
        recs.append(tr.step())
    forbid_host_reads["on"] = False
    for rec in recs:  # the log point: one read-back per record
        out = host_record(rec)
        assert all(isinstance(v, (int, float)) for v in out.values())
    assert set(host_record(recs[-1])) == ({"iteration", "prox_objective_start", "prox_objective_end", "g_loss"}
                                          if proximal else {"iteration", "V", "g_loss"})


def test_a_training_run_reads_back_once_per_log_line(tmp_path, monkeypatch, forbid_host_reads):
    """gantheory train's loop (steps, metrics lines, checkpoints, progress) reads tensors only in host_record,
    once per metrics line or checkpoint (where the divergence check reads the metrics before saving), and the
    sample grid at the end of the run."""
    import json

    from gantheory.neural import data as data_module
    from gantheory.neural.run import train_run

    small = data_module.ImageData(torch.rand(40, 1, 28, 28).numpy(), torch.rand(10, 1, 28, 28).numpy(), None, None,
                                  "mnist-embedded", "mnist")
    monkeypatch.setattr(data_module, "load", lambda spec: small)
    forbid_host_reads.update(on=True, allow=("host_record", "grid"))
    train_run("sn-gan", str(tmp_path / "run"), proximal=True, iterations=7, log_every=3, checkpoint_every=2, quiet=True,
              overrides=dict(dim=2, batch_size=8, z_dim=8, inner_steps=2))
    forbid_host_reads["on"] = False
    lines = [json.loads(ln) for ln in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    assert [ln["iteration"] for ln in lines] == [0, 3, 6]
    logged = {0, 3, 6}  # iteration % log_every == 0, and the last
    saved = {i for i in range(7) if (i + 1) % 2 == 0 or i == 6}  # checkpoint_every = 2 after the step, and the last
    # one tolist per logged or checkpointed step (the 60 s time-based cadence does not trigger in this short run)
    assert forbid_host_reads["allowed_reads"] == {"host_record": len(logged | saved), "grid": 1}
