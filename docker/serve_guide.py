"""Serve the Neo4j Browser guide and style from docker/ so Browser can `:play` the guide.

    python3 docker/serve_guide.py            # then, in Browser: :play http://localhost:8001/browser-guide.html
    python3 docker/serve_guide.py --port 8002

Why not plain `python -m http.server 8001 --directory docker`: Browser (on port 7474)
fetches the guide cross-origin and with `Cache-Control`/`Pragma` headers, so the web
browser sends a CORS preflight (OPTIONS) first. http.server answers OPTIONS with 501
and sends no Access-Control-Allow-Origin, so the guide is blocked. It would also serve
docker/.env, which holds the Neo4j password. This server answers the preflight, adds
the CORS headers, and serves only the files in SERVED.
Standard library only; listens on 127.0.0.1 unless --bind says otherwise.
"""

from __future__ import annotations

import argparse
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
SERVED = frozenset({"browser-guide.html", "browser-style.grass"})


class GuideHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map,
                      ".html": "text/html; charset=utf-8", ".grass": "text/plain; charset=utf-8"}

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        requested = self.headers.get("Access-Control-Request-Headers")
        if requested:
            self.send_header("Access-Control-Allow-Headers", requested)
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def _allowed(self) -> bool:
        return urlsplit(self.path).path.lstrip("/") in SERVED

    def do_OPTIONS(self) -> None:  # noqa: N802 (http.server's naming)
        self.send_response(204 if self._allowed() else 404)
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        if not self._allowed():
            self.send_error(404, f"only {', '.join(sorted(SERVED))} are served")
            return
        super().do_GET()

    def do_HEAD(self) -> None:  # noqa: N802
        if not self._allowed():
            self.send_error(404)
            return
        super().do_HEAD()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--bind", default="127.0.0.1", help="address to listen on [default: 127.0.0.1]")
    args = parser.parse_args()
    handler = functools.partial(GuideHandler, directory=str(HERE))
    with ThreadingHTTPServer((args.bind, args.port), handler) as httpd:
        print(f"serving {', '.join(sorted(SERVED))} from {HERE} on http://localhost:{args.port}/\n"
              f"in Neo4j Browser: :play http://localhost:{args.port}/browser-guide.html   (Ctrl+C to stop)",
              flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
