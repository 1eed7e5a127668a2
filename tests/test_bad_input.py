"""Bad input through `kg build`, end to end: real processes, a real embedded store per test group.

Each group builds the good sample pages (d001, d002) into a fresh store first, then builds a
folder holding those pages plus the bad input into the same store, then builds it once more.
A skipped input is one line `kg: skipped SOURCE: REASON` on stderr and exit code 3; a page
that must be read (other encodings, truncated HTML, text that looks like Cypher, Vietnamese
file names) is stored, exit 0. The store afterwards is compared, node by node and relationship
by relationship, with a store built in one go from the good pages plus clean UTF-8 twins of
whatever had to be read, so nothing is lost, duplicated or misread. The loader-level details
of each case are in test_loaders.py; here it is the command a user runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import socket
import stat
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest

from runkg import ROOT, kg
from legacy_text import encode_cp1258

SAMPLES = ROOT / "examples" / "news"
GOOD = ("d001.txt", "d002.txt")
MAX_BYTES = 20_000_000  # loaders.DEFAULT_MAX_BYTES, written out so that a change of policy is seen here
NOBODY = 65534

# Article bodies with entities the extractor is known to find.
SON_VISITS_JAPAN = (
    "Bộ trưởng Ngoại giao Bùi Thanh Sơn thăm Nhật Bản từ ngày 5 đến 7/3. Chuyến thăm nhằm thúc đẩy "
    "quan hệ Đối tác chiến lược sâu rộng giữa Việt Nam và Nhật Bản trong bối cảnh mới."
)
VIETNAM_LAOS = (
    "Thủ tướng Phạm Minh Chính tiếp Đại sứ Lào tại Hà Nội. Hai bên nhất trí tăng cường hợp tác "
    "kinh tế, thương mại và giáo dục giữa Việt Nam và Lào trong thời gian tới."
)
VIETNAM_KOREA = (
    "Bộ trưởng Ngoại giao Bùi Thanh Sơn hội đàm với Bộ trưởng Ngoại giao Hàn Quốc. Hai bên nhất trí "
    "thúc đẩy hợp tác đầu tư và giao lưu nhân dân giữa Việt Nam và Hàn Quốc."
)



# --- running kg and reading the store ------------------------------------------------------


def build(*inputs: Path | str, data: Path, quiet: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    args = ["build", *map(str, inputs), "--data-dir", str(data)] + (["--quiet"] if quiet else [])
    return kg(*args, check=False, timeout=timeout)


def query(data: Path, cypher: str) -> list[dict]:
    return json.loads(kg("query", cypher, "--format", "json", "--data-dir", str(data)).stdout)


def stats(data: Path) -> dict:
    return json.loads(kg("stats", "--format", "json", "--data-dir", str(data)).stdout)


@dataclass
class Dump:
    """What the store holds: counts per label and type, every node and relationship with properties."""

    stats: dict
    nodes: list[dict]
    rels: list[dict]

    @property
    def article_ids(self) -> list[str]:
        return sorted(n["id"] for n in self.nodes if "Article" in n["labels"])

    def articles(self) -> dict[str, dict]:
        """Article properties by name."""
        return {n["props"]["name"]: n["props"] for n in self.nodes if "Article" in n["labels"]}


def _comparable(props: dict, article: bool) -> dict:
    # `source` is the path the page was read from, which differs between folders; lists
    # (evidence, sources, aliases) are unions whose order follows the order of the builds.
    return {k: sorted(v, key=json.dumps) if isinstance(v, list) else v
            for k, v in props.items() if not (article and k == "source")}


def dump(data: Path) -> Dump:
    nodes = query(data, "MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props ORDER BY id")
    rels = query(data, "MATCH (s)-[r]->(t) RETURN s.id AS s, type(r) AS type, t.id AS t, "
                       "properties(r) AS props ORDER BY s, type, t, r.key")
    for node in nodes:
        node["labels"] = sorted(node["labels"])
    return Dump(stats(data), nodes, rels)


def comparable(d: Dump) -> tuple[dict, list, list]:
    nodes = [{**n, "props": _comparable(n["props"], "Article" in n["labels"])} for n in d.nodes]
    rels = [{**r, "props": _comparable(r["props"], False)} for r in d.rels]
    return d.stats, nodes, rels


def skipped_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("kg: skipped ")]


def lines_about(stderr: str, source: Path | str) -> list[str]:
    """The stderr lines reporting `source` (a path, or 'path:line' for a JSONL line)."""
    return [line for line in stderr.splitlines() if line.startswith(f"kg: skipped {source}: ")]


def the_line_about(stderr: str, source: Path | str) -> str:
    found = lines_about(stderr, source)
    assert len(found) == 1, f"expected one line about {source}, got {found}; stderr:\n{stderr}"
    return found[0]


# --- the pages -----------------------------------------------------------------------------------


def with_good_pages(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in GOOD:
        shutil.copyfile(SAMPLES / name, folder / name)
    return folder


def jsonl(*records: dict | str) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records)


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Dump:
    """The store built from the good pages alone."""
    data = tmp_path_factory.mktemp("clean") / "data"
    proc = build(with_good_pages(tmp_path_factory.mktemp("good")), data=data)
    assert (proc.returncode, proc.stderr) == (0, ""), proc.stderr
    d = dump(data)
    assert d.stats["labels"]["Article"] == 2 and d.stats["relationships"]["MENTIONS"] > 0
    return d


@dataclass
class Run:
    folder: Path
    data: Path
    proc: subprocess.CompletedProcess  # the build with the bad input, into a store of the good pages
    after: Dump
    rerun: subprocess.CompletedProcess  # the same build once more
    again: Dump
    reference: Dump | None  # good pages + clean twins of what must be read, built in one go


def run_over_good_store(root: Path, folder: Path, *extra: Path | str, reference: Path | None = None,
                        quiet: bool = True, timeout: float = 120) -> Run:
    data = root / "data"
    first = build(with_good_pages(root / "good"), data=data)
    assert (first.returncode, first.stderr) == (0, ""), first.stderr
    proc = build(folder, *extra, data=data, quiet=quiet, timeout=timeout)
    after = dump(data)
    rerun = build(folder, *extra, data=data, quiet=quiet, timeout=timeout)
    again = dump(data)
    ref = None
    if reference is not None:
        ref_proc = build(reference, data=root / "reference-data")
        assert (ref_proc.returncode, ref_proc.stderr) == (0, ""), ref_proc.stderr
        ref = dump(root / "reference-data")
    return Run(folder, data, proc, after, rerun, again, ref)


def assert_store_kept(run: Run, clean: Dump, added: int) -> None:
    """The good pages' articles are all there, `added` more, and the re-run changed nothing."""
    assert set(clean.article_ids) <= set(run.after.article_ids)
    assert len(run.after.article_ids) == len(clean.article_ids) + added, run.after.article_ids
    assert run.after.stats["labels"]["Article"] == len(clean.article_ids) + added
    for label, count in clean.stats["labels"].items():
        assert run.after.stats["labels"][label] >= count, label
    for rel_type, count in clean.stats["relationships"].items():
        assert run.after.stats["relationships"][rel_type] >= count, rel_type
    if run.reference is not None:
        assert comparable(run.after) == comparable(run.reference)
    if added == 0:
        assert comparable(run.after) == comparable(clean)
    assert run.rerun.returncode == run.proc.returncode
    assert skipped_lines(run.rerun.stderr) == skipped_lines(run.proc.stderr)
    assert comparable(run.again) == comparable(run.after)


