"""Date expressions in Vietnamese news text, as ISO 8601 at the precision written.

"ngày 13/8/2016" -> "2016-08-13", "tháng 11/2015" -> "2015-11", "năm 2019" ->
"2019". Expressions without a year ("Sáng 11/3", "tháng Tám") take it from
the article's publication date; with no publication date they are skipped
rather than guessed. Periods ("giai đoạn 2016-2020", "năm 2016-2020"),
relative words ("hôm qua"), times ("20:10") and quantities ("2.000 người")
are not dates of events and yield nothing.

Works on plain strings in NFC, the form the loaders produce; offsets index
into the string given.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

# Years of explicit dates ("ngày 3/2/1930") may be older than lone years:
# a lone number after "năm" is more often something else, so it gets a
# narrower range.
_MIN_YEAR, _MAX_YEAR = 1900, 2100
_MIN_LONE_YEAR = 1945

# A year-less date more than this far after publication is last year's:
# news reports past events far more often than announces future ones.
_FUTURE_WINDOW = dt.timedelta(days=62)

# Month names after "tháng". All but Giêng and Chạp are also numerals
# ("mỗi tháng hai lần" is "twice a month"), so those count as month names
# only capitalized or in capitals, as Vietnamese writes month names.
_MONTH_NAMES: dict[str, int] = {
    "giêng": 1, "một": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6,
    "bảy": 7, "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
    "chạp": 12,
}
_UNAMBIGUOUS_NAMES = {"giêng", "chạp"}


def _month_name_pattern(name: str) -> str:
    if name in _UNAMBIGUOUS_NAMES:
        return name
    first, *rest = name.split()
    head = f"(?-i:{first.capitalize()}|{first.upper()})"
    return r"\s+".join([head, *rest])


# A month as a number 1-99 (validated later) or a month name: "8", "08", "Tám", "Mười một".
_MONTH = "(?P<month>{})".format(
    "|".join(
        [r"\d{1,2}(?!\d)"]
        + [rf"{_month_name_pattern(n)}(?!\w)" for n in sorted(_MONTH_NAMES, key=len, reverse=True)]
    )
)
_DAY = r"(?P<day>\d{1,2})"
_YEAR = r"(?P<year>\d{4})(?!\d)"

# Not the first half of a period: "năm 2016-2020", "tháng 3/2016 - năm 2017".
_NOT_RANGE = r"(?!\s*[-–—]\s*(?:năm\s*)?\d)"

# One to three words that introduce a date: "ngày", "hôm", "mùng", parts of
# the day; "Sáng ngày 11/3", "rạng sáng 23/3", "tối hôm 5/2".
_LEAD = (
    r"(?<!\w)(?:(?:rạng\s+sáng|sáng\s+sớm|sáng|trưa|chiều|tối|đêm|khuya|ngày|hôm|mùng|mồng)\s+){1,3}"
)

# A bare number must not continue a longer number or code: "36/2019/NĐ-CP", "1.500.000".
_NO_NUMBER_BEFORE = r"(?<![\w/.,\-])"

# Each pattern names the parts it has: day, month, year. Words match in any
# case, month names that are also numerals excepted (see _MONTH_NAMES).
_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # ISO 8601: "2021-07-28", "ngày 2021-07-28".
        rf"(?:{_LEAD})?(?<![\w\-])(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?!\d)",
        # Day, month and year with one separator: "ngày 13/8/2016", "13-8-2016", "13.8.2016".
        rf"(?:{_LEAD})?{_NO_NUMBER_BEFORE}{_DAY}(?P<sep>[/.\-])(?P<month>\d{{1,2}})(?P=sep){_YEAR}",
        # Day and month after a lead word, any separator: "Sáng 11/3", "trưa 11-8".
        rf"{_LEAD}{_DAY}[/.\-](?P<month>\d{{1,2}})(?!\d)(?![/.\-]\d)",
        # Bare day and month, slash only: "13/8" ("2-1" is a score, "2.5" a number).
        rf"{_NO_NUMBER_BEFORE}{_DAY}/(?P<month>\d{{1,2}})(?!\d)(?![/.,\-]\d)",
        # Day, month in words and year: "ngày 13 tháng 8 năm 2016", "13 tháng Tám, năm 2016".
        rf"(?:{_LEAD})?{_NO_NUMBER_BEFORE}{_DAY}\s+tháng\s*{_MONTH}(?:\s*,?\s*năm\s*|\s*[/.\-]\s*){_YEAR}",
        # Day and month in words after a lead word: "ngày 13 tháng 8" (bare "3 tháng 8" may be a duration).
        rf"{_LEAD}{_DAY}\s+tháng\s*{_MONTH}(?!\s*[/.\-]\s*\d)",
        # Month, with or without year: "tháng 12/2013", "tháng 8.2018", "tháng 11 năm 2015",
        # "tháng Tám"; not after a number, where it is a duration ("2 tháng 10 ngày").
        rf"(?<!\w)(?<!\d\s)tháng\s*{_MONTH}"
        rf"(?:(?:\s*[/.\-]\s*|\s+năm\s*){_YEAR}{_NOT_RANGE}|(?!\s*[/.\-]\s*\d))",
        # Year after "năm", even glued to it: "năm 2019", "năm1982".
        rf"(?<!\w)năm\s*{_YEAR}{_NOT_RANGE}",
        # Year alone in parentheses: "(2019)", but not "(1955-2020)".
        rf"(?<=\(){_YEAR}(?=\))",
    )
)

# A publication date: "2024-01-05", "2024-01", "2024", possibly followed by a time.
_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?=$|[T\s])")

# An ISO value as find_dates returns it.
_VALUE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


@dataclass(frozen=True)
class DateMention:
    """One date expression: its offsets and text in the string searched, and its ISO value."""

    start: int
    end: int
    text: str
    value: str
    approximate: bool  # the year was inferred from the publication date


def find_dates(text: str, published: str | None = None) -> list[DateMention]:
    """Every date expression in `text`, in order of appearance.

    `published` is the article's ISO 8601 publication date ("2024-01-05",
    "2024-01" or "2024"); it supplies the year of dates written without one.
    """
    reference = _reference_date(published) if published else None
    found: list[DateMention] = []
    for match in _leftmost_longest(text):
        mention = _resolve(match, reference)
        # A malformed expression is dropped whole, not read as a shorter date inside it.
        if mention is not None:
            found.append(mention)
    return found


# A date after these words starts a period ("quan hệ từ năm 2017"): not when the event happened.
_PERIOD_START = ("từ", "Từ", "từ năm", "Từ năm", "kể từ", "Kể từ")


def sentence_date(text: str, published: str | None = None) -> str | None:
    """The date of a sentence's event: its first full date, else its first partial one.
    Dates that start a period ("từ năm 2017") are not the event's."""
    mentions = [m for m in find_dates(text, published)
                if not text[:m.start].rstrip().endswith(_PERIOD_START)]
    full = next((m for m in mentions if precision(m.value) == "day"), None)
    chosen = full or (mentions[0] if mentions else None)
    return chosen.value if chosen else None


