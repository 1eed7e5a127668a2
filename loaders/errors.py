"""The one exception the loaders raise internally.

It never leaves the package: `iter_documents` turns it into a `LoadError`
record so that one bad page does not stop a run.
"""

from __future__ import annotations


class LoadFailure(Exception):
    """A page that cannot become a Document. `reason` is short and human-readable."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