# --- skipped inputs: empty, binary, broken JSONL lines, a truncated head ---------------------------


BROKEN_JSONL = {  # line number -> (line, reason the line is reported with, or None for a good line)
    1: (json.dumps({"id": "jsonl-son", "title": "Bộ trưởng Bùi Thanh Sơn thăm Nhật Bản",
                    "text": SON_VISITS_JAPAN}, ensure_ascii=False), None),
    # a line cut short: json.loads sees the newline that ends it inside the open string
    2: ('{"id": "cut", "text": "Bộ trưởng Ngoại giao', "malformed JSON: Unterminated string starting at: column 23"),
    3: (json.dumps({"id": "no-text", "url": "https://baoquocte.vn/khong-co-noi-dung.html"}),
        "no text (neither 'text' nor 'html' given)"),
    4: ("", None),  # a blank line is no page and no error
    5: (json.dumps({"id": "jsonl-laos", "text": VIETNAM_LAOS}, ensure_ascii=False), None),
    6: ('["một", "mảng"]', "JSON line is not an object"),
    7: ('{"id": "number", "text": 42}', "'text' is not a string"),
    8: ("__CP1258__", "line is not valid UTF-8"),
}


def _jsonl_line(line: str) -> bytes:
    if line == "__CP1258__":
        return encode_cp1258(json.dumps({"id": "cp", "text": VIETNAM_KOREA}, ensure_ascii=False))
    return line.encode("utf-8")


@pytest.fixture(scope="module")
def skipped(tmp_path_factory) -> Run:
    root = tmp_path_factory.mktemp("skipped")
    folder = with_good_pages(root / "in")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\n\t \r\n\u00a0\u3000\u200b\n", encoding="utf-8")
    rng = random.Random(1258)
    (folder / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(4096))
    (folder / "nul.txt").write_bytes(f"Tiêu đề\n\n{SON_VISITS_JAPAN}".encode().replace(b" ", b" \x00", 3))
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + rng.randbytes(512))  # other extension: not walked
    (folder / "blob").write_bytes(b"\x00\x01\x02" + rng.randbytes(512))  # no extension, binary: not a page
    (folder / "cut-head.html").write_text("<!DOCTYPE html><html><head><meta charset='utf-8'><title>Bộ trư",
                                          encoding="utf-8")
    os.symlink(root / "nowhere.txt", folder / "dangling.txt")
    (folder / "batch.jsonl").write_bytes(b"\n".join(_jsonl_line(line) for line, _ in BROKEN_JSONL.values()) + b"\n")
    reference = with_good_pages(root / "reference")
    (reference / "batch.jsonl").write_text(
        jsonl(*(line for line, reason in BROKEN_JSONL.values() if line and reason is None)), encoding="utf-8")
    # image.png named explicitly is reported for its extension, unread
    return run_over_good_store(root, folder, folder / "image.png", reference=reference)


