"""Signing (SIGNED) from a signing word and the agreement the sentence names or refers to:
the people before the verb, those between 'được' and the verb in the passive, the bodies after
'giữa', 'hai Bộ trưởng' (the pair that met last), the ministries of signing ministers; and the
two localities of an article about them (ANNOTATION.md, "Signing"). Parties that sign together cooperate (COOPERATES_WITH).
"""

from __future__ import annotations

import re
from itertools import combinations
from typing import TYPE_CHECKING

from spacy.tokens import Span

from kg.extract.relations_common import BODIES, BOTH_SIDES, Mention

if TYPE_CHECKING:  # pragma: no cover
    from kg.extract.relations_context import RelationContext

PAIR_TITLES = {"nhà", "vị", "bộ", "thủ", "tổng", "chủ", "ngoại", "phó", "thứ", "đại", "lãnh"}  # "hai bộ trưởng"
TRIP_PHRASES = ("chuyến thăm", "chuyến công tác", "khuôn khổ", "chuyển thăm")
# "sẽ ký", "tiến tới ký", "khả năng đàm phán, ký kết", "kỷ niệm 25 năm ký": no signing happens here
UNSIGNED = re.compile(r"(?:\bsẽ|\btiến tới|\bhướng tới|\bkhả năng\b[^.;]*|\bkỷ niệm\b[^,.;]*\bnăm)\s*$")
# "các Bộ trưởng", "các nhà Lãnh đạo", "các nước": the many sides of a multilateral meeting
PLURAL_SIGNERS = re.compile(r"\bcác (?:Bộ trưởng|[Nn]hà [Ll]ãnh đạo|[Ll]ãnh đạo|[Nn]guyên thủ|nước|bên)\b")
DOCUMENTS = re.compile(r"\bvăn kiện\b")  # "trao hai văn kiện hợp tác": agreements named in the next sentence
# the agreements two localities sign ("Biên bản hợp tác", "Bản ghi nhớ", "Thỏa thuận hợp tác")
LOCAL_RECORDS = {"biên", "bản", "thỏa", "thoả"}


def signing(ctx: RelationContext, sent: Span, ms: list[Mention], triggers: list[Span]) -> None:
    """SIGNED between the signers a signing verb has and the agreements the sentence names or refers to."""
    signs = ctx.triggered(triggers, "SIGNED")
    agreements = [m for m in ms if m.type == "Agreement" and not m.nested]
    if agreements:
        ctx.last_agreement = agreements[-1].key
    if agreements and ctx.documents_signed and DOCUMENTS.search(ctx.text, sent.start_char, agreements[0].start):
        # "A đã trao hai văn kiện với B. Các văn kiện gồm X; Y": A and B signed X and Y
        for key in ctx.documents_signed:
            for agreement in agreements:
                ctx.add("SIGNED", key, agreement.key, sent, 0.45, "sign_documents", date=ctx.date(sent))
    ctx.documents_signed = []
    if not signs:
        return
    if not agreements:  # "hai bộ trưởng đã ký Bản ghi nhớ": the one named before
        agreements = ctx.agreement_refs.references(sent, ms)
    if not agreements:
        ctx.documents_signed = _documents_signers(ctx, sent, ms, signs)
        return
    events = [m for m in ms if m.type == "Event"] + \
        [r for r in ctx.references if sent.start_char <= r.start < sent.end_char]
    signs = [t for t in signs if not UNSIGNED.search(ctx.text, max(sent.start_char, t.start_char - 50), t.start_char)
             and not any(e.start <= t.start_char < e.end for e in events)]  # "Tại Lễ ký kết, ...": a name
    if not signs:
        return
    sign = signs[0]
    witness = [t for t in ctx.triggered(triggers, "WITNESS") if t.start_char < sign.start_char]
    start = witness[-1].end_char if witness else sent.start_char
    if witness and ctx.text[:witness[-1].start_char].endswith("sự ") and \
            (comma := ctx.text.find(",", start, sign.start_char)) >= 0:
        start = comma  # "với sự chứng kiến của A và B, C đã ký": the witnesses' phrase ends at its comma
    signers = [m.key for m in ctx.people(ms, start, sign.start_char) if not _in_trip_phrase(ctx, m, sent)]
    parties = _between_after(ctx, ms, agreements[-1].end, sent.end_char)
    words = ctx.text[sent.start_char:sign.start_char].split()
    if not signers and not parties and not witness and BOTH_SIDES & {w.lower() for w in words}:
        signers = _both_sides(ctx, words)
    if not signers and not parties and not witness and PLURAL_SIGNERS.search(ctx.text, start, sign.start_char):
        signers = _event_countries(ctx, {e.key for e in events})
    if not signers and not parties and not witness and (has := ctx.text.find(" có ", agreements[-1].end - 1,
                                                                             sent.end_char)) >= 0:
        # "Đại diện (hai bên) ký kết Biên bản X có ông A và ông B": those listed sign
        signers = [m.key for m in ctx.people(ms, has, sent.end_char) if not m.nested]
    if not signers and not parties and not witness:
        # "Sở A và Văn phòng B nhất trí ký Thỏa thuận ...": the bodies that sign
        signers = [m.key for m in ms if m.type in ("Organization", "Ministry") and not m.nested
                   and m.start < sign.start_char and not ctx.in_brackets(m, sent)]
    if not signers and not parties and not witness:
        # "Với Trung Quốc, ta đã ký Hiệp định ...": the countries of the clause
        outside = [m for m in ms if m.type == "Country" and not m.nested and m.start < sign.start_char]
        signers = [m.key for m in outside]
        words = ctx.text[sent.start_char:sent.end_char][: sign.start_char - sent.start_char].split()
        if "ta" in words and "Country:VNM" in ctx.entities:
            signers.insert(0, "Country:VNM")
    passive = _passive_signers(ctx, ms, agreements, sign)
    date = ctx.date(sent)
    for agreement in agreements:
        if agreement.start < sign.start_char and not witness and not parties:
            for key in passive if agreement is agreements[-1] else ():
                ctx.add("SIGNED", key, agreement.key, sent, 0.45, "sign_passive", date=date)
            continue
        for key in dict.fromkeys(signers + parties):
            ctx.add("SIGNED", key, agreement.key, sent, 0.45, "sign_trigger", date=date)
        for a, b in combinations(parties, 2):
            ctx.add("COOPERATES_WITH", a, b, sent, 0.6, "sign_between")
        named = any(r.type == "SIGNED" and r.target == agreement.key and r.rule == "agreement_name_party"
                    for r in ctx.out)
        if not parties and not named:  # the parties its name or the text give come first
            _ministries_sign(ctx, signers, agreement.key, sent, date)


