"""Tests of the input adapters (package `loaders`)."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from kg.model import Document, LoadError
from loaders import iter_documents
from loaders.dates import find_published, normalize_date
from legacy_text import encode_cp1258

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "news"


ARTICLE = (
    "Tại Thủ đô Wellington, New Zealand, Thủ tướng Phạm Minh Chính và Thủ tướng New Zealand "
    "Christopher Luxon cùng dự lễ trao các văn kiện hợp tác của hai nước."
)
MORE = (
    "Hai bên nhất trí thúc đẩy hợp tác kinh tế, thương mại và đầu tư, đồng thời tăng cường "
    "giao lưu nhân dân và hợp tác giáo dục giữa các địa phương của hai nước trong thời gian tới."
)


def load(*paths, **kwargs) -> list[Document | LoadError]:
    return list(iter_documents([str(p) for p in paths], **kwargs))


def load_one(path, **kwargs) -> Document:
    items = load(path, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], Document), items[0]
    return items[0]


def load_error(path, **kwargs) -> LoadError:
    items = load(path, **kwargs)
    assert len(items) == 1, items
    assert isinstance(items[0], LoadError), items[0]
    return items[0]


def paragraphs(doc: Document) -> list[str]:
    return doc.text.split("\n\n")


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def html_page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


# --- the sample pages -------------------------------------------------------------


def test_d001_title_date_and_body_without_furniture():
    doc = load_one(EXAMPLES / "d001.txt")
    assert doc.name == "d001"
    assert doc.source == str(EXAMPLES / "d001.txt")
    assert doc.title == "Công tác ngoại vụ được triển khai đồng bộ, rộng khắp"
    assert doc.published == "2016-08-13"
    assert "Thứ trưởng Ngoại giao Lê Hoài Trung trả lời phỏng vấn báo chí." in doc.text
    for furniture in (
        "(Ảnh: Tuấn Anh/TGVN)",
        "Theo dõi Baoquocte.vn",
        "TIN LIÊN QUAN",
        "Xem nhiều",
        "Đọc thêm",
        "tin nhap",
        "Thứ trưởng Bùi Thanh Sơn cho rằng",  # a teaser snippet of another article
        "Nhận định Brentford",  # after the end of the article
        "Phiên bản di động",
    ):
        assert furniture not in doc.text, furniture
    assert paragraphs(doc)[-1].startswith("Tôi tin tưởng rằng")  # byline "B.C" gone


def test_d001_keeps_paragraph_structure():
    doc = load_one(EXAMPLES / "d001.txt")
    paras = paragraphs(doc)
    assert paras[0] == doc.title
    assert paras[1].startswith("Trả lời phỏng vấn báo chí, Thứ trưởng Lê Hoài Trung")
    assert all(p and p == p.strip() and "\n" not in p for p in paras)
    # an indented paragraph of the page comes out stripped
    assert any(p.startswith("Trong thời gian tới, trong bối cảnh") for p in paras)


def test_d002_title_and_byline():
    doc = load_one(EXAMPLES / "d002.txt")
    assert doc.title == "Ngoại giao vaccine - mũi tiến công bứt phá"
    paras = paragraphs(doc)
    assert "Thu Trang" not in paras
    assert paras[1].startswith("Năm qua có lẽ là một năm đặc biệt ấn tượng")
    assert "Đại sứ quán Việt Nam tại Australia họp bàn triển khai ngoại giao vaccine." in paras
    assert "(Nguồn: ĐSQ VN tại Australia)" not in doc.text
    assert "Tin liên quan" not in doc.text
    assert "Bài viết cùng chủ đề" not in doc.text
    # teaser pairs of other articles before the end marker are gone
    assert "Phó Thủ tướng Thường trực Phạm Bình Minh: Đối ngoại tiên phong" not in doc.text
    # the title appears once: its copy used as photo alt text is dropped
    assert doc.text.count(doc.title) == 1
    assert doc.published is None


# --- text pages: furniture, credits, bylines -------------------------------------


def test_text_page_credits_bylines_and_labels(tmp_path):
    page = write(
        tmp_path / "p.txt",
        "Tin tức\n\n"
        "Thủ tướng tiếp Đại sứ Nhật Bản\n\n"
        "Thứ ba, 14/03/2023 - 20:10\n\n"
        "Bảo An\n"
        f"{ARTICLE}\n"
        "Thủ tướng phát biểu tại buổi tiếp. Ảnh: VGP/Hải Minh\n"
        "Hai bên trao đổi về hợp tác. Ảnh: VOV |\n"
        "Toàn cảnh buổi lễ. (Nguồn: TTXVN)\n"
        "Ảnh: TTXVN\n"
        "Chia sẻ\n"
        "In bài\n"
        "Xem thêm: Một bài khác của trang\n"
        f"{MORE}\n"
        "H.O - N.Đ\n"
        "(0) Bình luận\n"
        "Nổi bật Báo Quảng Nam\n"
        "Mới nhất\n",
    )
    doc = load_one(page)
    assert doc.title == "Thủ tướng tiếp Đại sứ Nhật Bản"
    assert doc.published == "2023-03-14"
    assert paragraphs(doc) == [
        "Thủ tướng tiếp Đại sứ Nhật Bản",
        ARTICLE,
        "Thủ tướng phát biểu tại buổi tiếp.",
        "Hai bên trao đổi về hợp tác.",
        "Toàn cảnh buổi lễ.",
        MORE,
    ]


def test_outlet_tag_and_closing_source_line(tmp_path):
    doc = load_one(write(tmp_path / "p.txt", f"(TBTCO) - {ARTICLE}\n{MORE}\nTheo TTXVN\n"))
    assert paragraphs(doc) == [ARTICLE, MORE]
    assert doc.title is None  # the page opens with its lead sentence, not a headline


def test_photo_alt_text_above_a_credited_caption_is_dropped(tmp_path):
    page = write(
        tmp_path / "p.txt",
        f"Tiêu đề\n\n{ARTICLE}\n"
        "Động đất Nhật Bản\n"  # alt text of the photo
        "Nhà thể thao nơi lao động lánh nạn. (Nguồn: TTXVN)\n\n"
        f"{MORE}\n",
    )
    caption = "Nhà thể thao nơi lao động lánh nạn."
    assert paragraphs(load_one(page)) == ["Tiêu đề", ARTICLE, caption, MORE]


def test_title_repeated_right_after_title_is_dropped(tmp_path):
    page = write(tmp_path / "p.txt", f"Hai nước ký kết hiệp định\nHai nước ký kết hiệp định\n\n{ARTICLE}\n")
    assert paragraphs(load_one(page)) == ["Hai nước ký kết hiệp định", ARTICLE]


def test_stamped_teaser_block_is_dropped_but_stamped_caption_kept(tmp_path):
    page = write(
        tmp_path / "p.txt",
        "Tiêu đề bài báo về đối ngoại\n\n"
        f"{ARTICLE}\n"
        "TIN LIÊN QUAN\n"
        "tin nhap 20200716101010 Một bài khác về ngoại giao\n"
        "tin nhap 20200716101010\n"
        "Đại sứ phát biểu tại buổi lễ. (Ảnh: Tuấn Anh/TGVN)\n\n"
        f"{MORE}\n\n"
        "tin nhap 20200716101010\n"
        "Tiêu đề của một bài khác\n\n"
        "Đoạn trích của bài khác ...\n",
    )
    doc = load_one(page)
    assert paragraphs(doc) == [
        "Tiêu đề bài báo về đối ngoại",
        ARTICLE,
        "Đại sứ phát biểu tại buổi lễ.",
        MORE,
    ]
    assert doc.published == "2020-07-16"


def test_teaser_pairs_and_end_marker(tmp_path):
    page = write(
        tmp_path / "p.txt",
        f"Tiêu đề\n\n{ARTICLE}\n\n"
        "Tiêu đề của bài khác\n\nTiêu đề của bài khác\n\nĐoạn trích của bài khác …\n\n"
        f"{MORE}\n\nĐọc thêm\n\nBài sau điểm kết thúc\n\n{ARTICLE}\n",
    )
    assert paragraphs(load_one(page)) == ["Tiêu đề", ARTICLE, MORE]


def test_end_marker_above_the_article_is_a_menu_entry(tmp_path):
    page = write(tmp_path / "p.txt", f"Xem nhiều\nTiêu đề\n\n{ARTICLE}\n\n{MORE}\n")
    assert paragraphs(load_one(page)) == ["Tiêu đề", ARTICLE, MORE]


def test_text_is_nfc_with_plain_spaces_and_newlines(tmp_path):
    text = f"Tiêu đề\r\n\r\nBộ\u00a0Ngoại giao Việt Nam. {ARTICLE}\r\n"
    doc = load_one(write(tmp_path / "nfd.txt", unicodedata.normalize("NFD", text)))
    assert unicodedata.is_normalized("NFC", doc.text)
    assert "\r" not in doc.text and "\u00a0" not in doc.text
    assert "Bộ Ngoại giao Việt Nam" in doc.text
    assert doc.title == "Tiêu đề"


def test_page_without_body_after_cleaning_is_an_error(tmp_path):
    page = write(tmp_path / "chrome.txt", "Theo dõi Baoquocte.vn trên\nChia sẻ\nPhiên bản di động\n")
    assert "no body text" in load_error(page).reason


# --- publication dates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("tin nhap 20160813085511", "2016-08-13"),
        ("Thứ tư, 28/07/2021", "2021-07-28"),
        ("Thứ ba, 14/03/2023 - 20:10", "2023-03-14"),
        ("Thứ Tư, 28/7/2021, 10:05 (GMT+7)", "2021-07-28"),
        ("Cập nhật: 16/07/2020", "2020-07-16"),
        ("Ngày đăng: 05/01/2019 08:00", "2019-01-05"),
        ("H.O - N.Đ 03/07/2018 09:26", "2018-07-03"),
        ("03/07/2018 09:26", "2018-07-03"),
        ("2021-07-28", "2021-07-28"),
        ("Cập nhật: 03/2024", "2024-03"),
    ],
)
def test_date_patterns_in_page_header(line, expected):
    assert find_published(["Tiêu đề bài báo", "", line, "", ARTICLE]) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "Sáng 11/3, tại Thủ đô Wellington, hai Thủ tướng đã chứng kiến lễ ký kết các văn kiện.",
        "Chiều ngày 1/1/2024, hơn 20 trận động đất mạnh đã xảy ra dọc bờ biển phía Tây Nhật Bản.",
        "Ngày 22/3/2016, Đại sứ quán liên hệ với các cơ quan chức năng của Bỉ.",
    ],
)
def test_dates_inside_sentences_are_not_publication_dates(sentence):
    assert find_published(["Tiêu đề bài báo", sentence, ARTICLE]) is None


def test_header_date_wins_and_teaser_dates_are_ignored():
    lines = ["Tiêu đề", "Thứ tư, 28/07/2021", ARTICLE, "Cập nhật: 01/08/2021", MORE]
    assert find_published(lines) == "2021-07-28"
    assert find_published(["Tiêu đề", ARTICLE, "Cập nhật: 01/08/2021"]) == "2021-08-01"
    assert find_published(["Tiêu đề", ARTICLE, "Xem nhiều", "Thứ hai, 02/02/2022"]) is None


def test_normalize_date_values():
    assert normalize_date("2021-07-28T10:05:00+07:00") == "2021-07-28"
    assert normalize_date("2024-03") == "2024-03"
    assert normalize_date("28/07/2021 10:05") == "2021-07-28"
    assert normalize_date("Wed, 28 Jul 2021 10:05:00 +0700") == "2021-07-28"
    assert normalize_date("2021-02-30") is None
    assert normalize_date("không rõ") is None


# --- encodings and bad files -------------------------------------------------------


def test_utf16_file(tmp_path):
    doc = load_one(write(tmp_path / "u16.txt", f"Tiêu đề tiếng Việt\n\n{ARTICLE}\n".encode("utf-16")))
    assert doc.title == "Tiêu đề tiếng Việt"
    assert ARTICLE in doc.text


def test_utf8_bom_file(tmp_path):
    doc = load_one(write(tmp_path / "bom.txt", f"Tiêu đề\n{ARTICLE}".encode("utf-8-sig")))
    assert doc.title == "Tiêu đề"


@pytest.mark.parametrize(
    ("title", "body"),
    [
        # short: charset-normalizer alone reads this one as a Baltic code page
        ("Việt Nam", "Tối 9/12, tại trụ sở Bộ Ngoại giao."),
        ("Phó Thủ tướng Phạm Bình Minh tiếp Bộ trưởng Ngoại giao Indonesia", ARTICLE),
    ],
)
def test_windows_1258_file(tmp_path, title, body):
    raw = encode_cp1258(f"{title}\n\n{body}\n")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    doc = load_one(write(tmp_path / "cp1258.txt", raw))
    assert doc.title == title
    assert body in doc.text
    assert unicodedata.is_normalized("NFC", doc.text)


def test_windows_1258_that_is_valid_utf8_by_accident(tmp_path):
    # "ỳ" is "y" and the combining byte 0xCC; "…" is 0x85; together, 0xCC 0x85 is UTF-8 for U+0305
    raw = encode_cp1258("Oregon, Hoa Kỳ…")
    assert raw.decode("utf-8").endswith("y\u0305")
    doc = load_one(write(tmp_path / "accident.txt", raw))
    assert doc.text == "Oregon, Hoa Kỳ…"


def test_empty_file(tmp_path):
    assert "empty" in load_error(write(tmp_path / "empty.txt", b"")).reason
    assert "empty" in load_error(write(tmp_path / "blank.txt", b" \n\n\t\n")).reason


def test_binary_file(tmp_path):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    assert load_error(write(tmp_path / "image.txt", png)).reason == "binary file"


def test_missing_file():
    error = load_error("/nonexistent/dir/page.txt")
    assert error.source == "/nonexistent/dir/page.txt"
    assert "no such file" in error.reason


def test_file_over_max_bytes(tmp_path):
    page = write(tmp_path / "big.txt", "Tiêu đề\n" + ARTICLE * 10)
    assert "too large" in load_error(page, max_bytes=100).reason
    assert isinstance(load(page, max_bytes=100_000)[0], Document)


def test_explicit_unknown_extension_is_reported_unread(tmp_path):
    error = load_error(write(tmp_path / "page.md", f"Tiêu đề\n\n{ARTICLE}"))
    assert error.reason.startswith("not a news page (.md); kg reads .txt, .html, .htm and .jsonl")
    assert load_one(write(tmp_path / "page", f"Tiêu đề\n\n{ARTICLE}")).name == "page"  # no extension: text


# --- HTML ------------------------------------------------------------------------------

HTML_HEAD = """
<meta charset="utf-8">
<title>Hai nước tăng cường hợp tác - Báo Thế giới và Việt Nam</title>
<meta property="og:title" content="Hai nước tăng cường hợp tác - Báo Thế giới và Việt Nam">
<meta property="og:site_name" content="Báo Thế giới và Việt Nam">
<meta property="og:url" content="https://example.vn/og-url.html">
<meta property="article:published_time" content="2021-07-28T10:05:00+07:00">
<meta property="og:updated_time" content="2021-08-01T00:00:00+07:00">
<link rel="canonical" href="https://Example.VN/hai-nuoc-tang-cuong-hop-tac.html#top">
<script>var menu = "Trang chủ";</script>
<style>.x { color: red }</style>
"""
HTML_BODY = """
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/thoi-su">Thời sự</a></li></ul></nav>
<div class="main-menu"><a href="/the-gioi">Thế giới</a></div>
<article>
  <h1>Hai nước tăng cường hợp tác</h1>
  <p class="sapo">Sáng 28/7, Bộ trưởng Ngoại giao hai nước đã hội đàm tại Hà Nội.</p>
  <div class="share-buttons"><a>Facebook</a><a>Zalo</a></div>
  <p>Hai bên nhất trí thúc đẩy <b>hợp tác kinh tế</b>, thương mại,<br>và giao lưu nhân dân.</p>
  <figure><img src="a.jpg" alt="Ảnh">
    <figcaption>Hai Bộ trưởng tại hội đàm. (Ảnh: Tuấn Anh/TGVN)</figcaption></figure>
  <p>Hai bên cũng trao đổi về các vấn đề quốc tế và khu vực cùng quan tâm.</p>
  <div class="related-news"><a>Một bài khác của trang</a></div>
  <p>Thu Trang</p>
