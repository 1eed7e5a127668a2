"""Extraction on several processes, or on a Dask cluster, in input order and bounded memory.

The work unit is a chunk of Documents. A worker extracts them, applies `then` to each
Extraction (`kg.resolve.resolve` for a build, `to_score_record` for `kg extract`) and returns
the results with the LoadErrors of the documents the pipeline failed on. Running `then` on the
worker matters: rebuilding pydantic Extractions from a pipe costs the parent about a seventh
of the extraction itself, while a GraphDelta or a plain dict is cheap to send. Only `window`
chunks are in flight at once, so an archive of any size streams through in bounded memory.

    with make_extractor(workers=4) as run:
        for delta in run(documents, on_error=report, then=resolve): ...
    with make_extractor(dask="tcp://scheduler:8786") as run: ...
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import signal
import threading
from collections import deque
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice
from multiprocessing import util as mp_util
from typing import Any, Callable, Iterable, Iterator

from kg.model import Document, Extraction, LoadError

log = logging.getLogger(__name__)

CHUNK_SIZE = 8  # documents per task: measured best for 2 workers (16 and more leave a worker idle at the end of windows)
WINDOW_PER_WORKER = 4  # chunks in flight per worker: keeps workers busy while results are consumed

OnError = Callable[[LoadError], None] | None
Then = Callable[[Extraction], Any]
Chunk = list[Document]
Result = tuple[list[Any], list[LoadError]]


def same(ex: Extraction) -> Extraction:
    return ex


def extract_chunk(docs: Chunk, then: Then = same, min_confidence: float | None = None) -> Result:
    """The task a worker runs: then(Extraction) per document, and a LoadError for each that failed.

    `then` must be importable by name (a module-level function) to reach another process.
    """
    from kg.extract.pipeline import extract

    errors: list[LoadError] = []
    return [then(ex) for ex in extract(docs, on_error=errors.append, min_confidence=min_confidence)], errors


def warm_up() -> None:
    """Load the pipeline once per worker process, before the first task."""
    from kg.extract.pipeline import load_nlp

    load_nlp()


def start_worker(temp_dir: str) -> None:
    """Each worker's initializer: end with kg, then load the pipeline.

    Ctrl-C reaches every process of the terminal's group: kg stops the pool, so workers ignore
    it (as the fork server does) rather than each print a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=end_with_parent, args=(temp_dir,), name="kg-end-with-parent", daemon=True).start()
    warm_up()


def end_with_parent(temp_dir: str) -> None:
    """Wait until the kg process that asked for this worker has ended, however it ended, then
    remove its multiprocessing temp dir and exit.

    Else a worker outlives a kg ended by a signal: it waits for ever on its task queue, whose
    write end it holds itself, and keeps alive the fork server (which exits once all its
    clients have) and the resource tracker (once all holders of its pipe have). kill -9 runs no
    handler in kg, so the worker must notice by itself. prctl(PR_SET_PDEATHSIG), as the
    embedded server uses, does not fit: a worker's parent is the fork server, not kg. But
    multiprocessing gives each child a sentinel of the process that started it (kg here):
    kg holds the write end of a pipe, closed by the kernel when kg ends in any way, so join()
    returns then (at once if kg ended before this thread started), on every OS.

    The temp dir (/tmp/pymp-*, where the fork server's socket is) is kg's, removed at kg's
    normal exit; after a signal only a worker is left to do it. Workers race to remove it:
    errors are ignored.
    """
    parent = multiprocessing.parent_process()
    if parent is None:  # not a child process (called directly)
        return
    parent.join()
    shutil.rmtree(temp_dir, ignore_errors=True)
    os._exit(1)  # at once, whatever the main thread is doing: its results have no reader


def chunked(documents: Iterable[Document], size: int = CHUNK_SIZE) -> Iterator[Chunk]:
    it = iter(documents)
    while chunk := list(islice(it, size)):
        yield chunk


