"""The `kg` command: extract, build, query, stats, export."""

from __future__ import annotations

import csv
import io
import json
import logging
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, Iterable, Iterator, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from kg import queries as named_queries
from kg.model import Document, LoadError

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


class StoreKind(str, Enum):
    embedded = "embedded"
    neo4j = "neo4j"


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


StoreOpt = Annotated[StoreKind, typer.Option("--store", help="embedded FalkorDB (default) or Neo4j (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE)")]
DataDirOpt = Annotated[Optional[Path], typer.Option("--data-dir", envvar="KG_DATA_DIR", help="folder of the embedded store [default: ./kg-data]")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="no progress bars or summaries on stderr")]
PathsArg = Annotated[list[Path], typer.Argument(help="files or folders: .txt pages, .html, .jsonl")]


def say(message: str) -> None:
    """One plain line on stderr: never wrapped, so scripts can grep it."""
    typer.echo(message, err=True)


def fail(message: str, code: int = 1) -> None:
    say(f"kg: {message}")
    raise typer.Exit(code)


def _progress(quiet: bool) -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(),
        console=err, disable=quiet, transient=False,
    )


class Inputs:
    """Documents from the loaders; load errors are reported on one line each and counted."""

    def __init__(self, paths: Iterable[Path], quiet: bool) -> None:
        self.paths = list(paths)
        self.quiet = quiet
        self.skipped = 0

    def __iter__(self) -> Iterator[Document]:
        from loaders import iter_documents

        for item in iter_documents(self.paths):
            if isinstance(item, LoadError):
                self.report(item)
            else:
                yield item

    def report(self, error: LoadError) -> None:
        self.skipped += 1
        say(f"kg: skipped {error}")


def _extractions(inputs: Inputs, progress: Progress, what: str):
    from kg.extract.pipeline import extract

    task = progress.add_task(what, total=None, rate="")
    for n, ex in enumerate(extract(inputs, on_error=inputs.report), 1):
        elapsed = progress.tasks[task].elapsed or 0
        progress.update(task, advance=1, rate=f"{n / elapsed:.1f} docs/s" if elapsed else "")
        yield ex


def _open(store: StoreKind, data_dir: Optional[Path]):
    from kg.store import StoreError, open_store

    try:
        return open_store(store.value, data_dir=data_dir)
    except StoreError as e:
        fail(str(e))


