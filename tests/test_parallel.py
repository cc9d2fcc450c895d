"""Worker pools: ordered results, serial fallback, and workers that never outlive their parent."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from newsframe.errors import ConfigError
from newsframe.parallel import map_ordered, process_pool, workers


def _square(x: int) -> int:
    return x * x


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_map_ordered_keeps_the_order_of_items(n_jobs):
    with process_pool(n_jobs) as pool:
        assert (pool is None) == (n_jobs == 1)
        assert list(map_ordered(_square, range(20), executor=pool, in_flight=3)) == [x * x for x in range(20)]


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_workers_rejects_what_is_not_a_positive_whole_number(bad):
    with pytest.raises(ConfigError, match="n_jobs"):
        workers(bad)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as stat:  # a zombie has exited; only its parent has not reaped it
        return stat.read().split(")")[-1].split()[0] != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux-only")
def test_workers_exit_when_their_parent_is_killed(tmp_path):
    pids = tmp_path / "pids"
    script = textwrap.dedent(f"""
        import os, time
        from newsframe.parallel import map_ordered, process_pool

        def work(i):
            with open({str(pids)!r}, "a") as f:
                f.write(f"{{os.getpid()}}\\n")
            time.sleep(120)

        with process_pool(2) as pool:
            list(map_ordered(work, range(2), executor=pool))
    """)
    parent = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and (not pids.exists() or len(pids.read_text().split()) < 2):
        time.sleep(0.1)
    children = [int(p) for p in pids.read_text().split()]
    assert len(children) == 2 and all(_alive(p) for p in children)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(_alive(p) for p in children):
        time.sleep(0.1)
    survivors = [p for p in children if _alive(p)]
    for pid in survivors:
        os.kill(pid, signal.SIGKILL)
    assert not survivors
