"""`kg build --workers 2` ended by a signal takes its whole process tree with it: the fork
server, the workers, multiprocessing's resource tracker and the embedded FalkorDB server are
gone 5 s later, and no /tmp/pymp-* folder is left (issue 15). SIGTERM and Ctrl-C (SIGINT) stop it
cleanly, and say how many articles it stored.

Run as a user runs it: a real `kg build` process, signalled once its workers are extracting.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from runkg import ROOT, repeated_samples, stats

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="reads the process tree from /proc (Linux only)")

GRACE = 5.0  # seconds after the signal by which every process of the build must be gone


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, samples) -> Path:
    """1000 articles from the two sample pages, each under its own URL: 20 s of extraction or
    more, so the build is still running when it is signalled."""
    return repeated_samples(samples, tmp_path_factory.mktemp("corpus") / "many.jsonl", 500)


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, ppid) of a process, None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the name, in parentheses, may hold spaces
    return fields[0], int(fields[1])


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def descendants(root: int) -> dict[int, str]:
    """pid: command line of every process below `root`, by the ppid links of /proc/*/stat."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) is not None:
            children.setdefault(stat[1], []).append(int(entry.name))
    found: dict[int, str] = {}
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found[child] = _cmdline(child)
            todo.append(child)
    return found


def alive(pid: int) -> bool:
    stat = _stat(pid)
    return stat is not None and stat[0] not in "ZX"  # a zombie has ended; only its exit status is left


def wait_for_workers(build: subprocess.Popen, deadline: float) -> dict[int, str]:
    """The build's process tree once it has its embedded server, resource tracker, fork server
    and two workers (the fork server's children)."""
    while time.monotonic() < deadline and build.poll() is None:
        tree = descendants(build.pid)
        servers = [p for p, cmd in tree.items() if "multiprocessing.forkserver" in cmd
                   and _stat(p) and _stat(p)[1] == build.pid]
        workers = [p for p in tree if servers and (_stat(p) or ("", 0))[1] == servers[0]]
        if (len(workers) >= 2 and any("resource_tracker" in cmd for cmd in tree.values())
                and any("redis-server" in cmd for cmd in tree.values())):
            return tree
        time.sleep(0.05)
    raise AssertionError(f"kg build (exit {build.poll()}) did not start its workers: "
                         f"{sorted(descendants(build.pid).values())}")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_a_signalled_build_leaves_no_process_and_no_temp_folder(tmp_path, corpus, sig):
    tmp = tmp_path / "tmp"  # multiprocessing's temp dirs go here, away from other runs'
    tmp.mkdir()
    data = tmp_path / "data"
    args = ["build", str(corpus), "--workers", "2", "--commit-every", "10", "--data-dir", str(data), "--quiet"]
    errors = tmp_path / "stderr"
    with errors.open("w") as stderr:
        # stderr to a file: the children inherit it, so a pipe would wait for the slowest of them
        build = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], cwd=ROOT, stderr=stderr,
                                 env={**os.environ, "TMPDIR": str(tmp)})
    tree: dict[int, str] = {}
    try:
        tree = wait_for_workers(build, time.monotonic() + 120)
        time.sleep(1.5)  # the workers load their pipelines and extract; some articles are stored
        tree |= descendants(build.pid)
        assert build.poll() is None, "the build ended before the signal: the test tested nothing"
        assert list(tmp.glob("pymp-*")), "no multiprocessing temp dir to check"

        os.kill(build.pid, sig)
        deadline = time.monotonic() + GRACE
        try:
            build.wait(GRACE)
        except subprocess.TimeoutExpired:
            pass
        while time.monotonic() < deadline and any(alive(p) for p in tree):
            time.sleep(0.05)
        left = {p: cmd for p, cmd in tree.items() if alive(p)}
        if build.poll() is None:
            left[build.pid] = "kg build"
        assert not left, f"{GRACE:g} s after {sig.name}, still running: {left}"
        assert list(tmp.glob("pymp-*")) == []
    finally:
        for pid, cmd in [(build.pid, None), *tree.items()]:  # what a failed run left behind
            if alive(pid) and (cmd is None or _cmdline(pid) == cmd):
                os.kill(pid, signal.SIGKILL)
        build.wait()

    message = errors.read_text().strip()
    held = stats(data)["labels"].get("Article", 0)  # the store opens: unlocked, its log readable
    if sig != signal.SIGKILL:  # unwound: one line, the articles stored counted exactly, exit 75 as any interruption
        assert build.returncode == 75, message
        name = "SIGTERM" if sig == signal.SIGTERM else "Ctrl-C"
        assert message == (f"kg: stopped by {name}; the first {held} articles of this build were stored; "
                           "run the same build again to complete it")
    else:
        assert build.returncode == -signal.SIGKILL
        assert held < 1000
