"""`kg extract`, `kg build`, `kg eval`: from news pages to records, to the store, to scores."""

from __future__ import annotations

import json
import os
import signal
import sys
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Annotated, Callable, Iterator, Optional

import typer

from kg.cli.common import (
    EXIT_INTERRUPTED, EXIT_SKIPPED, STDOUT, DaskOpt, DataDirOpt, Inputs, MinConfidenceOpt, PathsArg, QuietOpt, StoreKind, StoreOpt, TableFormat,
    WorkersOpt, app, atomic_output, extractions, fail, open_extractor, open_or_fail, print_rows, progress_bar, say,
    shown,
)
from kg.model import LoadError


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[str, typer.Option("--format", help="output format (jsonl)")] = "jsonl",
    output: Annotated[Path, typer.Option("-o", "--output", help="file to write, or - [default: -, standard output]")] = STDOUT,
    workers: WorkersOpt = 1,
    dask: DaskOpt = None,
    min_confidence: MinConfidenceOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract entities and relations, one JSON line per document (ANNOTATION.md's format).

    Example: `kg extract examples/news -o out.jsonl --workers 4`
    """
    from kg.extract.pipeline import to_score_record

    if format != "jsonl":
        fail(f"unknown format {format!r}: only jsonl", 2)
    inputs = Inputs(paths)
    # Records are streamed to standard output as they come; a file is written whole or not at all.
    out = nullcontext(None) if output == STDOUT else atomic_output(output)
    with open_extractor(workers, dask, min_confidence) as run:
        try:
            with out as part, (part.open("w", encoding="utf-8") if part else nullcontext(sys.stdout)) as sink, \
                    progress_bar(quiet or output == STDOUT and sys.stdout.isatty()) as progress:
                for record in extractions(inputs, progress, run, then=to_score_record):
                    sink.write(json.dumps(record, ensure_ascii=False) + "\n")
        except BrokenPipeError:  # `kg extract ... | head`: the reader has what it wanted
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
            raise typer.Exit(141)  # 128 + SIGPIPE, as a shell reports a pipe's writer
        except OSError as e:
            fail(f"cannot write {shown(output)}: {e.strerror or e}")
    if inputs.skipped:
        raise typer.Exit(EXIT_SKIPPED)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that a build unwinds as after Ctrl-C."""


class StopOnSignal:
    """Within `with`, SIGTERM stops a build as Ctrl-C does: the exception unwinds the `with`
    items after this one (the workers are shut down, the store stopped cleanly with what was
    written), then one line says how many articles were stored and kg exits EXIT_INTERRUPTED, as
    when the store goes out of reach: either way, running it again completes the build. Either
    signal waits while `held()`, so that a write and its count are both done or neither. A
    second one ends kg at once; the workers
    and the embedded server end with it all the same (kill -9 too). Off the main thread, where
    Python sets no handler, both are left as they were."""

    _SIGNALS = {signal.SIGTERM: (Terminated, signal.SIG_DFL), signal.SIGINT: (KeyboardInterrupt, signal.default_int_handler)}

    def __init__(self) -> None:
        self.articles = 0  # stored by this build, counted by counted()
        self._previous: dict[int, object] = {}
        self._held = False
        self._pending: type[KeyboardInterrupt] | None = None

    def counted(self, on_written: Callable[[int], None]) -> Callable[[int], None]:
        def count(n: int) -> None:
            self.articles += n
            on_written(n)
        return count

    @contextmanager
    def held(self) -> Iterator[None]:
        self._held = True
        try:
            yield
        finally:
            self._held = False
            if (pending := self._pending) is not None:
                self._pending = None
                raise pending()

    def _on_signal(self, signum: int, frame: object) -> None:
        raised, second = self._SIGNALS[signum]
        signal.signal(signum, second)
        if self._held:
            self._pending = raised
        else:
            raise raised()

    def __enter__(self) -> "StopOnSignal":
        try:
            self._previous = {signum: signal.signal(signum, self._on_signal) for signum in self._SIGNALS}
        except ValueError:  # not the main thread
            self._previous = {}
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)
        if exc_type is not None and issubclass(exc_type, KeyboardInterrupt):
            name = "SIGTERM" if issubclass(exc_type, Terminated) else "Ctrl-C"
            fail(f"stopped by {name}; the first {self.articles} articles of this build were stored; "
                 "run the same build again to complete it", EXIT_INTERRUPTED)


