"""`kg extract`, `kg build`, `kg eval`: from news pages to records, to the store, to scores."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.common import (
    EXIT_SKIPPED, DaskOpt, DataDirOpt, Inputs, MinConfidenceOpt, PathsArg, QuietOpt, StoreKind, StoreOpt, TableFormat,
    WorkersOpt, app, extractions, fail, open_extractor, open_or_fail, print_rows, progress_bar, say,
)


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[str, typer.Option("--format", help="output format (jsonl)")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="file to write [default: stdout]")] = None,
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
    with open_extractor(workers, dask, min_confidence) as run:
        try:
            out = output.open("w", encoding="utf-8") if output else nullcontext(sys.stdout)
        except OSError as e:
            fail(f"cannot write {output}: {e.strerror or e}")
        with out as sink, progress_bar(quiet or output is None and sys.stdout.isatty()) as progress:
            for record in extractions(inputs, progress, run, then=to_score_record):
                sink.write(json.dumps(record, ensure_ascii=False) + "\n")
    if inputs.skipped:
        raise typer.Exit(EXIT_SKIPPED)


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

    inputs = Inputs(paths)
    # The store is opened first: an unreachable server or a wrong password fails in
    # seconds, before any extraction work and before anything is written.
    with open_or_fail(store, data_dir) as db, open_extractor(workers, dask, min_confidence) as run:
        try:
            with progress_bar(quiet) as progress:
                total = None if progress.disable else inputs.count()
                deltas = extractions(inputs, progress, run, then=resolve, total=total)
                stored = progress.add_task("store", total=total, unit="docs")
                summary = write_deltas(db, deltas, commit_every=commit_every,
                                       on_written=lambda n: progress.advance(stored, n))
                progress.update(stored, total=summary.articles)
            stats = db.stats()
        except BuildInterrupted as e:
            fail(f"{e}; the first {e.summary.articles} articles of this build were stored; "
                 "run the same build again to complete it")
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

    gold_docs = load_gold(gold) if gold.is_dir() else []
    if not gold_docs:
        fail(f"no gold files (*.json) in {gold}", 2)
    with open_extractor(workers, None, min_confidence) as run, progress_bar(quiet) as progress:
        records = list(extractions(Inputs(docs), progress, run, then=to_score_record))
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
