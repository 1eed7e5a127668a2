"""What the `kg` commands share: the typer apps, options, messages, inputs and stores."""

from __future__ import annotations

import csv
import fcntl
import glob
import io
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Callable, Iterable, Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, Task, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from kg.model import Document, Extraction, LoadError, printable

app = typer.Typer(
    help="Turn Vietnamese news about foreign affairs into a knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="markdown",
    pretty_exceptions_show_locals=False,
)
export_app = typer.Typer(help="Export the stored graph.", no_args_is_help=True)


@app.callback()
def _setup(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="log details on stderr")] = False) -> None:
    """Our own warnings go to stderr as 'kg: ...' lines; the drivers' internal logs only with --verbose,
    since the one line that matters (server unreachable, wrong password) is ours."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("kg: %(message)s"))
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, handlers=[handler], force=True)
    for noisy in ("neo4j", "redis", "falkordb"):
        logging.getLogger(noisy).setLevel(logging.DEBUG if verbose else logging.CRITICAL)
app.add_typer(export_app, name="export")

err = Console(stderr=True)

EXIT_SKIPPED = 3  # the run finished, but some inputs could not be read
# A build stopped before its end (Ctrl-C, SIGTERM, the store out of reach): what it wrote is kept, and
# running the same command again completes it. sysexits' EX_TEMPFAIL, "try again later".
EXIT_INTERRUPTED = 75


class StoreKind(str, Enum):
    embedded = "embedded"
    neo4j = "neo4j"


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


StoreOpt = Annotated[StoreKind, typer.Option("--store", help="embedded FalkorDB (default) or Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)")]
DataDirOpt = Annotated[Optional[Path], typer.Option("--data-dir", envvar="KG_DATA_DIR", help="folder of the embedded store [default: ./kg-data]")]
OutputOpt = Annotated[Path, typer.Option("-o", "--output", help="file to write, or - for standard output")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="no progress bars or summaries on stderr")]
PathsArg = Annotated[list[Path], typer.Argument(help="files or folders: .txt pages, .html, .jsonl")]
WorkersOpt = Annotated[int, typer.Option("--workers", "-w", min=1, help="extraction processes [default: 1, in this process]")]
MinConfidenceOpt = Annotated[Optional[float], typer.Option(
    "--min-confidence", min=0.0, max=1.0,
    help="keep relations of at least this probability [default: the threshold chosen by cross-validated F1 "
         "when the model was trained]")]
DaskOpt = Annotated[Optional[str], typer.Option(
    "--dask", metavar="ADDRESS", help="extract on the Dask cluster whose scheduler is at ADDRESS "
    "(tcp://host:8786), or `local` for a LocalCluster of --workers processes")]


def say(message: str) -> None:
    """One plain line on stderr: never wrapped, so scripts can grep it."""
    typer.echo(message, err=True)


def fail(message: str, code: int = 1) -> None:
    say(f"kg: {message}")
    raise typer.Exit(code)


class RateColumn(ProgressColumn):
    """Items per second since the task started, in the task's `unit` (docs, rows)."""

    def render(self, task: Task) -> Text:
        elapsed = task.finished_time if task.finished else task.elapsed
        if not elapsed or not task.completed:
            return Text("")
        return Text(f"{task.completed / elapsed:,.1f} {task.fields.get('unit', '')}/s", style="progress.data.speed")


def progress_bar(quiet: bool) -> Progress:
    """Count, bar, rate and time left on stderr when it is a terminal (or FORCE_COLOR is set);
    nothing with --quiet, nor in logs and pipes, where a bar is noise."""
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
        TimeRemainingColumn(), console=err, disable=quiet or not err.is_terminal, transient=False,
    )


class Inputs:
    """Documents from the loaders; load errors are reported on one line each and counted."""

    def __init__(self, paths: Iterable[Path]) -> None:
        self.paths = list(paths)
        self.skipped = 0

    def __iter__(self) -> Iterator[Document]:
        from loaders import iter_documents

        for item in iter_documents(self.paths):
            if isinstance(item, LoadError):
                self.report(item)
            else:
                yield item

    def count(self) -> int:
        from loaders import count_documents

        return count_documents(self.paths)

    def report(self, error: LoadError) -> None:
        self.skipped += 1
        say(f"kg: skipped {error}")


def open_extractor(workers: int, dask: Optional[str], min_confidence: Optional[float] = None):
    """The extraction engine the options ask for; an unreachable Dask scheduler ends the run."""
    from kg.extract.parallel import make_extractor

    try:
        return make_extractor(workers=workers, dask=dask, min_confidence=min_confidence)
    except RuntimeError as e:
        fail(str(e))


def extractions(inputs: Inputs, progress: Progress, run, *, then: Callable[[Extraction], Any] | None = None,
                total: int | None = None) -> Iterator[Any]:
    """then(Extraction) per document, from the extractor `run` (see open_extractor).

    The bar counts documents done or skipped against `total` (by default, the pages and JSON
    lines found).
    """
    from kg.extract.parallel import same

    if total is None and not progress.disable:
        total = inputs.count()
    task = progress.add_task("extract", total=total, unit="docs")
    for n, item in enumerate(run(inputs, on_error=inputs.report, then=then or same), 1):
        progress.update(task, completed=n + inputs.skipped)
        yield item
    progress.update(task, total=progress.tasks[task].completed)


def store_rows(db, progress: Progress, passes: int = 1) -> tuple[Callable[[], Iterator], Callable[[], Iterator]]:
    """db.iter_nodes and db.iter_relationships, advancing one "read" bar counted against the
    store's size times the `passes` the export makes over it."""
    total = None
    if not progress.disable:
        counts = db.stats()
        total = passes * (counts["labels"].get("Article", 0) + counts["labels"].get("Entity", 0)
                          + sum(counts["relationships"].values()))
    task = progress.add_task("read", total=total, unit="rows")

    def counted(rows: Callable[[], Iterable]) -> Callable[[], Iterator]:
        def stream() -> Iterator:
            for row in rows():
                progress.advance(task)
                yield row
        return stream

    return counted(db.iter_nodes), counted(db.iter_relationships)


