"""Extraction workers end with their parent: a parent that made the pool is
killed (SIGKILL or SIGTERM) while its workers wait idle or work on a page,
and every worker must be gone within seconds (polled, no fixed sleep).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.core.extract.workers import ExtractionPool

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")

# The parent: makes the pool, starts every worker, prints their pids, then
# either waits (the workers idle) or keeps them busy with long work.
PARENT = """
import json, sys, time
from concurrent.futures import wait
from reader.core.extract.workers import ExtractionPool, _extract

mode = sys.argv[1]
pool = ExtractionPool(2)
executor = pool._pool()
assert executor is not None
wait([executor.submit(time.sleep, 0.2) for _ in range(2)])
if mode == "work":
    page = "<html><body>" + "<p>word</p>" * 20000 + "</body></html>"
    executor.submit(time.sleep, 120)
    executor.submit(_extract, page * 20, None)
    executor.submit(time.sleep, 120)
print(json.dumps(pool.worker_pids()), flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper counts as gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _wait_gone(pids: list[int], seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    alive = [p for p in pids if _alive(p)]
    while alive and time.monotonic() < deadline:
        time.sleep(0.05)
        alive = [p for p in alive if _alive(p)]
    return alive


@pytest.mark.parametrize("mode", ["idle", "work"])
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["kill-9", "term"])
def test_workers_exit_when_the_parent_dies(mode: str, sig: signal.Signals) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT, mode],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    try:
        assert parent.stdout is not None
        pids = json.loads(parent.stdout.readline())
        assert len(pids) == 2 and all(_alive(p) for p in pids)
        parent.send_signal(sig)
        parent.wait()
        left = _wait_gone(pids, 10)
        for pid in left:  # clean up before failing
            os.kill(pid, signal.SIGKILL)
        assert not left, f"workers outlived their parent: {left}"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_close_kills_a_worker_in_the_middle_of_a_page() -> None:
    pool = ExtractionPool(1)
    executor = pool._pool()
    assert executor is not None
    executor.submit(time.sleep, 0.1).result()
    executor.submit(time.sleep, 120)
    pids = pool.worker_pids()
    assert pids and all(_alive(p) for p in pids)
    pool.close()
    assert not _wait_gone(pids, 10)
