"""The progress bar: its text (bar, count, rate, ETA) and its output on a log (not a terminal)."""

import io

import pytest

from gantheory.neural.progress import Progress


def test_line_reports_rate_and_eta():
    p = Progress(100, "train", stream=io.StringIO())
    line = p.line(25, now=p.t0 + 5.0)  # 25 iterations in 5 s: 5 it/s, 75 left: 15 s
    assert "25/100" in line and "25.0%" in line and "5.00 it/s" in line and "ETA 00:15" in line
    assert line.count("#") == 7  # a quarter of the 28-character bar


def test_resumed_rate_counts_only_this_session():
    p = Progress(100, "train", start=50, stream=io.StringIO())
    assert "10.00 it/s" in p.line(60, now=p.t0 + 1.0) and "ETA 00:04" in p.line(60, now=p.t0 + 1.0)


def test_a_log_gets_one_line_per_tenth():
    buf = io.StringIO()
    p = Progress(50, "probe", stream=buf)
    for i in range(1, 51):
        p.update(i)
    p.close()
    lines = buf.getvalue().splitlines()
    assert len(lines) == 11 and lines[-1].startswith("probe [" + "#" * 28 + "] 50/50")


def test_disabled_bar_writes_nothing_and_bad_total():
    buf = io.StringIO()
    p = Progress(5, "x", enabled=False, stream=buf)
    p.update(5)
    p.close()
    assert buf.getvalue() == ""
    with pytest.raises(ValueError, match="total"):
        Progress(0, "x")


def test_stages_print_each_stage_and_one_bar_with_eta():
    from gantheory.neural.progress import Stages

    s = io.StringIO()
    st = Stages([("first", 4), ("second", 6)], "diagnose", stream=s)
    st.start("first")
    for _ in range(10):  # past the stage's estimate: held at its end (4 of 10)
        st.tick()
    assert st.bar.done == 4
    st.start("second")
    st.tick(3)
    assert st.bar.done == 7
    st.close()
    out = s.getvalue()
    assert "diagnose: stage 1/2: first" in out and "diagnose: stage 2/2: second" in out
    assert "10/10" in out and "ETA" in out
    quiet = io.StringIO()
    q = Stages([("a", 1)], "x", enabled=False, stream=quiet)
    q.start("a")
    q.close()
    assert quiet.getvalue() == ""