</article>
<aside><h3>Xem nhiều</h3><p>Tin khác hoàn toàn không liên quan</p></aside>
<footer>Bản quyền thuộc về tòa soạn</footer>
"""


def test_html_page_with_meta_article_and_nav(tmp_path):
    doc = load_one(write(tmp_path / "page.html", html_page(HTML_BODY, HTML_HEAD)))
    assert doc.name == "page"
    assert doc.url == "https://Example.VN/hai-nuoc-tang-cuong-hop-tac.html#top"  # canonical first
    assert doc.title == "Hai nước tăng cường hợp tác"
    assert doc.published == "2021-07-28"
    assert paragraphs(doc) == [
        "Hai nước tăng cường hợp tác",
        "Sáng 28/7, Bộ trưởng Ngoại giao hai nước đã hội đàm tại Hà Nội.",
        "Hai bên nhất trí thúc đẩy hợp tác kinh tế, thương mại,",
        "và giao lưu nhân dân.",
        "Hai Bộ trưởng tại hội đàm.",
        "Hai bên cũng trao đổi về các vấn đề quốc tế và khu vực cùng quan tâm.",
    ]
    for chrome in ("Trang chủ", "Thế giới", "Zalo", "Một bài khác", "Tin khác", "Bản quyền", "color"):
        assert chrome not in doc.text, chrome


def test_html_headline_and_lead_outside_the_article_element(tmp_path):
    body = (
        "<div class='sidebar'><article><h3>Tin khác</h3><p>Thứ hai, 01/01/2020</p></article></div>"
        "<div class='detail'><span class='date'>Thứ Tư, 28/7/2021, 10:05 (GMT+7)</span>"
        f"<h1>Hai nước tăng cường hợp tác</h1><p class='lead'>{ARTICLE}</p>"
        f"<article class='content'><p>{MORE}</p><p>{MORE} {ARTICLE}</p></article></div>"
    )
    doc = load_one(write(tmp_path / "a.html", html_page(body, "<title>Tin | VnExpress</title>")))
    assert doc.title == "Hai nước tăng cường hợp tác"
    assert doc.published == "2021-07-28"
    assert paragraphs(doc) == ["Hai nước tăng cường hợp tác", ARTICLE, MORE, f"{MORE} {ARTICLE}"]


def test_html_title_and_date_fallbacks(tmp_path):
    no_og = html_page(
        "<main><h1>Hợp tác Việt - Lào</h1><div class='meta'>Thứ ba, 14/03/2023 - 20:10</div>"
        f"<p>{ARTICLE}</p></main>",
        "<title>Hợp tác Việt - Lào - Báo Quảng Nam</title>",
    )
    doc = load_one(write(tmp_path / "a.html", no_og))
    assert doc.title == "Hợp tác Việt - Lào"
    assert doc.published == "2023-03-14"
    assert "14/03/2023" not in doc.text

    json_ld = '{"@graph": [{"@type": "NewsArticle", "datePublished": "2018-07-03T09:26:00+07:00"}]}'
    title_only = html_page(
        f"<div><p>{ARTICLE}</p></div>",
        "<title>Hợp tác Việt - Lào | baoquangnam.vn</title>"
        f'<script type="application/ld+json">{json_ld}</script>',
    )
    doc = load_one(write(tmp_path / "b.htm", title_only))
    assert doc.title == "Hợp tác Việt - Lào"
    assert doc.published == "2018-07-03"
    assert doc.url is None


def test_truncated_html_gives_its_text(tmp_path):
    truncated = (
        "<html><head><title>Tin</title></head><body><article><h1>Đoàn đại biểu thăm Nhật Bản</h1>"
        f"<p>{ARTICLE}</p><p>Đoàn cũng đã đến thăm, làm việc với các cơ quan đại diện của Việt"
    )
    doc = load_one(write(tmp_path / "cut.html", truncated))
    assert doc.title == "Đoàn đại biểu thăm Nhật Bản"
    assert ARTICLE in doc.text
    assert doc.text.endswith("làm việc với các cơ quan đại diện của Việt")


def test_txt_file_holding_html_is_parsed_as_html(tmp_path):
    doc = load_one(write(tmp_path / "saved.txt", html_page(f"<article><p>{ARTICLE}</p></article>")))
    assert doc.text == ARTICLE


# --- markup that would keep lexbor's tree builder busy for minutes: refused, with the reason ------

HEADED_ARTICLE = f"<article><h1>Hai nước tăng cường hợp tác</h1><p>{ARTICLE}</p></article>"


def test_html_nested_deeper_than_the_limit_is_refused_and_up_to_it_read(tmp_path):
    from loaders.html_cost import MAX_HTML_DEPTH

    def nested(levels: int) -> str:
        return html_page("<div>" * levels + HEADED_ARTICLE + "</div>" * levels)

    deep = write(tmp_path / "deep.html", nested(200_000))  # 2.4 MB: 100 s of parsing before
    assert load_error(deep).reason == f"HTML nested deeper than {MAX_HTML_DEPTH} elements"
    # <html>, <body>, the <div>s, <article> and <p>: MAX_HTML_DEPTH elements deep at most
    doc = load_one(write(tmp_path / "limit.html", nested(MAX_HTML_DEPTH - 4)))
    assert paragraphs(doc) == ["Hai nước tăng cường hợp tác", ARTICLE]
    assert load_error(write(tmp_path / "over.html", nested(MAX_HTML_DEPTH - 3))).reason == deep_reason(MAX_HTML_DEPTH)
    # unclosed tags nest as deep as closed ones; closed siblings do not nest at all
    unclosed = html_page(HEADED_ARTICLE + "<div><span>x" * 100_000)
    assert load_error(write(tmp_path / "unclosed.html", unclosed)).reason == deep_reason(MAX_HTML_DEPTH)
    siblings = html_page(HEADED_ARTICLE + "<div><span>x</span></div>" * 20_000)
    assert ARTICLE in load_one(write(tmp_path / "siblings.html", siblings)).text


def deep_reason(limit: int) -> str:
    return f"HTML nested deeper than {limit} elements"


@pytest.mark.parametrize("markup, cause", [
    # formatting tags closed around by </div>, opened again before each text: 9 million elements
    ("<div>" + "".join(f"<b id={i}>" for i in range(3000)) + "</div>" + "<p>x</p>" * 3000,
     "misnested formatting tags"),
    ("".join(f"<p><b class=c{i}>x" for i in range(4000)), "misnested formatting tags"),
    ("<select>" + "<option>Hà Nội" * 50_000 + "</select>", "a long <select>"),  # lexbor looks the options over
    ("<div " + " ".join(f"data-a{i}=1" for i in range(50_000)) + ">x</div>", "tags with thousands of attributes"),
])
def test_html_too_costly_to_parse_is_refused_naming_the_cause(tmp_path, markup, cause):
    page = write(tmp_path / "costly.html", html_page(HEADED_ARTICLE + markup))
    assert load_error(page).reason == f"HTML too costly to parse ({cause})"


def test_costly_html_in_a_jsonl_line_is_refused_as_that_line(tmp_path):
    deep = html_page("<div>" * 100_000 + HEADED_ARTICLE)
    feed = write(tmp_path / "feed.jsonl", json.dumps({"id": "deep", "html": deep}) + "\n"
                 + json.dumps({"id": "ok", "html": html_page(HEADED_ARTICLE)}) + "\n")
    error, doc = load(feed)
    assert (error.source, error.reason) == (f"{feed}:1", "HTML nested deeper than 5000 elements")
    assert doc.name == "ok" and doc.text.endswith(ARTICLE)


def test_pages_nested_within_the_limit_keep_their_text(tmp_path):
    """Shapes whose tree walks took one walk per level of nesting (minutes for a few thousand):
    <p> nested in <p> through <button> or a table, chrome nested in chrome, datePublished in datePublished."""
    n = 1500
    shapes = {
        "buttons": f"<p>{ARTICLE}<button>" * n,
        "tables": f"<p>{ARTICLE}<table><td>" * (n // 2),  # no doctype: <table> leaves <p> open; 5 levels each
        "hidden": f"<p>{ARTICLE}</p><span hidden>" * n,
        "menus": f"<div class='menu'><p>{ARTICLE}</p>" * n,
        "dates": "<span itemprop=datePublished>Hà Nội " * n + "<span itemprop=datePublished>28/07/2021</span>"
                 + f"<p>{ARTICLE}</p>",
    }
    for name, body in shapes.items():
        doc = load_one(write(tmp_path / f"{name}.html", f"<html><body>{body}</body></html>"))
        assert ARTICLE in doc.text, name
    assert load_one(tmp_path / "dates.html").published == "2021-07-28"


def test_paragraph_text_of_every_element_is_what_each_would_give(tmp_path):
    """_ParagraphText against css('p') and text(strip=True) asked of each element, before and while
    chrome is removed, with the tree walked at each point: nested <p>, comments, blank text, removals."""
    from selectolax.lexbor import LexborHTMLParser

    from loaders.html import _ParagraphText

    pages = [
        f"<div id=a><p> {ARTICLE} <button><p>{MORE}<b> x </b></p></button></p><!-- c --><p>\n</p></div>"
        f"<nav id=b><p>Trang chủ</p><div id=c><p>{MORE}</p></div></nav><span id=d hidden><p>y</p></span>",
        f"<p>{ARTICLE}<table><td><p>{MORE}<table><td id=e><p>z</p></table></table><article id=f><p>w</p></article>",
        f"<div class=menu id=g><div class=menu id=h><p>{ARTICLE}</p><div class=menu id=i><p>q</p></div></div></div>",
    ]
    for html, walk_at in ((html, walk_at) for html in pages for walk_at in range(-1, 9)):
        tree = LexborHTMLParser(html)
        removable = [node for node in tree.css("[id]")]
        ptext = _ParagraphText(tree.root, removable=removable)  # asks each element, or walks the tree
        for step, removed in enumerate([None, *removable]):
            if step == walk_at:
                ptext._walk()  # the figures of one walk, from the tree as it is then
            if removed is not None:
                ptext.remove(removed)
                removed.decompose()
            for node in [tree.root, *tree.root.css("*"), *removable]:
                assert ptext.of(node) == sum(len(p.text(strip=True)) for p in node.css("p")), (html, node.id)
                assert ptext.has_article(node) == (node.css_first("article, [itemprop=articleBody]") is not None)
            for p in tree.css("p"):
                assert ptext.own(p) == len(p.text(strip=True))


# --- JSON lines ---------------------------------------------------------------------------


def test_jsonl_good_broken_and_textless_lines(tmp_path):
    good = {
        "id": "vov-1",
        "url": "https://vov.vn/a.html",
        "title": "Tiêu đề",
        "published": "2022-05-01",
        "text": ARTICLE,
    }
    path = write(
        tmp_path / "batch.jsonl",
        json.dumps(good, ensure_ascii=False)
        + '\n{"id": "x", "text": "không đóng\n'
        + '{"id": "y", "url": "https://vov.vn/b.html"}\n',
    )
    items = load(path)
    docs = [i for i in items if isinstance(i, Document)]
    errors = [i for i in items if isinstance(i, LoadError)]
    assert len(docs) == 1 and len(errors) == 2
    doc = docs[0]
    assert (doc.name, doc.source, doc.url, doc.title, doc.published) == (
        "vov-1",
        f"{path}:1",
        "https://vov.vn/a.html",
        "Tiêu đề",
        "2022-05-01",
    )
    assert doc.text == ARTICLE
    assert [e.source for e in errors] == [f"{path}:2", f"{path}:3"]
    assert "malformed JSON" in errors[0].reason
    assert "no text" in errors[1].reason


def test_jsonl_html_lines_default_names_and_blank_lines(tmp_path):
    html = html_page(
        f"<article><h1>Tiêu đề</h1><p>{ARTICLE}</p></article>",
        "<link rel='canonical' href='https://a.vn/x'>",
    )
    lines = [
        json.dumps({"html": html}),
        "",
        json.dumps({"text": f"Tiêu đề khác\n\n{ARTICLE}", "published": "28/07/2021"}),
        "[1, 2]",
    ]
    path = write(tmp_path / "pages.jsonl", "\n".join(lines) + "\n")
    first, second, third = load(path)
    assert (first.name, first.url, first.title) == ("pages-1", "https://a.vn/x", "Tiêu đề")
    assert (second.name, second.source, second.published) == ("pages-3", f"{path}:3", "2021-07-28")
    assert isinstance(third, LoadError) and third.source == f"{path}:4"


def test_jsonl_max_bytes_applies_per_line(tmp_path):
    small = json.dumps({"id": "small", "text": ARTICLE}, ensure_ascii=False)
    big = json.dumps({"id": "big", "text": ARTICLE * 50}, ensure_ascii=False)
    path = write(tmp_path / "mixed.jsonl", f"{big}\n{small}\n")
    error, doc = load(path, max_bytes=len(small.encode()) + 10)
    assert isinstance(error, LoadError) and error.source == f"{path}:1" and "max_bytes" in error.reason
    assert isinstance(doc, Document) and doc.name == "small"


def test_empty_jsonl(tmp_path):
    error = load_error(write(tmp_path / "none.jsonl", "\n\n"))
    assert error.source == str(tmp_path / "none.jsonl")
    assert "empty" in error.reason


# --- folders and ids ----------------------------------------------------------------------


def test_folder_walked_recursively_sorted_skipping_hidden_and_other_files(tmp_path):
    root = tmp_path / "tin tức"
    nested = root / "Đối ngoại 2024"
    write(root / "b.txt", f"Bài B\n\n{ARTICLE}")
    write(nested / "bài một.html", html_page(f"<article><h1>Bài một</h1><p>{ARTICLE}</p></article>"))
    write(nested / "sâu hơn" / "ghi chú", f"Không đuôi\n\n{ARTICLE}")
    write(root / "a.jsonl", json.dumps({"id": "j1", "text": ARTICLE}) + "\n")
    write(root / "ảnh.png", b"\x89PNG\x00\x00")
    write(root / "nhị phân", b"\x00\x01\x02\x03")
    write(root / ".hidden.txt", f"Ẩn\n\n{ARTICLE}")
    write(root / ".git" / "x.txt", f"Ẩn\n\n{ARTICLE}")
    items = load(root)
    assert all(isinstance(i, Document) for i in items), items
    assert [d.name for d in items] == ["j1", "b", "bài một", "ghi chú"]
    assert items[2].source == str(nested / "bài một.html")
    assert items[3].title == "Không đuôi"


def test_ids_are_stable(tmp_path):
    page = write(tmp_path / "p.txt", f"Tiêu đề\n\n{ARTICLE}")
    first, second = load_one(page), load_one(page)
    assert first.id == second.id
    assert first.id.startswith("article:") and len(first.id) == len("article:") + 16
    assert first.sha256 == second.sha256

    edited = write(tmp_path / "q.txt", f"Tiêu đề\n\n{ARTICLE} Thêm một câu.")
    assert load_one(edited).id != first.id  # without a url the id follows the text

    rows = [
        {"url": "https://Baoquocte.VN/bai-viet.html#binh-luan", "text": ARTICLE},
        {"url": " https://baoquocte.vn/bai-viet.html ", "text": f"{ARTICLE} Đã sửa."},
    ]
    path = write(tmp_path / "urls.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    a, b = load(path)
    assert a.id == b.id  # the same article with edited text keeps its id
    assert a.sha256 != b.sha256


# --- the dev set (skipped by the `dev_set` fixture of conftest.py when absent) ------------

DEV_FURNITURE = ("Theo dõi Baoquocte.vn", "Xem nhiều", "Phiên bản di động", "(Ảnh:", "(Nguồn:", "tin nhap")


def test_dev_dates_agree_with_gold(dev_set):
    docs = {d.name: d for d in load(dev_set / "docs") if isinstance(d, Document)}
    gold = {p.stem: json.loads(p.read_text(encoding="utf-8"))["date"] for p in (dev_set / "gold").glob("*.json")}
    assert docs, "no dev documents loaded"
    for name, doc in docs.items():
        if doc.published is not None:
            assert doc.published == gold.get(name), name
    for name in ("d001", "d007", "d008"):
        assert docs[name].published == gold[name], name


def test_dev_docs_have_no_known_furniture(dev_set):
    for doc in load(dev_set / "docs"):
        assert isinstance(doc, Document), doc
        for furniture in DEV_FURNITURE:
            assert furniture not in doc.text, (doc.name, furniture)


# --- reading the text: look-alike letters and hard-wrapped lines ---------------------


def test_eth_is_read_as_d_without_moving_offsets(tmp_path):
    text = "Ðoàn công tác của tỉnh Ðồng Nai tới thăm Lào.\n"
    doc = load_one(write(tmp_path / "eth.txt", text))
    assert "\u00d0" not in doc.text and "Đoàn công tác của tỉnh Đồng Nai" in doc.text
    assert len(doc.text) == len(text.strip())


def test_hard_wrapped_lines_of_one_paragraph_are_joined(tmp_path):
    text = ("Chiều 3/5, Phó Chủ tịch tỉnh đã tiếp đoàn doanh nghiệp, cùng dự có Bộ\n"
            "trưởng Bộ Công Thương và đại diện các sở ngành của tỉnh.\n"
            "Hai bên trao đổi về hợp tác thương mại.\n\n"
            "sau đó đoàn đi thăm khu công nghiệp.\n")
    parts = paragraphs(load_one(write(tmp_path / "wrap.txt", text)))
    assert any("cùng dự có Bộ trưởng Bộ Công Thương" in p for p in parts)
    assert any(p.startswith("Hai bên trao đổi") for p in parts)  # a capital opens a paragraph of its own
    assert any(p.startswith("sau đó đoàn") for p in parts)  # a blank line keeps the break


def test_format_characters_go_but_joiners_a_script_shapes_with_and_arabic_number_signs_stay():
    from loaders.read import normalize_text

    assert normalize_text("Bu\u200d\u0300i Th\u200eanh S\u202eơn\u2066") == "Bùi Thanh Sơn"
    for kept in ("می\u200cخواهم", "क्\u200dष", "👨\u200d👩", "\u0601\u0661\u0662"):  # Persian, Devanagari, emoji, Arabic
        assert normalize_text(kept) == unicodedata.normalize("NFC", kept)