def in_order(submit: Callable[[Chunk], Any], chunks: Iterable[Chunk], window: int) -> Iterator[tuple[Chunk, Any]]:
    """(chunk, future) pairs in submission order, at most `window` submitted and not yet taken.

    Works for concurrent.futures and Dask futures alike (both have .result()).
    """
    pending: deque[tuple[Chunk, Any]] = deque()
    for chunk in chunks:
        pending.append((chunk, submit(chunk)))
        if len(pending) >= window:
            yield pending.popleft()
    while pending:
        yield pending.popleft()


def _report(result: Result, on_error: OnError) -> list[Any]:
    items, errors = result
    for error in errors:
        if on_error is None:
            raise RuntimeError(str(error))
        on_error(error)
    return items


class ProcessExtractor:
    """A pool of worker processes, each with its own pipeline, that survives a worker's death.

    Workers come from a fork server that has already imported the pipeline's modules: safe
    with the threads of the parent (progress bars, store drivers), and quick to start. They
    end with this process however it ends, even by kill -9 (end_with_parent), and then the
    fork server and multiprocessing's resource tracker end too.
    """

    def __init__(self, workers: int, min_confidence: float | None = None) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.workers = workers
        self.min_confidence = min_confidence
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["kg.extract.pipeline"])
        self._pool: ProcessPoolExecutor | None = None  # started by the first task

    def _new_pool(self) -> ProcessPoolExecutor:
        # get_temp_dir() makes the temp dir on first use: only now, when the fork server (whose
        # socket goes there) and the workers (which remove it if kg is killed) are about to start.
        return ProcessPoolExecutor(self.workers, mp_context=self._context, initializer=start_worker,
                                   initargs=(mp_util.get_temp_dir(),))

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = self._new_pool()
        return self._pool

    def warm(self) -> None:
        """Start every worker and load its pipeline now (else the first chunks pay for it)."""
        for future in [self.pool.submit(warm_up) for _ in range(self.workers)]:
            future.result()

    def __call__(self, documents: Iterable[Document], on_error: OnError = None, then: Then = same) -> Iterator[Any]:
        window = self.workers * WINDOW_PER_WORKER
        for chunk, future in in_order(lambda c: self._submit(c, then), chunked(documents), window):
            yield from _report(self._result(chunk, future, then), on_error)

    def _submit(self, chunk: Chunk, then: Then) -> Future:
        try:
            return self.pool.submit(extract_chunk, chunk, then, self.min_confidence)
        except BrokenProcessPool:  # a worker died: the pool refuses work; start a fresh one
            log.debug("extraction pool broken; starting a new one")
            self.pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._new_pool()
            return self._pool.submit(extract_chunk, chunk, then, self.min_confidence)

    def _result(self, chunk: Chunk, future: Future, then: Then) -> Result:
        """The chunk's result; if a worker died (killed, out of memory, a crash in native code),
        the chunk again in a fresh pool, then each document alone, so that only a document that
        kills a worker every time is lost, and reported."""
        try:
            return future.result()
        except BrokenProcessPool:
            pass
        retried = self._retry(chunk, then)
        if retried is not None:
            return retried
        items: list[Any] = []
        errors: list[LoadError] = []
        for doc in chunk:
            alone = self._retry([doc], then) or ([], [LoadError(
                source=doc.source, reason="the extraction worker died on it (killed or crashed)")])
            items += alone[0]
            errors += alone[1]
        return items, errors

    def _retry(self, chunk: Chunk, then: Then) -> Result | None:
        try:
            return self._submit(chunk, then).result()
        except BrokenProcessPool:
            return None

    def close(self, *, at_once: bool = False) -> None:
        """Stop the workers once the chunks in hand are extracted, or `at_once` (the run is
        abandoned: an error, Ctrl-C, SIGTERM), ending them mid-chunk."""
        if self._pool is None:
            return
        if at_once:
            # What the pool itself does when a worker dies (it ends the others); Python 3.14
            # has terminate_workers() for this.
            processes = list((getattr(self._pool, "_processes", None) or {}).values())
            for process in processes:
                process.terminate()
            for process in processes:
                process.join()
            # A worker ended while sending a result leaves half of it in the pipe, and the
            # pool's reader thread waits for the rest forever, so shutdown() would too. With
            # the workers gone ours is the last write end: closing it gives that reader EOF.
            if (results := getattr(self._pool, "_result_queue", None)) is not None:
                results._writer.close()
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> "ProcessExtractor":
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        self.close(at_once=exc_type is not None)


