"""N-Triples export benchmark: the streamed exporter vs rdflib's own serializer, same triples.
With --trig: the TriG export against the Turtle export of the same graph, as articles grow.

    python bench/rdf.py                      # >= 1,000,000 triples, table
    python bench/rdf.py --triples 200000     # quicker
    python bench/rdf.py --json               # the same figures as one JSON object
    python bench/rdf.py --trig               # TriG and Turtle of 2,200 and 22,000 articles
    python bench/rdf.py --trig --articles 2200 4400

A synthetic property graph (kg/export/rdf_synthetic.py: people holding posts in
ministries, visits, meetings, signings, mentions, each fact with its article and
sentence) is fed as node and relationship dicts, as the store's iterators yield them,
to two writers, each in its own child process:

- stream: kg.export.rdf.write_ntriples, a line per triple as the dicts arrive;
- rdflib: kg.export.rdf.to_rdf (the same triples in an rdflib Graph), then
  Graph.serialize(format="nt"). Its time is given for the whole run and for the
  serialize step alone.

Peak memory is the child's peak resident set size (VmHWM of /proc/self/status, else ru_maxrss,
read by the child when it is done), next to that of a child that only imports the same
modules. Each writer runs once per --repeat; the fastest run is reported. Nothing is
asserted: the figures are printed.

--trig feeds an archive where the same facts recur (rdf_synthetic's `articles`: the facts of
--trig-people people, default 200, read again and again, each fact in articles / 20 articles
with a sentence of its own, as a hub fact of a real archive) to kg.export.rdf.write, the
function `kg export rdf` calls, once with --format trig and once with --format ttl, each in its
own child, and prints for each size the time, peak RSS, file size and triples (TriG: quads) of
both and TriG's ratio to Turtle. The ratio is what to compare between machines and runs, and
TriG's time, quads and bytes per article, which stay flat as articles grow when TriG is linear.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from rss import maxrss_mb, vmhwm_mb  # noqa: E402  (bench/rss.py)

TRIPLES_PER_PERSON = 70  # measured on the synthetic graph; the run reports the exact count


def peak_rss_mb() -> float:
    """This process image's own peak RSS: VmHWM where /proc exists (getrusage's ru_maxrss carries the
    parent's peak over fork and exec, so a child of a large process, pytest late in a run, would
    report the parent's size), else ru_maxrss."""
    peak = vmhwm_mb()
    return peak if peak is not None else maxrss_mb()


def child(mode: str, people: int, out: str, articles: int | None = None) -> dict:
    from kg.export import rdf_synthetic as syn
    from kg.export.rdf import to_rdf, write, write_ntriples

    result: dict = {"mode": mode}
    start = time.perf_counter()
    if mode in ("ttl", "trig"):  # what `kg export rdf --format ttl|trig` runs on the store's rows
        result["triples"] = write(mode, syn.nodes(people, articles), syn.relationships(people, articles), out)
    elif mode == "stream":
        with open(out, "w", encoding="utf-8", newline="\n") as f:
            result["triples"] = write_ntriples(syn.nodes(people), syn.relationships(people), f)
    elif mode == "rdflib":
        g = to_rdf(syn.nodes(people), syn.relationships(people))
        built = time.perf_counter()
        g.serialize(destination=out, format="nt", encoding="utf-8")
        result["serialize_seconds"] = time.perf_counter() - built
        result["build_seconds"] = built - start
        result["triples"] = len(g)
    result["seconds"] = time.perf_counter() - start
    result["peak_rss_mb"] = peak_rss_mb()
    result["bytes"] = os.path.getsize(out) if os.path.exists(out) else 0
    return result


def run_child(mode: str, people: int, out: Path, articles: int | None = None) -> dict:
    more = ["--articles", str(articles)] if articles else []
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--people", str(people), "--out", str(out),
                           *more], capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(proc.stdout)


