"""The scale benchmark: extraction, store writes, N-Triples and whole builds at 1,000 and 10,000 documents.

    python bench/run.py                          # 1,000 and 10,000 documents, 2 workers, table
    python bench/run.py --sizes 500 2000 --workers 4
    python bench/run.py --json                   # the figures as one JSON object
    python bench/run.py --neo4j                  # also Neo4j: starts one (tools/neo4j-server/start), stops it after
    NEO4J_URI=bolt://... python bench/run.py     # also Neo4j, on that server (an empty database, or --wipe-neo4j)

Each size runs in its own child process, so its peak memory is its own. In that child:

1. build: `kg build`'s path (loaders' Documents -> `--workers N` extraction and resolution ->
   `kg.build.write_deltas` in chunks of 500 articles) into an embedded FalkorDB; time per
   document, and the peak RSS of the process and of its largest worker; with Neo4j, the same
   build into Neo4j (`Neo4jStore`, as `kg build --store neo4j`) after an untimed warm-up build of
   the first 500 documents, and its time per document beside the embedded store's (the node and
   relationship counts of both builds are compared);
2. extraction with 1 worker (in this process) and with N worker processes, each Extraction
   resolved to a GraphDelta as in a build; syllables/s and the speed-up;
3. store writes: the final graph of all documents written into an empty graph by the
   GraphStore (`write_graph`: MERGE on ids, lists unioned, mention statistics) and by a raw
   baseline (`UNWIND $rows ... MERGE` of the same nodes and relationships, one label, an
   index on id, nothing else) on the same server; rows/s and their ratio; with Neo4j, the same
   two writes of the same graph on the Neo4j server. After each write the stored nodes and
   relationships are counted: a count other than the graph's is printed as a WARNING;
4. RDF: the stored rows as N-Triples by the streaming writer and by rdflib
   (`to_rdf` then `Graph.serialize(format="nt")`); triples/s and their ratio.

Figures are compared as ratios within the same run, since the machine is shared and noisy.

Neo4j is measured when NEO4J_URI (NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE) names a server, or
with --neo4j, which starts a throwaway Neo4j 5 Community through tools/neo4j-server/start (Java 17
and Maven) and stops it at the end. Every Neo4j step starts from an empty database: nodes and
relationships deleted in batches (the store's reset, as `kg reset`), constraints and indexes
dropped. A NEO4J_URI database that holds nodes at the start is left alone (the Neo4j part is then
skipped) unless --wipe-neo4j is given. Without a reachable Neo4j, one line says why and the rest
is printed as usual.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

BENCH = Path(__file__).resolve().parent
NEO4J_SERVER = BENCH.parent / "tools" / "neo4j-server"
sys.path.insert(0, str(BENCH))

from extract import git_commit, load_samples, repeat_to, syllables  # noqa: E402  (bench/extract.py)
from rss import maxrss_mb, vmhwm_mb  # noqa: E402  (bench/rss.py)

COMMIT_EVERY = 500
TARGETS = {"store_vs_raw": 0.5, "neo4j_store_vs_raw": 0.5, "speedup_2_workers": 1.7, "time_per_doc_drift": 0.15}

RAW_INDEX = "CREATE INDEX FOR (n:Node) ON (n.id)"
RAW_NODES = "UNWIND $rows AS row MERGE (n:Node {id: row.id}) SET n += row.props"
RAW_RELS = ("UNWIND $rows AS row MATCH (s:Node {id: row.s}) MATCH (t:Node {id: row.t}) "
            "MERGE (s)-[r:%s {key: row.key}]->(t) SET r += row.props")


def timed(step) -> tuple[float, object]:
    start = time.perf_counter()
    result = step()
    return time.perf_counter() - start, result


def worker_peak_mb(run) -> float:
    """The largest high-water RSS (VmHWM) among the pool's live workers. They are children of
    the fork server, not of this process, so RUSAGE_CHILDREN does not see them."""
    pids = getattr(getattr(run, "_pool", None), "_processes", None) or {}
    return round(max([0.0, *(vmhwm_mb(pid) or 0.0 for pid in pids)]), 1)


def extraction(docs, workers: int, keep: bool):
    """(seconds, deltas or count): extraction + resolution as a build does it, pools warmed first."""
    from kg.extract.parallel import make_extractor
    from kg.resolve import resolve

    with make_extractor(workers=workers) as run:
        run.warm()
        return timed(lambda: list(run(docs, then=resolve)) if keep else sum(1 for _ in run(docs, then=resolve)))


def raw_rows(graph) -> tuple[list[dict], dict[str, list[dict]]]:
    """The graph's nodes and relationships as plain rows, for the baseline."""
    nodes = [{"id": i, "props": {k: v for k, v in d.items() if k != "label"}} for i, d in graph.nodes()]
    rels: dict[str, list[dict]] = {}
    for s, t, key, d in graph.edges():
        rels.setdefault(d["type"], []).append({"s": s, "t": t, "key": key,
                                               "props": {k: v for k, v in d.items() if k != "type"}})
    return nodes, rels