@app.command()
def extract(
    paths: PathsArg,
    format: Annotated[str, typer.Option("--format", help="output format (jsonl)")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="file to write [default: stdout]")] = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract entities and relations, one JSON line per document (ANNOTATION.md's format).

    Example: `kg extract examples/news -o out.jsonl`
    """
    from kg.extract.pipeline import to_score_record

    if format != "jsonl":
        fail(f"unknown format {format!r}: only jsonl", 2)
    inputs = Inputs(paths, quiet)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        with _progress(quiet or output is None and sys.stdout.isatty()) as progress:
            for ex in _extractions(inputs, progress, "extract"):
                out.write(json.dumps(to_score_record(ex), ensure_ascii=False) + "\n")
    finally:
        if output:
            out.close()
    if inputs.skipped:
        raise typer.Exit(EXIT_SKIPPED)


@app.command()
def build(
    paths: PathsArg,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Extract from news pages and write the graph into the store (idempotent: MERGE on ids).

    Example: `kg build examples/news` then `kg stats`
    """
    from kg.graph import KnowledgeGraph
    from kg.resolve import resolve
    from kg.store import StoreError

    inputs = Inputs(paths, quiet)
    graph = KnowledgeGraph()
    # The store is opened first: an unreachable server or a wrong password fails in
    # seconds, before any extraction work and before anything is written.
    with _open(store, data_dir) as db:
        with _progress(quiet) as progress:
            for ex in _extractions(inputs, progress, "extract"):
                graph.add(resolve(ex))
        try:
            db.setup_schema()
            with _progress(quiet) as progress:
                task = progress.add_task("store", total=graph.g.number_of_nodes() + graph.g.number_of_edges(), rate="")
                summary = db.write_graph(graph, progress=lambda n: progress.advance(task, n))
            stats = db.stats()
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


def _param(text: str) -> tuple[str, Any]:
    if "=" not in text:
        raise typer.BadParameter(f"{text!r} is not k=v")
    key, value = text.split("=", 1)
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value


@app.command()
def query(
    cypher_or_name: Annotated[Optional[str], typer.Argument(help="Cypher text, or the name of a query in queries/")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="k=v (v parsed as JSON when it can be)")] = [],
    format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="list the named queries and their questions")] = False,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Run Cypher, or a named research query, against the store.

    Example: `kg query officials --param limit=5 --format json`
    """
    from kg.store import StoreError

    if list_:
        for q in named_queries.all_queries():
            typer.echo(f"{q.name:24} {q.question}")
        return
    if not cypher_or_name:
        fail("give a Cypher statement or a query name (kg query --list)", 2)
    with _open(store, data_dir) as db:
        try:
            result = _run_query(db, cypher_or_name, param)
        except StoreError as e:
            fail(str(e))
    _print_rows(result.columns, result.rows, format)


def _run_query(db, cypher_or_name: str, param: list[str]):
    """Run raw Cypher, or a named query with its default parameters overridden by k=v."""
    named = named_queries.find(cypher_or_name)
    if named and named.requires & db.unsupported:
        fail(f"query {named.name!r} needs {', '.join(sorted(named.requires))}: run it with --store neo4j")
    params = dict(named.defaults) if named else {}
    params.update(_param(p) for p in param)
    return db.run(named.text if named else cypher_or_name, params)


def _print_rows(columns: list[str], rows: list[list[Any]], format: TableFormat) -> None:
    if format is TableFormat.json:
        typer.echo(json.dumps([dict(zip(columns, r)) for r in rows], ensure_ascii=False, indent=1))
    elif format is TableFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(columns)
        writer.writerows([_cell(v) for v in r] for r in rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        table = Table(*columns)
        for r in rows:
            table.add_row(*(_cell(v) for v in r))
        Console().print(table)


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return "" if value is None else str(value)


@app.command()
def stats(
    format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Count nodes per label and relationships per type.

    Example: `kg stats --format json`
    """
    from kg.store import StoreError

    with _open(store, data_dir) as db:
        try:
            counts = db.stats()
        except StoreError as e:
            fail(str(e))
    if format is TableFormat.json:
        typer.echo(json.dumps(counts, ensure_ascii=False, sort_keys=True))
        return
    rows = [[f"(:{k})", v] for k, v in counts["labels"].items()]
    rows += [[f"[:{k}]", v] for k, v in counts["relationships"].items()]
    _print_rows(["what", "count"], rows, format)