def _documents_signers(ctx: RelationContext, sent: Span, ms: list[Mention], signs: list[Span]) -> list[str]:
    """'A đã trao hai văn kiện hợp tác với B, trước sự chứng kiến của C': A and B, when the agreements
    are left for the next sentence to list."""
    sign = signs[0]
    said = DOCUMENTS.search(ctx.text, sign.end_char, min(sent.end_char, sign.end_char + 30))
    if not said:
        return []
    before = [m.key for m in ctx.people(ms, sent.start_char, sign.start_char) if not m.nested]
    with_ = ctx.text.find(" với ", said.end(), sent.end_char)
    partner = [m.key for m in ctx.people(ms, with_, min(sent.end_char, with_ + 120)) if not m.nested][:1] \
        if with_ >= 0 else []
    return before[-1:] + partner


def _event_countries(ctx: RelationContext, events: set[str], where: tuple[int, int] | None = None) -> list[str]:
    """'Tại Hội nghị, các Bộ trưởng đã thông qua Tuyên bố chung': the countries that took part in
    the events the sentence names or refers to (as read in sentence `where`, if given)."""
    return list(dict.fromkeys(r.source for r in ctx.out if r.type == "PARTICIPATED_IN" and r.target in events
                              and ctx.entities[r.source].type == "Country" and where in (None, r.sentence)))


def ceremony_parties(ctx: RelationContext, sent: Span, ms: list[Mention]) -> None:
    """'Bộ trưởng của 11 nước gồm A, B, ... tham gia Lễ ký kết Hiệp định X': the countries that
    take part in the ceremony that signs a treaty are its parties (ANNOTATION.md: the countries of
    a treaty between states)."""
    where = (sent.start_char, sent.end_char)
    for event in ms:
        if event.type != "Event" or not ctx.entities[event.key].name.startswith("Lễ ký"):
            continue
        treaties = [m.key for m in ms if m.type == "Agreement" and event.start <= m.start and m.end <= event.end]
        for key in _event_countries(ctx, {event.key}, where):
            for treaty in treaties:
                ctx.add("SIGNED", key, treaty, sent, 0.5, "ceremony_parties", date=ctx.date(sent))


def signers_at_ceremonies(ctx: RelationContext) -> None:
    """'A và B đã ký Bản ghi nhớ X. Lễ ký kết Bản ghi nhớ diễn ra ...': whoever signed the agreement a
    signing ceremony names took part in the ceremony. Once per document, after the signings."""
    agreements = {k: f for k, f in ctx.entities.items() if f.type == "Agreement"}
    for key, event in ctx.entities.items():
        words = event.name.split()
        if event.type != "Event" or words[:2] != ["Lễ", "ký"]:
            continue
        named = " ".join(words[3 if words[2:3] == ["kết"] else 2:]).casefold()
        signed = [k for k, f in agreements.items()
                  if named and any(n.casefold().startswith(named) for n in (f.name, *f.aliases))]
        if len(signed) != 1:
            continue
        at = event.mentions[0]
        sent = ctx.doc.char_span(at[0], at[1], alignment_mode="expand").sent
        for r in [r for r in ctx.out if r.type == "SIGNED" and r.target == signed[0]
                  and ctx.entities[r.source].type == "Person"]:
            ctx.add("PARTICIPATED_IN", r.source, key, sent, 0.55, "signer_at_ceremony", role="participant")