SKIPPED_FILES = {
    "empty.txt": "empty file",
    "blank.txt": "empty file",
    "photo.txt": "binary file",
    "nul.txt": "binary file",
    "image.png": "not a news page (.png); kg reads .txt, .html, .htm and .jsonl "
                 "(rename a page saved under another extension)",
    "cut-head.html": "no body text after cleaning",
    "dangling.txt": "no such file",
}


def test_skipped_build_reports_each_bad_input_once_and_nothing_else(skipped, clean):
    expected = {f"kg: skipped {skipped.folder / name}: {reason}" for name, reason in SKIPPED_FILES.items()}
    expected |= {f"kg: skipped {skipped.folder / 'batch.jsonl'}:{n}: {reason}"
                 for n, (_, reason) in BROKEN_JSONL.items() if reason}
    lines = skipped.proc.stderr.splitlines()
    assert sorted(lines) == sorted(expected), skipped.proc.stderr
    assert skipped.proc.returncode == 3
    assert_store_kept(skipped, clean, added=2)  # the two good JSONL lines


@pytest.mark.parametrize("name", ["empty.txt", "blank.txt"])
def test_empty_and_whitespace_only_files_are_skipped(skipped, clean, name):
    assert the_line_about(skipped.proc.stderr, skipped.folder / name).endswith(": empty file")
    assert skipped.proc.returncode == 3
    assert name.removesuffix(".txt") not in skipped.after.articles()
    assert {"d001", "d002"} <= set(skipped.after.articles())


@pytest.mark.parametrize("name", ["photo.txt", "nul.txt", "image.png"])
def test_binary_files_are_skipped(skipped, name):
    assert the_line_about(skipped.proc.stderr, skipped.folder / name).endswith(f": {SKIPPED_FILES[name]}")
    assert skipped.proc.returncode == 3
    assert Path(name).stem not in skipped.after.articles()


def test_binary_files_a_folder_walk_does_not_take_are_not_reported(skipped):
    # image.png is reported once, as the path named on the command line; the extension-less
    # binary 'blob' found in the folder is not a page and is passed over in silence.
    assert [line for line in skipped.proc.stderr.splitlines() if "blob" in line] == []
    assert len([line for line in skipped.proc.stderr.splitlines() if "image.png" in line]) == 1


def test_jsonl_broken_lines_are_reported_one_by_one_and_good_lines_stored(skipped, clean):
    batch = skipped.folder / "batch.jsonl"
    for number, (_, reason) in BROKEN_JSONL.items():
        found = lines_about(skipped.proc.stderr, f"{batch}:{number}")
        if reason is None:
            assert found == [], found
        else:
            assert found == [f"kg: skipped {batch}:{number}: {reason}"], skipped.proc.stderr
    assert lines_about(skipped.proc.stderr, batch) == []  # the file as a whole is not "skipped"
    assert skipped.proc.returncode == 3
    articles = skipped.after.articles()
    assert articles["jsonl-son"]["title"] == "Bộ trưởng Bùi Thanh Sơn thăm Nhật Bản"
    assert articles["jsonl-son"]["source"] == f"{batch}:1"
    assert articles["jsonl-laos"]["source"] == f"{batch}:5"
    for name in ("cut", "no-text", "number", "cp"):
        assert name not in articles
    assert comparable(skipped.after) == comparable(skipped.reference)


def test_skipped_build_rerun_changes_nothing(skipped):
    assert skipped.rerun.returncode == 3
    assert sorted(skipped.rerun.stderr.splitlines()) == sorted(skipped.proc.stderr.splitlines())
    assert skipped.again == skipped.after


# --- pages that must be read: UTF-16, Windows-1258, truncated HTML, Cypher-looking text ------------

INJECTION = "'}) MATCH (n) DETACH DELETE n // $x \\ \\' \" `a` <script>alert(1)</script> {{ }} %s"
INJECTION_NAME = "$x '}) MATCH (n) DETACH DELETE n {{ }} `b` \\"  # a file name (no '/')
JSONL_INJECTION = 'MATCH (n) DETACH DELETE n; CALL db.clear() // "}) RETURN $rows {{x}} <b>\\n</b>'

UTF16 = ("u16.txt", "Bộ trưởng Bùi Thanh Sơn thăm chính thức Nhật Bản", SON_VISITS_JAPAN)
CP1258 = ("win.txt", "Quan hệ Việt Nam - Hàn Quốc phát triển mạnh mẽ", VIETNAM_KOREA)
TRUNCATED_TITLE = "Thủ tướng Phạm Minh Chính tiếp Đại sứ Lào"
TRUNCATED_HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body><article>"
    f"<h1>{TRUNCATED_TITLE}</h1><p>{VIETNAM_LAOS}</p>"
    "<p>Đại sứ Lào cảm ơn sự giúp đỡ của Việt Nam.</p><p class=\"cap"  # cut inside a start tag
)


