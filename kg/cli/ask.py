"""`kg query`, `kg stats`, `kg reset`, `kg analyze`: asking the stored graph."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from kg import queries as named_queries
from kg.cli.common import (
    DataDirOpt, StoreKind, StoreOpt, TableFormat, app,
    fail, open_or_fail, print_rows, read_networkx, run_query, say,
)


@app.command()
def query(
    cypher_or_name: Annotated[Optional[str], typer.Argument(help="Cypher text, or the name of a query in queries/")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="k=v (v parsed as JSON when it can be)")] = [],
    format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="list the named queries and their questions")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, metavar="SECONDS",
                                           help="the server stops a query that runs longer")] = 60.0,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Run Cypher, or a named research query, against the store. Read-only: a statement that would
    change the graph is refused (`kg build` and `kg reset` are what write).

    Example: `kg query officials --param limit=5 --format json`
    """
    from kg.store import StoreError

    if list_:
        for q in named_queries.all_queries():
            typer.echo(f"{q.name:24} {q.question}")
        return
    if not cypher_or_name:
        fail("give a Cypher statement or a query name (kg query --list)", 2)
    with open_or_fail(store, data_dir) as db:
        try:
            result = run_query(db, cypher_or_name, param, timeout=timeout)
        except StoreError as e:
            fail(f"{e} (--timeout {timeout:g} s)" if "timed out" in str(e).lower() else str(e))
    print_rows(result.columns, result.rows, format)


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

    with open_or_fail(store, data_dir) as db:
        try:
            counts = db.stats()
        except StoreError as e:
            fail(str(e))
    if format is TableFormat.json:
        typer.echo(json.dumps(counts, ensure_ascii=False, sort_keys=True))
        return
    rows = [[f"(:{k})", v] for k, v in counts["labels"].items()]
    rows += [[f"[:{k}]", v] for k, v in counts["relationships"].items()]
    print_rows(["what", "count"], rows, format)


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

    with open_or_fail(store, data_dir) as db:
        try:
            counts = db.stats()
            total = sum(counts["labels"].get(k, 0) for k in ("Entity", "Article"))
            if not yes and not typer.confirm(f"Delete {total} nodes from {db.where}?", default=False):
                fail("nothing deleted", 1)
            db.reset()
        except StoreError as e:
            fail(str(e))
    say(f"deleted {total} nodes from {db.where}")


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

    result = run_analysis(read_networkx(store, data_dir, quiet=True), limit=limit or None)
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
