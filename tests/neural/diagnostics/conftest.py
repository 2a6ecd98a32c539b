import pytest

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")


@pytest.fixture(autouse=True, scope="module")
def one_thread():
    """Tiny problems: one intra-op thread is much faster than several on a shared CPU."""
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)