def raw_write(db, graph) -> None:
    """The baseline's writes, in the GraphStore's batch size; its index (RAW_INDEX) is made before."""
    from kg.store.base import BATCH_SIZE, batched

    nodes, rels = raw_rows(graph)
    for batch in batched(nodes, BATCH_SIZE):
        db.run(RAW_NODES, {"rows": batch}, write=True)
    for rel_type, rows in rels.items():
        for batch in batched(rows, BATCH_SIZE):
            db.run(RAW_RELS % rel_type, {"rows": batch}, write=True)


def stored_rows(db) -> int:
    """Nodes plus relationships in the store: what a write left, to check that nothing was lost or doubled."""
    nodes = db.run("MATCH (n) RETURN count(n)").rows[0][0]
    rels = db.run("MATCH ()-[r]->() RETURN count(r)").rows[0][0]
    return int(nodes) + int(rels)


def store_writes(graph, ours, raw, prepare) -> dict:
    """The same final graph written by the GraphStore into `ours` and by the baseline into `raw`
    (two empty graphs or databases of one server); `prepare(db)` empties one where needed."""
    rows = graph.g.number_of_nodes() + graph.g.number_of_edges()
    with ours() as db:
        prepare(db)
        db.setup_schema()
        await_indexes(db)
        ours_s, _ = timed(lambda: db.write_graph(graph))
        ours_stored = stored_rows(db)
    with raw() as db:
        prepare(db)
        db.run(RAW_INDEX, write=True)
        await_indexes(db)
        raw_s, _ = timed(lambda: raw_write(db, graph))
        raw_stored = stored_rows(db)
    return {"rows": rows, "ours_rows_per_s": round(rows / ours_s), "raw_rows_per_s": round(rows / raw_s),
            "ours_seconds": round(ours_s, 3), "raw_seconds": round(raw_s, 3), "ratio": round(raw_s / ours_s, 3),
            "ours_stored_rows": ours_stored, "raw_stored_rows": raw_stored}


# -- Neo4j ---------------------------------------------------------------------------------------

def await_indexes(db) -> None:
    """Neo4j fills new indexes in the background: wait, so that no timed write scans a label."""
    if db.dialect == "neo4j":
        db.run("CALL db.awaitIndexes(600)")


def empty_neo4j(db) -> None:
    """An empty database, as at the start of a run: nodes and relationships deleted in batches (the
    store's reset, `kg reset`'s), then every constraint and index dropped but the built-in lookup ones."""
    db.reset()
    for (name,) in db.run("SHOW CONSTRAINTS YIELD name RETURN name").rows:
        db.run(f"DROP CONSTRAINT `{name.replace('`', '``')}` IF EXISTS", write=True)
    for (name,) in db.run("SHOW INDEXES YIELD name, type WHERE type <> 'LOOKUP' RETURN name").rows:
        db.run(f"DROP INDEX `{name.replace('`', '``')}` IF EXISTS", write=True)


