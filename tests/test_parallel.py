"""Extraction on worker processes: the same records, in the same order, and a dead worker costs
only the document that killed it."""

from __future__ import annotations

import os
import signal
import struct
import sys
import threading
import time
from pathlib import Path

import pytest

from kg.extract.parallel import LocalExtractor, ProcessExtractor, extract_chunk, make_extractor
from kg.extract.pipeline import to_score_record
from kg.model import Document, LoadError
from loaders import iter_documents

POISON = "MỘT-TRANG-GIẾT-WORKER"  # a page whose extraction kills its worker process
ONCE = "GIẾT-MỘT-LẦN:"  # followed by a path: the first worker to find no file there makes it and dies


def kill_on_poison(ex):
    """`then` for the workers: dies on the poison page, and once on a page marked ONCE."""
    if POISON in ex.doc.text:
        os.kill(os.getpid(), signal.SIGKILL)
    if ONCE in ex.doc.text:
        flag = Path(ex.doc.text.split(ONCE, 1)[1].split()[0])
        if not flag.exists():
            flag.touch()
            os.kill(os.getpid(), signal.SIGKILL)
    return to_score_record(ex)


def half_a_result(ex):
    """`then` for a worker: sends the first bytes of a result, as a worker killed mid-send
    leaves them, tells the test so by making the file named by the page's text, and waits."""
    frame = sys._getframe()
    while frame.f_code.co_name != "_process_worker":  # the pool's worker loop holds the result pipe
        frame = frame.f_back
    os.write(frame.f_locals["result_queue"]._writer.fileno(), struct.pack("!i", 1000) + b"x" * 10)
    Path(ex.doc.text).touch()
    time.sleep(600)


@pytest.fixture(scope="module")
def documents(samples) -> list[Document]:
    """The sample pages, each 12 times under other names: 24 documents, three chunks."""
    pages = [d for d in iter_documents([samples]) if isinstance(d, Document)]
    return [p.model_copy(update={"name": f"{p.name}-{i}", "source": f"{p.source}#{i}"})
            for i in range(12) for p in pages]


@pytest.fixture(scope="module")
def expected(documents) -> list[dict]:
    with LocalExtractor() as run:
        return list(run(documents, then=to_score_record))


def test_two_workers_give_the_records_of_one_in_order(documents, expected):
    with make_extractor(workers=2) as run:
        assert isinstance(run, ProcessExtractor)
        got = list(run(documents, then=to_score_record))
    assert [r["doc"] for r in got] == [d.name for d in documents]
    assert got == expected


def test_a_page_that_kills_its_worker_is_reported_and_the_rest_extracted(documents, expected):
    # index 5: inside the first chunk, so the chunk is retried whole and then page by page
    poison = documents[0].model_copy(update={"name": "poison", "source": "poison.txt",
                                            "text": documents[0].text + "\n" + POISON})
    errors: list[LoadError] = []
    with ProcessExtractor(2) as run:
        got = list(run([*documents[:5], poison, *documents[5:]], on_error=errors.append, then=kill_on_poison))
    assert got == expected
    assert [(e.source, e.reason) for e in errors] == [
        ("poison.txt", "the extraction worker died on it (killed or crashed)")]


def test_a_worker_killed_once_loses_nothing(documents, tmp_path):
    flag = tmp_path / "killed"
    docs = list(documents)
    docs[9] = docs[9].model_copy(update={"text": f"{docs[9].text}\n{ONCE}{flag}"})
    with LocalExtractor() as run:
        expected = list(run(docs, then=to_score_record))
    errors: list[LoadError] = []
    with ProcessExtractor(2) as run:
        got = list(run(docs, on_error=errors.append, then=kill_on_poison))
    assert flag.exists(), "no worker was killed: the test did not test anything"
    assert errors == []
    assert got == expected


def test_a_run_abandoned_while_a_worker_sends_its_result_ends(documents, tmp_path):
    """Stopping the pool at once (Ctrl-C, SIGTERM, an error) while a worker is halfway through
    sending a result: closing the pool returns, instead of waiting for the rest forever."""
    sent = tmp_path / "sent"
    run = ProcessExtractor(1)
    run.pool.submit(extract_chunk, [documents[0].model_copy(update={"text": str(sent)})], half_a_result)
    deadline = time.monotonic() + 60
    while not sent.exists():
        assert time.monotonic() < deadline, "the worker never sent half a result"
        time.sleep(0.05)
    closing = threading.Thread(target=run.close, kwargs={"at_once": True}, daemon=True)
    closing.start()
    closing.join(20)
    assert not closing.is_alive(), "the pool still waits for the rest of the result"


def test_workers_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        ProcessExtractor(0)
