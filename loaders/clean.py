"""Text of a news page -> paragraphs of the article body.

Lines are only dropped or shortened (a photo credit cut off a caption, an
outlet tag off the lead), never rewritten, so offsets into Document.text
point at the page's own words.
"""

from __future__ import annotations

from .dates import is_date_line
from .furniture import (
    CMS_STAMP,
    article_end,
    ends_with_ellipsis,
    has_photo_credit,
    is_breadcrumb,
    is_byline,
    is_doubled_headline,
    is_furniture_line,
    is_headline,
    is_paragraph,
    is_related_box_marker,
    is_source_line,
    strip_outlet_tag,
    strip_photo_credit,
)

# Longest line taken for the alt text of a photo (the line right above its caption).
_ALT_TEXT_MAX_CHARS = 120
# Bylines sit on the line after the title or on the last one or two lines.
_MAX_TRAILING_BYLINES = 2


def clean_body(text: str) -> list[str]:
    """Paragraphs of the article body, title first when the page has one."""
    lines = [line.strip() for line in text.split("\n")]
    lines = lines[: article_end(lines)]
    lines = _drop_teasers(lines)
    lines = _drop_photo_alt_text(lines)
    lines = _join_wrapped_lines([strip_photo_credit(line) for line in lines])
    paragraphs = _drop_furniture(lines)
    paragraphs = _drop_bylines(paragraphs)
    paragraphs = _drop_title_repeats(paragraphs)
    return _strip_lead_outlet_tag(paragraphs)


def _join_wrapped_lines(lines: list[str]) -> list[str]:
    """Lines of one hard-wrapped paragraph joined by a space: a line that ends in a letter or a
    digit, followed directly (no blank line) by one that starts in a lower-case letter, goes on
    in it ("... Phó Thủ tướng, Bộ" + "trưởng Bộ Công Thương ..."). A line ending in punctuation,
    a blank line and a next line opening with a capital keep their breaks: headlines and
    paragraphs stay apart."""
    joined: list[str] = []
    parts: list[str] = []  # the lines of the paragraph being joined (one string per line joined
    for line in lines:     # to the last would copy it each time: quadratic over thousands of lines)
        if parts and parts[-1] and line and parts[-1][-1].isalnum() and line[0].isalpha() and line[0].islower():
            parts.append(line)
        else:
            if parts:
                joined.append(" ".join(parts))
            parts = [line]
    if parts:
        joined.append(" ".join(parts))
    return joined


def title_of(paragraphs: list[str]) -> str | None:
    """The first paragraph when it reads as a headline; a lead sentence is no title."""
    if paragraphs and is_headline(paragraphs[0]):
        return paragraphs[0]
    return None


def _drop_teasers(lines: list[str]) -> list[str]:
    """Remove headlines and snippets of other articles found inside the article."""
    kept: list[str] = []
    first = _next_nonblank(lines, 0)
    i = 0
    while i < len(lines):
        line = lines[i]
        if is_related_box_marker(line):
            i = _related_box_end(lines, i + 1)
            continue
        stamp = CMS_STAMP.match(line)
        if stamp:
            # A stamp glued to a headline is a teaser; a lone stamp opens a
            # teaser block (headline + snippet) or sits above a photo caption.
            block_end = None if stamp.group(2) else _stamped_block_end(lines, i + 1)
            i = block_end or i + 1
            continue
        if is_doubled_headline(line):
            i += 1
            continue
        if i != first and is_headline(line):
            twin = _next_nonblank(lines, i + 1)
            if twin is not None and lines[twin] == line:
                snippet = _next_nonblank(lines, twin + 1)
                if snippet is not None and ends_with_ellipsis(lines[snippet]):
                    i = snippet + 1  # headline, headline again, snippet...: a teaser
                else:
                    kept.append(line)  # a line repeated by the scraper: keep one
                    i = twin + 1
                continue
        kept.append(line)
        i += 1
    return kept


def _related_box_end(lines: list[str], start: int) -> int:
    """End of a 'Tin liên quan' box: the teaser headlines right below the marker."""
    i = start
    while i < len(lines):
        line = lines[i]
        stamp = CMS_STAMP.match(line)
        if not line or (stamp and not stamp.group(2)):
            break
        if stamp or is_doubled_headline(line) or (is_headline(line) and not has_photo_credit(line)):
            i += 1
            continue
        break
    return i


def _stamped_block_end(lines: list[str], start: int) -> int | None:
    headline = _next_nonblank(lines, start)
    if headline is None or not is_headline(lines[headline]):
        return None
    snippet = _next_nonblank(lines, headline + 1)
    if snippet is None or not ends_with_ellipsis(lines[snippet]):
        return None
    return snippet + 1


def _drop_photo_alt_text(lines: list[str]) -> list[str]:
    """Drop the short alt-text line printed right above a credited photo caption."""
    first = _next_nonblank(lines, 0)
    kept: list[str] = []
    for i, line in enumerate(lines):
        below = lines[i + 1] if i + 1 < len(lines) else ""
        if (
            line
            and i != first
            and len(line) <= _ALT_TEXT_MAX_CHARS
            and is_headline(line)
            and has_photo_credit(below)
            and not has_photo_credit(line)
        ):
            continue
        kept.append(line)
    return kept


def _drop_furniture(lines: list[str]) -> list[str]:
    body_start = next((i for i, line in enumerate(lines) if is_paragraph(line)), len(lines))
    kept: list[str] = []
    for i, line in enumerate(lines):
        if not line or is_furniture_line(line) or is_date_line(line):
            continue
        if i < body_start and is_breadcrumb(line):
            continue
        kept.append(line)
    return kept


def _drop_bylines(paragraphs: list[str]) -> list[str]:
    paragraphs = list(paragraphs)
    if title_of(paragraphs) and len(paragraphs) > 2 and _is_byline_or_source(paragraphs[1]):
        del paragraphs[1]
    for _ in range(_MAX_TRAILING_BYLINES):
        if len(paragraphs) > 1 and _is_byline_or_source(paragraphs[-1]):
            paragraphs.pop()
    return paragraphs


def _is_byline_or_source(line: str) -> bool:
    return is_byline(line) or is_source_line(line)


def _drop_title_repeats(paragraphs: list[str]) -> list[str]:
    title = title_of(paragraphs)
    if title is None:
        return paragraphs
    return [paragraphs[0]] + [p for p in paragraphs[1:] if p != title]


def _strip_lead_outlet_tag(paragraphs: list[str]) -> list[str]:
    lead = 1 if title_of(paragraphs) else 0
    if lead < len(paragraphs) and is_paragraph(paragraphs[lead]):
        paragraphs = list(paragraphs)
        paragraphs[lead] = strip_outlet_tag(paragraphs[lead])
    return paragraphs


def _next_nonblank(lines: list[str], start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if lines[i]), None)