def leave_empty(connect) -> dict:
    with connect() as db:
        empty_neo4j(db)
    return {}


def neo4j_build(docs, workers: int) -> dict:
    """`kg build --store neo4j`'s path, timed on an empty database after an untimed warm-up build
    of the first COMMIT_EVERY documents (the server's JIT compiler and query plans)."""
    from kg.build import write_deltas
    from kg.extract.parallel import make_extractor
    from kg.resolve import resolve
    from kg.store.neo4j_store import Neo4jStore

    with Neo4jStore() as db, make_extractor(workers=workers) as run:
        run.warm()
        empty_neo4j(db)
        write_deltas(db, run(docs[:COMMIT_EVERY], then=resolve), commit_every=COMMIT_EVERY)
        empty_neo4j(db)
        seconds, summary = timed(lambda: write_deltas(db, run(docs, then=resolve), commit_every=COMMIT_EVERY))
        stats = db.stats()
        empty_neo4j(db)
    return {"workers": workers, "seconds": round(seconds, 3), "articles": summary.articles,
            "ms_per_doc": round(1000 * seconds / len(docs), 3), "stats": stats}


def neo4j_part(step, *args) -> dict:
    """A Neo4j step's figures, or {"error": one line} if the server failed under it."""
    from kg.store import StoreError

    try:
        return step(*args)
    except StoreError as e:
        return {"error": str(e)}


def child(size: int, workers: int, neo4j: bool) -> dict:
    from kg.build import write_deltas
    from kg.export.rdf import to_rdf, write_ntriples
    from kg.extract.parallel import make_extractor
    from kg.graph import KnowledgeGraph
    from kg.resolve import resolve
    from kg.store.falkor import FalkorStore
    from kg.store.falkor_server import EmbeddedFalkor

    source, samples = load_samples()
    docs = repeat_to(samples, size)
    n_syl = sum(syllables(d.text) for d in docs)
    out: dict = {"docs": size, "syllables": n_syl, "source": str(source), "distinct_pages": len(samples)}

    with tempfile.TemporaryDirectory() as tmp, EmbeddedFalkor(tmp) as server:
        def store(name: str):
            return lambda: FalkorStore(host=server.host, port=server.port, graph=name)

        # 1. the build, first, so that the peak RSS read after it is the build's
        with store("build")() as db, make_extractor(workers=workers) as run:
            run.warm()
            seconds, summary = timed(lambda: write_deltas(db, run(docs, then=resolve), commit_every=COMMIT_EVERY))
            worker_peak = worker_peak_mb(run)
            stats = db.stats()
        out["build"] = {"workers": workers, "seconds": round(seconds, 3), "articles": summary.articles,
                        "ms_per_doc": round(1000 * seconds / size, 3),
                        "peak_rss_mb": round(maxrss_mb(), 1),
                        "worker_peak_rss_mb": worker_peak}
        if neo4j:
            out["neo4j"] = {"build": neo4j_part(neo4j_build, docs, workers)}
            out["neo4j"]["build"]["same_graph"] = out["neo4j"]["build"].pop("stats", None) == stats

        # 2. extraction, 1 worker then N
        one_s, deltas = extraction(docs, 1, keep=True)
        many_s, _ = extraction(docs, workers, keep=False)
        out["extract"] = {"1": {"seconds": round(one_s, 3), "syllables_per_s": round(n_syl / one_s)},
                          str(workers): {"seconds": round(many_s, 3), "syllables_per_s": round(n_syl / many_s)},
                          "speedup": round(one_s / many_s, 3)}

        # 3. store writes of the same final graph: the GraphStore against the raw baseline
        graph = KnowledgeGraph()
        for delta in deltas:
            graph.add(delta)
        out["store"] = store_writes(graph, store("ours"), store("raw"), prepare=lambda db: None)
        if neo4j:
            from kg.store.neo4j_store import Neo4jStore

            out["neo4j"]["store"] = neo4j_part(store_writes, graph, Neo4jStore, Neo4jStore, empty_neo4j)
            neo4j_part(lambda: leave_empty(Neo4jStore))  # as it was found

        # 4. N-Triples of the stored rows: the streaming writer against rdflib's serializer
        with store("ours")() as db:
            nodes, rels = list(db.iter_nodes()), list(db.iter_relationships())
        stream_s, triples = timed(lambda: write_ntriples(nodes, rels, io.StringIO()))
        rdflib_s, _ = timed(lambda: to_rdf(nodes, rels).serialize(format="nt"))
        out["rdf"] = {"triples": triples, "stream_triples_per_s": round(triples / stream_s),
                      "rdflib_triples_per_s": round(triples / rdflib_s), "ratio": round(rdflib_s / stream_s, 3)}
    out["peak_rss_mb"] = round(maxrss_mb(), 1)
    return out


