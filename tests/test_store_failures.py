"""A store that cannot be reached ends the run with one clear line, fast, before anything is written."""

from __future__ import annotations

import json
import socket
import struct
import threading
import time

import pytest
from runkg import kg



def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens once the socket is closed


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_unreachable_neo4j_is_one_line_and_fast(scheme, samples):
    env = {"NEO4J_URI": f"{scheme}://127.0.0.1:{closed_port()}", "NEO4J_PASSWORD": "x"}
    started = time.monotonic()
    proc = kg("build", str(samples), "--store", "neo4j", "--quiet", env=env, check=False)
    elapsed = time.monotonic() - started
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kg: Neo4j at ") and "unreachable" in lines[0], proc.stderr
    assert elapsed < 10


def test_reset_asks_before_it_deletes(tmp_path, samples):
    data = ["--data-dir", str(tmp_path / "data")]
    assert kg("build", str(samples), "--quiet", *data).returncode == 0
    refused = kg("reset", *data, stdin="n\n", check=False)
    assert refused.returncode == 1 and "nothing deleted" in refused.stderr
    counts = json.loads(kg("stats", "--format", "json", *data).stdout)
    assert counts["labels"]["Article"] == 2
    done = kg("reset", "--yes", *data)
    assert done.returncode == 0 and "deleted" in done.stderr
    assert json.loads(kg("stats", "--format", "json", *data).stdout) == {"labels": {}, "relationships": {}}


def _packstream_string(text: str) -> bytes:
    data = text.encode()
    return (bytes([0x80 + len(data)]) if len(data) < 16 else bytes([0xD0, len(data)])) + data


@pytest.fixture
def bolt_refusing_login():
    """A Bolt endpoint that answers every login as a Neo4j server does a wrong password.
    No Neo4j server can run here; this speaks just enough of the protocol (handshake,
    then FAILURE Neo.ClientError.Security.Unauthorized) for the official driver."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    failure = bytes([0xB1, 0x7F, 0xA2]) + b"".join(map(_packstream_string, [
        "code", "Neo.ClientError.Security.Unauthorized",
        "message", "The client is unauthorized due to authentication failure."]))

    def serve() -> None:
        while True:
            try:
                conn, _ = server.accept()
            except OSError:
                return
            with conn:
                conn.recv(20)  # magic and version proposals
                conn.sendall(bytes([0, 0, 0, 5]))  # Bolt 5.0
                conn.recv(65536)  # HELLO with the credentials
                conn.sendall(struct.pack(">H", len(failure)) + failure + b"\x00\x00")

    threading.Thread(target=serve, daemon=True).start()
    yield f"bolt://127.0.0.1:{server.getsockname()[1]}"
    server.close()


def test_wrong_password_is_one_line_and_fast(bolt_refusing_login, samples):
    env = {"NEO4J_URI": bolt_refusing_login, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": "wrong"}
    started = time.monotonic()
    proc = kg("build", str(samples), "--store", "neo4j", "--quiet", env=env, check=False)
    assert time.monotonic() - started < 10
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [
        f"kg: Neo4j at {bolt_refusing_login}: authentication failed for user 'neo4j'"]
