"""Reading kg/data/*.tsv in the data tests, strictly: the header must be the expected one
and every line must have all its cells (kg.resources.rows is lenient on purpose)."""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "kg" / "data"


def load_table(name: str, header: list[str]) -> list[dict[str, str]]:
    text = (DATA / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln and not ln.startswith("#")]
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    found = next(reader)
    assert found == header, f"{name}: header {found}"
    rows = []
    for n, cells in enumerate(reader, start=2):
        assert len(cells) == len(header), f"{name}: data line {n} has {len(cells)} cells: {cells}"
        rows.append(dict(zip(header, cells)))
    return rows


def split(cell: str) -> list[str]:
    return cell.split("|") if cell else []