@app.command()
def reset(
    yes: Annotated[bool, typer.Option("--yes", "-y", help="do not ask (for scripts)")] = False,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Delete every node and relationship in the store (asks first).

    Example: `kg reset --yes`
    """
    from kg.store import StoreError

    with _open(store, data_dir) as db:
        try:
            counts = db.stats()
            total = sum(counts["labels"].get(k, 0) for k in ("Entity", "Article"))
            if not yes and not typer.confirm(f"Delete {total} nodes from {db.where}?", default=False):
                fail("nothing deleted", 1)
            db.reset()
        except StoreError as e:
            fail(str(e))
    say(f"deleted {total} nodes from {db.where}")


class RdfFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"


# rdflib parser names of the formats (for --validate, which reads the file back)
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}


@export_app.command("rdf")
def export_rdf(
    output: Annotated[Path, typer.Option("-o", "--output", help="file to write")],
    format: Annotated[RdfFormat, typer.Option("--format", help="ttl, nt (streamed, for large graphs), jsonld, "
                                              "trig (a named graph per article)")] = RdfFormat.ttl,
    base_iri: Annotated[str, typer.Option("--base-iri", help="base of instance IRIs")] = "https://w3id.org/vndkg/id/",
    validate: Annotated[bool, typer.Option("--validate", help="check the written file against ontology/shapes.ttl "
                                           "with pySHACL; exit 2 on any violation")] = False,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Export the stored graph as RDF typed by ontology/diplomacy.ttl.

    Posts held become org:Membership, visits, meetings and signings become event
    resources, each traced to its articles (prov:wasDerivedFrom) and sentences.
    N-Triples is written as the store is read, in constant memory.

    Example: `kg export rdf --format ttl -o graph.ttl --validate`
    """
    from kg.export.rdf import write
    from kg.store import StoreError

    with _open(store, data_dir) as db:
        try:
            count = write(format.value, db.iter_nodes(), db.iter_relationships(), str(output), base=base_iri)
        except StoreError as e:
            fail(str(e))
        except ValueError as e:
            fail(str(e), 2)
        except OSError as e:
            fail(f"cannot write {output}: {e.strerror or e}")
    say(f"wrote {count} {'quads' if format is RdfFormat.trig else 'triples'} to {output}")
    if validate:
        from rdflib import Dataset, Graph

        from kg.export.rdf import validate as shacl

        if format is RdfFormat.trig:
            data = Graph()
            for s, p, o, _ in Dataset().parse(str(output), format="trig").quads((None, None, None, None)):
                data.add((s, p, o))
        else:
            data = Graph().parse(str(output), format=RDFLIB_FORMAT[format.value])
        try:
            conforms, _, text = shacl(data)
        except ImportError:
            fail("--validate needs pyshacl: pip install pyshacl")
        if not conforms:
            say(text.strip())
            fail(f"{output} does not conform to ontology/shapes.ttl", 2)
        say(f"{output} conforms to ontology/shapes.ttl")


@app.command("eval")
def eval_(
    docs: Annotated[list[Path], typer.Argument(help="files or folders of the documents: .txt pages, .html, .jsonl")],
    gold: Annotated[Path, typer.Argument(help="folder of gold files, one JSON file per document (ANNOTATION.md)")],
    format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    show_errors: Annotated[bool, typer.Option("--show-errors", help="list missed and spurious items per document")] = False,
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
    with _progress(quiet) as progress:
        records = [to_score_record(ex) for ex in _extractions(Inputs(docs, quiet), progress, "extract")]
    mistakes: Optional[list] = [] if show_errors else None
    counts = score(records, gold_docs, mistakes)
    for m in mistakes or []:
        typer.echo("\t".join(m), err=format is TableFormat.json)
    if format is TableFormat.json:
        typer.echo(json.dumps({k: c.as_dict() for k, c in counts.items()}, ensure_ascii=False, indent=1))
        return
    rows = [[name, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", c.gold, c.system]
            for name, c in counts.items()]
    _print_rows(["type", "P", "R", "F1", "gold", "sys"], rows, format)


@export_app.command("neo4j-import")
def export_neo4j_import(
    directory: Annotated[Path, typer.Argument(help="folder for the CSV files, import.sh and README.txt (created if missing)")],
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Export the stored graph as CSV files for `neo4j-admin database import full` (Neo4j 5).

    Example: `kg export neo4j-import neo4j-csv` then `sh neo4j-csv/import.sh neo4j`
    """
    from kg.export.neo4j_import import write_import
    from kg.store import StoreError

    with _open(store, data_dir) as db:
        try:
            summary = write_import(directory, db.iter_nodes, db.iter_relationships)
        except (StoreError, OSError, ValueError) as e:
            fail(str(e))
    say(summary.line())


# -- graph files, HTML view and network analysis (kg/export/graph_files.py, kg/export/html.py, kg/analyze.py) --


def _read_networkx(store: StoreKind, data_dir: Optional[Path]):
    """The stored graph as a networkx MultiDiGraph, read page by page."""
    from kg.export.graph_files import read_store
    from kg.store import StoreError

    with _open(store, data_dir) as db:
        try:
            return read_store(db)
        except StoreError as e:
            fail(str(e))


def _export_graph_file(kind: str, output: Path, store: StoreKind, data_dir: Optional[Path]) -> None:
    from kg.export.graph_files import WRITERS

    g = _read_networkx(store, data_dir)
    try:
        WRITERS[kind](g, output)
    except OSError as e:
        fail(f"cannot write {output}: {e.strerror or e}")
    say(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships to {output}")


@export_app.command("graphml")
def export_graphml(
    output: Annotated[Path, typer.Option("-o", "--output", help="file to write")],
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Export the stored graph as GraphML (Gephi, yEd, Cytoscape, networkx).

    Node attributes are the properties plus `label`; edge attributes the properties plus
    `type`. GraphML has no lists: list properties are written as JSON text.

    Example: `kg export graphml -o graph.graphml`
    """
    _export_graph_file("graphml", output, store, data_dir)


@export_app.command("json")
def export_json(
    output: Annotated[Path, typer.Option("-o", "--output", help="file to write")],
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Export the stored graph as networkx node-link JSON (nodes, edges; directed multigraph).

    Read it back with `networkx.node_link_graph(json.load(f), edges="edges")`.

    Example: `kg export json -o graph.json`
    """
    _export_graph_file("json", output, store, data_dir)


@export_app.command("html")
def export_html(
    output: Annotated[Path, typer.Option("-o", "--output", help="file to write")],
    query_: Annotated[Optional[str], typer.Option("--query", help="draw only what this named query or Cypher "
                                                  "returns [default: the whole graph]")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="k=v for --query (v parsed as JSON when it can be)")] = [],
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Write a standalone interactive view of the graph: one HTML file that works offline.

    Colours and captions follow the Neo4j Browser style (docker/browser-style.grass);
    click a node or relationship to see its properties. With --query, the view shows
    the nodes and relationships the query returns, or, for a table, the entities whose
    ids or names appear in it and the relationships among them.

    Example: `kg export html -o graph.html --query officials --param limit=10`
    """
    from kg.export.graph_files import read_store
    from kg.export.html import result_subgraph, write
    from kg.store import StoreError

    title = "Knowledge graph"
    with _open(store, data_dir) as db:
        try:
            g = read_store(db)
            if query_:
                g = result_subgraph(g, _run_query(db, query_, param).rows)
                title = f"kg: {query_}"
        except StoreError as e:
            fail(str(e))
    if query_ and g.number_of_nodes() == 0:
        say("kg: the query returned nothing to draw; the view is empty")
    try:
        size = write(g, output, title=title)
    except ImportError:
        fail("kg export html needs neo4j-viz: pip install 'vn-diplomacy-kg[html]'")
    except OSError as e:
        fail(f"cannot write {output}: {e.strerror or e}")
    say(f"wrote a view of {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships "
        f"to {output} ({size / 1e6:.1f} MB, offline)")


class AnalyzeFormat(str, Enum):
    table = "table"
    json = "json"


@app.command()
def analyze(
    format: Annotated[AnalyzeFormat, typer.Option("--format")] = AnalyzeFormat.table,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="also write the JSON to this file")] = None,
    limit: Annotated[int, typer.Option("--limit", help="rows of the officials and places rankings (0: all)")] = 20,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Network analysis of the stored graph: central officials, co-operating communities, connected places.

    Officials: degree and betweenness centrality over the relations, and co-appearance
    (persons mentioned in the same article). Communities: Louvain (fixed seed) over
    COOPERATES_WITH and the parties of the same agreement or event. Places: countries
    and provinces by degree.

    Example: `kg analyze --format json -o analysis.json`
    """
    from kg.analyze import analyze as run_analysis

    result = run_analysis(_read_networkx(store, data_dir), limit=limit or None)
    text = json.dumps(result, ensure_ascii=False, indent=1)
    if output:
        try:
            output.write_text(text + "\n", encoding="utf-8")
        except OSError as e:
            fail(f"cannot write {output}: {e.strerror or e}")
    if format is AnalyzeFormat.json:
        typer.echo(text)
        return
    console = Console()
    table = Table("official", "degree", "degree centrality", "betweenness", "co-appearance", "appears with",
                  title="Officials (Person) by betweenness")
    for r in result["officials"]:
        table.add_row(r["name"], str(r["degree"]), f"{r['degree_centrality']:.3f}", f"{r['betweenness']:.3f}",
                      str(r["co_appearance"]), ", ".join(r["co_appears_with"][:3]))
    console.print(table)
    table = Table("#", "size", "members", title="Communities of co-operating entities")
    for c in result["communities"]:
        table.add_row(str(c["community"]), str(c["size"]), ", ".join(m["name"] for m in c["members"]))
    console.print(table)
    table = Table("place", "label", "degree", "neighbours", "relations", title="Most connected countries and provinces")
    for r in result["places"]:
        table.add_row(r["name"], r["label"], str(r["degree"]), str(r["neighbours"]),
                      ", ".join(f"{k} {v}" for k, v in r["relations"].items()))
    console.print(table)
    if output:
        say(f"wrote {output}")


if __name__ == "__main__":
    app()
