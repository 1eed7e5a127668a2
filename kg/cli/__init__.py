"""The `kg` command: extract, build, query, stats, export, analyze, eval, train, cv, reset, backup, restore, repair."""

from kg.cli.common import app
from kg.cli import build, ask, export, learn, maintain  # noqa: E402,F401 - importing registers the commands

__all__ = ["app"]