STDOUT = Path("-")


@contextmanager
def _part_beside(path: Path, *, folder: bool = False) -> Iterator[Path]:
    """A new hidden `.NAME.*.part` file or folder beside `path` (for `-`, in the temp dir), locked
    while this process writes it. Parts that no live process holds, left by a kill -9, go on the
    way; whatever happens, this one is gone at the end unless renamed."""
    parent = None if path == STDOUT else path.absolute().parent
    prefix = f".{path.name}."
    if folder:
        part = Path(tempfile.mkdtemp(prefix=prefix, suffix=".part", dir=parent))
    else:
        fd, name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=parent)
        os.close(fd)
        part = Path(name)
        umask = os.umask(0)
        os.umask(umask)
        part.chmod(0o666 & ~umask)  # the mode a plain open() would give, not mkstemp's 0600
    claim = os.open(part, os.O_RDONLY)
    fcntl.flock(claim, fcntl.LOCK_EX)
    try:
        for stale in part.parent.glob(f"{glob.escape(prefix)}*.part"):
            if stale != part and _unclaimed(stale):
                shutil.rmtree(stale, ignore_errors=True) if stale.is_dir() else stale.unlink(missing_ok=True)
        yield part
    finally:
        os.close(claim)
        shutil.rmtree(part, ignore_errors=True) if part.is_dir() else part.unlink(missing_ok=True)


def _unclaimed(part: Path) -> bool:
    try:
        fd = os.open(part, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:  # another export is writing it
        return False
    finally:
        os.close(fd)


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """A file beside `path` to write the export to, renamed onto `path` only once it is whole:
    an export cut short (an error, Ctrl-C, a full disk, kill -9) leaves the earlier file as it was.

    `-` means standard output: the whole file is copied there once written. A path that exists
    and is no regular file (a pipe, /dev/null) is written directly.
    """
    path = Path(path)
    if path != STDOUT and path.exists() and not path.is_file():
        yield path
        return
    with _part_beside(path) as part:
        yield part
        if path == STDOUT:
            with part.open("rb") as whole:
                shutil.copyfileobj(whole, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            os.replace(part, path)


# What `kg export neo4j-import` writes: a folder holding only these may be replaced whole.
IMPORT_FILES = re.compile(r"^(nodes_.+\.csv|rels_.+\.csv|import\.sh|schema\.cypher|README\.txt)$")


@contextmanager
def atomic_folder(path: Path) -> Iterator[Path]:
    """A new folder beside `path` to write a set of files to, put in the place of `path` once whole:
    an export cut short leaves the earlier folder as it was. A folder holding anything but an
    earlier export is refused (replacing it would delete what else it holds)."""
    path = Path(path)
    if path.exists():
        strangers = [p.name for p in path.iterdir()] if path.is_dir() else [path.name]
        if strangers := [name for name in strangers if not IMPORT_FILES.match(name)]:
            raise ValueError(f"{path} holds {strangers[0]!r}, which is no file of an import: "
                             "give a new folder, or one an earlier export wrote")
    with _part_beside(path, folder=True) as part:
        yield part
        if path.exists():
            old = part.with_suffix(".old")
            os.replace(path, old)  # a kill between these two renames leaves both, named: nothing lost
            os.replace(part, path)
            shutil.rmtree(old)
        else:
            os.replace(part, path)


def shown(path: Path) -> str:
    """A path as messages name it: `-` is standard output."""
    return "standard output" if Path(path) == STDOUT else printable(str(path))


def open_or_fail(store: StoreKind, data_dir: Optional[Path], *, create: bool = False, writes: bool = False):
    """The store the options name, or one line and exit 1. Only the commands that write a new
    store pass `create`: the others refuse a data dir that does not exist or was never built
    rather than leave one behind at a mistyped path. The commands that do not write (neither
    `create` nor `writes`) read an embedded store a running build holds through its server."""
    from kg.store import StoreError, open_store

    try:
        return open_store(store.value, data_dir=data_dir, create=create, read_only=not (create or writes))
    except StoreError as e:
        fail(str(e))


def run_query(db, cypher_or_name: str, param: list[str], timeout: float | None = None):
    """Run raw Cypher, or a named query with its parameters checked and bound, read-only;
    a refusal (kg.query_binding) ends the command with its one line."""
    from kg.query_binding import ParamError, parse_params, prepare

    try:
        statement, params, notes = prepare(db, cypher_or_name, parse_params(param))
    except ParamError as e:
        fail(str(e), e.exit_code)
    for note in notes:
        say(f"kg: {note}")
    return db.run(statement, params, timeout=timeout)


def print_rows(columns: list[str], rows: list[list[Any]], format: TableFormat) -> None:
    if format is TableFormat.json:
        typer.echo(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1))
    elif format is TableFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows([cell(v) for v in r] for r in rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        table = Table(*columns)
        for r in rows:
            table.add_row(*(cell(v) for v in r))
        Console().print(table)


def cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)

def read_networkx(store: StoreKind, data_dir: Optional[Path], quiet: bool = False):
    """The stored graph as a networkx MultiDiGraph, read page by page."""
    from kg.export.graph_files import read_graph
    from kg.store import StoreError

    with open_or_fail(store, data_dir) as db, progress_bar(quiet) as progress:
        try:
            nodes, relationships = store_rows(db, progress)
            return read_graph(nodes(), relationships())
        except StoreError as e:
            fail(str(e))