def _text_page(title: str, body: str) -> str:
    return f"{title}\n\n{body}\n"


def _readable_files(folder: Path, *, twins: bool) -> Path:
    """The pages that must be read; with `twins`, the UTF-16 and cp1258 ones as UTF-8 instead."""
    with_good_pages(folder)
    name, title, body = UTF16
    raw = _text_page(title, body)
    (folder / name).write_bytes(raw.encode("utf-8") if twins else raw.encode("utf-16"))
    name, title, body = CP1258
    raw = _text_page(title, body)
    (folder / name).write_bytes(raw.encode("utf-8") if twins else encode_cp1258(raw))
    (folder / "cut.html").write_text(TRUNCATED_HTML, encoding="utf-8")
    (folder / f"{INJECTION_NAME}.txt").write_text(
        _text_page(INJECTION, f"{SON_VISITS_JAPAN} {INJECTION}"), encoding="utf-8")
    (folder / "inj.jsonl").write_text(jsonl({"id": INJECTION, "title": JSONL_INJECTION,
                                             "text": f"{VIETNAM_KOREA}\n\n{JSONL_INJECTION}"}), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def readable(tmp_path_factory) -> Run:
    root = tmp_path_factory.mktemp("readable")
    folder = _readable_files(root / "in", twins=False)
    raw = (folder / CP1258[0]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert any(unicodedata.combining(c) for c in raw.decode("cp1258")), "cp1258 page without combining tone marks"
    assert (folder / UTF16[0]).read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff")
    return run_over_good_store(root, folder, reference=_readable_files(root / "twins", twins=True))


def mentioned(data: Path, title: str) -> set[tuple[str, str]]:
    rows = query(data, "MATCH (a:Article)-[:MENTIONS]->(e:Entity) RETURN a.title AS title, "
                       "[l IN labels(e) WHERE l <> 'Entity'][0] AS label, e.name AS name")
    return {(r["label"], r["name"]) for r in rows if r["title"] == title}


def test_readable_build_exits_0_with_nothing_on_stderr(readable, clean):
    assert (readable.proc.returncode, readable.proc.stderr) == (0, "")
    assert (readable.rerun.returncode, readable.rerun.stderr) == (0, "")
    assert_store_kept(readable, clean, added=5)


@pytest.mark.parametrize("page", [UTF16, CP1258], ids=["utf-16", "cp1258"])
def test_other_encodings_are_read_with_their_vietnamese_title_and_entities(readable, page):
    name, title, _ = page
    assert lines_about(readable.proc.stderr, readable.folder / name) == []
    article = readable.after.articles()[Path(name).stem]
    assert article["title"] == title
    assert unicodedata.is_normalized("NFC", article["title"])
    found = mentioned(readable.data, title)
    assert ("Person", "Bùi Thanh Sơn") in found, found
    assert ("Country", "Nhật Bản" if page is UTF16 else "Hàn Quốc") in found, found
    # byte for byte the same graph as its UTF-8 twin (title, sha256 of the text, entities)
    twin = readable.reference.articles()[Path(name).stem]
    assert {k: v for k, v in article.items() if k != "source"} == {k: v for k, v in twin.items() if k != "source"}


def test_truncated_html_gives_what_is_there(readable):
    assert lines_about(readable.proc.stderr, readable.folder / "cut.html") == []
    article = readable.after.articles()["cut"]
    assert article["title"] == TRUNCATED_TITLE
    found = mentioned(readable.data, TRUNCATED_TITLE)
    assert {("Person", "Phạm Minh Chính"), ("Country", "Lào")} <= found, found
    # the text is the headline and both complete paragraphs; the tag cut in half adds nothing
    text = "\n\n".join([TRUNCATED_TITLE, VIETNAM_LAOS, "Đại sứ Lào cảm ơn sự giúp đỡ của Việt Nam."])
    assert article["sha256"] == hashlib.sha256(text.encode()).hexdigest()


def test_html_cut_inside_its_head_is_skipped_as_having_no_body(skipped):
    cut = skipped.folder / "cut-head.html"
    assert the_line_about(skipped.proc.stderr, cut) == f"kg: skipped {cut}: no body text after cleaning"
    assert "cut-head" not in skipped.after.articles()


def test_text_that_looks_like_cypher_or_markup_is_stored_verbatim(readable, clean):
    articles = readable.after.articles()
    page = articles[INJECTION_NAME]
    assert page["title"] == INJECTION
    assert page["source"] == str(readable.folder / f"{INJECTION_NAME}.txt")
    line = articles[INJECTION]  # the JSONL id is the article's name
    assert line["title"] == JSONL_INJECTION
    assert ("Person", "Bùi Thanh Sơn") in mentioned(readable.data, INJECTION)
    # nothing was deleted: every node and relationship of the good pages is still there
    assert set(clean.article_ids) <= set(readable.after.article_ids)
    ids = {n["id"] for n in readable.after.nodes}
    assert {n["id"] for n in clean.nodes} <= ids
    keys = {(r["s"], r["type"], r["t"]) for r in readable.after.rels}
    assert {(r["s"], r["type"], r["t"]) for r in clean.rels} <= keys


# --- paths with spaces and Vietnamese letters ---------------------------------------------------

VN_FOLDER = "tin tức ngoại giao"
NFC_NAME = unicodedata.normalize("NFC", "Bài viết số 1.txt")
NFD_NAME = unicodedata.normalize("NFD", "Bài viết số 2.txt")
MISSING = [unicodedata.normalize("NFC", "Bài viết số 3 (đã xóa).txt"),
           unicodedata.normalize("NFD", "Bài viết số 4 (đã xóa).txt")]


@pytest.fixture(scope="module")
def vietnamese_paths(tmp_path_factory) -> tuple[Run, subprocess.CompletedProcess, Dump]:
    root = tmp_path_factory.mktemp("paths")
    folder = with_good_pages(root / unicodedata.normalize("NFC", VN_FOLDER))
    (folder / NFC_NAME).write_text(_text_page("Bộ trưởng Bùi Thanh Sơn thăm Nhật Bản", SON_VISITS_JAPAN),
                                   encoding="utf-8")
    (folder / NFD_NAME).write_text(_text_page("Việt Nam và Lào tăng cường hợp tác", VIETNAM_LAOS),
                                   encoding="utf-8")
    assert NFD_NAME != unicodedata.normalize("NFC", NFD_NAME)  # really decomposed on disk
    run = run_over_good_store(root, folder)
    missing = build(folder, *(folder / name for name in MISSING), data=run.data)
    return run, missing, dump(run.data)


def test_vietnamese_folder_and_file_names_are_read(vietnamese_paths, clean):
    run, _, _ = vietnamese_paths
    assert (run.proc.returncode, run.proc.stderr) == (0, "")
    assert_store_kept(run, clean, added=2)
    by_title = {a["title"]: a for a in run.after.articles().values()}
    nfc = by_title["Bộ trưởng Bùi Thanh Sơn thăm Nhật Bản"]
    nfd = by_title["Việt Nam và Lào tăng cường hợp tác"]
    assert nfc["source"] == str(run.folder / NFC_NAME) and nfc["name"] == NFC_NAME.removesuffix(".txt")
    assert os.fsencode(nfd["source"]) == os.fsencode(run.folder / NFD_NAME)  # the path as it is on disk
    assert nfd["name"] == unicodedata.normalize("NFC", NFD_NAME.removesuffix(".txt"))  # names are NFC, as text
    assert ("Person", "Bùi Thanh Sơn") in mentioned(run.data, nfc["title"])
    assert ("Country", "Lào") in mentioned(run.data, nfd["title"])


def test_missing_file_with_a_vietnamese_name_is_reported_naming_it(vietnamese_paths):
    run, missing, after = vietnamese_paths
    assert missing.returncode == 3
    for name in MISSING:
        assert the_line_about(missing.stderr, run.folder / name) == f"kg: skipped {run.folder / name}: no such file"
    assert len(missing.stderr.splitlines()) == len(MISSING), missing.stderr
    assert comparable(after) == comparable(run.after)  # nothing lost, nothing added twice


# --- a 50 MB page and a 50 MB JSONL line --------------------------------------------------------

BIG = 50 * 2**20


def kg_measured(*args: str, timeout: float) -> tuple[int, str, float, float]:
    """(exit code, stderr, peak RSS in MB, seconds) of `kg ARGS...`; killed after `timeout` seconds."""
    with tempfile.TemporaryFile() as err:
        started = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], cwd=ROOT, stdout=subprocess.DEVNULL,
                                stderr=err)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - started
        err.seek(0)
        return proc.returncode, err.read().decode("utf-8"), usage.ru_maxrss / 1024, elapsed


