"""What parsing a page would cost lexbor, counted in one pass over its tags before it is parsed.

Lexbor builds the tree as the HTML standard says, and the standard walks the stack of open
elements, or the list of active formatting elements, for many tags, and makes again each
formatting element left open whenever text follows one closed around it: 100,000 nested <div>
took 17 s (200,000: 100 s), 40 kB of misnested <b> made millions of elements; lexbor also looks
over a <select>'s options for each new one, and a tag's attributes for each new one. One pass
over the tags, before lexbor, does with them what the tree builder does, on a copy of its stack
and list reduced to what those costs need (_ParseCost), and counts the steps of the walks and
the elements made. On random tag soups and the shapes of bench/html_parse.py, lexbor took at
most about 5 ns per step counted, most shapes far less.
"""

from __future__ import annotations

import bisect
import re

from .errors import LoadFailure


# Browsers stop nesting at 512 levels; news pages are far from either.
MAX_HTML_DEPTH = 5000
# About a second of lexbor's tree builder; a news page takes well under a thousandth of it.
_MAX_PARSE_STEPS = 250_000_000
# Steps counted for an element the tree builder makes by itself (formatting opened again), for
# each active formatting element a new one is compared with, for each option already in a
# <select> when one more comes (lexbor looks them over for the selected one), and for each pair
# of attributes of a tag (a new one is checked against those before it).
_STEPS_PER_ELEMENT_MADE = 250
_STEPS_PER_FORMATTING_COMPARED = 5
_STEPS_PER_OPTION = 12
_STEPS_PER_ATTRIBUTE_PAIR = 2
# What the steps are put down to, in the reason a page is refused with.
_NESTING_CAUSE, _FORMATTING_CAUSE = "deep nesting", "misnested formatting tags"
_CAUSES = (_NESTING_CAUSE, _FORMATTING_CAUSE, "a long <select>", "tags with thousands of attributes")
# Attributes are counted in tags longer than this (a new attribute is checked against the others).
_ATTRIBUTES_COUNTED_FROM = 64

# As the standard's tokenizer reads them (from lowered text): an attribute; markup, that is the
# start of a comment, a start or end tag with its attributes up to its ">" ("/>": self-closing;
# no ">": the page ends in the tag), "</>", or the start of a bogus comment ("<!x", "<?x", "</1");
# the end of a comment.
_ATTRIBUTE = r"[^\t\n\f\r />][^\t\n\f\r />=]*+(?>[\t\n\f\r ]*+=[\t\n\f\r ]*+(?>\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r >]++|))?"
_ATTRIBUTE_RE = re.compile(  # the same, with the name and the value
    r"([^\t\n\f\r />][^\t\n\f\r />=]*+)(?>[\t\n\f\r ]*+=[\t\n\f\r ]*+(\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r >]++|))?"
)
_MARKUP = re.compile(
    r"<(?:(!--)|(/?)([a-z][^\t\n\f\r />]*+)(?:((?>[\t\n\f\r ]++|/(?!>)|" + _ATTRIBUTE + r")*+)(/?)(>))?|(/>)|([!?/]))"
)
_COMMENT_END = re.compile(r"--!?>")
_RAW_TEXT = ("script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title")
_RAW_TEXT_END = {name: re.compile(f"</{name}[\t\n\f\r />]") for name in _RAW_TEXT}

