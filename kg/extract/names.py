"""Names read from a head word: organizations, agreements and events.

"Cục Lãnh sự", "Đại sứ quán Việt Nam tại Bỉ", "HĐND tỉnh Quảng Nam",
"Bản ghi nhớ hợp tác giữa Bộ Tài chính Việt Nam và Bộ Tài chính Lào",
"Hội nghị Ngoại vụ toàn quốc lần thứ 18". How a name goes on after its head
is set per head in kg/data/name_heads.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span

from kg.extract import lexicon as L
from kg.extract.text import Cursor, span_text, token_texts
from kg.resources import Head, Lexicon, lexicon

# Words before a head that make it a generic plural ("119 Thỏa thuận", "các Hội nghị").
PLURAL = {"các", "những", "nhiều", "mọi", "một", "số", "mấy", "Các", "Những", "Nhiều"}
PLACE_WORDS = {"tỉnh", "thành", "phố", "TP", "TP.", "huyện", "quận", "bang"}
LOCAL_WORDS = {"tỉnh", "Tỉnh", "huyện", "TP", "TP.", "bang", "Bang"}  # before the place of a local body
AT_WORDS = {"tại", "ở"}
BACK_REFERENCE = {"này", "đó", "trên"}  # "hội nghị lần thứ 24 này": the event named before
SIGN_WORDS = {"ký", "kết", "ký:"}  # "ký kết biên bản hợp tác ...": a signed record, though written in lower case
CLAUSE_END = {".", ";", ":", "!", "?", "“", "”", "\"", "…", ")", "]", "|"}  # "|": a page's title separator
MAX_PHRASE = 40
NUMBERED_UNITS = {"Lữ đoàn", "Sư đoàn", "Hạm đội", "Quân khu", "Quân đoàn", "Trung đoàn"}  # "Lữ đoàn 162"
ISSUE_WORDS = {"qua", "ra", "ký", "bố", "hành"}  # thông qua, ra, ký, công bố, ban hành (a statement)
DECLARATION_LINKS = {"về", "giữa", "của", "lần", "thứ", "năm", "và"}  # words that go on with its name
INITIAL = re.compile(r"[A-ZĐ]\.")  # "V." in "V. Volodin"
ROMAN = re.compile(r"[IVXL]+")  # "Đại hội XIII"
ORDINAL_GOES_ON = {"của", "về", "năm", "giữa", "cấp", "khóa", "khoá", "nhiệm", "kỳ", "tại"}  # "lần thứ 18 của ...", "... năm 2024"
MAX_ABOUT = 16  # words of the fields after "về" in a body's name


def _initial_at(cur: Cursor, k: int) -> bool:
    """An initial and a capitalized name at token k: "V. Volodin" (a name's words have no period)."""
    texts = cur.texts
    return k + 1 < len(texts) and INITIAL.fullmatch(texts[k]) is not None and texts[k + 1][:1].isupper() \
        and texts[k + 1].isalpha()


def blocked(cur: Cursor, j: int) -> bool:
    """Whether token j is inside a blocker that starts before it ("Chủ tịch Hồ Chí Minh": the person)."""
    return any((b := cur.at(k, {L.BLOCK})) is not None and b.end > j for k in range(max(0, j - 3), j))


def field_spans(cur: Cursor, j: int) -> list[tuple[int, int]]:
    """The fields of a chain at token j ('Công nghiệp', 'Thương mại', 'Năng lượng'), as token ranges."""
    doc, found = cur.doc, []
    while word := cur.at(j, {L.MINISTRY_WORD}):
        found.append((j, word.end))
        j = word.end
        if j < len(doc) and cur.texts[j] in {",", "và", "-", "–"} and cur.at(j + 1, {L.MINISTRY_WORD}):
            j += 1
    return found


def fields_end(cur: Cursor, j: int, end: int) -> int:
    """End of a chain of ministry fields at token j ('Công nghiệp, Thương mại và Năng lượng'), or `end`."""
    fields = field_spans(cur, j)
    return fields[-1][1] if fields else end


def joined_field_end(cur: Cursor, end: int) -> int:
    """A last field the lexicon lacks, joined by 'và' ('Bộ Kinh tế và Bảo vệ khí hậu'): its end, or `end`.
    It opens with a capital, as fields do, and runs at most four syllables."""
    doc, texts = cur.doc, cur.texts
    if end + 1 >= len(doc) or texts[end] != "và" or not texts[end + 1][:1].isupper():
        return end
    stops = lexicon().name_stops
    k = end + 1
    while k < len(doc) and k - end <= 4 and doc[k].is_alpha and texts[k] not in stops \
            and texts[k] not in NameReader.FUNCTION_WORDS and texts[k] != "Bộ" \
            and not cur.at(k, {L.COUNTRY, L.PLACE, L.ORG, L.TITLE, L.HEAD, L.MINISTRY}) \
            and (k == end + 1 or not texts[k][:1].isupper() or cur.at(k, {L.MINISTRY_WORD})):
        k += 1
    return k if k > end + 1 else end


def ministry_end(cur: Cursor, i: int) -> int:
    """End of a ministry's name at token i ('Bộ X[, Y][ và Z]', or a known ministry), or i."""
    end = i
    if cur.texts[i] == "Bộ":
        end = fields_end(cur, i + 1, i)
    if (known := cur.at(i, {L.MINISTRY})) and known.end >= end:
        end = known.end
    return end


@dataclass
class Name:
    head: Head
    start: int
    end: int
    aliases: list[str]


class NameReader:
    # Lower-case words that join the parts of a name rather than belong to one.
    FUNCTION_WORDS = {"và", "của", "về", "tại", "ở", "với", "cho", "trong", "các", "những"}

    def __init__(self, lex: Lexicon) -> None:
        self.lex = lex
        self.stops = lex.name_stops

    def read(self, cur: Cursor, i: int) -> Name | None:
        """The name opened by a head word at token i, if one is there."""
        span = cur.at(i, {L.HEAD})
        if span is None or (i and cur.texts[i - 1] in PLURAL) or (i and cur.doc[i - 1].like_num):
            return None
        if (block := cur.at(i, {L.BLOCK})) is not None and block.end > span.end - 1 or blocked(cur, i):
            return None  # "Lễ tân" (protocol) opens no ceremony; "Trung tâm Hội nghị" is a venue
        if (title := cur.at(i, {L.TITLE})) is not None and title.end > span.end:
            return None  # "Cục trưởng" is a title, not the name "Cục trưởng ..."
        head = self.lex.heads[span.id_]
        reader = {"unit": self._words, "words": self._words, "mission": self._mission, "body": self._mission,
                  "local": self._local, "place": self._local, "phrase": self._phrase}[head.tail]
        found = reader(cur, span, head)
        if found is None:
            return None
        end, aliases = found
        return Name(head, i, end, aliases)

    # -- tails -----------------------------------------------------------------------

    def _words(self, cur: Cursor, span: Span, head: Head):
        doc, k = cur.doc, span.end
        if head.tail == "unit":  # "Cục lãnh sự", "Cục chống khủng bố": the press writes some in lower case
            while k < len(doc) and k - span.end < 3 and self._lower_word(doc[k]):
                k += 1
        words = int(span.end - span.start > 1)  # name words read so far ("Phòng Thương mại" has one)
        if head.head in NUMBERED_UNITS and k < len(doc) and cur.texts[k].isdigit():
            k += 1  # a numbered unit: "Lữ đoàn 162", "Sư đoàn 9"
            words += 1
        while k < len(doc):
            nested = cur.at(k, {L.COUNTRY, L.PLACE, L.MINISTRY, L.ORG})
            if nested is not None and nested.label_ in (L.COUNTRY, L.PLACE) and cur.at(k, {L.BLOCK}):
                nested = None  # "Ban Pháp chế": a word, no country
            if cur.at(k, {L.TITLE, L.HEAD}) and k > span.end and not nested and not cur.at(k, {L.BLOCK}) \
                    and not blocked(cur, k):  # "Văn phòng Phủ Tổng thống"
                break
            if nested:
                k = nested.end
                words += 1
                if nested.label_ in (L.COUNTRY, L.PLACE, L.ORG) and self._person_follows(cur, k):
                    break  # "Hội hữu nghị ... Trung Quốc Lý Văn A", "... Chính phủ Jane Doe": the body ends there
            elif self._cap_word(doc[k]):
                if (words or head.kind != "education") and self._person_at(cur, k) or _initial_at(cur, k):
                    break  # "Ủy ban Đối ngoại Lê Anh Tuấn", "... V. Petrov": the name after the body
                k += 1
                words += 1
                # Only a name's words are capitalized, and only their first syllable:
                # "Ngân hàng Trung ương", "Ủy ban Nhà nước".
                if k < len(doc) and self._lower_word(doc[k]) and cur.texts[k] not in self.FUNCTION_WORDS:
                    k += 1
            elif cur.texts[k] in PLACE_WORDS and cur.at(k + 1, {L.PLACE}):
                k += 1
            elif words and cur.texts[k] in {"và", "-", "–", "&"} and self._cap_word(doc[k + 1] if k + 1 < len(doc) else None) \
                    and not cur.at(k + 1, {L.HEAD, L.MINISTRY, L.TITLE, L.HONORIFIC}) and cur.texts[k + 1] != "Bộ":
                if place := cur.at(k + 1, {L.COUNTRY, L.PLACE}):  # "Hội hữu nghị Việt Nam - Chile"
                    k = place.end
                    if self._person_follows(cur, k):
                        break
                    continue
                k += 2
                if k < len(doc) and self._lower_word(doc[k]) and cur.texts[k] not in self.FUNCTION_WORDS:
                    k += 1  # "Quốc phòng và An ninh"
            elif cur.texts[k] == "của" and (head := cur.at(k + 1, {L.HEAD})) is not None and head.end < len(doc) \
                    and cur.texts[head.end] == "về" and self.lex.heads[head.id_].tail in ("body", "mission"):
                k = head.end  # "Ủy ban Thường trực của Hạ viện về ...": the committee's fields follow
            elif cur.texts[k] == "của" and cur.at(k + 1, {L.ORG, L.MINISTRY, L.COUNTRY, L.PLACE}):
                k = cur.at(k + 1, {L.ORG, L.MINISTRY, L.COUNTRY, L.PLACE}).end
                if self._person_follows(cur, k):
                    break
            elif cur.texts[k] == "về" and k + 1 < len(doc) and (self._lower_word(doc[k + 1])
                                                                or cur.at(k + 1, {L.MINISTRY_WORD})):
                # "Ủy ban ... về Kinh tế, Ngân sách và Tài chính", "Ủy ban hỗn hợp về hợp tác kinh tế"
                if (about := self._about(cur, k + 1)) > k + 1:
                    k = about
                break  # the fields end the name: a holder's name may follow
            else:
                break
        return (k, []) if k > span.end else None

    def _mission(self, cur: Cursor, span: Span, head: Head):
        country = cur.at(span.end, {L.COUNTRY})
        if country is None:
            # "Đại sứ quán", "Thượng viện" alone: a body of its own when nothing longer is named
            # (merged into "Đại sứ quán Việt Nam tại X" when the document names that)
            after = cur.texts[span.end] if span.end < len(cur.doc) else ""
            if head.tail == "body" and span.start and cur.texts[span.start - 1] not in PLURAL \
                    and after not in PLURAL and after not in ("hai", "nước"):  # "Lãnh sự quán các nước"
                return span.end, []
            return None
        k = country.end
        if cur.text(k, k + 3) == "ở nước ngoài":
            return None  # "Cơ quan đại diện Việt Nam ở nước ngoài": missions in general
        if k < len(cur.doc) and cur.texts[k] == "tại" and (place := cur.at(k + 1, {L.COUNTRY, L.PLACE})):
            k = place.end
        return k, []

    def _local(self, cur: Cursor, span: Span, head: Head):
        doc, k = cur.doc, span.end
        if cur.at(k, {L.PLACE}):
            pass  # "TP. HCM", "TP Hồ Chí Minh": the generic word is written into the place's name
        elif k < len(doc) and cur.texts[k] in LOCAL_WORDS:
            k += 1
        elif k + 1 < len(doc) and cur.texts[k] in ("thành", "Thành") and cur.texts[k + 1] == "phố":
            k += 2
        if place := cur.at(k, {L.PLACE}):
            k = place.end
        elif head.tail == "place":
            return None  # "chính quyền" alone is no name
        return k, []

    def _phrase(self, cur: Cursor, span: Span, head: Head):
        doc = cur.doc
        if head.kind == "declaration" and span.start and cur.texts[span.start - 1] in ISSUE_WORDS \
                and span.end < len(doc) and (cur.texts[span.end] in CLAUSE_END or cur.texts[span.end] == ","
                                             or cur.texts[span.end][:1].islower()
                                             and cur.texts[span.end] not in DECLARATION_LINKS):
            return span.end, []  # "đã thông qua Tuyên bố chung khẳng định ...": the issued statement
        lower = head.head[0].islower()
        if lower and not (span.end < len(doc) and cur.texts[span.end] in ("lần", "thứ")) \
                and not (head.type == "Agreement" and span.start and cur.texts[span.start - 1] in SIGN_WORDS):
            lower = "numbered"  # "kỳ họp" is a name only with its number: "kỳ họp lần thứ 4 ..."
        k, aliases = span.end, []
        between = False  # inside "giữa A và B", where "và" belongs to the name
        while k < len(doc) and k - span.start < MAX_PHRASE:
            token = doc[k]
            if (m := ministry_end(cur, k)) > k:
                k = m
                continue
            if nested := cur.at(k, {L.ORG, L.COUNTRY, L.PLACE}):
                k = nested.end
                continue
            if token.is_space or token.is_sent_start and k > span.end or token.text in CLAUSE_END:
                break
            if token.text == "(":
                country = cur.at(k + 1, {L.COUNTRY})
                if between and country is not None and country.end < len(doc) and cur.texts[country.end] == ")":
                    k = country.end + 1  # "giữa tỉnh A (Việt Nam) và bang B (Hoa Kỳ)": each party's country
                    continue
                inner, close = self._parenthesis(cur, k)
                if inner is None:
                    break
                if close + 1 < len(doc) and self._continues(doc[close + 1]) and cur.texts[close + 1] not in AT_WORDS:
                    k = close + 1  # "(APEC) lần thứ 26": the bracket is inside the name; "(MEC) tại X" ends it
                    continue
                aliases.append(inner)  # "(UNCLOS 1982)" after the name: another name for it
                break
            if token.text == ",":
                break
            if head.type == "Event" and k >= span.end + 3 and cur.texts[k - 3:k - 1] == ["lần", "thứ"] \
                    and (token.text[:1].islower() and token.text not in ORDINAL_GOES_ON
                         or token.text in ("-", "–") and k + 1 < len(doc) and cur.texts[k + 1][:1].islower()):
                break  # "Đại hội Đảng lần thứ XIII bầu ...", "... lần thứ 4 - ảnh 1": the number ends an event's name
            if self._stop(doc, k):
                break
            if token.text == "và" and self._and_ends(cur, k, head, between):
                break
            between = between or token.text == "giữa"
            if cur.at(k, {L.HEAD}) and self.lex.heads[cur.at(k, {L.HEAD}).id_].type == head.type \
                    and cur.texts[k][0].isupper() and k > span.end and cur.texts[k - 1] in (",", "và"):
                break
            k += 1
        while k > span.end and cur.texts[k - 1] in ("và", ",", "-", "–"):  # "X và" cut by a stop word
            k -= 1
        if head.type == "Agreement" and k - 2 > span.end and cur.texts[k - 2:k] == ["chính", "thức"]:
            k -= 2  # "Hiệp định X chính thức được ký kết": the adverb before the verb
        content = doc[span.end:k]
        if not len(content):
            return None
        if lower == "numbered" and not any(content[n].text == "lần" and content[n + 1].text == "thứ"
                                           for n in range(len(content) - 1)):
            return None  # "hội nghị rút kinh nghiệm ... lần thứ 24" is a name; "hội nghị sắp tới" is not
        if head.type == "Event" and not any(t.text[0].isupper() or t.like_num for t in content) and len(content) < 3:
            return None  # "Hội nghị sắp tới" is no name
        if head.kind == "congress" and not any(t.like_num or ROMAN.fullmatch(t.text) or t.text == "thứ" for t in content) \
                and not any(cur.at(n, {L.PLACE, L.COUNTRY}) for n in range(span.end, k)):
            return None  # "Đại hội đại biểu Đảng bộ" in general: a congress is named by its number or its place
        if head.type in ("Event", "Agreement") and ((cur.texts[k - 1] in BACK_REFERENCE or k < len(doc) and cur.texts[k] in BACK_REFERENCE)
                                     and not any(t.text[0].isupper() for t in content)
                                     or (last := cur.at(k - 1, {L.HEAD})) is not None and last.end == k
                                     and cur.texts[k - 2] != "của"  # "Đại hội XIII của Đảng": whose event
                                     or k >= 2 and (last := cur.at(k - 2, {L.HEAD})) is not None and last.end == k):
            return None  # "hội nghị lần thứ 24 này", "Lễ ký kết Hiệp định": a reference back, not a name
        return k, aliases

    # -- helpers -----------------------------------------------------------------------

    def _person_at(self, cur: Cursor, k: int) -> bool:
        """A Vietnamese personal name at k: a surname, one to three capitalized syllables, then a
        word in lower case or punctuation."""
        doc, texts = cur.doc, cur.texts
        if texts[k] not in self.lex.surnames:
            return False
        j = k + 1
        while j < len(doc) and j - k <= 4 and texts[j][:1].isupper() and texts[j].isalpha() \
                and not cur.at(j, {L.HEAD, L.TITLE, L.ORG, L.MINISTRY}):
            j += 1
        return 2 <= j - k <= 4 and (j == len(doc) or not texts[j][:1].isupper())

    def _person_follows(self, cur: Cursor, k: int) -> bool:
        """Whether a capitalized word that no lexicon knows follows at k, as a person's name does,
        or an initial and a name ("V. Volodin")."""
        doc = cur.doc
        return k < len(doc) and (self._cap_word(doc[k]) and doc[k].is_alpha and not cur.by_start.get(k)
                                 and cur.texts[k] not in self.lex.person_stops or _initial_at(cur, k))

    def _parenthesis(self, cur: Cursor, k: int) -> tuple[str | None, int]:
        """An acronym in brackets at token k: ("UNCLOS 1982", index of ')') or (None, k)."""
        doc = cur.doc
        for close in range(k + 1, min(k + 5, len(doc))):
            if cur.texts[close] == ")":
                inner = doc[k + 1:close]
                if len(inner) and inner[0].text.isupper() and len(inner[0].text) > 1:
                    return span_text(inner), close
                return None, k
        return None, k

    def _and_ends(self, cur: Cursor, k: int, head: Head, between: bool) -> bool:
        """Whether 'và' at k ends a title: "Hiệp định A và Hiệp định B", "Đại hội X và Nghị quyết ...";
        not "bảo vệ và khai thác", nor "giữa Bộ A và Cơ quan B"."""
        doc = cur.doc
        if k + 1 == len(doc):
            return True
        nxt = cur.at(k + 1, {L.HEAD})
        if nxt is not None and self.lex.heads[nxt.id_].type == head.type:
            return True
        if cur.at(k + 1, {L.HONORIFIC, L.TITLE}):
            return True  # "Lễ đón Tổng thống X và Phu nhân"
        if cur.texts[k + 1][:1].islower():
            # an event's name goes on in capitals ("Lễ kỷ niệm ... Cách mạng Tháng Tám và Quốc khánh");
            # "và phu nhân", "và hoạt động song phương" start the rest of the clause
            return head.type == "Event" and not between
        names_body = cur.at(k + 1, {L.MINISTRY, L.ORG, L.COUNTRY, L.PLACE}) or cur.texts[k + 1] == "Bộ"
        if nxt is None and not names_body and k > 1 and any(t.text[:1].isupper() and t.is_alpha for t in doc[k - 2:k]):
            return False  # "Đối tác Toàn diện và Tiến bộ": one title in capitals
        return not (names_body or between and nxt is not None)

    def _stop(self, doc, k: int) -> bool:
        """A word (or two-word phrase) that starts the rest of the clause, unless the
        syllable before makes it part of a word ("tự do": freedom; "do": by)."""
        texts = token_texts(doc)
        text = texts[k]
        if text in self.stops:
            return not (k and texts[k - 1].lower() in self.stops[text])
        return k + 1 < len(doc) and f"{text} {texts[k + 1]}" in self.stops

    def _continues(self, token) -> bool:
        return token.is_alpha and token.text not in self.stops and token.text not in CLAUSE_END

    def _about(self, cur: Cursor, k: int) -> int:
        """End of the fields after "về" in a body's name: pieces joined by ',' and 'và'
        ("Kinh tế, Ngân sách và Tài chính"). Pieces after a comma belong to the name only when a
        'và' closes the list ("A, B và C"); otherwise the name ends with the first piece."""
        doc, texts = cur.doc, cur.texts
        start, sep = k, None
        pieces: list[tuple[str | None, int]] = []
        while k < len(doc) and k - start < MAX_ABOUT:
            end = self._piece(cur, k)
            if end == k:
                break
            pieces.append((sep, end))
            k = end
            if k + 1 < len(doc) and texts[k] in (",", "và"):
                sep, k = texts[k], k + 1
                continue
            break
        if not pieces:
            return start
        last_and = max((n for n, (s, _) in enumerate(pieces) if s == "và"), default=0)
        return pieces[last_and][1]

    def _piece(self, cur: Cursor, k: int) -> int:
        """One field of a list: a ministry field or a word, then words in lower case ("hợp tác kinh tế")."""
        doc, texts = cur.doc, cur.texts
        if word := cur.at(k, {L.MINISTRY_WORD}):
            j = word.end
        elif doc[k].is_alpha and texts[k] not in self.stops and texts[k] not in self.FUNCTION_WORDS \
                and not cur.at(k, {L.TITLE, L.HEAD, L.HONORIFIC, L.COUNTRY, L.PLACE, L.ORG}):
            j = k + 1
        else:
            return k
        while j < len(doc) and j - k < 5 and self._lower_word(doc[j]) and texts[j] not in self.FUNCTION_WORDS \
                and not cur.at(j, {L.TITLE, L.HEAD}):
            j += 1
        return j

    def _run(self, cur: Cursor, k: int, limit: int) -> int:
        start = k
        doc = cur.doc
        while k < len(doc) and k - start < limit and doc[k].is_alpha and cur.texts[k] not in self.stops:
            k += 1
        return k

    def _lower_word(self, token) -> bool:
        return token.is_alpha and token.text.islower() and not self._stop(token.doc, token.i) and token.text != "và"

    @staticmethod
    def _cap_word(token) -> bool:
        return token is not None and token.text[:1].isupper() and (token.is_alpha or token.like_num
                                                                   or "." in token.text)
