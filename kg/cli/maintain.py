"""`kg backup`, `kg restore`, `kg repair`: the embedded store's files, kept safe.

Neo4j has its own tools for this (`neo4j-admin database dump` and `load`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from kg.cli.common import DataDirOpt, app, fail, say


def _server(data_dir: Path | None, **kwargs):
    from kg.store.falkor import default_data_dir
    from kg.store.falkor_server import EmbeddedFalkor

    return EmbeddedFalkor(data_dir or default_data_dir(), **kwargs)


def _articles(data_dir: Path | None, **kwargs) -> tuple[int, Path | None]:
    """Open the store (checking it loads whole), count its articles, stop it (compacting it)."""
    from kg.store import StoreError
    from kg.store.falkor import FalkorStore

    try:
        with FalkorStore(data_dir, **kwargs) as db:
            return db.stats()["labels"].get("Article", 0), db.server.set_aside_to
    except StoreError as e:
        fail(str(e))


@app.command()
def backup(
    destination: Annotated[Path, typer.Argument(help="a new (or empty) folder for the copy")],
    data_dir: DataDirOpt = None,
) -> None:
    """Copy the embedded store to a folder, with the sha256 of each file: the store is checked
    first and held so that no build writes during the copy.

    Example: `kg backup backups/2026-12-07` and later `kg restore backups/2026-12-07`
    """
    from kg.store.falkor_files import AOF_DIR, copy_backup
    from kg.store.falkor_server import EmbeddedServerError

    articles, _ = _articles(data_dir, create=False)  # loads whole, and leaves the files compacted
    server = _server(data_dir)
    try:
        with server.locked():
            if not (server.data_dir / AOF_DIR).is_dir():
                fail(f"{server.data_dir} holds no store yet: nothing to back up")
            size = copy_backup(server.data_dir, destination)
    except EmbeddedServerError as e:
        fail(str(e))
    except OSError as e:
        fail(f"cannot back up to {destination}: {e.strerror or e}")
    say(f"backed up {articles} articles ({size / 1e6:.1f} MB) to {destination}")


@app.command()
def restore(
    source: Annotated[Path, typer.Argument(help="a folder written by `kg backup`")],
    data_dir: DataDirOpt = None,
) -> None:
    """Put a backup in place of the embedded store. The store's current files are kept aside in
    the data dir (`replaced-<time>`), never deleted; the backup is checked against its sha256 first.

    Example: `kg restore backups/2026-12-07`
    """
    from kg.store.falkor_files import DamagedStore, check_backup, install_backup
    from kg.store.falkor_server import EmbeddedServerError

    server = _server(data_dir)
    try:
        check_backup(source)
        with server.locked(check=False):  # the store being replaced may well be damaged
            aside = install_backup(source, server.data_dir)
    except (DamagedStore, EmbeddedServerError) as e:
        fail(str(e))
    except OSError as e:
        fail(f"cannot restore from {source}: {e.strerror or e}")
    articles, _ = _articles(data_dir)
    kept = f"; the files it replaced are in {aside}" if aside else ""
    say(f"restored {articles} articles from {source}{kept}")


@app.command()
def repair(data_dir: DataDirOpt = None) -> None:
    """Open a damaged embedded store for what it still holds: its files are copied aside first
    (`damaged-<time>` in the data dir), then the server loads what it can read and rewrites the
    store from it. Run your builds again afterwards to add back what was lost.

    Example: `kg repair --data-dir kg-data`
    """
    articles, aside = _articles(data_dir, repair=True, create=False)
    say(f"the store now holds {articles} articles; its damaged files are kept in {aside}")
