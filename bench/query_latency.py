"""How long a researcher waits for an answer: `kg query` (a process that starts the embedded store,
asks, stops it) against questions asked in one `kg shell` session (the store started once).

    python bench/query_latency.py                   # the sample pages, 5 rounds
    python bench/query_latency.py --data-dir kg-data --rounds 10 --query "visits_of_person person=\"Tô Lâm\""

Prints the seconds of each `kg query` run, the seconds of the shell's first answer (the store's
start included) and of each answer after it, and their ratio: figures of one run on one machine,
compared with each other, never with a fixed threshold.
"""

from __future__ import annotations

import argparse
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg.cli"]


def timed_query(data: Path, line: str) -> float:
    name, *params = shlex.split(line)
    args = [*KG, "query", name, *[a for p in params for a in ("--param", p)], "--format", "json", "--data-dir", str(data)]
    started = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - started


def shell_answers(data: Path, line: str, rounds: int) -> list[float]:
    """Seconds from sending each line to the end of its answer (a JSON array ends with "]")."""
    shell = subprocess.Popen([*KG, "shell", "--format", "json", "--data-dir", str(data)], cwd=ROOT, text=True,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=1)
    seconds = []
    try:
        for _ in range(rounds + 1):
            started = time.perf_counter()
            shell.stdin.write(line + "\n")
            shell.stdin.flush()
            while (out := shell.stdout.readline()) and out.rstrip() != "]":
                pass
            if not out:
                raise SystemExit(f"kg shell ended early (exit {shell.wait()})")
            seconds.append(time.perf_counter() - started)
    finally:
        shell.stdin.close()
        shell.wait()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", type=Path, help="a built store [default: the sample pages, built now]")
    parser.add_argument("--query", default="officials limit=20", help="a named query and its NAME=VALUE params")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir
        if data is None:
            data = Path(tmp) / "data"
            subprocess.run([*KG, "build", str(ROOT / "examples" / "news"), "--data-dir", str(data), "--quiet"],
                           check=True, cwd=ROOT)
        cold = [timed_query(data, args.query) for _ in range(args.rounds)]
        first, *warm = shell_answers(data, args.query, args.rounds)
    print(f"query: {args.query}")
    print(f"kg query, each run:        median {statistics.median(cold):.3f} s  ({', '.join(f'{s:.3f}' for s in cold)})")
    print(f"kg shell, first answer:    {first:.3f} s (the store's start included)")
    print(f"kg shell, answers after:   median {statistics.median(warm):.4f} s  ({', '.join(f'{s:.4f}' for s in warm)})")
    print(f"ratio kg query / shell answer: {statistics.median(cold) / statistics.median(warm):.0f}x")


if __name__ == "__main__":
    main()
