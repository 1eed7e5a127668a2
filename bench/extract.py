"""Extraction throughput: full pipeline vs. the tokenizer alone, on one core.

    python bench/extract.py [--docs 1000] [--batch-size 32] [--json] [--tracemalloc] [--no-distinct]

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import os

# One core: limit the thread pools of numeric libraries before they are imported (the pipeline
# itself runs in this one thread, nlp.pipe with n_process=1). The process is not pinned to a
# fixed CPU: two runs at once would then share that CPU while another sat idle.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "NUMEXPR_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ[_var] = "1"

import argparse
import json
import platform
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

from kg.extract.pipeline import extract, load_nlp
from kg.model import Document
from loaders import iter_documents
from rss import maxrss_mb  # bench/rss.py

ROOT = Path(__file__).resolve().parent.parent
DEV_DOCS = Path("/work/shared/data/dev/docs")
# Distinct articles, each extracted once per run: repeated pages flatter the tokenizer's cache.
TRAIN_DOCS = ROOT.parent / "shared" / "data" / "train" / "docs"
SAMPLES = ROOT / "examples" / "news"
TARGET = 100_000  # syllables/s of full extraction on one core
REPEATS = 3


def load_samples() -> tuple[Path, list[Document]]:
    """The dev pages when present, else the two samples; loaded once, with the project's loaders."""
    source = DEV_DOCS if DEV_DOCS.is_dir() and any(DEV_DOCS.iterdir()) else SAMPLES
    docs = [d for d in iter_documents([source]) if isinstance(d, Document)]
    if not docs:
        sys.exit(f"no document could be loaded from {source}")
    return source, docs


def repeat_to(docs: list[Document], n: int) -> list[Document]:
    # Distinct id and name per copy, so nothing downstream can reuse a result by identity.
    copies = []
    for i in range(n):
        d = docs[i % len(docs)]
        copies.append(d.model_copy(update={"id": f"{d.id}#{i}", "name": f"{d.name}-{i}"}))
    return copies


def syllables(text: str) -> int:
    """Whitespace-separated words with at least one letter: Vietnamese is written syllable by syllable."""
    return sum(1 for w in text.split() if any(c.isalpha() for c in w))


