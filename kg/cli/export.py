"""`kg export ...`: RDF, neo4j-admin CSV, GraphML, JSON and an offline HTML view."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from kg.cli.common import (
    STDOUT, DataDirOpt, OutputOpt, QuietOpt, StoreKind, StoreOpt, atomic_folder, atomic_output, export_app,
    fail, open_or_fail, progress_bar, read_networkx, run_query, say, shown, store_rows,
)


class RdfFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    jsonld = "jsonld"
    trig = "trig"


# rdflib parser names of the formats (for --validate, which reads the file back)
RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "trig": "trig"}


@export_app.command("rdf")
def export_rdf(
    output: OutputOpt,
    format: Annotated[RdfFormat, typer.Option("--format", help="ttl, nt (streamed, for large graphs), jsonld, "
                                              "trig (a named graph per article)")] = RdfFormat.ttl,
    base_iri: Annotated[str, typer.Option("--base-iri", help="base of instance IRIs")] = "https://w3id.org/vndkg/id/",
    validate: Annotated[bool, typer.Option("--validate", help="check the written file against ontology/shapes.ttl "
                                           "with pySHACL; exit 2 on any violation. Needs the rdf extra: "
                                           "pip install 'vn-diplomacy-kg[rdf]'")] = False,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Export the stored graph as RDF typed by ontology/diplomacy.ttl.

    Posts held become org:Membership, visits, meetings and signings become event
    resources, each traced to its articles (prov:wasDerivedFrom) and sentences.
    N-Triples is written as the store is read, in constant memory.

    Example: `kg export rdf --format ttl -o graph.ttl --validate`
    """
    from kg.export.rdf import write
    from kg.store import StoreError

    if validate and output == STDOUT:
        fail("--validate reads the written file back: give -o a file", 2)
    with open_or_fail(store, data_dir) as db, progress_bar(quiet) as progress:
        try:
            nodes, relationships = store_rows(db, progress)
            with atomic_output(output) as part:
                count = write(format.value, nodes(), relationships(), str(part), base=base_iri)
        except StoreError as e:
            fail(str(e))
        except ValueError as e:
            fail(str(e), 2)
        except OSError as e:
            fail(f"cannot write {shown(output)}: {e.strerror or e}")
    if not quiet:
        say(f"wrote {count} {'quads' if format is RdfFormat.trig else 'triples'} to {shown(output)}")
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
        if not quiet:
            say(f"{output} conforms to ontology/shapes.ttl")


@export_app.command("neo4j-import")
def export_neo4j_import(
    directory: Annotated[Path, typer.Argument(help="folder for the CSV files, import.sh and README.txt (created, or replaced whole if an earlier export wrote it)")],
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Export the stored graph as CSV files for `neo4j-admin database import full` (Neo4j 5).

    Example: `kg export neo4j-import neo4j-csv` then `sh neo4j-csv/import.sh neo4j`
    """
    from kg.export.neo4j_import import write_import
    from kg.store import StoreError

    with open_or_fail(store, data_dir) as db, progress_bar(quiet) as progress:
        try:
            with atomic_folder(directory) as part:
                summary = write_import(part, *store_rows(db, progress, passes=2))  # headers, then rows
            summary.directory = directory
        except (StoreError, ValueError) as e:
            fail(str(e))
        except OSError as e:
            fail(f"cannot write {shown(directory)}: {e.strerror or e}")
    if not quiet:
        say(summary.line())


# -- graph files, HTML view and network analysis (kg/export/graph_files.py, kg/export/html.py, kg/analyze.py) --


def export_graph_file(kind: str, output: Path, store: StoreKind, data_dir: Optional[Path], quiet: bool) -> None:
    from kg.export.graph_files import WRITERS

    g = read_networkx(store, data_dir, quiet)
    try:
        with atomic_output(output) as part:
            WRITERS[kind](g, part)
    except OSError as e:
        fail(f"cannot write {shown(output)}: {e.strerror or e}")
    if not quiet:
        say(f"wrote {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships to {shown(output)}")


@export_app.command("graphml")
def export_graphml(
    output: OutputOpt,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Export the stored graph as GraphML (Gephi, yEd, Cytoscape, networkx).

    Node attributes are the properties plus `label`; edge attributes the properties plus
    `type`. GraphML has no lists: list properties are written as JSON text.

    Example: `kg export graphml -o graph.graphml`
    """
    export_graph_file("graphml", output, store, data_dir, quiet)


@export_app.command("json")
def export_json(
    output: OutputOpt,
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Export the stored graph as networkx node-link JSON (nodes, edges; directed multigraph).

    Read it back with `networkx.node_link_graph(json.load(f), edges="edges")`.

    Example: `kg export json -o graph.json`
    """
    export_graph_file("json", output, store, data_dir, quiet)


@export_app.command("html")
def export_html(
    output: OutputOpt,
    query_: Annotated[Optional[str], typer.Option("--query", help="draw only what this named query or Cypher "
                                                  "returns [default: the whole graph]")] = None,
    param: Annotated[list[str], typer.Option("--param", "-p", help="k=v for --query (v parsed as JSON when it can be)")] = [],
    store: StoreOpt = StoreKind.embedded,
    data_dir: DataDirOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Write a standalone interactive view of the graph: one HTML file that works offline.

    Colours and captions follow the Neo4j Browser style (docker/browser-style.grass);
    the whole graph is fitted in the window, the legend beside it; click a node or
    relationship to see its properties. With --query, the view shows only the answer:
    the nodes and relationships the query returns, or, for a table, the entities its
    cells name (by id, caption or name) and the relationships between those one row
    names together.

    Needs the html extra (neo4j-viz): pip install 'vn-diplomacy-kg[html]'.

    Example: `kg export html -o graph.html --query officials --param limit=10`
    """
    from kg.export.graph_files import read_graph
    from kg.export.html import result_subgraph, write
    from kg.store import StoreError

    title = "Knowledge graph"
    with open_or_fail(store, data_dir) as db, progress_bar(quiet) as progress:
        try:
            nodes, relationships = store_rows(db, progress)
            g = read_graph(nodes(), relationships())
            if query_:
                g = result_subgraph(g, run_query(db, query_, param).rows)
                title = f"kg: {query_}"
        except StoreError as e:
            fail(str(e))
    if query_ and g.number_of_nodes() == 0:
        say("kg: the query returned nothing to draw; the view is empty")
    try:
        with atomic_output(output) as part:
            size = write(g, part, title=title)
    except ImportError:
        fail("kg export html needs neo4j-viz: pip install 'vn-diplomacy-kg[html]'")
    except OSError as e:
        fail(f"cannot write {shown(output)}: {e.strerror or e}")
    if not quiet:
        say(f"wrote a view of {g.number_of_nodes()} nodes and {g.number_of_edges()} relationships "
            f"to {shown(output)} ({size / 1e6:.1f} MB, offline)")
