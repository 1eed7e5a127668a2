"""An HTML news page -> Page: metadata from the markup, body from the article element.

The article's block elements become lines, which then go through the same
cleaning as plain-text pages (teasers, credits and bylines look the same
once the tags are gone). Malformed or truncated markup is parsed by lexbor
the way a browser would, so whatever text is there comes out. Markup that
would keep lexbor busy for minutes (nesting deeper than MAX_HTML_DEPTH,
misnested formatting tags that it opens again and again) is refused first,
with a one-line reason (loaders.html_cost).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .clean import clean_body, title_of
from .dates import find_published
from .document import Page
from .html_cost import check_parse_cost
from .html_meta import NON_CONTENT_TAGS, read_meta
from .read import normalize_text
from .text import PARAGRAPH_SEPARATOR

# Page regions that are site chrome.
CHROME_TAGS = ["nav", "header", "footer", "aside", "form"]
# Words in a class or id naming site chrome.
CHROME_CLASS_WORDS = (
    "menu", "sidebar", "related", "comment", "share", "social", "breadcrumb", "advert",
    "lienquan", "tinkhac", "xemthem",
)
CHROME_ROLES = ("navigation", "complementary", "contentinfo", "search")
BLOCK_TAGS = frozenset(
    "address article aside blockquote caption center dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "summary table tbody tfoot thead tr td th ul".split()
)
_ARTICLE_SELECTOR = "article, [itemprop=articleBody]"
# An element chosen as the article must hold this share of the page's <p> text.
_MIN_CONTAINER_SHARE = 0.33
# Widening the article to take in its headline may add at most this share of
# text, or, for a short article, about one lead paragraph.
_MAX_WIDENING = 0.5
_MAX_LEAD_CHARS = 600
# Date lines of a page header may sit this many lines above the <h1>.
_HEADER_LINES_ABOVE_H1 = 3


def parse_html_page(html: str) -> Page:
    check_parse_cost(html)
    tree = LexborHTMLParser(html)
    meta = read_meta(tree)

    tree.strip_tags(list(NON_CONTENT_TAGS))
    page_lines = _render(tree.body or tree.root)
    ptext = _drop_chrome(tree)
    lines = _render(_widen_to_headline(tree, _main_container(tree, ptext), ptext))
    if meta.h1 and meta.h1 not in lines:  # the headline often sits outside the article
        lines.insert(0, meta.h1)

    paragraphs = clean_body(normalize_text("\n".join(lines)))
    title = meta.title or title_of(paragraphs)
    published = (
        meta.published
        or find_published(lines)
        or find_published(_around_line(page_lines, meta.h1), header_only=True)
        or meta.updated
    )
    return Page(
        text=PARAGRAPH_SEPARATOR.join(paragraphs),
        title=normalize_text(title) if title else None,
        url=meta.url,
        published=published,
    )


def _drop_chrome(tree: LexborHTMLParser) -> _ParagraphText:
    """Remove site chrome; returns the <p> text of every element of what is left."""
    doomed = [node for tag in CHROME_TAGS for node in tree.css(tag)]
    doomed += [node for node in tree.css("[class], [id], [role], [hidden], [style]") if _is_chrome(node)]
    ptext = _ParagraphText(tree.root, removable=doomed)
    total = ptext.of(tree.body or tree.root)
    for node in doomed:  # in turn: a node is judged without the chrome already taken out of it
        if not _holds_article(node, total, ptext):
            ptext.remove(node)
            node.decompose()
    return ptext


def _is_chrome(node: LexborNode) -> bool:
    if node.tag in ("html", "body", "main", "article"):
        return False
    attrs = node.attributes
    names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
    style = (attrs.get("style") or "").replace(" ", "").lower()
    return (
        any(word in names for word in CHROME_CLASS_WORDS)
        or (attrs.get("role") or "").lower() in CHROME_ROLES
        or "hidden" in attrs
        or "display:none" in style
    )


def _holds_article(node: LexborNode, total_p_text: int, ptext: _ParagraphText) -> bool:
    """Some sites wrap the whole page in a <form> or a 'menu-open' div: keep those."""
    if ptext.has_article(node):
        return True
    return total_p_text > 0 and ptext.of(node) > total_p_text / 2


def _main_container(tree: LexborHTMLParser, ptext: _ParagraphText) -> LexborNode:
    root = tree.body or tree.root
    total = ptext.of(root)
    for selector in ("article", "[itemprop=articleBody]"):
        best = max(tree.css(selector), key=ptext.of, default=None)
        if best is not None and best.text(strip=True) and ptext.of(best) >= _MIN_CONTAINER_SHARE * total:
            return best
    return _densest_paragraph_parent(tree, ptext) or root


def _widen_to_headline(tree: LexborHTMLParser, container: LexborNode, ptext: _ParagraphText) -> LexborNode:
    """Take in the headline and lead when they sit just outside the article element.

    Many sites put <h1> and the lead paragraph above a body-only element. The
    nearest element holding both is used, unless it holds much more text
    (then it is a page column, not the article).
    """
    headline = tree.css_first("h1")
    if headline is None:
        return container
    ancestors = {node.mem_id: node for node in _ancestors(headline)}
    if container.mem_id in ancestors:
        return container
    common = next((node for node in _ancestors(container) if node.mem_id in ancestors), None)
    if common is None or common.tag in ("html", "body"):
        return container
    inside = ptext.of(container)
    if ptext.of(common) - inside > max(_MAX_WIDENING * inside, _MAX_LEAD_CHARS):
        return container
    return common


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    current = node.parent
    while current is not None:
        yield current
        current = current.parent


def _densest_paragraph_parent(tree: LexborHTMLParser, ptext: _ParagraphText) -> LexborNode | None:
    scores: dict[int, tuple[LexborNode, int]] = {}
    for paragraph in tree.css("p"):
        parent = paragraph.parent
        if parent is None:
            continue
        _, score = scores.get(parent.mem_id, (parent, 0))
        scores[parent.mem_id] = (parent, score + ptext.own(paragraph))
    if not scores:
        return None
    return max(scores.values(), key=lambda pair: pair[1])[0]


class _ParagraphText:
    """For the elements of a tree, the length of the text of the <p> in each, itself included (as
    css() includes it), each <p> stripped as text(strip=True) strips it, so that a <p> inside
    another counts in both; kept right while chrome is removed.

    Each element is asked for it, as long as that looks over each <p> a few times at most. With
    <p> nested in <p>, or nested chrome, that took one walk per level (minutes for a few thousand
    levels): then the figures come from one walk of the tree. A text node t of stripped length
    len(t) under P(t) <p> counts len(t) * (P(t) - P(e)) in an element e that has P(e) <p> strictly
    above it, so e's figure comes from two sums over its subtree, which is one range of positions
    in document order. A subtree removed is recorded, with its sums then, at its first position,
    in a Fenwick tree over the positions of the elements that may be removed; the sums of a range
    are its sums in the walk less those recorded in it. A removed element and those under it are
    detached (no parent): nothing is left in them. The sums are kept for the elements that may be
    asked about (those that may be removed, <p> and their parents, articles, the root and
    <body>); any other is asked itself.
    """

    # The <p> looked over by asking elements, as a multiple of those in the tree, before the walk.
    _ASKED_PER_PARAGRAPH = 4

    def __init__(self, root: LexborNode, removable: list[LexborNode]) -> None:
        self.root, self.removable = root, removable
        self.kept: dict[int, list[int]] | None = None  # once walked: mem_id -> figures (see _walk)
        self.looked_over = 0
        self.may_look_over = self._ASKED_PER_PARAGRAPH * len(root.css("p")) + 256
        if root.css_first("p p") is not None:
            self._walk()

    def _ask(self, count: int) -> bool:
        """Whether elements may still be asked, `count` <p> more; if not, the tree is walked."""
        self.looked_over += count
        if self.kept is None and self.looked_over > self.may_look_over:
            self._walk()
        return self.kept is None

    def _walk(self) -> None:
        root, removable = self.root, self.removable
        # mem_id -> [first position, last position, <p> strictly above, sum of len(t),
        # sum of len(t) * P(t), elements matching _ARTICLE_SELECTOR in it, whether it matches]
        self.kept = kept = {}
        articles = {node.mem_id for node in root.css(_ARTICLE_SELECTOR)}
        asked = {node.mem_id for node in removable} | articles | {node.mem_id for node in root.css("p, body")}
        asked.add(root.mem_id)
        # The elements around the node reached: mem_id, position, P (<p> around and itself), sums, kept
        ids: list[int] = []
        at: list[int] = []
        ps: list[int] = []
        sums: list[list[int]] = []
        keep: list[bool] = []
        position = 0

        def close_to(parent: int | None) -> None:
            while ids and ids[-1] != parent:
                node_id, first, p, found = ids.pop(), at.pop(), ps.pop(), sums.pop()
                if sums:
                    into = sums[-1]
                    into[0] += found[0]
                    into[1] += found[1]
                    into[2] += found[2]
                if keep.pop():
                    is_p = int(p > (ps[-1] if ps else 0))
                    kept[node_id] = [first, position - 1, p - is_p, *found, int(node_id in articles)]

        for node in root.traverse(include_text=True):
            tag = node.tag
            if tag == "-text":
                if not ps or not ps[-1]:  # under no <p>: counts in no element
                    continue
                length = len((node.text_content or "").strip())
                if length:
                    close_to(node.parent.mem_id)
                    found = sums[-1]
                    found[0] += length
                    found[1] += length * ps[-1]
                continue
            if not tag or tag.startswith(("-", "_", "!")):  # comments, doctype
                continue
            node_id = node.mem_id
            if ids:
                close_to(node.parent.mem_id)
            if tag == "p" and keep:
                keep[-1] = True  # a <p>'s parent may be the article
            ids.append(node_id)
            at.append(position)
            ps.append((ps[-1] if ps else 0) + (tag == "p"))
            sums.append([0, 0, int(node_id in articles)])
            keep.append(node_id in asked)
            position += 1
        close_to(None)
        self._positions = sorted({kept[n.mem_id][0] for n in removable if n.mem_id in kept})
        self._removed = [[0, 0, 0] for _ in range(len(self._positions) + 1)]  # Fenwick tree, 1-based

    def of(self, node: LexborNode) -> int:
        """sum(len(p.text(strip=True)) for p in node.css("p")) in the tree as it is now."""
        if self.kept is None:
            paragraphs = node.css("p")
            if self._ask(len(paragraphs)):
                return sum(len(p.text(strip=True)) for p in paragraphs)
        record = self.kept.get(node.mem_id)
        if record is None:
            return sum(len(p.text(strip=True)) for p in node.css("p"))
        if node.parent is None:  # removed, or inside what was
            return 0
        chars, weighted, _ = self._sums(record)
        return weighted - record[2] * chars

    def own(self, paragraph: LexborNode) -> int:
        """len(paragraph.text(strip=True)) in the tree as it is now."""
        record = None if self.kept is None and self._ask(1) else self.kept.get(paragraph.mem_id)
        if record is None:
            return len(paragraph.text(strip=True))
        return 0 if paragraph.parent is None else self._sums(record)[0]

    def has_article(self, node: LexborNode) -> bool:
        """node.css_first(_ARTICLE_SELECTOR) is not None, in the tree as it is now."""
        record = None if self.kept is None and self._ask(1) else self.kept.get(node.mem_id)
        if record is None:
            return node.css_first(_ARTICLE_SELECTOR) is not None
        if node.parent is None:
            return bool(record[6])
        return self._sums(record)[2] > 0

    def remove(self, node: LexborNode) -> None:
        """Record that the subtree of `node`, one of `removable`, is about to be removed from the tree."""
        record = None if self.kept is None else self.kept.get(node.mem_id)
        if record is None or node.parent is None:
            return
        sums = self._sums(record)
        k = bisect.bisect_left(self._positions, record[0]) + 1
        while k < len(self._removed):
            into = self._removed[k]
            into[0] += sums[0]
            into[1] += sums[1]
            into[2] += sums[2]
            k += k & -k

    def _sums(self, record: list[int]) -> list[int]:
        lo = self._removed_before(bisect.bisect_left(self._positions, record[0]))
        hi = self._removed_before(bisect.bisect_right(self._positions, record[1]))
        return [total - (h - l) for total, h, l in zip(record[3:6], hi, lo)]

    def _removed_before(self, k: int) -> list[int]:
        """Sums recorded at the first k positions of self._positions."""
        sums = [0, 0, 0]
        while k > 0:
            found = self._removed[k]
            sums[0] += found[0]
            sums[1] += found[1]
            sums[2] += found[2]
            k -= k & -k
        return sums


def _render(node: LexborNode) -> list[str]:
    """Text of `node`, one line per block element; iterative, so deep nesting is fine."""
    lines: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        line = " ".join("".join(buffer).split())
        if line:
            lines.append(line)
        buffer.clear()

    stack: list[tuple[LexborNode, bool]] = [(node, False)]
    while stack:
        current, closing = stack.pop()
        if closing:
            flush()
            continue
        tag = current.tag
        if tag == "-text":
            buffer.append(current.text_content or "")
            continue
        if tag == "br":
            flush()
            continue
        if not tag or tag.startswith(("-", "_", "!")):  # comments, doctype
            continue
        if tag in BLOCK_TAGS:
            flush()
            stack.append((current, True))
        children = list(current.iter(include_text=True))
        stack.extend((child, False) for child in reversed(children))
    flush()
    return lines


def _around_line(lines: list[str], headline: str | None) -> list[str]:
    """`lines` from just above the headline on: the page header around it holds the date."""
    if headline and headline in lines:
        return lines[max(0, lines.index(headline) - _HEADER_LINES_ABOVE_H1) :]
    return lines