class DaskExtractor:
    """Extraction on a Dask cluster: the client reads the documents, the workers extract.

    `address` is a scheduler (`tcp://host:8786`), or `local` for a LocalCluster of `workers`
    single-threaded processes on this machine. Workers need this package installed.
    """

    def __init__(self, address: str, *, workers: int = 1, min_confidence: float | None = None) -> None:
        self.min_confidence = min_confidence
        try:
            import dask
            from distributed import Client, LocalCluster
        except ImportError:
            raise RuntimeError("--dask needs Dask: pip install 'vn-diplomacy-kg[dask]'") from None
        if not log.isEnabledFor(logging.DEBUG):
            # Dask logs every worker's start and stop at INFO; keep stderr to our own lines.
            # The config reaches the processes a LocalCluster's nannies spawn.
            dask.config.set({"logging.distributed": "error"})
            logging.getLogger("distributed").setLevel(logging.ERROR)
        self.cluster = None
        if address == "local":
            # Processes, one thread each: the pipeline holds the GIL, so threads would not help.
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            address = self.cluster.scheduler_address
        try:
            self.client = Client(address, timeout="10s")
        except (OSError, TimeoutError) as e:
            self.close()
            raise RuntimeError(f"Dask scheduler at {address} is unreachable: {e}") from None
        self.address = address

    @property
    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def warm(self) -> None:
        self.client.run(warm_up)

    def __call__(self, documents: Iterable[Document], on_error: OnError = None, then: Then = same) -> Iterator[Any]:
        window = self.workers * WINDOW_PER_WORKER

        def submit(chunk: Chunk):
            return self.client.submit(extract_chunk, chunk, then, self.min_confidence, pure=False)

        for chunk, future in in_order(submit, chunked(documents), window):
            try:
                result = future.result()
            except Exception as e:  # a worker lost for good, or a task that raised: skip its documents
                reason = f"extraction on Dask failed: {type(e).__name__}: {e}"
                result = [], [LoadError(source=d.source, reason=" ".join(reason.split())) for d in chunk]
            finally:
                future.release()
            yield from _report(result, on_error)

    def close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __enter__(self) -> "DaskExtractor":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class LocalExtractor:
    """The pipeline in this process: the default, and the baseline the others are measured against."""

    workers = 1

    def __init__(self, min_confidence: float | None = None) -> None:
        self.min_confidence = min_confidence

    def warm(self) -> None:
        warm_up()

    def __call__(self, documents: Iterable[Document], on_error: OnError = None, then: Then = same) -> Iterator[Any]:
        from kg.extract.pipeline import extract

        return map(then, extract(documents, on_error=on_error, min_confidence=self.min_confidence))

    def close(self) -> None:
        pass

    def __enter__(self) -> "LocalExtractor":
        return self

    def __exit__(self, *exc: object) -> None:
        pass


Extractor = LocalExtractor | ProcessExtractor | DaskExtractor


def make_extractor(workers: int = 1, dask: str | None = None, min_confidence: float | None = None) -> Extractor:
    """In this process (1 worker), on `workers` processes, or on the Dask cluster at `dask`.
    `min_confidence`: keep relations of at least this probability (default: the trained model's)."""
    if dask:
        return DaskExtractor(dask, workers=workers, min_confidence=min_confidence)
    if workers == 1:
        return LocalExtractor(min_confidence)
    return ProcessExtractor(workers, min_confidence)
