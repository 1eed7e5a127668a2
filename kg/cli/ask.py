"""`kg query`, `kg stats`, `kg reset`, `kg analyze`: asking the stored graph."""

from __future__ import annotations

import json
import shlex
import sys
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


def describe(q: named_queries.NamedQuery) -> str:
    """What `kg query NAME --help` prints: the question, the parameters, the notes, an example."""
    lines = [f"kg query {q.name}: {q.question}", ""]
    lines += ["Parameters (--param NAME=VALUE):"] + [f"  {p.describe()}" for p in q.params] if q.params else ["No parameters."]
    if q.requires:
        lines += ["", f"Needs: {', '.join(sorted(q.requires))} (--store neo4j)."]
    lines += ["", *q.notes, ""] if q.notes else [""]
    lines += [f"Example: {q.example}"]
    return "\n".join(lines)


@app.command(context_settings={"help_option_names": []})  # --help is ours: it also describes a named query
def query(
    ctx: typer.Context,
    cypher_or_name: Annotated[Optional[str], typer.Argument(help="Cypher text, or the name of a query in queries/")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="NAME=VALUE (VALUE read as JSON when it can be); "
                                             "`kg query NAME --help` lists a query's parameters")] = [],
    format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    list_: Annotated[bool, typer.Option("--list", help="list the named queries, their questions and parameters")] = False,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, metavar="SECONDS",
                                           help="the server stops a query that runs longer")] = 60.0,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
    help_: Annotated[bool, typer.Option("--help", "-h", help="show this message, or with a query name, its parameters")] = False,
) -> None:
    """Run Cypher, or a named research query, against the store. Read-only: a statement that would
    change the graph is refused (`kg build` and `kg reset` are what write).

    A named query checks its parameters: an unknown name, a missing or wrong-typed value is
    refused with what it takes; an entity is given by name, alias, ISO3 code or id.

    Example: `kg query officials --param limit=5 --format json`
    """
    from kg.store import StoreError

    if help_:
        named = named_queries.find(cypher_or_name) if cypher_or_name else None
        typer.echo(describe(named) if named else ctx.get_help())
        return
    if list_:
        for q in named_queries.all_queries():
            typer.echo(f"{q.name:24} {q.question}")
            for p in q.params:
                typer.echo(f"{'':24}   --param {p.describe()}")
        return
    if not cypher_or_name:
        fail("give a Cypher statement or a query name (kg query --list)", 2)
    with open_or_fail(store, data_dir) as db:
        try:
            result = run_query(db, cypher_or_name, param, timeout=timeout)
        except StoreError as e:
            fail(f"{e} (--timeout {timeout:g} s)" if "timed out" in str(e).lower() else str(e))
    print_rows(result.columns, result.rows, format)


_CYPHER_STARTS = {"MATCH", "OPTIONAL", "RETURN", "WITH", "UNWIND", "CALL", "EXPLAIN", "PROFILE", "SHOW",
                  "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "FOREACH", "LOAD", "USE"}


def shell_line(line: str) -> tuple[str, list[str]]:
    """A shell line as (Cypher or query name, NAME=VALUE params): `visits_of_person person="Tô Lâm"`
    is a named query (its words split as a shell does), anything else is Cypher."""
    first = line.split(None, 1)[0]
    if first.upper() not in _CYPHER_STARTS and named_queries.looks_like_a_name(first):
        words = shlex.split(line)
        if all("=" in w for w in words[1:]):
            return words[0], words[1:]
    return line, []


@app.command()
def shell(
    format: Annotated[TableFormat, typer.Option("--format")] = TableFormat.table,
    timeout: Annotated[float, typer.Option("--timeout", min=0.001, metavar="SECONDS",
                                           help="the server stops a query that runs longer")] = 60.0,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
) -> None:
    """Ask one store many questions: it stays open between them, so every answer after the first
    comes without the seconds `kg query` spends starting the store. Read-only, as `kg query`.

    Each line is Cypher, or a named query and its parameters as NAME=VALUE words
    (`visits_of_person person="Phạm Minh Chính"`). `.list` lists the named queries, `.help NAME`
    describes one, `.quit` (or the end of the input) ends. A line that is refused is said in one
    line and the session goes on; the exit code is 1 if any was.

    Example: `kg shell`, or `kg shell < questions.txt --format json`
    """
    from kg.query_binding import ParamError, parse_params, prepare
    from kg.store import StoreError

    interactive = sys.stdin.isatty()
    if interactive:
        __import__("readline")  # line editing and history for input()
    refused = 0
    with open_or_fail(store, data_dir) as db:
        while True:
            try:
                line = input("kg> ") if interactive else sys.stdin.readline()
            except EOFError:
                break
            if not interactive and not line:
                break
            line = line.strip()
            if not line or line.startswith("//"):
                continue
            if line in (".quit", ".exit"):
                break
            if line == ".list":
                for q in named_queries.all_queries():
                    typer.echo(f"{q.name:24} {q.question}")
                continue
            if line.startswith(".help"):
                named = named_queries.find(line[5:].strip())
                typer.echo(describe(named) if named else "give a query name: .help NAME (.list lists them)")
                continue
            try:
                text, words = shell_line(line)
                statement, params, notes = prepare(db, text, parse_params(words))
                for note in notes:
                    say(f"kg: {note}")
                result = db.run(statement, params, timeout=timeout)
            except (ParamError, StoreError, ValueError) as e:
                refused += 1
                say(f"kg: {' '.join(str(e).split())}")
                continue
            print_rows(result.columns, result.rows, format)
            sys.stdout.flush()
    if refused:
        raise typer.Exit(1)


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

    with open_or_fail(store, data_dir, writes=True) as db:
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
