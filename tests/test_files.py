"""gantheory.files: checked loading of torch states under random truncation and byte corruption (hypothesis),
output-path checks, atomic writes."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gantheory.files import check_output_dir, check_output_file, save_atomic, write_atomic

torch = pytest.importorskip("torch", reason="the neural extra (torch) is not installed")

from gantheory.files import load_torch_state  # noqa: E402


@pytest.fixture(scope="module")
def state_bytes(tmp_path_factory):
    p = tmp_path_factory.mktemp("s") / "state.pt"
    torch.save({"generator": {"w": torch.arange(600, dtype=torch.float32)}, "iteration": 3}, p)
    return p.read_bytes()


@settings(max_examples=40)
@given(data=st.data())
def test_truncated_or_corrupted_states_load_or_fail_in_one_line(state_bytes, tmp_path_factory, data):
    """Any truncation fails with a one-line ValueError naming the file; a corruption (bytes overwritten anywhere)
    either still loads (a flip inside tensor data) or fails the same way, never with another exception."""
    p = tmp_path_factory.mktemp("c") / "ckpt.pt"
    raw = bytearray(state_bytes)
    if data.draw(st.booleans(), label="truncate"):
        cut = data.draw(st.integers(0, len(raw) - 1), label="cut")
        p.write_bytes(bytes(raw[:cut]))
        with pytest.raises(ValueError) as e:
            load_torch_state(p, "checkpoint", "a test state", ("generator", "iteration"))
        assert "ckpt.pt" in str(e.value) and "\n" not in str(e.value)
        return
    at = data.draw(st.integers(0, len(raw) - 1), label="at")
    junk = data.draw(st.binary(min_size=1, max_size=64), label="junk")
    raw[at:at + len(junk)] = junk
    p.write_bytes(bytes(raw[: len(state_bytes)]))
    try:
        state = load_torch_state(p, "checkpoint", "a test state", ("generator", "iteration"))
    except ValueError as e:
        assert "ckpt.pt" in str(e) and "\n" not in str(e)
    else:
        assert set(state) >= {"generator", "iteration"}


def test_output_checks(tmp_path):
    f = tmp_path / "f"
    f.write_text("x")
    with pytest.raises(ValueError, match="not a directory"):
        check_output_dir(f)
    with pytest.raises(ValueError, match="which is a file"):
        check_output_dir(f / "sub")
    assert check_output_dir(tmp_path / "a" / "b").is_dir()  # created with its parents
    with pytest.raises(ValueError, match="does not exist"):
        check_output_file(tmp_path / "no" / "x.json")
    with pytest.raises(ValueError, match="would overwrite"):
        check_output_file(f, protect=(f,))
    with pytest.raises(ValueError, match="is a directory"):
        check_output_file(tmp_path)
    assert check_output_file(tmp_path / "new.json") == tmp_path / "new.json"
    assert not (tmp_path / "new.json").exists()  # checking creates nothing


def test_atomic_writes_keep_the_old_file_and_no_tmp(tmp_path):
    p = tmp_path / "x.txt"
    write_atomic(p, "old")

    def fail(fh):
        fh.write(b"partial")
        raise RuntimeError("interrupted")

    with pytest.raises(RuntimeError):
        save_atomic(p, fail)
    assert p.read_text() == "old" and sorted(q.name for q in tmp_path.iterdir()) == ["x.txt"]

    def disk_full(fh):
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError) as e:
        save_atomic(p, disk_full)
    assert e.value.filename == str(p) and p.read_text() == "old"
    assert sorted(q.name for q in tmp_path.iterdir()) == ["x.txt"]
