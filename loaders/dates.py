"""Publication date of a page, as ISO 8601 ('YYYY-MM-DD', or 'YYYY-MM' / 'YYYY').

Text pages carry the date as page furniture: a weekday line, a "Cập nhật:"
label, a byline followed by date and time, or a CMS stamp ("tin nhap
20160813085511"; the CMS prints the page's own stamp, also next to teaser
links, so it is read wherever it appears in the article). Only such whole
metadata lines count; a date inside a sentence ("Chiều ngày 1/1/2024, ...")
is the date of an event, not of the page. Lines in the page header (before
the first paragraph) win over lines further down, and nothing after the end
of the article (the teaser lists) is looked at.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import unicodedata
from collections.abc import Sequence

from .furniture import CMS_STAMP, article_end, is_byline, is_paragraph

_MIN_YEAR, _MAX_YEAR = 1900, 2100
_LABEL_LINE_MAX_CHARS = 80


def _nfc(pattern: str) -> str:
    return unicodedata.normalize("NFC", pattern)


_WEEKDAY = r"(?:thứ\s*(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s*nhật|cn|t[2-7])"
_TIME = r"\d{1,2}\s*[:h]\s*\d{2}(?::\d{2})?(?:\s*(?:sa|ch|am|pm))?"
_TZ = r"\(?\s*(?:gmt|utc)\s*[+-]\s*\d{1,2}(?::?\d{2})?\s*\)?"
_DATE = (  # 28/07/2021, 28-07-2021, 28.07.2021; 2021-07-28; 28 tháng 7 năm 2021
    r"(?:\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{4}"
    r"|\d{4}-\d{1,2}-\d{1,2}"
    r"|\d{1,2}\s+tháng\s+\d{1,2},?\s+(?:năm\s+)?\d{4})"
)
_SEP = r"\s*[,\-–|]?\s*"

# Weekday, date, time and time zone in any of the orders sites use, ending the line.
_DATE_TAIL = re.compile(
    _nfc(
        rf"(?:{_TIME}{_SEP})?(?:{_WEEKDAY}{_SEP})?(?:ngày\s+)?(?P<date>{_DATE})"
        rf"(?:{_SEP}(?:lúc\s*)?{_TIME})?(?:\s*{_TZ})?\s*$"
    ),
    re.IGNORECASE,
)

# "Ngày đăng: 16/07/2020", "Cập nhật lúc 10:00 ngày 16/07/2020", "Published: ...".
_LABEL = re.compile(
    _nfc(
        r"^(?P<label>ngày đăng|ngày xuất bản|ngày cập nhật|đăng ngày|thời gian đăng"
        r"|xuất bản|đăng lúc|cập nhật(?: lúc| ngày)?|ngày|published|posted|updated?)"
        r"(?P<colon>\s*:)?\s*(?P<rest>.+)$"
    ),
    re.IGNORECASE,
)
_UPDATED_LABELS = ("cập nhật", "ngày cập nhật", "update")
_LABELS_WITHOUT_COLON = ("đăng ngày", "đăng lúc", "cập nhật lúc", "cập nhật ngày")

_DMY = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})")
_YMD = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY_WORDS = re.compile(_nfc(r"(\d{1,2})\s+tháng\s+(\d{1,2}),?\s+(?:năm\s+)?(\d{4})"), re.IGNORECASE)
_MONTH_YEAR = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{4})(?!\d)")
_YEAR = re.compile(_nfc(r"(?:năm\s+)?(?<!\d)((?:19|20)\d{2})(?!\d)"), re.IGNORECASE)

# Ranks among metadata lines: an explicit publication label is most telling,
# a modification label least.
_RANK_PUBLISHED_LABEL = 0
_RANK_DATE_LINE = 1
_RANK_CMS_STAMP = 2
_RANK_UPDATED_LABEL = 3


def find_published(lines: Sequence[str], *, header_only: bool = False) -> str | None:
    """Publication date from the metadata lines of a page's text, or None.

    With `header_only`, only lines before the first paragraph are read (for
    text that may go on with sidebars, such as a whole rendered HTML page).
    """
    stripped = [line.strip() for line in lines]
    stripped = stripped[: article_end(stripped)]
    body_start = next((i for i, line in enumerate(stripped) if is_paragraph(line)), len(stripped))
    if header_only:
        stripped = stripped[:body_start]
    best: tuple[int, int, int, str] | None = None
    for index, line in enumerate(stripped):
        found = metadata_date(line)
        if found is None:
            continue
        iso, rank = found
        key = (0 if index < body_start else 1, rank, index, iso)
        if best is None or key < best:
            best = key
    return best[3] if best else None


def metadata_date(line: str) -> tuple[str, int] | None:
    """(ISO date, rank) when the whole line is date metadata, else None."""
    line = line.strip()
    if not line:
        return None
    stamp = CMS_STAMP.match(line)
    if stamp:
        iso = _ymd(stamp.group(1)[:4], stamp.group(1)[4:6], stamp.group(1)[6:8])
        return (iso, _RANK_CMS_STAMP) if iso else None
    labelled = _labelled_date(line)
    if labelled:
        return labelled
    tail = _DATE_TAIL.search(line)
    if tail:
        prefix = line[: tail.start()].strip(" |,-–")
        if not prefix or is_byline(prefix):
            iso = _date_in(tail.group("date"), partial=False)
            if iso:
                return iso, _RANK_DATE_LINE
    return None


def is_date_line(line: str) -> bool:
    return metadata_date(line) is not None


def normalize_date(value: object) -> str | None:
    """ISO 8601 from a metadata value (HTML meta, JSON-LD, a JSONL field), or None."""
    if value is None:
        return None
    text = str(value).strip()
    if not text:
        return None
    iso = re.match(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?=$|[T\s])", text)
    if iso:
        return _ymd(*iso.groups())
    compact = re.match(r"^(\d{4})(\d{2})(\d{2})(?:\d{4}(?:\d{2})?)?$", text)
    if compact:
        return _ymd(*compact.groups())
    found = _date_in(text, partial=False)
    if found:
        return found
    try:  # RFC 2822, as in RSS feeds
        parsed = email.utils.parsedate_to_datetime(text).date()
        return _ymd(str(parsed.year), str(parsed.month), str(parsed.day))  # 1900-2100, as for every other form
    except (TypeError, ValueError, IndexError):
        return _date_in(text, partial=True)


def _labelled_date(line: str) -> tuple[str, int] | None:
    match = _LABEL.match(line)
    if not match or len(line) > _LABEL_LINE_MAX_CHARS:
        return None
    label = match.group("label").lower()
    if not match.group("colon") and label not in _LABELS_WITHOUT_COLON:
        return None  # "Ngày 13/5, ..." opens a sentence, it is no label
    iso = _date_in(match.group("rest"), partial=True)
    if not iso:
        return None
    updated = label.startswith(_UPDATED_LABELS)
    return iso, _RANK_UPDATED_LABEL if updated else _RANK_PUBLISHED_LABEL


def _date_in(text: str, *, partial: bool) -> str | None:
    """First full date in `text`; with `partial`, also 'MM/YYYY' or a lone year."""
    for pattern, order in ((_DMY, "dmy"), (_YMD, "ymd"), (_DMY_WORDS, "dmy")):
        match = pattern.search(text)
        if match:
            a, b, c = match.groups()
            return _ymd(c, b, a) if order == "dmy" else _ymd(a, b, c)
    if not partial:
        return None
    month_year = _MONTH_YEAR.search(text)
    if month_year:
        return _ymd(month_year.group(2), month_year.group(1))
    year = _YEAR.search(text)
    return _ymd(year.group(1)) if year else None


def _ymd(year: str, month: str | None = None, day: str | None = None) -> str | None:
    """Validated ISO string at the precision given, or None."""
    y = int(year)
    if not _MIN_YEAR <= y <= _MAX_YEAR:
        return None
    if month is None:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        return None
    if day is None:
        return f"{y:04d}-{m:02d}"
    try:
        return dt.date(y, m, int(day)).isoformat()
    except ValueError:
        return None
