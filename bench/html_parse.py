"""Loading HTML pages whose markup makes the parser work hard: seconds per page against its size.

    python bench/html_parse.py                       # every shape at 25,000, 100,000 and 200,000 repeats
    python bench/html_parse.py --sizes 1000 10000 --shapes div-nested siblings
    python bench/html_parse.py --root ../other-checkout   # the loaders of another working tree

Each page is written to a file and loaded as `kg extract` loads it (`loaders.iter_documents`), in
a child process of its own (so one slow page cannot hold up the others; --timeout kills it). A
line gives the page's size, the seconds, and what came of it: the document's length, or the
reason it was skipped. Pages refused for their markup should be refused in a fraction of a second
whatever their size; the others (siblings, paragraphs) should take time in proportion to their size.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = (
    "<article><h1>Bộ trưởng Ngoại giao thăm Nhật Bản</h1><p>Bộ trưởng Ngoại giao Bùi Thanh Sơn thăm Nhật "
    "Bản từ ngày 5 đến 7/3, nhằm thúc đẩy quan hệ Đối tác chiến lược sâu rộng giữa hai nước.</p></article>"
)

PARAGRAPH = "Hai bên nhất trí tăng cường hợp tác kinh tế, thương mại và giáo dục."

# name -> (what it is, the page for n repeats)
SHAPES = {
    "div-nested": ("n <div> around the article, closed", lambda n: "<div>" * n + ARTICLE + "</div>" * n),
    "div-unclosed": ("n <div> never closed, after the article", lambda n: ARTICLE + "<div>x" * n),
    "span-nested": ("n <span> around the article", lambda n: "<span>" * n + ARTICLE + "</span>" * n),
    "list-nested": ("n <ul><li> never closed", lambda n: ARTICLE + "<ul><li>x" * n),
    "formatting": ("n/10 <b> closed by </div>, then n/10 paragraphs (each opens them all again)",
                   lambda n: ARTICLE + "<div>" + "".join(f"<b id={i}>" for i in range(n // 10)) + "</div>"
                   + "<p>x</p>" * (n // 10)),
    "select": ("a <select> of n options",
               lambda n: ARTICLE + "<select>" + "<option>Hà Nội" * n + "</select>"),
    "attributes": ("one tag with n attributes",
                   lambda n: ARTICLE + "<div " + " ".join(f"a{i}=1" for i in range(n)) + ">x</div>"),
    "siblings": ("n <div><span> side by side", lambda n: ARTICLE + "<div><span>x</span></div>" * n),
    "paragraphs": ("n paragraphs in the article",
                   lambda n: "<article>" + f"<p>{PARAGRAPH}</p>" * n + "</article>"),
}

CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from loaders import iter_documents
started = time.perf_counter()
items = list(iter_documents([sys.argv[2]]))
seconds = time.perf_counter() - started
item = items[0]
reason, chars = getattr(item, "reason", None), len(getattr(item, "text", ""))
print(json.dumps({"seconds": seconds, "reason": reason, "chars": chars}))
"""


def measure(root: Path, page: Path, timeout: float) -> dict:
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(root), str(page)], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": None, "reason": f"killed after {timeout:g} s", "chars": 0}
    if proc.returncode != 0:
        last = proc.stderr.strip().splitlines()[-1:]
        return {"seconds": None, "reason": f"exit {proc.returncode}: {last}", "chars": 0}
    return json.loads(proc.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 100_000, 200_000])
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    parser.add_argument("--root", type=Path, default=ROOT, help="the working tree whose loaders are measured")
    parser.add_argument("--timeout", type=float, default=300, help="seconds before a page's child is killed")
    args = parser.parse_args()
    print(f"loaders of {args.root.resolve()}")
    print(f"{'shape':<14}{'repeats':>9}{'MB':>8}{'seconds':>10}  outcome")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in args.shapes:
            what, make = SHAPES[shape]
            print(f"{shape}: {what}")
            for n in args.sizes:
                page = Path(tmp) / f"{shape}-{n}.html"
                page.write_text(f"<!DOCTYPE html><html><body>{make(n)}</body></html>", encoding="utf-8")
                result = measure(args.root, page, args.timeout)
                seconds = "-" if result["seconds"] is None else f"{result['seconds']:.2f}"
                outcome = f"skipped: {result['reason']}" if result["reason"] else f"{result['chars']:,} chars of text"
                print(f"{'':<14}{n:>9,}{page.stat().st_size / 1e6:>8.2f}{seconds:>10}  {outcome}", flush=True)
                page.unlink()


if __name__ == "__main__":
    main()
