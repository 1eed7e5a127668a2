"""An HTML news page -> Page: metadata from the markup, body from the article element.

The article's block elements become lines, which then go through the same
cleaning as plain-text pages (teasers, credits and bylines look the same
once the tags are gone). Malformed or truncated markup is parsed by lexbor
the way a browser would, so whatever text is there comes out.
"""

from __future__ import annotations

from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser, LexborNode

from .clean import clean_body, title_of
from .dates import find_published
from .document import Page
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
# An element chosen as the article must hold this share of the page's <p> text.
_MIN_CONTAINER_SHARE = 0.33
# Widening the article to take in its headline may add at most this share of
# text, or, for a short article, about one lead paragraph.
_MAX_WIDENING = 0.5
_MAX_LEAD_CHARS = 600
# Date lines of a page header may sit this many lines above the <h1>.
_HEADER_LINES_ABOVE_H1 = 3


def parse_html_page(html: str) -> Page:
    tree = LexborHTMLParser(html)
    meta = read_meta(tree)

    tree.strip_tags(list(NON_CONTENT_TAGS))
    page_lines = _render(tree.body or tree.root)
    _drop_chrome(tree)
    lines = _render(_widen_to_headline(tree, _main_container(tree)))
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


def _drop_chrome(tree: LexborHTMLParser) -> None:
    total = _p_text_len(tree.body or tree.root)
    doomed = [node for tag in CHROME_TAGS for node in tree.css(tag)]
    doomed += [node for node in tree.css("[class], [id], [role], [hidden], [style]") if _is_chrome(node)]
    for node in doomed:
        if not _holds_article(node, total):
            node.decompose()


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


def _holds_article(node: LexborNode, total_p_text: int) -> bool:
    """Some sites wrap the whole page in a <form> or a 'menu-open' div: keep those."""
    if node.css_first("article, [itemprop=articleBody]") is not None:
        return True
    return total_p_text > 0 and _p_text_len(node) > total_p_text / 2


def _main_container(tree: LexborHTMLParser) -> LexborNode:
    root = tree.body or tree.root
    total = _p_text_len(root)
    for selector in ("article", "[itemprop=articleBody]"):
        best = max(tree.css(selector), key=_p_text_len, default=None)
        if best is not None and best.text(strip=True) and _p_text_len(best) >= _MIN_CONTAINER_SHARE * total:
            return best
    return _densest_paragraph_parent(tree) or root


def _widen_to_headline(tree: LexborHTMLParser, container: LexborNode) -> LexborNode:
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
    inside = _p_text_len(container)
    if _p_text_len(common) - inside > max(_MAX_WIDENING * inside, _MAX_LEAD_CHARS):
        return container
    return common


def _ancestors(node: LexborNode) -> Iterator[LexborNode]:
    current = node.parent
    while current is not None:
        yield current
        current = current.parent


def _densest_paragraph_parent(tree: LexborHTMLParser) -> LexborNode | None:
    scores: dict[int, tuple[LexborNode, int]] = {}
    for paragraph in tree.css("p"):
        parent = paragraph.parent
        if parent is None:
            continue
        _, score = scores.get(parent.mem_id, (parent, 0))
        scores[parent.mem_id] = (parent, score + len(paragraph.text(strip=True)))
    if not scores:
        return None
    return max(scores.values(), key=lambda pair: pair[1])[0]


def _p_text_len(node: LexborNode) -> int:
    return sum(len(p.text(strip=True)) for p in node.css("p"))


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
