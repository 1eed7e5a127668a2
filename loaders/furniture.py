"""Page furniture of Vietnamese news sites: the phrase lists and line tests.

Only site chrome goes here (menus, share bars, teaser boxes, photo credits,
bylines), never wording of a particular article. Every pattern is matched
against a whole, stripped, NFC line and is case-insensitive.
"""

from __future__ import annotations

import re
import unicodedata


def _nfc(pattern: str) -> str:
    return unicodedata.normalize("NFC", pattern)


def _whole_line(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(_nfc("^(?:" + "|".join(patterns) + r")$"), re.IGNORECASE)


# Lines that are site chrome wherever they appear.
FURNITURE_LINES = [
    # "Theo dõi Baoquocte.vn trên", "Theo dõi Báo X trên Google News"
    r"theo dõi\s+\S+\.(?:vn|com|net|org)\s+trên(?:\s+[^\s,;.]+){0,2}\s*:?",
    r"theo dõi\s+.{1,40}?\s+trên\s+(?:google news|google tin tức|facebook|zalo|youtube|tiktok)\s*:?",
    r"tin liên quan\s*:?",
    r"bài liên quan\s*:?",
    r"xem nhiều(?: nhất)?",
    r"đọc nhiều(?: nhất)?",
    r"đọc thêm\s*:?",
    r"xem thêm(?:\s*:.{0,200})?",  # also inline "Xem thêm: <other headline>"
    r"phiên bản di động",
    r"\(\d+\)\s*bình luận",
    r"bình luận(?:\s*\(\d+\))?",
    r"gửi bình luận",
    r"ý kiến bạn đọc",
    r"nổi bật(?:\s+(?:báo|trang|tạp chí|cổng)\b[^.,;:!?]{0,40})?",  # "Nổi bật Báo X"
    r"(?:tin )?mới nhất",
    r"powered by(?:\s.*)?",
    r"chia sẻ(?:\s+bài viết)?\s*:?",
    r"in bài(?: viết)?",
    r"\(?ảnh (?:minh họa|minh hoạ|tư liệu)\)?",
    r"bản in",
    r"tin tức",  # a section label standing alone
    r"trang chủ",
    r"lên đầu trang",
    r"quay lại",
    r"(?:facebook|twitter|zalo|email|tweet|share|like|print)",
    r"(?:tags?|từ khóa|từ khoá)\s*:.*",
]

# Lines after which the rest of the page is other articles and site chrome.
END_MARKERS = [
    r"xem nhiều(?: nhất)?",
    r"đọc nhiều(?: nhất)?",
    r"đọc thêm\s*:?",
    r"tin cùng chuyên mục\s*:?",
    r"cùng chuyên mục\s*:?",
    r"(?:các )?tin khác\s*:?",
    r"(?:các )?bài viết liên quan\s*:?",
    r"bài viết cùng chủ đề\s*:?",
    r"tin cùng chủ đề\s*:?",
    r"\(\d+\)\s*bình luận",
    r"bình luận(?:\s*\(\d+\))?",
    r"ý kiến bạn đọc",
    r"(?:tin )?mới nhất",
    r"phiên bản di động",
]

# Inline boxes of other articles' headlines inside the article.
RELATED_BOX_MARKERS = [r"tin liên quan\s*:?", r"bài liên quan\s*:?"]

# A CMS draft stamp ("tin nhap 20160813085511"), alone or glued to a teaser headline.
CMS_STAMP = re.compile(r"^tin nhap\s+(\d{8})\d{0,6}\b\s*(.*)$", re.IGNORECASE)

# Photo credits at the end of a caption; the caption itself is body text.
_CREDIT_WORDS = (
    r"(?:ảnh|nguồn|ảnh minh họa|ảnh minh hoạ|ảnh tư liệu|ảnh chụp màn hình|photo|video)"
)
_PAREN_CREDIT = re.compile(
    _nfc(r"\s*\(\s*" + _CREDIT_WORDS + r"\s*(?::[^()]{0,80})?\)\s*\|?\s*$"), re.IGNORECASE
)
# Bare credits ("Ảnh: VGP/Hải Minh", "Ảnh: VOV |") only after a sentence end or alone.
_BARE_CREDIT = re.compile(
    _nfc(r"(?:(?<=[.!?…\"”)])|^)\s*(?:ảnh|nguồn|photo)\s*:\s*(?P<who>[^()!?]{1,60}?)\s*\|?\s*$"),
    re.IGNORECASE,
)
# Lower-case words allowed inside a credit ("ĐSQ VN tại Australia", "Ảnh: tư liệu").
_CREDIT_CONNECTORS = frozenset(_nfc("tại của và ở tư liệu minh họa hoạ internet st").split())

# Author/role prefixes of a byline line ("Bài và ảnh: Thu Trang").
_BYLINE_PREFIX = re.compile(
    _nfc(r"^(?:bài(?: và ảnh)?|tin(?:,? ảnh)?|ảnh|thực hiện|nhóm phóng viên|nhóm pv)\s*:\s*"),
    re.IGNORECASE,
)
_BYLINE_SUFFIX = re.compile(r"\s*(?:/\s*[\w.]+|\(\s*[\w. ]{2,20}\s*\))$")
_BYLINE_MAX_CHARS = 40
_BYLINE_MAX_WORDS = 5

# Attribution lines closing an article ("Theo TTXVN", "(Nguồn: VOV)").
_SOURCE_LINE = re.compile(
    _nfc(r"^\(?\s*(?:theo|nguồn)\s*:?\s+(?P<who>[^.!?,;]{1,50}?)\s*\)?$"), re.IGNORECASE
)

# Outlet tag opening the lead: "(TBTCO) - ", "TTO - ", "VOV.VN - ". A bare
# upper-case word is a tag only if it is a known outlet code: "ASEAN - Trung
# Quốc ..." opens a sentence.
_OUTLET_TAG = re.compile(
    r"^(?:\((?P<paren>[^()\n]{2,25})\)|(?P<bare>[\wĐ]{2,15}(?:\.[A-Za-z]{2,3}){0,2}))\s*[-–—]\s*(?=\S)"
)
OUTLET_CODES = frozenset(
    "TTO NDO PLO NLĐO VOV VTV VTC VNA TTXVN QĐND ANTĐ CAND SGGP HNM KTĐT VGP TBTCO GDVN VOH TN".split()
)

# Breadcrumbs in the page header: "Thời sự > Đối ngoại".
_BREADCRUMB = re.compile(r"^[^.!?:;,>»›]{1,40}(?:\s*[>»›]\s*[^.!?:;,>»›]{1,40}){1,5}$")

_FURNITURE_RE = _whole_line(FURNITURE_LINES)
_END_MARKER_RE = _whole_line(END_MARKERS)
_RELATED_BOX_RE = _whole_line(RELATED_BOX_MARKERS)

# A line is a paragraph (not a headline, label or byline) when it is long, or
# fairly long and ends like a sentence.
PARAGRAPH_MIN_CHARS = 160
SENTENCE_MIN_CHARS = 80
_SENTENCE_END = tuple('.!?…:"”»)')
HEADLINE_MAX_CHARS = 250


def is_furniture_line(line: str) -> bool:
    return bool(_FURNITURE_RE.match(line)) or bool(CMS_STAMP.match(line))


def is_end_marker(line: str) -> bool:
    return bool(_END_MARKER_RE.match(line))


def article_end(lines: list[str]) -> int:
    """Index of the first end-of-article marker that follows some body, else len(lines).

    A marker before any paragraph is a menu entry at the top of the page, not
    the end of the article, so it does not cut.
    """
    seen_body = False
    for index, line in enumerate(lines):
        if seen_body and is_end_marker(line):
            return index
        seen_body = seen_body or is_paragraph(line)
    return len(lines)


def is_related_box_marker(line: str) -> bool:
    return bool(_RELATED_BOX_RE.match(line))


def is_paragraph(line: str) -> bool:
    return len(line) >= PARAGRAPH_MIN_CHARS or (
        len(line) >= SENTENCE_MIN_CHARS and line.endswith(_SENTENCE_END)
    )


def is_headline(line: str) -> bool:
    """Short, and not ending like a sentence or a clause ('?' and '!' are fine)."""
    return 0 < len(line) <= HEADLINE_MAX_CHARS and not line.endswith((".", ",", ";", ":"))


def ends_with_ellipsis(line: str) -> bool:
    return line.endswith(("...", "…"))


def is_doubled_headline(line: str) -> bool:
    """A teaser link rendered twice on one line: 'X X'."""
    half, rest = divmod(len(line) - 1, 2)
    return rest == 0 and half >= 15 and line[half] == " " and line[:half] == line[half + 1 :]


def is_breadcrumb(line: str) -> bool:
    return bool(_BREADCRUMB.match(line)) and not line[0].isdigit()


def strip_photo_credit(line: str) -> str:
    """Remove a trailing photo credit, keeping the caption before it."""
    stripped = _PAREN_CREDIT.sub("", line)
    if stripped != line:
        return stripped.rstrip()
    match = _BARE_CREDIT.search(line)
    if match and _looks_like_credit(match.group("who")):
        return line[: match.start()].rstrip()
    return line


def has_photo_credit(line: str) -> bool:
    return strip_photo_credit(line) != line


def is_byline(line: str) -> bool:
    """A short line of only a person's name or initials: 'Thu Trang', 'B.C', 'H.O - N.Đ'."""
    name = _BYLINE_SUFFIX.sub("", _BYLINE_PREFIX.sub("", line)).strip()
    if not name or len(name) > _BYLINE_MAX_CHARS or len(name.split()) > _BYLINE_MAX_WORDS:
        return False
    tokens = [t for t in re.split(r"[\s.\-–/&,]+", name) if t]
    return bool(tokens) and all(t.isalpha() and t[0].isupper() for t in tokens)


def is_source_line(line: str) -> bool:
    match = _SOURCE_LINE.match(line)
    if not match:
        return False
    words = match.group("who").split()
    return len(words) <= _BYLINE_MAX_WORDS + 1 and words[0][0].isupper()


def strip_outlet_tag(line: str) -> str:
    match = _OUTLET_TAG.match(line)
    if match is None:
        return line
    bare = match.group("bare")
    if bare is None or "." in bare or bare.upper() in OUTLET_CODES:
        return line[match.end() :]
    return line


def _looks_like_credit(who: str) -> bool:
    words = [w for w in re.split(r"[\s/&,]+", who.strip()) if w]
    if not words:
        return False
    return all(w[0].isupper() or w[0].isdigit() or w.lower() in _CREDIT_CONNECTORS for w in words)
