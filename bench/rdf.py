"""N-Triples export benchmark: the streamed exporter vs rdflib's own serializer, same triples.

    python bench/rdf.py                      # >= 1,000,000 triples, table
    python bench/rdf.py --triples 200000     # quicker
    python bench/rdf.py --json               # the same figures as one JSON object

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


def child(mode: str, people: int, out: str) -> dict:
    from kg.export import rdf_synthetic as syn
    from kg.export.rdf import to_rdf, write_ntriples

    result: dict = {"mode": mode}
    start = time.perf_counter()
    if mode == "stream":
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


def run_child(mode: str, people: int, out: Path) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--child", mode, "--people", str(people), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(proc.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", type=int, default=1_000_000, help="at least this many triples (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=1, help="runs per writer; the fastest is reported")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--child", choices=["stream", "rdflib", "idle"], help=argparse.SUPPRESS)
    ap.add_argument("--people", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--out", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.people, args.out)))
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