@contextmanager
def neo4j_server(start: bool, wipe: bool) -> Iterator[tuple[dict | None, str]]:
    """(the environment that points the children at Neo4j, one line naming it), or (None, one line
    saying why Neo4j is not measured). With `start`, a server from tools/neo4j-server/start, stopped
    and deleted on leaving."""
    env = dict(os.environ)
    if start:
        env.pop("NEO4J_DATABASE", None)  # the new server has the default database only
        proc = subprocess.run(["bash", "-c", f'eval "$({shlex.quote(str(NEO4J_SERVER / "start"))})" && env -0'],
                              capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env)
        if proc.returncode != 0:
            said = proc.stderr.strip().splitlines()
            yield None, f"Neo4j: not measured: tools/neo4j-server/start failed ({said[-1] if said else 'no message'})"
            return
        env = dict(item.split("=", 1) for item in proc.stdout.split("\0") if "=" in item)
    elif not env.get("NEO4J_URI"):
        yield None, "Neo4j: not measured (set NEO4J_URI to a scratch server, or pass --neo4j to start one)"
        return
    try:
        yield probe_neo4j(env, wipe=wipe or start)
    finally:
        if start:
            subprocess.run([str(NEO4J_SERVER / "stop")], env=env, stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def probe_neo4j(env: dict, wipe: bool) -> tuple[dict | None, str]:
    """Whether the Neo4j of `env` answers and may be emptied; its version and address."""
    from kg.store import StoreError
    from kg.store.neo4j_store import Neo4jStore

    uri = env["NEO4J_URI"]
    try:
        with Neo4jStore(uri, env.get("NEO4J_USER"), env.get("NEO4J_PASSWORD"), env.get("NEO4J_DATABASE")) as db:
            nodes = int(db.run("MATCH (n) RETURN count(n)").rows[0][0])
            name, version, edition = db.run("CALL dbms.components() YIELD name, versions, edition "
                                            "RETURN name, versions[0], edition").rows[0]
    except StoreError as e:
        return None, f"Neo4j: not measured: {e}"
    if nodes and not wipe:
        return None, (f"Neo4j: not measured: the database at {uri} holds {nodes:,} nodes, and the benchmark "
                      f"empties it; pass --wipe-neo4j to allow that, or --neo4j to start a server of its own")
    return env, f"{name} {version} {edition} at {uri}"


def run_sizes(sizes: list[int], workers: int, neo4j_env: dict | None = None, neo4j_note: str = "") -> dict:
    runs = []
    for size in sizes:
        proc = subprocess.run([sys.executable, __file__, "--child", str(size), "--workers", str(workers),
                               *(["--child-neo4j"] if neo4j_env else [])],
                              capture_output=True, text=True, env=neo4j_env)
        if proc.returncode != 0:
            sys.exit(f"bench: the run at {size} documents failed:\n{proc.stderr}")
        runs.append(json.loads(proc.stdout))
    small, large = runs[0], runs[-1]
    drift = large["build"]["ms_per_doc"] / small["build"]["ms_per_doc"] - 1
    neo4j_ratios = [r["neo4j"]["store"].get("ratio") for r in runs if "neo4j" in r]
    checks = {
        "store_vs_raw": min(r["store"]["ratio"] for r in runs),
        "neo4j_store_vs_raw": min(neo4j_ratios) if neo4j_ratios and None not in neo4j_ratios else None,
        "speedup_2_workers": min(r["extract"]["speedup"] for r in runs) if workers == 2 else None,
        "time_per_doc_drift": round(drift, 3),
    }

    def met(name: str) -> bool | None:
        return None if checks[name] is None else checks[name] >= TARGETS[name]

    return {"commit": git_commit(), "cpus": os.cpu_count(), "workers": workers, "neo4j": neo4j_note,
            "runs": runs, "checks": checks,
            "met": {"store_vs_raw": met("store_vs_raw"), "neo4j_store_vs_raw": met("neo4j_store_vs_raw"),
                    "speedup_2_workers": met("speedup_2_workers"),
                    "time_per_doc_drift": abs(drift) <= TARGETS["time_per_doc_drift"]}}


def print_table(r: dict) -> None:
    w = r["workers"]
    print(f"commit {r['commit']}, {r['cpus']} CPUs, {w} workers; input: {r['runs'][0]['distinct_pages']} pages of "
          f"{r['runs'][0]['source']}, repeated")
    measured = all("neo4j" in run for run in r["runs"])
    print(("Neo4j: " if measured else "") + r["neo4j"] + "\n")
    header = f"{'':<44}" + "".join(f"{run['docs']:>14,} docs" for run in r["runs"])
    print(header)

    def row(label: str, value) -> None:
        print(f"{label:<44}" + "".join(f"{value(run):>19}" for run in r["runs"]))

    def neo4j_row(label: str, part: str, value) -> None:
        row(label, lambda x: "failed" if "error" in x["neo4j"][part] else value(x["neo4j"][part]))

    row("syllables", lambda x: f"{x['syllables']:,}")
    row("extraction, 1 worker (syllables/s)", lambda x: f"{x['extract']['1']['syllables_per_s']:,}")
    row(f"extraction, {w} workers (syllables/s)", lambda x: f"{x['extract'][str(w)]['syllables_per_s']:,}")
    row(f"  speed-up with {w} workers", lambda x: f"{x['extract']['speedup']:.2f}x")
    row("store rows written", lambda x: f"{x['store']['rows']:,}")
    row("  GraphStore.write_graph (rows/s)", lambda x: f"{x['store']['ours_rows_per_s']:,}")
    row("  raw UNWIND ... MERGE, same server (rows/s)", lambda x: f"{x['store']['raw_rows_per_s']:,}")
    row("  ours / raw", lambda x: f"{x['store']['ratio']:.2f}x")
    if measured:
        neo4j_row("  Neo4j: Neo4jStore.write_graph (rows/s)", "store", lambda x: f"{x['ours_rows_per_s']:,}")
        neo4j_row("  Neo4j: raw UNWIND ... MERGE (rows/s)", "store", lambda x: f"{x['raw_rows_per_s']:,}")
        neo4j_row("  Neo4j: ours / raw", "store", lambda x: f"{x['ratio']:.2f}x")
    row("N-Triples written", lambda x: f"{x['rdf']['triples']:,}")
    row("  streaming writer (triples/s)", lambda x: f"{x['rdf']['stream_triples_per_s']:,}")
    row("  rdflib to_rdf + serialize (triples/s)", lambda x: f"{x['rdf']['rdflib_triples_per_s']:,}")
    row("  streaming / rdflib", lambda x: f"{x['rdf']['ratio']:.2f}x")
    row(f"build, {w} workers: time per document (ms)", lambda x: f"{x['build']['ms_per_doc']:.2f}")
    if measured:
        neo4j_row("  the same build into Neo4j (ms)", "build", lambda x: f"{x['ms_per_doc']:.2f}")
    row("  build peak RSS, main process (MB)", lambda x: f"{x['build']['peak_rss_mb']:,}")
    row("  build peak RSS, largest worker (MB)", lambda x: f"{x['build']['worker_peak_rss_mb']:,}")
    row("peak RSS of the whole run (MB)", lambda x: f"{x['peak_rss_mb']:,}")
    c, met = r["checks"], r["met"]

    def verdict(ok) -> str:
        return "n/a" if ok is None else "MET" if ok else "NOT MET"

    print()
    for run in r["runs"]:
        store = run["store"]
        if store["ours_stored_rows"] != store["rows"] or store["raw_stored_rows"] != store["rows"]:
            print(f"WARNING: at {run['docs']:,} documents FalkorDB holds {store['ours_stored_rows']:,} rows after "
                  f"write_graph and {store['raw_stored_rows']:,} after the baseline, for {store['rows']:,} written")
        for part, figures in run.get("neo4j", {}).items():
            if "error" in figures:
                print(f"WARNING: Neo4j {part} at {run['docs']:,} documents failed: {figures['error']}")
            elif part == "build" and not figures["same_graph"]:
                print(f"WARNING: at {run['docs']:,} documents the Neo4j build stored other counts than FalkorDB's")
            elif part == "store" and not figures["ours_stored_rows"] == figures["raw_stored_rows"] == figures["rows"]:
                print(f"WARNING: at {run['docs']:,} documents Neo4j holds {figures['ours_stored_rows']:,} rows after "
                      f"write_graph and {figures['raw_stored_rows']:,} after the baseline, for {figures['rows']:,}")
    print(f"store writes >= {TARGETS['store_vs_raw']}x the raw baseline: {verdict(met['store_vs_raw'])} "
          f"(worst {c['store_vs_raw']:.2f}x)")
    neo4j = ("n/a (Neo4j not measured)" if not measured else
             "n/a (a Neo4j step failed)" if c["neo4j_store_vs_raw"] is None else
             f"{verdict(met['neo4j_store_vs_raw'])} (worst {c['neo4j_store_vs_raw']:.2f}x)")
    print(f"Neo4j store writes >= {TARGETS['neo4j_store_vs_raw']}x the raw baseline on the same Neo4j: {neo4j}")
    speedup = "n/a (run with --workers 2)" if c["speedup_2_workers"] is None else f"{c['speedup_2_workers']:.2f}x"
    print(f"2 workers >= {TARGETS['speedup_2_workers']}x one worker: {verdict(met['speedup_2_workers'])} "
          f"(worst {speedup})")
    print(f"time per document at the largest size within {TARGETS['time_per_doc_drift']:.0%} of the smallest: "
          f"{verdict(met['time_per_doc_drift'])} ({c['time_per_doc_drift']:+.1%})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="corpus sizes (default 1000 10000)")
    parser.add_argument("--workers", type=int, default=2, help="extraction processes for the N-worker figures (default 2)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--neo4j", action="store_true",
                        help="also measure Neo4j, on a server started for the run (tools/neo4j-server/start) "
                             "and stopped after it; without it, Neo4j is measured when NEO4J_URI is set")
    parser.add_argument("--wipe-neo4j", action="store_true",
                        help="let the benchmark empty the database at NEO4J_URI even if it holds nodes")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--child-neo4j", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workers < 1 or any(s < 1 for s in args.sizes):
        parser.error("--sizes and --workers must be positive")
    if args.child:
        print(json.dumps(child(args.child, args.workers, args.child_neo4j)))
        return
    with neo4j_server(args.neo4j, args.wipe_neo4j) as (env, note):
        result = run_sizes(sorted(args.sizes), args.workers, env, note)
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