def best_of(step: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest of `repeats` runs: the least disturbed on a noisy machine.

    CPU time well below wall time means the run waited for a core: the figures are then too low.
    """
    runs = []
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        step()
        runs.append((time.perf_counter() - wall, time.process_time() - cpu))
    return min(runs)


def git_commit() -> str | None:
    """HEAD, to tell which code a figure came from (uncommitted changes are not shown)."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                             text=True, timeout=5)
        return out.stdout.strip() or None
    except OSError:
        return None


def load_distinct() -> list[Document]:
    """The train articles when their folder exists beside the repository, else none."""
    if not TRAIN_DOCS.is_dir():
        return []
    return [d for d in iter_documents([TRAIN_DOCS]) if isinstance(d, Document)]


def run(n_docs: int, batch_size: int, trace: bool, distinct: bool = True) -> dict:
    commit = git_commit()  # before the long run: another checkout may move HEAD meanwhile
    source, samples = load_samples()
    docs = repeat_to(samples, n_docs)
    texts = [d.text for d in docs]
    n_syl = sum(syllables(t) for t in texts)

    start = time.perf_counter()
    nlp = load_nlp()  # builds from config.cfg and loads the lexicon patterns (imports not included)
    load_s = time.perf_counter() - start
    # Warm-up: first calls fill lazily built caches (lexeme store, matcher); keep them out of the timing.
    list(extract(repeat_to(samples, max(8, len(samples))), batch_size=batch_size))

    def tokenize() -> None:
        for t in texts:  # Docs are dropped at once: the baseline is the tokenizing, not holding Docs
            nlp.tokenizer(t)

    tokenize_s = best_of(tokenize)
    # spaCy's tokenizer caches up to 10,000 whitespace chunks, and repeated pages hit that cache
    # every time; a second baseline with the cache off bounds how much that flatters the first.
    tok, cache_size = nlp.tokenizer, nlp.tokenizer.max_cache_size
    tok._flush_cache()
    tok.max_cache_size = 0
    try:
        uncached_s = best_of(tokenize)
    finally:
        tok.max_cache_size = cache_size

    # ru_maxrss is a high-water mark: the difference is how far extraction raised it above the
    # peak already reached by loading, warm-up and tokenizing.
    rss_before = maxrss_mb()
    full_s = best_of(lambda: list(extract(docs, batch_size=batch_size)))
    rss_after = maxrss_mb()
    # The same without the learned relation model: what the model costs on top of the rules.
    with nlp.select_pipes(disable=["kg_relation_model"]):
        rules_s = best_of(lambda: list(extract(docs, batch_size=batch_size)))

    # Distinct articles: every text is new to the pipeline once per run, though the tokenizer's
    # cache still holds their chunks after the first of the 3 runs (flushed before each run here).
    distinct_docs = load_distinct() if distinct else []
    distinct_rates = None
    if distinct_docs:
        distinct_syl = sum(syllables(d.text) for d in distinct_docs)

        def extract_distinct() -> None:
            tok._flush_cache()
            list(extract(distinct_docs, batch_size=batch_size))

        wall, cpu = best_of(extract_distinct)
        distinct_rates = {"source": str(TRAIN_DOCS), "docs": len(distinct_docs), "syllables": distinct_syl,
                          "seconds": round(wall, 4), "cpu_seconds": round(cpu, 4),
                          "docs_per_s": round(len(distinct_docs) / wall, 1),
                          "syllables_per_s": round(distinct_syl / wall)}

    # Opt-in, untimed extra run: tracemalloc makes extraction about 7x slower, so it never shares a timed run.
    traced_peak = traced_s = None
    if trace:
        start = time.perf_counter()
        tracemalloc.start()
        list(extract(docs, batch_size=batch_size))
        traced_peak = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
        traced_s = round(time.perf_counter() - start, 2)

    def rates(times: tuple[float, float]) -> dict:
        seconds, cpu = times
        return {"seconds": round(seconds, 4), "cpu_seconds": round(cpu, 4),
                "docs_per_s": round(n_docs / seconds, 1), "syllables_per_s": round(n_syl / seconds)}

    full = rates(full_s)
    return {
        "source": str(source), "distinct_docs": len(samples), "docs": n_docs, "syllables": n_syl,
        "batch_size": batch_size, "repeats": REPEATS, "timing": "best of repeats",
        "threads": 1, "machine_cpus": os.cpu_count(),
        "commit": commit, "python": platform.python_version(),
        # which build: an interpreter compiled without profile-guided optimization runs this
        # pure-Python pipeline about a quarter slower (bench/README.md)
        "python_executable": os.path.realpath(sys.executable), "spacy": __import__("spacy").__version__,
        "load_s": round(load_s, 4),
        "tokenizer": rates(tokenize_s), "tokenizer_uncached": rates(uncached_s), "extract": full,
        "extract_rules_only": rates(rules_s), "model_cost": round(full_s[0] / rules_s[0] - 1, 3),
        "extract_distinct": distinct_rates,
        "slowdown": round(full_s[0] / tokenize_s[0], 2),
        "slowdown_uncached": round(full_s[0] / uncached_s[0], 2),
        "maxrss_mb": round(rss_after, 1),
        "extract_rss_increase_mb": round(rss_after - rss_before, 1),
        "extract_tracemalloc_peak_mb": traced_peak, "tracemalloc_run_s": traced_s,
        "contended": full["cpu_seconds"] < 0.9 * full["seconds"],
        "target_syllables_per_s": TARGET, "target_met": full["syllables_per_s"] >= TARGET,
    }


def print_table(r: dict) -> None:
    print(f"input: {r['docs']} documents = {r['distinct_docs']} pages of {r['source']}, repeated; "
          f"{r['syllables']:,} syllables")
    print(f"commit {r['commit']}, one thread (machine: {r['machine_cpus']} CPUs), Python {r['python']} ({r['python_executable']}), spaCy {r['spacy']}, batch size {r['batch_size']}; "
          f"times are the best of {r['repeats']} runs\n")
    print(f"{'step':<26}{'documents':>10}{'syllables':>12}{'seconds':>10}{'CPU s':>9}{'docs/s':>9}"
          f"{'syllables/s':>13}")
    rows = (("tokenizer (baseline)", "tokenizer"), ("tokenizer, no chunk cache", "tokenizer_uncached"),
            ("rules only (model off)", "extract_rules_only"), ("full extraction", "extract"))
    for label, key in rows:
        s = r[key]
        print(f"{label:<26}{r['docs']:>10,}{r['syllables']:>12,}{s['seconds']:>10.3f}"
              f"{s['cpu_seconds']:>9.3f}{s['docs_per_s']:>9,.0f}{s['syllables_per_s']:>13,}")
    d = r["extract_distinct"]
    if d is None:
        print(f"full extraction, distinct articles: skipped (no {TRAIN_DOCS}, or --no-distinct)")
    else:
        print(f"{'full, distinct articles':<26}{d['docs']:>10,}{d['syllables']:>12,}{d['seconds']:>10.3f}"
              f"{d['cpu_seconds']:>9.3f}{d['docs_per_s']:>9,.0f}{d['syllables_per_s']:>13,}")
        print(f"  (the {d['docs']} articles of {d['source']}, each once per run)")
    print(f"\nfull / baseline:          {r['slowdown']:.1f}x slower than tokenizing alone "
          f"({r['slowdown_uncached']:.1f}x against the uncached tokenizer)")
    print(f"relation model:           +{r['model_cost']:.0%} time over the rules alone")
    print(f"pipeline load (load_nlp): {r['load_s']:.3f} s")
    print(f"peak RSS (ru_maxrss):     {r['maxrss_mb']:.1f} MB for the whole run; "
          f"+{r['extract_rss_increase_mb']:.1f} MB during the timed extractions")
    if r["extract_tracemalloc_peak_mb"] is not None:
        print(f"tracemalloc peak:         {r['extract_tracemalloc_peak_mb']:.1f} MB of Python allocations "
              f"in one extraction of all {r['docs']} documents\n"
              f"                          (a separate run, not timed; it took {r['tracemalloc_run_s']:.1f} s)")
    if r["contended"]:
        print("WARNING: extraction got less CPU time than wall time: other load slowed this run")
    verdict = "MET" if r["target_met"] else "NOT MET"
    print(f"target >= {r['target_syllables_per_s']:,} syllables/s on one core: {verdict} "
          f"({r['extract']['syllables_per_s']:,} syllables/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="documents to extract (default 1000)")
    parser.add_argument("--batch-size", type=int, default=32, help="nlp.pipe batch size (default 32)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    parser.add_argument("--tracemalloc", action="store_true",
                        help="add an untimed extraction under tracemalloc for its peak (about 7x slower)")
    parser.add_argument("--no-distinct", action="store_true",
                        help="skip full extraction of the distinct train articles")
    args = parser.parse_args()
    if args.docs < 1 or args.batch_size < 1:
        parser.error("--docs and --batch-size must be positive")
    result = run(args.docs, args.batch_size, args.tracemalloc, not args.no_distinct)
    if args.json:
        print(json.dumps(result))
    else:
        print_table(result)


if __name__ == "__main__":
    main()