def precision(value: str) -> str:
    """'day', 'month' or 'year' for an ISO value 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'."""
    if not _VALUE.fullmatch(value):
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    return {10: "day", 7: "month", 4: "year"}[len(value)]


# Every date holds a number or "tháng" and reaches less than _REACH characters to either side of
# them: the patterns need only run over the stretches around those (their optional lead words make
# the regex engine try every position of the text otherwise).
_ANCHOR = re.compile(r"\d+|tháng", re.IGNORECASE)
_REACH = 48


def _windows(text: str) -> list[tuple[int, int]]:
    """Disjoint stretches of `text` that hold every date expression in it."""
    windows: list[tuple[int, int]] = []
    for anchor in _ANCHOR.finditer(text):
        lo, hi = max(0, anchor.start() - _REACH), min(len(text), anchor.end() + _REACH)
        if windows and lo <= windows[-1][1]:
            windows[-1] = (windows[-1][0], hi)
        else:
            windows.append((lo, hi))
    return windows


def _leftmost_longest(text: str) -> list[re.Match[str]]:
    """Matches of all patterns, none overlapping, the leftmost and then longest winning."""
    matches = sorted(
        (m for lo, hi in _windows(text) for pattern in _PATTERNS for m in pattern.finditer(text, lo, hi)),
        key=lambda m: (m.start(), -m.end()),
    )
    chosen: list[re.Match[str]] = []
    for match in matches:
        if not chosen or match.start() >= chosen[-1].end():
            chosen.append(match)
    return chosen


def _resolve(match: re.Match[str], reference: dt.date | None) -> DateMention | None:
    parts = match.groupdict()
    day = int(parts["day"]) if parts.get("day") else None
    month = _month_number(parts["month"]) if parts.get("month") else None
    if month is not None and not 1 <= month <= 12:
        return None
    approximate = parts.get("year") is None
    if not approximate:
        year = int(parts["year"])
    elif reference is None or month is None:
        return None  # no year to be had
    else:
        year = _infer_year(month, day, reference)

    lowest = _MIN_YEAR if month is not None else _MIN_LONE_YEAR
    if not lowest <= year <= _MAX_YEAR:
        return None
    if month is None:
        value = f"{year:04d}"
    elif day is None:
        value = f"{year:04d}-{month:02d}"
    else:
        try:
            value = dt.date(year, month, day).isoformat()
        except ValueError:  # 31/2, 0/5
            return None
    return DateMention(match.start(), match.end(), match.group(), value, approximate)


def _month_number(written: str) -> int:
    if written.isdigit():
        return int(written)
    return _MONTH_NAMES[" ".join(written.lower().split())]


def _infer_year(month: int, day: int | None, reference: dt.date) -> int:
    """The publication year, or the one before when that puts the date too far ahead."""
    year = reference.year
    # Clamp the day so that 29/2 or 31/4 still compare; the real date is validated later.
    last = calendar.monthrange(year, month)[1]
    candidate = dt.date(year, month, min(day or 1, last))
    return year - 1 if candidate - reference > _FUTURE_WINDOW else year  # no date past 9999-12-31


def _reference_date(published: str) -> dt.date:
    """The last day of the publication date's period: of the year for '2024', of the month for '2024-01'."""
    match = _PUBLISHED.match(published.strip())
    if not match:
        raise ValueError(f"publication date is not ISO 8601: {published!r}")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        if month is None:
            return dt.date(year, 12, 31)
        if day is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day)
    except ValueError as error:
        raise ValueError(f"publication date is not a calendar date: {published!r}") from error