@app.command()
def build(
    paths: PathsArg,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
    workers: WorkersOpt = 1,
    dask: DaskOpt = None,
    min_confidence: MinConfidenceOpt = None,
    commit_every: Annotated[int, typer.Option("--commit-every", min=1, help="articles per write: bounds memory, "
                                              "and what a build cut short must redo")] = 500,  # kg.build.COMMIT_EVERY
    quiet: QuietOpt = False,
) -> None:
    """Extract from news pages and write the graph into the store (idempotent: MERGE on ids).

    The graph is written every few hundred articles, so a large archive builds in bounded
    memory, and a build cut short is completed by running it again.

    Example: `kg build examples/news` then `kg stats`
    """
    from kg.build import BuildInterrupted, write_deltas
    from kg.resolve import resolve
    from kg.store import StoreError
    from kg.store.base import StoreUnreachable

    inputs = Inputs(paths)
    stop = StopOnSignal()
    # The store is opened first: an unreachable server or a wrong password fails in
    # seconds, before any extraction work and before anything is written.
    with stop, open_or_fail(store, data_dir, create=True) as db, open_extractor(workers, dask, min_confidence) as run:
        try:
            with progress_bar(quiet) as progress:
                total = None if progress.disable else inputs.count()
                deltas = extractions(inputs, progress, run, then=resolve, total=total)
                stored = progress.add_task("store", total=total, unit="docs")
                summary = write_deltas(db, deltas, commit_every=commit_every, guard=stop.held,
                                       on_written=stop.counted(lambda n: progress.advance(stored, n)),
                                       on_refused=lambda source, reason: inputs.report(LoadError(
                                           source=source, reason=f"not stored: {reason}")))
                progress.update(stored, total=summary.articles)
            stats = db.stats()
        except BuildInterrupted as e:
            # Running again only helps when the store was out of reach, not when it refused.
            again = isinstance(e.cause, StoreUnreachable)
            fail(f"{e}; the first {e.summary.articles} articles of this build were stored"
                 + ("; run the same build again to complete it" if again else ""), EXIT_INTERRUPTED if again else 1)
        except StoreError as e:
            fail(str(e))
    if not quiet:
        nodes = ", ".join(f"{k} {v}" for k, v in sorted(summary.nodes.items()))
        rels = ", ".join(f"{k} {v}" for k, v in sorted(summary.relationships.items()))
        say(f"built from {summary.articles} articles: {nodes}; {rels}")
        say(f"store now holds {stats['labels'].get('Article', 0)} articles, "
            f"{sum(stats['relationships'].values())} relationships")
    if inputs.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command("eval")
def eval_(
    docs: Annotated[list[Path], typer.Argument(help="files or folders of the documents: .txt pages, .html, .jsonl")],
    gold: Annotated[Path, typer.Argument(help="folder of gold files, one JSON file per document (ANNOTATION.md)")],
    format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    show_errors: Annotated[bool, typer.Option("--show-errors", help="list missed and spurious items per document")] = False,
    workers: WorkersOpt = 1,
    min_confidence: MinConfidenceOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract the documents and score the result against gold annotations: P, R, F1 per type and overall.

    Example: `kg eval ../shared/data/dev/docs ../shared/data/dev/gold --show-errors`
    """
    from kg.evaluate import load_gold, score
    from kg.extract.pipeline import to_score_record

    # Scores over documents that were never read are zeros that look like a result: a path that
    # names nothing is a usage error, like GOLD below (kg build, by contrast, stores what it can).
    if missing := [path for path in docs if not path.exists()]:
        fail(f"{shown(missing[0])} does not exist; give kg eval the files or folders of the documents "
             "the gold annotates", 2)
    gold_docs = load_gold(gold) if gold.is_dir() else []
    if not gold_docs:
        fail(f"no gold files (*.json) in {gold}", 2)
    with open_extractor(workers, None, min_confidence) as run, progress_bar(quiet) as progress:
        records = list(extractions(Inputs(docs), progress, run, then=to_score_record))
    if not records:  # an empty folder, or every page skipped (each named above): zeros again
        fail(f"no documents read from {', '.join(shown(path) for path in docs)}; nothing to score "
             "(kg eval reads .txt, .html, .htm and .jsonl pages)", 2)
    mistakes: Optional[list] = [] if show_errors else None
    counts = score(records, gold_docs, mistakes)
    for m in mistakes or []:
        typer.echo("\t".join(m), err=format is TableFormat.json)
    if format is TableFormat.json:
        typer.echo(json.dumps({k: c.as_dict() for k, c in counts.items()}, ensure_ascii=False, indent=1))
        return
    rows = [[name, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", c.gold, c.system]
            for name, c in counts.items()]
    print_rows(["type", "P", "R", "F1", "gold", "sys"], rows, format)