_FORMATTING = frozenset("a b big code em font i nobr s small strike strong tt u".split())
_HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_CLOSES_P = frozenset(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption figure footer "
    "header hgroup listing main menu nav ol p pre search section summary ul".split()
) | _HEADINGS
# End tags that close their element when it is in scope, and what lies above it.
_CLOSED_IN_SCOPE = _CLOSES_P - {"p"} - _HEADINGS | {"button", "applet", "marquee", "object", "dd", "dt"}
# Start tags of elements never left open: void ones, and those lexbor drops in a page body.
_NOT_OPENED = frozenset(
    "area base basefont bgsound br embed frame frameset head hr image img input keygen link meta param source "
    "track wbr".split()
)
# Start tags the <head> holds: the <body> opens at any other, at text, or at </body>, </html>, </br>.
_HEAD_TAGS = frozenset("base basefont bgsound head html link meta noframes noscript script style template title".split())
_WHITESPACE = "\t\n\f\r "
_MARKERS = frozenset("applet caption marquee object td th template".split())
# Tags that leave a <template> as it was (whatever it goes on to hold).
_TEMPLATE_HEAD_TAGS = frozenset("base basefont bgsound link meta noframes script style template title".split())
# End tags that do more than close the current element of their name.
_END_TAGS_OF_THEIR_OWN = _FORMATTING | _MARKERS | {"form"}
_TABLE_PARTS = frozenset("table tbody thead tfoot tr td th caption col colgroup".split())
# Start tags that end foreign content (MathML, SVG) to be read as HTML (<font> too, with these attributes).
_BREAKOUT = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img li listing "
    "menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var".split()
)
_FONT_BREAKOUT = frozenset(("color", "face", "size"))
_HTML_INTEGRATION = frozenset(("svg:foreignobject", "svg:desc", "svg:title"))
_MATHML_TEXT_INTEGRATION = frozenset(("math:mi", "math:mo", "math:mn", "math:ms", "math:mtext"))
_FOREIGN_SCOPE = _HTML_INTEGRATION | _MATHML_TEXT_INTEGRATION | {"math:annotation-xml"}

# Groups of elements whose positions on the stack are kept, so that "has an element in scope"
# and the other walks down the stack are answered in one step.
_SCOPE, _BUTTON, _LIST, _TABLE, _SPECIAL, _LI_STOP, _HEADING, _TABLE_PART, _CELL, _DD_DT = range(10)
_GROUP_MEMBERS = {
    _SCOPE: {"applet", "caption", "table", "td", "th", "marquee", "object", "select", "template", *_FOREIGN_SCOPE},
    _BUTTON: {"button"},
    _LIST: {"ol", "ul"},
    _TABLE: {"table", "template"},
    _SPECIAL: {
        "address", "applet", "article", "aside", "blockquote", "button", "caption", "center", "dd", "details",
        "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "li", "listing", "main", "marquee", "menu", "nav", "noscript", "object",
        "ol", "p", "pre", "search", "section", "select", "summary", "table", "tbody", "td", "template", "tfoot",
        "th", "thead", "tr", "ul", *_FOREIGN_SCOPE,
    },
    _HEADING: set(_HEADINGS),
    _TABLE_PART: {"table", "tbody", "thead", "tfoot", "tr"},
    _CELL: {"td", "th", "caption"},
    _DD_DT: {"dd", "dt"},
}
_GROUP_MEMBERS[_LI_STOP] = _GROUP_MEMBERS[_SPECIAL] - {"address", "div", "p"}
_GROUPS_OF: dict[str, tuple[int, ...]] = {}
for _group, _members in sorted(_GROUP_MEMBERS.items()):
    for _name in _members:
        _GROUPS_OF[_name] = (*_GROUPS_OF.get(_name, ()), _group)
# The start tags the reading loop does itself (outside foreign content); the others go to start_tag.
_OPEN, _FORMATTING_KIND, _CLOSE_P_AND_OPEN, _VOID, _OTHER = range(5)
_START_KIND = {
    **dict.fromkeys(_FORMATTING - {"nobr"}, _FORMATTING_KIND),
    **dict.fromkeys(_CLOSES_P, _CLOSE_P_AND_OPEN),
    **dict.fromkeys(_NOT_OPENED - {"hr", "input"}, _VOID),
    **dict.fromkeys(
        [*_RAW_TEXT, *_TABLE_PARTS, "nobr", "li", "dd", "dt", "html", "body", "option", "optgroup", "select",
         "form", "plaintext", "button", "svg", "math", "rb", "rp", "rt", "rtc", "hr", "input", "noscript"],
        _OTHER,
    ),
}


def check_parse_cost(html: str) -> None:
    """LoadFailure when lexbor would take long over `html`: elements nested deeper than
    MAX_HTML_DEPTH, or more than _MAX_PARSE_STEPS steps of its tree builder."""
    _ParseCost().read(html.lower())


class _Entry:
    """An entry of the list of active formatting elements."""

    __slots__ = ("name", "key", "alive", "position", "level", "order")

    def __init__(self, name: str, key: str, level: _Level, order: int) -> None:
        self.name, self.key, self.level, self.order = name, key, level, order
        self.alive = True
        self.position: int | None = None  # on the stack of open elements