def _passive_signers(ctx: RelationContext, ms: list[Mention], agreements: list[Mention], sign: Span) -> list[str]:
    """'Hiệp định X đã được đại diện Chính phủ hai nước A và B ký kết': who signs stands between
    'được' and the verb, after the agreement."""
    before = [a for a in agreements if a.end <= sign.start_char]
    if not before:
        return []
    at = ctx.text.find(" được ", before[-1].end - 1, sign.start_char)
    if at < 0:
        return []
    return list(dict.fromkeys(m.key for m in ms if at < m.start and m.end <= sign.start_char and not m.nested
                              and m.type in ("Person", "Country", "Ministry", "Organization", "Province")))


def _local_sides(ctx: RelationContext) -> list[str]:
    """The sides of an article between localities: its Vietnamese province or city (the one named
    most, when others are named in passing) and its foreign ones, up to three ("tỉnh A và tỉnh B ký
    Biên bản ghi nhớ giữa hai bên", "3 tỉnh A, B và C")."""
    home, abroad = [], []
    for key, found in ctx.entities.items():
        if found.type in ("Province", "City"):
            (home if found.props.get("country") == "VNM" else abroad).append(key)
    named = sorted((len(ctx.entities[k].mentions) for k in home), reverse=True)
    if len(home) > 1 and named[0] > named[1]:
        home = [max(home, key=lambda k: len(ctx.entities[k].mentions))]
    return home + abroad if len(home) == 1 and 1 <= len(abroad) <= 3 else []


def local_sides_sign(ctx: RelationContext) -> None:
    """A record or memorandum of an article between two localities, with no party the rules
    found, is signed by both localities (ANNOTATION.md: "hai bên" resolve to
    the two sides the text has named)."""
    agreements = [k for k, f in ctx.entities.items() if f.type == "Agreement"
                  and f.name.split()[0].lower() in LOCAL_RECORDS and any(w in f.name for w in ("hợp tác", "ghi nhớ"))]
    if not agreements:
        return
    sides = _local_sides(ctx)
    if not sides:
        return
    signed = {r.target for r in ctx.out if r.type == "SIGNED"
              and ctx.entities[r.source].type in ("Province", "City", "Organization")}
    for key in agreements:
        if key in signed:
            continue
        at = ctx.entities[key].mentions[0]
        sent = ctx.doc.char_span(at[0], at[1], alignment_mode="expand").sent
        for side in sides:
            ctx.add("SIGNED", side, key, sent, 0.5, "local_sides_sign", date=ctx.date(sent))


def _in_trip_phrase(ctx: RelationContext, m: Mention, sent: Span) -> bool:
    """'Nhân chuyến thăm Rumani của Thủ tướng X, ... A và B đã ký': X made the trip, A and B signed."""
    before = ctx.text[sent.start_char:m.start]
    segment = before[before.rfind(",") + 1:]
    return any(cue in segment for cue in TRIP_PHRASES)


def _both_sides(ctx: RelationContext, words: list[str]) -> list[str]:
    """'hai Bộ trưởng', 'hai Thủ tướng': the two people who met last. ('hai bên' does not name
    the countries as parties: countries sign only when the text names them.)"""
    after = [words[n + 1] for n, w in enumerate(words[:-1]) if w.lower() in BOTH_SIDES]
    if ctx.last_pair and any(w[:1].isupper() or w in PAIR_TITLES for w in after):
        return list(ctx.last_pair)
    return []


def _ministries_sign(ctx: RelationContext, signers: list[str], agreement: str, sent: Span, date: str | None) -> None:
    """Ministers signing for their ministries: the ministries signed, and cooperate."""
    ministries = []
    for person in signers:
        if not person.startswith("Person:"):
            continue
        bodies = [r.target for r in ctx.out if r.type == "HOLDS_POSITION" and r.source == person
                  and ctx.entities[r.target].type == "Ministry"]
        ministries += bodies[:1]
    for ministry in dict.fromkeys(ministries):
        ctx.add("SIGNED", ministry, agreement, sent, 0.55, "signer_ministry", date=date)
    for a, b in combinations(dict.fromkeys(ministries), 2):
        ctx.add("COOPERATES_WITH", a, b, sent, 0.5, "signer_ministry")


def _between_after(ctx: RelationContext, ms: list[Mention], start: int, end: int) -> list[str]:
    """'..., ký giữa Bộ A và Bộ B': the bodies after 'giữa' that follow an agreement."""
    at = ctx.text.find(" giữa ", start, end)
    if at < 0:
        return []
    return list(dict.fromkeys(m.key for m in ms if m.start > at and not m.nested
                              and m.type in BODIES - {"Country"}))
