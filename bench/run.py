"""The scale benchmark: extraction, store writes, N-Triples and whole builds at 1,000 and 10,000 documents.

    python bench/run.py                          # 1,000 and 10,000 documents, 2 workers, table
    python bench/run.py --sizes 500 2000 --workers 4
    python bench/run.py --json                   # the figures as one JSON object

Each size runs in its own child process, so its peak memory is its own. In that child:

1. build: `kg build`'s path (loaders' Documents -> `--workers N` extraction and resolution ->
   `kg.build.write_deltas` in chunks of 500 articles) into an embedded FalkorDB; time per
   document, and the peak RSS of the process and of its largest worker;
2. extraction with 1 worker (in this process) and with N worker processes, each Extraction
   resolved to a GraphDelta as in a build; syllables/s and the speed-up;
3. store writes: the final graph of all documents written into an empty graph by the
   GraphStore (`write_graph`: MERGE on ids, lists unioned, mention statistics) and by a raw
   baseline (`UNWIND $rows ... MERGE` of the same nodes and relationships, one label, an
   index on id, nothing else) on the same server; rows/s and their ratio;
4. RDF: the stored rows as N-Triples by the streaming writer and by rdflib
   (`to_rdf` then `Graph.serialize(format="nt")`); triples/s and their ratio.

Figures are compared as ratios within the same run, since the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from extract import git_commit, load_samples, maxrss_mb, repeat_to, syllables  # noqa: E402  (bench/extract.py)

COMMIT_EVERY = 500
TARGETS = {"store_vs_raw": 0.5, "speedup_2_workers": 1.7, "time_per_doc_drift": 0.15}

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
    peaks = [0.0]
    for pid in getattr(getattr(run, "_pool", None), "_processes", None) or {}:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        peaks += [int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")]
    return round(max(peaks), 1)


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
    from kg.store.base import BATCH_SIZE, batched

    db.run("CREATE INDEX FOR (n:Node) ON (n.id)", write=True)
    nodes, rels = raw_rows(graph)
    for batch in batched(nodes, BATCH_SIZE):
        db.run(RAW_NODES, {"rows": batch}, write=True)
    for rel_type, rows in rels.items():
        for batch in batched(rows, BATCH_SIZE):
            db.run(RAW_RELS % rel_type, {"rows": batch}, write=True)


def child(size: int, workers: int) -> dict:
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
        def store(name: str) -> FalkorStore:
            return FalkorStore(host=server.host, port=server.port, graph=name)

        # 1. the build, first, so that the peak RSS read after it is the build's
        with store("build") as db, make_extractor(workers=workers) as run:
            run.warm()
            seconds, summary = timed(lambda: write_deltas(db, run(docs, then=resolve), commit_every=COMMIT_EVERY))
            worker_peak = worker_peak_mb(run)
        out["build"] = {"workers": workers, "seconds": round(seconds, 3), "articles": summary.articles,
                        "ms_per_doc": round(1000 * seconds / size, 3),
                        "peak_rss_mb": round(maxrss_mb(), 1),
                        "worker_peak_rss_mb": worker_peak}

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
        rows = graph.g.number_of_nodes() + graph.g.number_of_edges()
        with store("ours") as db:
            db.setup_schema()
            ours_s, _ = timed(lambda: db.write_graph(graph))
        with store("raw") as db:
            raw_s, _ = timed(lambda: raw_write(db, graph))
        out["store"] = {"rows": rows, "ours_rows_per_s": round(rows / ours_s), "raw_rows_per_s": round(rows / raw_s),
                        "ours_seconds": round(ours_s, 3), "raw_seconds": round(raw_s, 3),
                        "ratio": round(raw_s / ours_s, 3)}

        # 4. N-Triples of the stored rows: the streaming writer against rdflib's serializer
        with store("ours") as db:
            nodes, rels = list(db.iter_nodes()), list(db.iter_relationships())
        stream_s, triples = timed(lambda: write_ntriples(nodes, rels, io.StringIO()))
        rdflib_s, _ = timed(lambda: to_rdf(nodes, rels).serialize(format="nt"))
        out["rdf"] = {"triples": triples, "stream_triples_per_s": round(triples / stream_s),
                      "rdflib_triples_per_s": round(triples / rdflib_s), "ratio": round(rdflib_s / stream_s, 3)}
    out["peak_rss_mb"] = round(maxrss_mb(), 1)
    return out


def run_sizes(sizes: list[int], workers: int) -> dict:
    runs = []
    for size in sizes:
        proc = subprocess.run([sys.executable, __file__, "--child", str(size), "--workers", str(workers)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            sys.exit(f"bench: the run at {size} documents failed:\n{proc.stderr}")
        runs.append(json.loads(proc.stdout))
    small, large = runs[0], runs[-1]
    drift = large["build"]["ms_per_doc"] / small["build"]["ms_per_doc"] - 1
    checks = {
        "store_vs_raw": min(r["store"]["ratio"] for r in runs),
        "speedup_2_workers": min(r["extract"]["speedup"] for r in runs) if workers == 2 else None,
        "time_per_doc_drift": round(drift, 3),
    }
    return {"commit": git_commit(), "cpus": os.cpu_count(), "workers": workers, "runs": runs, "checks": checks,
            "met": {"store_vs_raw": checks["store_vs_raw"] >= TARGETS["store_vs_raw"],
                    "speedup_2_workers": None if checks["speedup_2_workers"] is None
                    else checks["speedup_2_workers"] >= TARGETS["speedup_2_workers"],
                    "time_per_doc_drift": abs(drift) <= TARGETS["time_per_doc_drift"]}}


def print_table(r: dict) -> None:
    w = r["workers"]
    print(f"commit {r['commit']}, {r['cpus']} CPUs, {w} workers; input: {r['runs'][0]['distinct_pages']} pages of "
          f"{r['runs'][0]['source']}, repeated\n")
    header = f"{'':<44}" + "".join(f"{run['docs']:>14,} docs" for run in r["runs"])
    print(header)

    def row(label: str, value) -> None:
        print(f"{label:<44}" + "".join(f"{value(run):>19}" for run in r["runs"]))

    row("syllables", lambda x: f"{x['syllables']:,}")
    row("extraction, 1 worker (syllables/s)", lambda x: f"{x['extract']['1']['syllables_per_s']:,}")
    row(f"extraction, {w} workers (syllables/s)", lambda x: f"{x['extract'][str(w)]['syllables_per_s']:,}")
    row(f"  speed-up with {w} workers", lambda x: f"{x['extract']['speedup']:.2f}x")
    row("store rows written", lambda x: f"{x['store']['rows']:,}")
    row("  GraphStore.write_graph (rows/s)", lambda x: f"{x['store']['ours_rows_per_s']:,}")
    row("  raw UNWIND ... MERGE, same server (rows/s)", lambda x: f"{x['store']['raw_rows_per_s']:,}")
    row("  ours / raw", lambda x: f"{x['store']['ratio']:.2f}x")
    row("N-Triples written", lambda x: f"{x['rdf']['triples']:,}")
    row("  streaming writer (triples/s)", lambda x: f"{x['rdf']['stream_triples_per_s']:,}")
    row("  rdflib to_rdf + serialize (triples/s)", lambda x: f"{x['rdf']['rdflib_triples_per_s']:,}")
    row("  streaming / rdflib", lambda x: f"{x['rdf']['ratio']:.2f}x")
    row(f"build, {w} workers: time per document (ms)", lambda x: f"{x['build']['ms_per_doc']:.2f}")
    row("  build peak RSS, main process (MB)", lambda x: f"{x['build']['peak_rss_mb']:,}")
    row("  build peak RSS, largest worker (MB)", lambda x: f"{x['build']['worker_peak_rss_mb']:,}")
    row("peak RSS of the whole run (MB)", lambda x: f"{x['peak_rss_mb']:,}")
    c, met = r["checks"], r["met"]

    def verdict(ok) -> str:
        return "n/a" if ok is None else "MET" if ok else "NOT MET"

    print(f"\nstore writes >= {TARGETS['store_vs_raw']}x the raw baseline: {verdict(met['store_vs_raw'])} "
          f"(worst {c['store_vs_raw']:.2f}x)")
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
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.workers < 1 or any(s < 1 for s in args.sizes):
        parser.error("--sizes and --workers must be positive")
    if args.child:
        print(json.dumps(child(args.child, args.workers)))
        return
    result = run_sizes(sorted(args.sizes), args.workers)
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
