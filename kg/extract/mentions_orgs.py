"""Organizations the lexicon knows by name (kg/data/organizations.tsv), with the known ones
named inside them ("Hội đồng Bảo an Liên hợp quốc" also names the UN).

A news agency cited as a source or credit ("Theo TTXVN", "Ảnh: ... /TTXVN") is no entity,
nor is an acronym inside a headline written in capitals.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract import lexicon as L
from kg.extract.mentions_context import MentionContext
from kg.extract.names import blocked
from kg.extract.text import Cursor, span_text

CREDIT_BEFORE = {"/", "(", "Theo", "theo", "viên", "Nguồn:", "Ảnh:"}  # "phóng viên TTXVN"
CREDIT_WORDS = {"Ảnh", "Nguồn", "Ảnh:", "Nguồn:", "Video", "Clip"}


def find_orgs(ctx: MentionContext) -> None:
    """Every known organization outside the stretches already read (title chains, names)."""
    cur, orgs = ctx.cur, ctx.tables.orgs
    for span in cur.longest({L.ORG}, set()):
        if cur.taken(span.start) or orgs[span.id_].kind == "media" and credit(cur, span):
            continue
        if blocked(cur, span.start) or headline_acronym(cur, span):
            continue  # "Hội đồng liên Chính phủ"; "NAM" in "... CHÍNH THỨC VIỆT NAM"
        known_org(ctx, span)


def known_org(ctx: MentionContext, span: Span) -> tuple[str, int]:
    """A known organization at `span`, read on when another known one starts inside it and ends
    later ("Ban Chấp hành Trung ương" + "Đảng Nhân dân Cách mạng Lào": the Lao party's committee).
    Returns (entity key, end token)."""
    cur = ctx.cur
    for k in range(span.start + 1, span.end):
        for later in cur.by_start.get(k, ()):
            if later.label_ == L.ORG and later.end > span.end and later.id_ != span.id_:
                whole = cur.doc[span.start:later.end]
                org_key(ctx, later)
                cur.take(span.start, later.end)
                key = ctx.ents.add("Organization", span_text(whole), span_text(whole), whole,
                                   kind=ctx.tables.orgs[later.id_].kind)
                return key, later.end
    return org_key(ctx, span), span.end


def org_key(ctx: MentionContext, span: Span, org_id: str | None = None) -> str:
    """The entity key of the known organization `org_id` (else the one matched at `span`),
    written as `span`; the known ones inside it are added too."""
    org = ctx.tables.orgs[org_id or span.id_]
    key = ctx.ents.add("Organization", org.id, span_text(span), span, kind=org.kind, id=org.id)
    by_start = ctx.cur.by_start
    for k in range(span.start + 1, span.end):  # "Hội đồng Bảo an Liên hợp quốc" also names the UN
        for inner in by_start.get(k, ()):
            if inner.label_ == L.ORG and inner.end <= span.end and inner.id_ != org.id:
                org_key(ctx, inner)
                break
    return key


def credit(cur: Cursor, span: Span) -> bool:
    """Whether a news medium is cited as a source or credit, not named as a body:
    "(TTXVN)", "Theo TTXVN", "phóng viên TTXVN tại ...", "Ảnh: Tuấn Anh/TTXVN", "AFP/TTXVN"."""
    texts, start = cur.texts, span.start
    prev = texts[start - 1] if start else ""
    nxt = texts[span.end] if span.end < len(texts) else ""
    return (prev in CREDIT_BEFORE or nxt in ("/", ")") or prev == ":" and start > 1 and texts[start - 2] in CREDIT_WORDS
            or any(t in CREDIT_WORDS for t in texts[max(0, start - 6):start]))


def headline_acronym(cur: Cursor, span: Span) -> bool:
    """An acronym inside a headline written in capitals ("NAM" in "THĂM VIỆT NAM") is no acronym."""
    texts = cur.texts
    if not span_text(span).isupper():
        return False
    near = [texts[k] for k in (span.start - 1, span.end) if 0 <= k < len(texts) and texts[k].isalpha()]
    return any(t.isupper() and len(t) > 1 for t in near)