class _Level:
    """The list of active formatting elements after its last marker (a cell, an <object>...)."""

    __slots__ = ("alive", "by_key", "by_name", "closed")

    def __init__(self) -> None:
        self.alive = 0
        self.by_key: dict[str, list[_Entry]] = {}  # tag and attributes -> entries
        self.by_name: dict[str, list[_Entry]] = {}
        self.closed: list[_Entry] = []  # entries whose element was popped: opened again before text


class _ParseCost:
    """The tree builder's stack of open elements and list of active formatting elements, as the
    HTML standard keeps them for a page's tags, as far as the cost of its walks goes.

    Each tag counts a step per element open and per active formatting element (the longest walk
    it may take), a new formatting element the comparison with the active ones, an element made
    again _STEPS_PER_ELEMENT_MADE. "Has an element in scope" and the other walks are answered
    from the positions of the elements that stop them; the adoption agency's reshuffles and a
    <form> taken out of the middle of the stack are done on the stack as the standard says. Where
    lexbor departs from the standard it is followed (a <select> holds any element and ends scopes,
    as in the standard's newer select parsing). Where the standard is not followed to the letter
    (a tag lexbor drops in some insertion mode is taken in), more is left open: the count errs
    upwards. Checked on random tag soups against lexbor's time (bench/html_parse.py has the shapes).
    """

    def __init__(self) -> None:
        self.names: list[str] = []  # the stack below <html> and <body>; foreign elements as "svg:g"
        self.entries: list[_Entry | None] = []  # the formatting entry of each, if any
        self.where: dict[str, list[int]] = {}  # name -> positions on the stack
        self.groups: list[list[int]] = [[] for _ in _GROUP_MEMBERS]  # group -> positions on the stack
        self.foreign: list[int] = []  # positions of MathML and SVG elements
        self.html_annotations: list[int] = []  # <annotation-xml encoding="text/html">: HTML inside
        self.levels = [_Level()]  # the list of active formatting elements, cut at its markers
        self.steps = 0
        self.steps_by_cause = dict.fromkeys(_CAUSES, 0)  # but deep nesting: the rest of the steps
        self.options = 0  # in the open <select>
        self.template_modes: dict[int, bool] = {}  # position of a <template> -> whether it holds columns
        self.form: int | None = None  # the form element pointer: position of the <form> opened last
        self.body_started = False  # the <body> is open: no <frameset> takes over, <noscript> holds body
        self.head_closed = False
        self.root_attributes = 0  # on <html> and <body>
        self.order = 0  # of the formatting entries made

    def read(self, text: str) -> None:
        """Go through the tags of `text` (lowered) as the tokenizer would; LoadFailure past a limit."""
        names, levels, foreign = self.names, self.levels, self.foreign
        pos = 0
        while True:
            m = _MARKUP.search(text, pos)
            if m is None:
                if pos < len(text) and levels[-1].closed:
                    self.text()
                return
            if m.start() > pos:
                if not self.body_started and text[pos : m.start()].strip(_WHITESPACE):
                    self.body_started = True
                if levels[-1].closed:
                    self.text()
            comment, slash, name, attributes, self_closing, closed, _, bogus = m.groups()
            pos = m.end()
            if name is not None:
                if closed is None:  # the page ends inside the tag
                    return
                depth, alive = len(names), levels[-1].alive
                self.steps += 1 + depth + alive  # the walks down the stack and the list it may take
                if alive:
                    self.add(_FORMATTING_CAUSE, alive, walked=True)
                if len(attributes) > _ATTRIBUTES_COUNTED_FROM:
                    count = len(_ATTRIBUTE_RE.findall(attributes))
                    self.add("tags with thousands of attributes", _STEPS_PER_ATTRIBUTE_PAIR * count * count)
                elif self.steps > _MAX_PARSE_STEPS:
                    self.fail()
                if not self.body_started and not self.before_body(name, bool(slash)):
                    return  # a <frameset> takes the page over: the rest is dropped
                if slash:
                    if depth and names[-1] == name and name not in _END_TAGS_OF_THEIR_OWN:
                        self.pop()  # the usual end tag, of the current element
                    else:
                        self.end_tag(name)
                    continue
                if (foreign and foreign[-1] == depth - 1) or (depth and names[-1] == "template"):
                    kind = -1
                else:
                    kind = _START_KIND.get(name, _OPEN)
                if kind == _OPEN or (kind == _FORMATTING_KIND and self.pure_formatting(name, attributes)):
                    if levels[-1].closed:
                        self.reconstruct()
                    # The usual start tag. Most are followed by text and their own end tag: with
                    # nothing opened, closed or made in between, both are counted at once.
                    after = text.find("<", pos)
                    if after >= 0 and text.startswith(f"</{name}>", after) and name not in _GROUPS_OF:
                        pos = after + len(name) + 3
                        depth, alive = len(names) + 1, levels[-1].alive + (kind == _FORMATTING_KIND)
                        self.steps += 1 + depth + alive
                        if alive:
                            self.add(_FORMATTING_CAUSE, alive, walked=True)
                        if kind == _FORMATTING_KIND:  # compared with the active ones, then adopted
                            self.add(_FORMATTING_CAUSE,
                                     _STEPS_PER_FORMATTING_COMPARED * (alive - 1) + 4 * (depth + alive))
                        elif self.steps > _MAX_PARSE_STEPS:
                            self.fail()
                        continue
                    if kind:
                        self.start_formatting(name, attributes)
                    else:
                        self.push(name)
                elif kind == _CLOSE_P_AND_OPEN:
                    if names and names[-1] == "p":  # the current element: the usual unclosed <p>
                        self.pop()
                    elif self.where.get("p"):
                        self.close_p()
                    if name in _HEADINGS and names and names[-1] in _HEADINGS:
                        self.pop()
                    self.push(name)
                elif kind == _VOID:
                    if levels[-1].closed:
                        self.reconstruct()
                else:
                    raw = self.start_tag(name, attributes, self_closing == "/")
                    if raw == "plaintext":  # the rest is text
                        return
                    if raw:
                        end = _RAW_TEXT_END[raw].search(text, pos)
                        if end is None:
                            return
                        pos = end.start()
            elif comment:  # to "-->" or "--!>" ("<!-->" and "<!--->" are whole)
                if text.startswith((">", "->"), pos):
                    pos = text.index(">", pos) + 1
                    continue
                end = _COMMENT_END.search(text, pos)
                if end is None:
                    return
                pos = end.end()
            elif bogus:
                if bogus == "!" and text.startswith("[cdata[", pos) and self.in_foreign():
                    end, skip = text.find("]]>", pos), 3
                else:  # <!DOCTYPE ...>, <?xml ...?>, a bogus comment
                    end, skip = text.find(">", pos), 1
                if end < 0:
                    return
                pos = end + skip

    # --- tokens -----------------------------------------------------------------------------------

    def before_body(self, name: str, end: bool) -> bool:
        """Follow a tag of the page's head; False when it is a <frameset> that takes the page over."""
        if end:
            if name in ("body", "html", "br"):
                self.body_started = True
            elif name == "head":
                self.head_closed = True
        elif name == "frameset":
            return False
        elif name not in _HEAD_TAGS:  # <body>, or body content: the <body> opens
            self.body_started = True
        return True

    def text(self) -> None:
        if not self.in_foreign() or self.at_integration_point():
            self.reconstruct()

    def start_tag(self, name: str, attributes: str, self_closing: bool) -> str | None:
        """Do what the tree builder does with a start tag; the name of a raw text element opened."""
        if self.names and self.names[-1] == "template" and self.in_template_columns(name):
            if name == "template":
                self.push(name)
            return None  # a <template> of <col>: nothing else goes in, no <script> or <style> either
        if name == "noscript" and not self.body_started and not self.head_closed:
            return None  # in the <head>, closed by the first thing it may not hold
        if self.in_foreign() and not self.read_as_html(name):
            if not (name in _BREAKOUT or (name == "font" and _has_attribute(attributes, _FONT_BREAKOUT))):
                if not self_closing:
                    self.push_foreign(self.names[-1].partition(":")[0], name, attributes)
                return None
            while self.in_foreign() and not self.at_integration_point():
                self.pop()
        if name in _CLOSES_P:
            self.close_p()
            if name in _HEADINGS and self.names and self.names[-1] in _HEADINGS:
                self.pop()
            self.push(name)
        elif name in _FORMATTING:
            self.start_formatting(name, attributes)
        elif name in _NOT_OPENED:
            if name == "hr":
                self.close_p()
            elif name == "input" and self.in_scope("select"):
                self.pop_to(self.where["select"][-1])
            self.reconstruct()
        elif name in _RAW_TEXT:
            if name == "xmp":
                self.close_p()
                self.reconstruct()
            return name
        elif name in _TABLE_PARTS:
            self.start_table_part(name)
        elif name in ("li", "dd", "dt"):
            found = self.where.get("li") if name == "li" else self.groups[_DD_DT]
            if found and found[-1] == self.top(_LI_STOP):  # no other special element above it
                self.pop_to(found[-1])
            self.close_p()
            self.push(name)
        elif name in ("html", "body"):  # its attributes go to the open one, each checked against them all
            count = len(_ATTRIBUTE_RE.findall(attributes))
            self.add("tags with thousands of attributes", _STEPS_PER_ATTRIBUTE_PAIR * count * self.root_attributes)
            self.root_attributes += count
        elif name in ("option", "optgroup"):
            if self.names and self.names[-1] == "option":
                self.pop()
            if name == "optgroup" and self.names and self.names[-1] == "optgroup" and self.in_scope("select"):
                self.pop()  # outside a <select>, <optgroup> nest
            self.reconstruct()
            self.push(name)
            if name == "option" and self.where.get("select"):
                self.options += 1
                self.add("a long <select>", _STEPS_PER_OPTION * self.options)
        elif name == "select":
            self.reconstruct()
            if self.in_scope("select"):  # a <select> inside one closes it
                self.pop_to(self.where["select"][-1])
            else:
                self.push(name)
        elif name == "form":
            template = bool(self.where.get("template"))
            if self.form is None or template:  # another <form> is dropped
                self.close_p()
                self.push(name)
                if not template:
                    self.form = len(self.names) - 1
        elif name == "plaintext":
            self.close_p()
            return name
        elif name == "button":
            if self.in_scope("button"):
                self.pop_to(self.where["button"][-1])
            self.reconstruct()
            self.push(name)
        elif name in ("svg", "math"):
            self.reconstruct()
            if not self_closing:
                self.push_foreign(name, name, attributes)
        elif name in ("rb", "rp", "rt", "rtc"):
            if self.in_scope("ruby"):
                implied = ("rb", "rp", "rt", "rtc") if name in ("rb", "rtc") else ("rb", "rp", "rt")
                while self.names and self.names[-1] in implied:
                    self.pop()
            self.push(name)
        else:
            self.reconstruct()
            self.push(name)
        return None

    def end_tag(self, name: str) -> None:
        if self.names and self.names[-1] == "template" and name != "template" and self.in_template_columns(None):
            return
        if self.in_foreign():
            if name in ("br", "p"):
                while self.in_foreign() and not self.at_integration_point():
                    self.pop()
            else:  # the innermost foreign element of that name above the innermost HTML one
                k = len(self.foreign) - 1
                while k > 0 and self.foreign[k - 1] == self.foreign[k] - 1:
                    k -= 1
                found = max(self.topmost(f"svg:{name}"), self.topmost(f"math:{name}"))
                if found >= self.foreign[k]:
                    self.pop_to(found)
                    return
        if name == "p":
            if self.in_scope("p", _BUTTON):
                self.pop_to(self.where["p"][-1])
            else:  # an empty <p> is made
                self.push("p")
                self.pop()
        elif name in _FORMATTING:
            if self.adopt(name) == "no match":
                self.end_other(name)
        elif name in _CLOSED_IN_SCOPE:
            if self.in_scope(name):
                self.pop_to(self.where[name][-1])
                if name in _MARKERS:
                    self.clear_to_marker()
        elif name in _HEADINGS:
            if self.top(_HEADING) >= max(self.top(_SCOPE), 0):
                self.pop_to(self.top(_HEADING))
        elif name == "li":
            if self.in_scope("li", _LIST):
                self.pop_to(self.where["li"][-1])
        elif name in _TABLE_PARTS:
            found = self.topmost(name)
            if found >= 0 and found >= self.top(_TABLE) and name not in ("col", "colgroup"):
                if name in _MARKERS or self.top(_CELL) > found:  # a cell or caption closed
                    self.clear_to_marker()
                self.pop_to(found)
        elif name == "select":
            if self.in_scope(name):
                self.pop_to(self.where[name][-1])
        elif name == "template":
            if self.where.get(name):
                self.pop_to(self.where[name][-1])
                self.clear_to_marker()
        elif name == "form":
            if self.where.get("template"):
                if self.in_scope("form"):
                    self.pop_to(self.where["form"][-1])
                return
            form, self.form = self.form, None
            if form is not None and form < len(self.names) and self.names[form] == "form" \
                    and form >= self.top(_SCOPE):
                self.remove_at(form)
        elif name == "br":
            self.reconstruct()
        elif name not in ("body", "html"):
            self.end_other(name)

    def end_other(self, name: str) -> None:
        """'Any other end tag': closes the innermost element of that name unless a special one is above it."""
        found = self.topmost(name)
        if found >= 0 and found >= self.top(_SPECIAL):
            self.pop_to(found)

    def start_formatting(self, name: str, attributes: str) -> None:
        level = self.levels[-1]
        found = self.alive_named(level, "a") if name == "a" else None
        if found is not None and self.adopt("a") == "out of scope":  # then taken out of the list and stack
            self.kill(found)
            self.remove_at(found.position)
        self.reconstruct()
        if name == "nobr" and self.in_scope("nobr"):
            self.adopt("nobr")
            self.reconstruct()
        level = self.levels[-1]
        # Noah's Ark: three of the same tag and attributes at most.
        self.add(_FORMATTING_CAUSE, _STEPS_PER_FORMATTING_COMPARED * level.alive)
        key = f"{name} {attributes}"
        same = level.by_key.setdefault(key, [])
        if len(same) >= 3:
            same[:] = [entry for entry in same if entry.alive]
            if len(same) >= 3:
                self.kill(same.pop(0))
        entry = _Entry(name, key, level, self.order)
        self.order += 1
        level.alive += 1
        same.append(entry)
        level.by_name.setdefault(name, []).append(entry)
        self.push(name, entry)

    def pure_formatting(self, name: str, attributes: str) -> bool:
        """Whether a formatting start tag only adds its element (no <a> to close, no entry to drop)."""
        level = self.levels[-1]
        if name == "a" and self.alive_named(level, "a"):
            return False
        same = level.by_key.get(f"{name} {attributes}")
        return not same or sum(entry.alive for entry in same) < 3

    def adopt(self, name: str) -> str:
        """The adoption agency algorithm for `name`: "no match" when no formatting element is its
        match (the end tag is then any other), "out of scope" when the one found is left where it
        is, else "done". Elements are moved about in the stack and made anew (clones): done on the
        stack as the standard says, so that nothing is left open that is not."""
        names, entries, level = self.names, self.entries, self.levels[-1]
        if names and names[-1] == name and (entries[-1] is None or not entries[-1].alive):
            self.pop()
            return "done"
        for rounds in range(8):
            entry = self.alive_named(level, name)
            if entry is None:
                return "done" if rounds else "no match"
            self.add(_FORMATTING_CAUSE, 4 * (len(names) + level.alive))
            if entry.position is None:
                self.kill(entry)
                return "done"
            formatting = entry.position
            if formatting < self.top(_SCOPE):
                return "done" if rounds else "out of scope"  # left alone
            specials = self.groups[_SPECIAL]
            k = bisect.bisect_right(specials, formatting)
            if k == len(specials):  # no special element above it: closed with all above it
                self.kill(entry)
                self.pop_to(formatting)
                return "done"
            furthest = specials[k]
            # The elements between: formatting ones (the first three from the furthest block down)
            # made anew where they are, the others taken out; the formatting element made anew just
            # above the furthest block, which takes in its children. The entry stands for the new one.
            kept: list[int] = []
            for steps, between in enumerate(range(furthest - 1, formatting, -1), start=1):
                other = entries[between]
                if other is not None and other.alive and steps > 3:
                    self.kill(other)
                if other is not None and other.alive:
                    kept.append(between)
            self.add(_FORMATTING_CAUSE, (len(kept) + 1) * _STEPS_PER_ELEMENT_MADE)
            order = [*range(formatting), *reversed(kept), furthest, formatting, *range(furthest + 1, len(names))]
            self.reorder(order)
        return "done"

    def reorder(self, order: list[int]) -> None:
        """Make the stack the elements at these positions, in this order (the others taken out)."""
        new_position = {old: new for new, old in enumerate(order)}
        self.names[:] = [self.names[old] for old in order]
        self.entries[:] = [self.entries[old] for old in order]
        self.foreign[:] = [new_position[old] for old in self.foreign if old in new_position]
        self.html_annotations[:] = [new_position[old] for old in self.html_annotations if old in new_position]
        self.template_modes = {new_position[old]: mode for old, mode in self.template_modes.items()
                               if old in new_position}
        self.form = new_position.get(self.form) if self.form is not None else None
        self.where = {}
        for group in self.groups:
            group.clear()
        for position, (name, entry) in enumerate(zip(self.names, self.entries)):
            self.where.setdefault(name, []).append(position)
            for group in _GROUPS_OF.get(name, ()):
                self.groups[group].append(position)
            if entry is not None:
                entry.position = position

    def remove_at(self, position: int) -> None:
        """Take the element at `position` out of the stack (the standard does for a <form>)."""
        if position == len(self.names) - 1:
            self.pop()
        else:
            self.reorder([*range(position), *range(position + 1, len(self.names))])

    def start_table_part(self, name: str) -> None:
        cell, part, template = self.top(_CELL), self.top(_TABLE_PART), self.topmost("template")
        if name == "table":
            if part > max(cell, template) and self.topmost("table") == self.top(_TABLE):
                self.pop_to(self.topmost("table"))  # a table right in a table closes it
            self.push(name)
            return
        if cell > max(part, template):  # a cell or caption is open in the table: it is closed
            self.pop_to(cell)
            self.clear_to_marker()
            part = self.top(_TABLE_PART)
        context = max(part, template)
        if context < 0:  # not in a table: dropped
            return
        self.pop_to(context + 1)  # what was put before the table (foster parenting) is closed
        if name in ("tbody", "thead", "tfoot", "caption", "col", "colgroup"):
            while self.names and self.names[-1] in ("tr", "tbody", "thead", "tfoot"):
                self.pop()
            if name in ("col", "colgroup"):  # closed by the next tag but <col>
                return
        elif name == "tr" and self.names[-1] == "tr":
            self.pop()
        if name in ("td", "th", "tr") and self.names[-1] == "table":
            self.push("tbody")
        if name in ("td", "th") and self.names[-1] != "tr":
            self.push("tr")
        self.push(name)

    # --- the stack and the list ---------------------------------------------------------------

    def push(self, name: str, entry: _Entry | None = None) -> None:
        position = len(self.names)
        if position + 3 > MAX_HTML_DEPTH:  # with <html> and <body>
            raise LoadFailure(f"HTML nested deeper than {MAX_HTML_DEPTH} elements")
        self.names.append(name)
        self.entries.append(entry)
        found = self.where.get(name)
        if found is None:
            self.where[name] = [position]
        else:
            found.append(position)
        groups = _GROUPS_OF.get(name)
        if groups:
            for group in groups:
                self.groups[group].append(position)
            if name in _MARKERS:
                self.levels.append(_Level())
        if entry is not None:
            entry.position = position

    def push_foreign(self, namespace: str, name: str, attributes: str) -> None:
        self.push(f"{namespace}:{name}")
        self.foreign.append(len(self.names) - 1)
        if namespace == "math" and name == "annotation-xml":
            encoding = next((_unquote(m.group(2)) for m in _ATTRIBUTE_RE.finditer(attributes)
                             if m.group(1) == "encoding"), "")
            if encoding in ("text/html", "application/xhtml+xml"):
                self.html_annotations.append(len(self.names) - 1)

    def pop(self) -> None:
        name = self.names.pop()
        position = len(self.names)
        entry = self.entries.pop()
        self.where[name].pop()
        groups = _GROUPS_OF.get(name)
        if groups:
            for group in groups:
                self.groups[group].pop()
            if name == "select":
                self.options = 0
            elif name == "template":
                self.template_modes.pop(position, None)
        if self.foreign and self.foreign[-1] == position:
            self.foreign.pop()
            if self.html_annotations and self.html_annotations[-1] == position:
                self.html_annotations.pop()
        if entry is not None and entry.alive:
            entry.position = None
            entry.level.closed.append(entry)

    def pop_to(self, position: int) -> None:
        """Pop the element at `position` and all above it."""
        while len(self.names) > max(position, 0):
            self.pop()

    def reconstruct(self) -> None:
        """Open again the active formatting elements whose elements were closed (before text and most tags)."""
        level = self.levels[-1]
        if not level.closed:
            return
        closed = sorted((e for e in level.closed if e.alive and e.position is None), key=lambda e: e.order)
        level.closed = []
        self.add(_FORMATTING_CAUSE, len(closed) * (_STEPS_PER_ELEMENT_MADE + level.alive))
        for entry in closed:
            self.push(entry.name, entry)

    def in_template_columns(self, start_tag: str | None) -> bool:
        """Whether the current <template> holds columns (its first tag was <col>), given a start tag in it."""
        position = len(self.names) - 1
        mode = self.template_modes.get(position)
        if mode is None and start_tag is not None and start_tag not in _TEMPLATE_HEAD_TAGS:
            mode = self.template_modes[position] = start_tag == "col"
        return bool(mode)

    def clear_to_marker(self) -> None:
        """Clear the list of active formatting elements back to its last marker."""
        if len(self.levels) > 1:
            self.levels.pop()
        else:
            self.levels[0] = _Level()

    def kill(self, entry: _Entry) -> None:
        """Take an entry off the list of active formatting elements."""
        entry.alive = False
        entry.level.alive -= 1
        same = entry.level.by_key.get(entry.key)
        if same is not None and not any(other.alive for other in same):
            del entry.level.by_key[entry.key]  # or every distinct tag read would be kept

    def alive_named(self, level: _Level, name: str) -> _Entry | None:
        found = level.by_name.get(name)
        while found and not found[-1].alive:
            found.pop()
        return found[-1] if found else None

    def close_p(self) -> None:
        if self.in_scope("p", _BUTTON):
            self.pop_to(self.where["p"][-1])

    def in_scope(self, name: str, also: int | None = None) -> bool:
        """Whether the innermost `name` is above every element ending the scope (itself may be one)."""
        found = self.topmost(name)
        return found >= 0 and found >= self.top(_SCOPE) and (also is None or found >= self.top(also))

    def topmost(self, name: str) -> int:
        found = self.where.get(name)
        return found[-1] if found else -1

    def top(self, group: int) -> int:
        found = self.groups[group]
        return found[-1] if found else -1

    def in_foreign(self) -> bool:
        return bool(self.foreign) and self.foreign[-1] == len(self.names) - 1

    def at_integration_point(self) -> bool:
        current = self.names[-1]
        return (current in _HTML_INTEGRATION or current in _MATHML_TEXT_INTEGRATION
                or (bool(self.html_annotations) and self.html_annotations[-1] == len(self.names) - 1))

    def read_as_html(self, name: str) -> bool:
        """Whether a start tag in foreign content is read as HTML where it stands."""
        current = self.names[-1]
        if current in _MATHML_TEXT_INTEGRATION:
            return name not in ("mglyph", "malignmark")
        if current == "math:annotation-xml" and name == "svg":
            return True
        return self.at_integration_point()

    # --- counting -----------------------------------------------------------------------------------

    def add(self, cause: str, steps: int, walked: bool = False) -> None:
        """Count steps (`walked`: counted already, put down to `cause`), and stop past the limit."""
        if not walked:
            self.steps += steps
        self.steps_by_cause[cause] += steps
        if self.steps > _MAX_PARSE_STEPS:
            self.fail()

    def fail(self) -> None:
        self.steps_by_cause[_NESTING_CAUSE] = self.steps - sum(self.steps_by_cause.values())
        worst = max(self.steps_by_cause, key=self.steps_by_cause.__getitem__)
        raise LoadFailure(f"HTML too costly to parse ({worst})")


def _has_attribute(attributes: str, names: frozenset[str]) -> bool:
    return any(m.group(1) in names for m in _ATTRIBUTE_RE.finditer(attributes))


def _unquote(value: str | None) -> str:
    return (value or "").strip("\"'")