def test_50_mb_page_and_jsonl_line_are_refused_fast_in_bounded_memory(tmp_path, clean):
    folder = with_good_pages(tmp_path / "in")
    line = (SON_VISITS_JAPAN + " ").encode() * 64 + b"\n"
    with open(folder / "big.txt", "wb") as out:
        out.write("Bộ trưởng Bùi Thanh Sơn thăm Nhật Bản\n\n".encode())
        for _ in range(BIG // len(line) + 1):
            out.write(line)
    small = {"id": "small", "text": VIETNAM_LAOS}
    with open(folder / "big.jsonl", "wb") as out:
        out.write(b'{"id": "huge", "text": "' + "Bùi Thanh Sơn ".encode() * (BIG // 16) + b'"}\n')
        out.write(jsonl(small).encode())
    size = (folder / "big.txt").stat().st_size
    assert size > BIG and (folder / "big.jsonl").stat().st_size > BIG

    data = ["--data-dir", str(tmp_path / "data"), "--quiet"]
    code, err, baseline_mb, _ = kg_measured("build", str(with_good_pages(tmp_path / "good")), *data, timeout=120)
    assert (code, err) == (0, "")
    code, err, peak_mb, seconds = kg_measured("build", str(folder), *data, timeout=120)
    assert code == 3, err
    assert sorted(err.splitlines()) == [
        f"kg: skipped {folder / 'big.jsonl'}:1: line larger than max_bytes={MAX_BYTES}",
        f"kg: skipped {folder / 'big.txt'}: file too large ({size} bytes > max_bytes={MAX_BYTES})",
    ]
    assert seconds < 60
    # the page is refused on its size, unread; the JSONL line is read at most max_bytes at a time
    assert peak_mb - baseline_mb < 100, (baseline_mb, peak_mb)

    after = dump(tmp_path / "data")
    assert sorted(after.articles()) == ["d001", "d002", "small"]
    assert set(clean.article_ids) < set(after.article_ids)
    reference = with_good_pages(tmp_path / "reference")
    (reference / "big.jsonl").write_text(jsonl(small), encoding="utf-8")
    assert build(reference, data=tmp_path / "reference-data").returncode == 0
    assert comparable(after) == comparable(dump(tmp_path / "reference-data"))
    code, again_err, _, _ = kg_measured("build", str(folder), *data, timeout=120)
    assert (code, sorted(again_err.splitlines())) == (3, sorted(err.splitlines()))
    assert comparable(dump(tmp_path / "data")) == comparable(after)


# --- HTML that would keep the parser busy for minutes: 200,000 nested <div>, misnested tags -------

DEEP_DIVS = 200_000  # 2.4 MB, far under max_bytes: 100 s of parsing before it was refused
JAPAN_TITLE = "Bộ trưởng Bùi Thanh Sơn thăm Nhật Bản"


def _article(title: str, body: str) -> str:
    return f"<article><h1>{title}</h1><p>{body}</p></article>"


def _costly_files(folder: Path, *, costly: bool) -> Path:
    """Good pages, a good HTML page and a good JSONL line; with `costly`, the pages refused too."""
    with_good_pages(folder)
    (folder / "nhat-ban.html").write_text(
        f"<!DOCTYPE html><html><head><title>{JAPAN_TITLE}</title></head><body>"
        f"<nav><a href='/'>Trang chủ</a></nav>{_article(JAPAN_TITLE, SON_VISITS_JAPAN)}</body></html>",
        encoding="utf-8")
    lines = [{"id": "lao", "html": _article("Việt Nam và Lào", VIETNAM_LAOS)}]
    if costly:
        korea = _article("Việt Nam và Hàn Quốc", VIETNAM_KOREA)
        (folder / "deep.html").write_text(
            "<!DOCTYPE html><html><body>" + "<div>" * DEEP_DIVS + korea + "</div>" * DEEP_DIVS + "</body></html>",
            encoding="utf-8")
        # 3,000 formatting tags closed around by </div>, opened again before each of 3,000 texts
        (folder / "misnested.html").write_text(
            f"<html><body>{korea}<div>" + "".join(f"<b id=b{i}>" for i in range(3000)) + "</div>"
            + "<p>Hà Nội</p>" * 3000 + "</body></html>", encoding="utf-8")
        lines.insert(0, {"id": "deep-line", "html": "<div>" * DEEP_DIVS + korea})
    (folder / "feed.jsonl").write_text(jsonl(*lines), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def costly(tmp_path_factory) -> Run:
    root = tmp_path_factory.mktemp("costly")
    folder = _costly_files(root / "in", costly=True)
    assert MAX_BYTES > (folder / "deep.html").stat().st_size > 2_000_000
    return run_over_good_store(root, folder, reference=_costly_files(root / "reference", costly=False))


def test_html_too_deep_or_too_costly_to_parse_is_skipped_in_one_line_each(costly):
    folder = costly.folder
    assert sorted(costly.proc.stderr.splitlines()) == [
        f"kg: skipped {folder / 'deep.html'}: HTML nested deeper than 5000 elements",
        f"kg: skipped {folder / 'feed.jsonl'}:1: HTML nested deeper than 5000 elements",
        f"kg: skipped {folder / 'misnested.html'}: HTML too costly to parse (misnested formatting tags)",
    ]
    assert costly.proc.returncode == 3
    assert not {"deep", "deep-line", "misnested"} & set(costly.after.articles())


def test_the_pages_beside_costly_html_are_stored_as_without_it(costly, clean):
    assert {"nhat-ban", "lao"} <= set(costly.after.articles())
    assert ("Person", "Bùi Thanh Sơn") in mentioned(costly.data, JAPAN_TITLE)
    assert_store_kept(costly, clean, added=2)  # the same store as the folder without the costly pages


# --- unreadable files, FIFOs ------------------------------------------------------------------


def _as_nobody_command(home: Path) -> tuple[list[str], dict]:
    """A Python that uid 65534 can run, with this environment's packages; pytest.skip if there is none.

    The venv's interpreter often lives under /root (mode 0700, pyenv), which nobody cannot
    enter. The system's interpreter of the same minor version then runs with the venv's
    site-packages on PYTHONPATH (compiled extensions share the ABI within a minor version).
    """
    site = [sysconfig.get_paths()[key] for key in ("purelib", "platlib")]
    shim = home / "shim"  # redis-py imports async_timeout on Python < 3.11.3; asyncio has the same
    shim.mkdir()
    (shim / "async_timeout.py").write_text("from asyncio import timeout  # noqa: F401\n")
    shim.chmod(0o755)
    (shim / "async_timeout.py").chmod(0o644)
    system = Path(f"/usr/bin/python{sys.version_info.major}.{sys.version_info.minor}")
    candidates = [([sys.executable], {}),
                  ([str(system)], {"PYTHONPATH": os.pathsep.join([str(ROOT), *dict.fromkeys(site), str(shim)])})]
    problems = []
    for command, env in candidates:
        env = {**os.environ, "HOME": str(home), **env}
        try:
            probe = subprocess.run([*command, "-c", "import kg.cli, loaders, redis, falkordb, spacy"], cwd=ROOT,
                                   env=env, user=NOBODY, group=NOBODY, extra_groups=[], capture_output=True,
                                   text=True, timeout=60)
        except OSError as exc:
            problems.append(f"{command[0]}: {exc}")
            continue
        if probe.returncode == 0:
            return command, env
        problems.append(f"{command[0]}: {probe.stderr.strip().splitlines()[-1:]}")
    pytest.skip(f"no Python that uid {NOBODY} can run with this environment's packages: {problems}")


@pytest.fixture(scope="module")
def as_nobody():
    """A build as uid/gid 65534 of a folder with the good pages, a page and a JSONL file of mode 000,
    and an unreadable subfolder; into a store of the good pages built as nobody too."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run kg as another user")
    home = Path(tempfile.mkdtemp(prefix="kg-nobody-"))
    try:
        home.chmod(0o777)  # nobody writes the store and its HOME here
        command, env = _as_nobody_command(home)
        folder = with_good_pages(home / "in")
        (folder / "locked.txt").write_text(_text_page("Bài bị khóa", SON_VISITS_JAPAN), encoding="utf-8")
        (folder / "locked.jsonl").write_text(jsonl({"id": "locked-line", "text": VIETNAM_LAOS}), encoding="utf-8")
        closed = folder / "closed folder"
        closed.mkdir()
        (closed / "inside.txt").write_text(_text_page("Bài trong thư mục khóa", VIETNAM_KOREA), encoding="utf-8")
        for path in (folder / "locked.txt", folder / "locked.jsonl"):
            path.chmod(0o000)
        closed.chmod(0o700)  # root's, and nobody may not list it
        for path in (folder, *(folder / name for name in GOOD)):
            path.chmod(0o755 if path.is_dir() else 0o644)
        data = home / "data"

        def run(inputs: Path) -> subprocess.CompletedProcess:
            return subprocess.run([*command, "-m", "kg.cli", "build", str(inputs), "--data-dir", str(data), "--quiet"],
                                  cwd=ROOT, env=env, user=NOBODY, group=NOBODY, extra_groups=[],
                                  capture_output=True, text=True, timeout=120)

        good = with_good_pages(home / "good")
        good.chmod(0o755)
        first = run(good)
        assert (first.returncode, first.stderr) == (0, ""), first.stderr
        proc = run(folder)
        owner = data.stat().st_uid
        yield folder, proc, dump(data), owner
    finally:
        shutil.rmtree(home, ignore_errors=True)


def test_unreadable_file_is_reported_as_permission_denied(as_nobody, clean):
    folder, proc, after, owner = as_nobody
    assert owner == NOBODY  # the store was written by nobody, so the build really ran as nobody
    assert proc.returncode == 3, proc.stderr
    for name in ("locked.txt", "locked.jsonl"):
        assert the_line_about(proc.stderr, folder / name) == (
            f"kg: skipped {folder / name}: cannot read file: Permission denied")
    assert sorted(after.articles()) == ["d001", "d002"]
    assert comparable(after) == comparable(clean)


def test_unreadable_subfolder_is_reported(as_nobody):
    folder, proc, _, _ = as_nobody
    assert the_line_about(proc.stderr, folder / "closed folder") == \
        f"kg: skipped {folder / 'closed folder'}: cannot read folder: Permission denied"


def test_fifos_do_not_hang_the_build_and_are_reported(tmp_path, clean):
    folder = with_good_pages(tmp_path / "in")
    for name in ("pipe.txt", "pipe.jsonl", "pipe.html", "pipe"):
        os.mkfifo(folder / name)  # nothing ever writes: opening one for reading blocks for ever
    assert stat.S_ISFIFO((folder / "pipe.txt").stat().st_mode)
    # without --quiet, so that the progress bar's count of the inputs runs over the FIFOs too
    run = run_over_good_store(tmp_path, folder, quiet=False, timeout=60)
    assert run.proc.returncode == 3, run.proc.stderr
    for name in ("pipe.txt", "pipe.jsonl", "pipe.html", "pipe"):
        assert the_line_about(run.proc.stderr, folder / name) == f"kg: skipped {folder / name}: not a regular file"
    assert len(skipped_lines(run.proc.stderr)) == 4, run.proc.stderr
    assert_store_kept(run, clean, added=0)


# --- the store unreachable ---------------------------------------------------------------------


def test_unreachable_neo4j_leaves_the_embedded_store_untouched(tmp_path, clean):
    """Message, exit code and speed are tested in test_store_failures.py; here: the --data-dir store."""
    data = tmp_path / "data"
    assert build(with_good_pages(tmp_path / "good"), data=data).returncode == 0

    def snapshot() -> dict[str, tuple[bytes, int]]:
        return {str(p.relative_to(data)): (hashlib.sha256(p.read_bytes()).digest(), p.stat().st_mtime_ns)
                for p in sorted(data.rglob("*")) if p.is_file()}

    before = snapshot()
    assert before
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # nothing listens once the socket is closed
    folder = with_good_pages(tmp_path / "in")
    (folder / "more.txt").write_text(_text_page("Bộ trưởng Bùi Thanh Sơn thăm Nhật Bản", SON_VISITS_JAPAN),
                                     encoding="utf-8")
    started = time.monotonic()
    proc = kg("build", str(folder), "--store", "neo4j", "--data-dir", str(data), "--quiet", check=False,
              env={"NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": "x"}, timeout=60)
    assert time.monotonic() - started < 30
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"kg: Neo4j at bolt://127.0.0.1:{port} is unreachable"), lines
    assert snapshot() == before  # not a byte, not a timestamp changed
    assert comparable(dump(data)) == comparable(clean)


@pytest.mark.parametrize("mark", ["\u200d", "\u200c", "\u200e", "\u200f", "\u202e"],
                         ids=["zwj", "zwnj", "lrm", "rlm", "rlo"])
def test_an_invisible_mark_inside_a_name_changes_nothing(tmp_path, mark):
    """A joiner or a bidi mark inside "Bùi Thanh Sơn" (in a page and in a JSONL record) gives the
    graph of the same text without it."""
    from runkg import full_dump

    def build(name: str, marked: str) -> Path:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "page.txt").write_text(_text_page("Bộ trưởng thăm Nhật Bản", marked), encoding="utf-8")
        (folder / "feed.jsonl").write_text(jsonl({"id": "r1", "title": "Tin ngắn", "text": marked}), encoding="utf-8")
        proc = kg("build", str(folder), "--data-dir", str(tmp_path / f"{name}-data"), "--quiet")
        assert (proc.returncode, proc.stderr) == (0, "")
        return tmp_path / f"{name}-data"

    def dump(data: Path) -> tuple[list, list]:
        nodes, rels = full_dump(data)
        for n in nodes:
            n["props"].pop("source", None)  # the input folder's path
        return nodes, rels

    marked = build("marked", SON_VISITS_JAPAN.replace("Bùi Thanh Sơn", f"Bùi Th{mark}anh S{mark}ơn"))
    assert ("Person", "Bùi Thanh Sơn") in mentioned(marked, "Bộ trưởng thăm Nhật Bản")
    assert dump(marked) == dump(build("clean", SON_VISITS_JAPAN))


@pytest.mark.parametrize("key", ["url", "id"])
def test_one_record_with_a_nul_in_its_key_is_skipped_and_the_other_thousand_stored(tmp_path, key):
    """Line 601 of 1,001 has a NUL in its url or id: it is named and skipped, the other 1,000
    articles are stored in one run, and a re-run changes nothing."""
    from runkg import full_dump

    places = ["Nhật Bản", "Lào", "Hàn Quốc", "Pháp", "Cuba"]
    records = [{"id": f"r{n}", "url": f"https://example.org/{n}",
                "text": f"Tin số {n}. Bộ trưởng Ngoại giao Bùi Thanh Sơn thăm {places[n % 5]}."} for n in range(1, 1002)]
    records[600][key] += "\u0000x"
    feed = tmp_path / "feed.jsonl"
    feed.write_text(jsonl(*records), encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    proc = kg("build", str(feed), "--quiet", *data, check=False, timeout=900)
    assert proc.returncode == 3
    assert proc.stderr.splitlines() == [f"kg: skipped {feed}:601: control character in '{key}'"]
    assert stats(tmp_path / "data")["labels"]["Article"] == 1000
    before = full_dump(tmp_path / "data")
    again = kg("build", str(feed), "--quiet", *data, check=False, timeout=900)
    assert (again.returncode, again.stderr) == (proc.returncode, proc.stderr)
    assert full_dump(tmp_path / "data") == before
