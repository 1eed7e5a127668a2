"""The fixed cross-validation folds of the training corpus (folds.tsv beside this file)."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

N_FOLDS = 5


@cache
def folds() -> dict[str, int]:
    """Document name -> fold, as committed in folds.tsv."""
    out: dict[str, int] = {}
    for line in (files("kg.learn") / "folds.tsv").read_text("utf-8").splitlines():
        if line.startswith("#") or not line.strip() or line.startswith("doc\t"):
            continue
        doc, fold = line.split("\t")
        out[doc] = int(fold)
    return out


def fold_of(name: str) -> int:
    """The committed fold of a training document; a document the list lacks gets a fold from its
    name (a stable hash), so that any annotated folder can be cross-validated."""
    known = folds().get(name)
    if known is not None:
        return known
    return sum(name.encode("utf-8")) % N_FOLDS