def trig_vs_turtle(sizes: list[int], people: int, repeat: int) -> dict:
    """TriG and Turtle of the same synthetic archive at each size: time, peak RSS, bytes, and TriG / Turtle."""
    from kg.export.rdf_synthetic import base_articles

    report: dict = {"people": people, "sizes": []}
    with tempfile.TemporaryDirectory(prefix="kg-bench-trig-") as tmp:
        idle = run_child("idle", 0, Path(tmp) / "idle.nt")
        report["idle_peak_rss_mb"] = round(idle["peak_rss_mb"], 1)
        for articles in sizes:
            row: dict = {"articles": articles, "articles_per_fact": -(-articles // base_articles(people))}
            for fmt in ("ttl", "trig"):
                out = Path(tmp) / f"g.{fmt}"
                best = None
                for _ in range(repeat):
                    r = run_child(fmt, people, out, articles)
                    best = r if best is None or r["seconds"] < best["seconds"] else best
                    out.unlink(missing_ok=True)
                row[fmt] = {"seconds": round(best["seconds"], 2), "peak_rss_mb": round(best["peak_rss_mb"], 1),
                            "bytes": best["bytes"], "triples": best["triples"]}
            ttl, trig = row["ttl"], row["trig"]
            row["trig_over_ttl"] = {"seconds": round(trig["seconds"] / ttl["seconds"], 2),
                                    "peak_rss": round(trig["peak_rss_mb"] / ttl["peak_rss_mb"], 2),
                                    "bytes": round(trig["bytes"] / ttl["bytes"], 2)}
            row["trig_per_article"] = {"ms": round(1000 * trig["seconds"] / articles, 3),
                                       "quads": round(trig["triples"] / articles, 1),
                                       "bytes": round(trig["bytes"] / articles)}
            report["sizes"].append(row)
    report["memory"] = "peak RSS of each child process (VmHWM of /proc/self/status), read at its end"
    report["python"] = sys.version.split()[0]
    return report


def print_trig(report: dict) -> None:
    print(f"TriG against Turtle (kg.export.rdf.write), synthetic archive: the facts of {report['people']:,} people "
          f"read again and again")
    print(f"{'articles':>9}{'articles/fact':>15}{'format':>8}{'seconds':>10}{'peak RSS MB':>13}{'MB written':>12}"
          f"{'triples':>12}")
    for row in report["sizes"]:
        for fmt, name in (("ttl", "Turtle"), ("trig", "TriG")):
            r = row[fmt]
            print(f"{row['articles']:>9,}{row['articles_per_fact']:>15,}{name:>8}{r['seconds']:>10}"
                  f"{r['peak_rss_mb']:>13}{r['bytes'] / 1e6:>12.1f}{r['triples']:>12,}")
        x, per = row["trig_over_ttl"], row["trig_per_article"]
        print(f"{'':>9}TriG / Turtle: time {x['seconds']}x, peak RSS {x['peak_rss']}x, size {x['bytes']}x; "
              f"TriG per article: {per['ms']} ms, {per['quads']} quads, {per['bytes']:,} bytes")
    print(f"child that only imports: {report['idle_peak_rss_mb']} MB; memory: {report['memory']}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="at least this many triples (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per writer; the fastest is reported")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--trig", action="store_true", help="TriG against Turtle as articles grow (see --articles)")
    ap.add_argument("--articles", type=int, nargs="+", default=[2200, 22000],
                    help="with --trig: the archive sizes, in articles (default 2200 22000)")
    ap.add_argument("--trig-people", type=int, default=200,
                    help="with --trig: the people whose facts the articles read (default 200)")
    ap.add_argument("--child", choices=["stream", "rdflib", "idle", "ttl", "trig"], help=argparse.SUPPRESS)
    ap.add_argument("--people", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        articles = args.articles[0] if args.child in ("ttl", "trig") else None
        print(json.dumps(child(args.child, args.people, args.out, articles)))
        return
    if args.trig:
        report = trig_vs_turtle(args.articles, args.trig_people, args.repeat)
        if args.json:
            print(json.dumps(report, indent=2))
        else:
            print_trig(report)
        return

    people = -(-args.triples // TRIPLES_PER_PERSON) + 50
    runs: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="kg-bench-rdf-") as tmp:
        runs["idle"] = run_child("idle", 0, Path(tmp) / "idle.nt")
        for mode in ("stream", "rdflib"):
            out = Path(tmp) / f"{mode}.nt"
            for _ in range(args.repeat):
                r = run_child(mode, people, out)
                if mode not in runs or r["seconds"] < runs[mode]["seconds"]:
                    runs[mode] = r
            runs[mode]["lines"] = sum(1 for _ in out.open(encoding="utf-8"))
            out.unlink()
    stream, lib = runs["stream"], runs["rdflib"]
    report = {
        "people": people,
        "triples": stream["triples"],
        "stream": {"seconds": round(stream["seconds"], 2),
                   "triples_per_s": round(stream["triples"] / stream["seconds"]),
                   "peak_rss_mb": round(stream["peak_rss_mb"], 1), "bytes": stream["bytes"]},
        "rdflib": {"seconds": round(lib["seconds"], 2),
                   "build_seconds": round(lib["build_seconds"], 2),
                   "serialize_seconds": round(lib["serialize_seconds"], 2),
                   "triples_per_s": round(lib["triples"] / lib["seconds"]),
                   "serialize_triples_per_s": round(lib["triples"] / lib["serialize_seconds"]),
                   "peak_rss_mb": round(lib["peak_rss_mb"], 1), "bytes": lib["bytes"], "triples": lib["triples"]},
        "speedup_vs_rdflib_total": round(lib["seconds"] / stream["seconds"], 2),
        "speedup_vs_rdflib_serialize_only": round(lib["serialize_seconds"] / stream["seconds"], 2),
        "idle_peak_rss_mb": round(runs["idle"]["peak_rss_mb"], 1),
        "same_line_count": stream["lines"] == lib["lines"],
        "memory": "peak RSS of each child process (VmHWM of /proc/self/status), read at its end",
        "python": sys.version.split()[0],
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"N-Triples export of {report['triples']:,} triples ({people:,} synthetic people)")
    print(f"{'writer':<34}{'seconds':>9}{'triples/s':>12}{'peak RSS MB':>13}")
    print(f"{'streamed (kg write_ntriples)':<34}{report['stream']['seconds']:>9}"
          f"{report['stream']['triples_per_s']:>12,}{report['stream']['peak_rss_mb']:>13}")
    print(f"{'rdflib Graph + serialize(nt)':<34}{report['rdflib']['seconds']:>9}"
          f"{report['rdflib']['triples_per_s']:>12,}{report['rdflib']['peak_rss_mb']:>13}")
    print(f"{'  of which serialize(nt) alone':<34}{report['rdflib']['serialize_seconds']:>9}"
          f"{report['rdflib']['serialize_triples_per_s']:>12,}")
    print(f"{'child that only imports':<34}{'':>9}{'':>12}{report['idle_peak_rss_mb']:>13}")
    print(f"streamed is {report['speedup_vs_rdflib_total']}x rdflib end to end, "
          f"{report['speedup_vs_rdflib_serialize_only']}x its serialize step alone; "
          f"same line count: {report['same_line_count']}")
    print(f"memory: {report['memory']}")


if __name__ == "__main__":
    main()
