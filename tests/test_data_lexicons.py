"""Checks of the general lexicons in kg/data: organizations, titles, honorifics (no network)."""
import csv
import re
import unicodedata

import pytest

from kg.resources import lexicon
from datafiles import DATA, load_table, split
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
ISO3 = re.compile(r"^[A-Z]{3}$")

HEADERS = {
    "organizations.tsv": ["id", "name", "aliases", "kind", "country", "name_en", "wikidata"],
    "titles.tsv": ["title", "variants", "gloss_en", "rank", "scope", "head_of_mission"],
    "honorifics.tsv": ["form", "variants", "gloss_en"],
}
# The cells holding names: (name column, multi-valued column) per file.
NAME_COLUMNS = {
    "organizations.tsv": ("name", "aliases"),
    "titles.tsv": ("title", "variants"),
    "honorifics.tsv": ("form", "variants"),
}
KINDS = {"agency", "state_body", "mission", "international", "party", "education", "company",
         "media", "other"}
SCOPES = {"country", "ministry", "mission", "organization", "party"}
NATIONAL_KINDS = {"agency", "state_body", "party"}


def load(name):
    return load_table(name, HEADERS[name])



def names(name, row):
    first, multi = NAME_COLUMNS[name]
    return [row[first], *split(row[multi])]


@pytest.fixture(scope="module", params=sorted(HEADERS))
def table(request):
    return request.param, load(request.param)


@pytest.fixture(scope="module")
def orgs():
    return load("organizations.tsv")


@pytest.fixture(scope="module")
def titles():
    return load("titles.tsv")


@pytest.fixture(scope="module")
def honorifics():
    return load("honorifics.tsv")


# -- every file ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_file_is_nfc_with_source_and_date(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text, f"{name} is not NFC"
    assert "\r" not in text
    comments = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert any(ln.startswith("# source:") for ln in comments), f"{name}: no '# source:' line"
    assert any(re.match(r"^# compiled: \d{4}-\d{2}-\d{2}$", ln) for ln in comments), name
    first = next(ln for ln in text.splitlines() if ln)
    assert first.startswith("#"), f"{name} must start with its comment lines"


def test_rows_present(table):
    name, rows = table
    assert len(rows) >= 50, f"{name}: only {len(rows)} rows"


def test_cells_stripped_and_nfc(table):
    name, rows = table
    for row in rows:
        for col, cell in row.items():
            assert cell == cell.strip(), f"{name}: {col} {cell!r} has outer spaces"
            assert unicodedata.normalize("NFC", cell) == cell, f"{name}: {cell!r} not NFC"
        for value in names(name, row):
            assert value, f"{name}: empty name or variant in {row}"
            assert value == value.strip() and "  " not in value, f"{name}: {value!r}"


def test_no_string_shared_by_two_rows(table):
    name, rows = table
    owner = {}
    for n, row in enumerate(rows):
        for value in names(name, row):
            assert owner.setdefault(value, n) == n, (
                f"{name}: {value!r} in rows {owner[value]} and {n}"
            )


def test_no_duplicate_within_row(table):
    name, rows = table
    for row in rows:
        values = names(name, row)
        assert len(values) == len(set(values)), f"{name}: repeated value in {values}"


# -- organizations -----------------------------------------------------------------------


def test_org_ids_unique_slugs(orgs):
    ids = [r["id"] for r in orgs]
    assert len(ids) == len(set(ids))
    for i in ids:
        assert SLUG.match(i), i


def test_org_kinds_and_countries(orgs):
    for r in orgs:
        assert r["kind"] in KINDS, r
        assert r["country"] == "" or ISO3.match(r["country"]), r
        if r["kind"] == "international":
            assert r["country"] == "", f"international body with a country: {r['id']}"
        if r["kind"] in NATIONAL_KINDS:
            assert r["country"], f"national body without a country: {r['id']}"
        assert r["name_en"], r["id"]


def test_org_wikidata(orgs):
    qids = [r["wikidata"] for r in orgs if r["wikidata"]]
    for q in qids:
        assert QID.match(q), q
    assert len(qids) == len(set(qids)), "one Wikidata id on two rows"


def test_org_aliases_are_not_lowercase_words(orgs):
    # matching is case-sensitive: an all-lower-case alias would match everyday words
    for r in orgs:
        for value in names("organizations.tsv", r):
            assert value != value.lower(), f"{r['id']}: lower-case name {value!r}"
    everything = {v for r in orgs for v in names("organizations.tsv", r)}
    for word in ("Đảng", "Thanh Niên", "Nhân Dân", "Nhân dân", "Chính trị"):
        assert word not in everything, word


def test_org_spot_checks(orgs):
    by_name = {v: r for r in orgs for v in names("organizations.tsv", r)}
    assert by_name["UNESCO"]["kind"] == "international"
    assert by_name["UNESCO"]["wikidata"] == "Q7809"
    assert by_name["Liên hợp quốc"]["id"] == "un"
    assert by_name["LHQ"]["id"] == "un"
    assert by_name["Bộ Chính trị"]["kind"] == "party"
    assert by_name["Bộ Chính trị"]["country"] == "VNM"
    assert by_name["ĐCSVN"]["name"] == "Đảng Cộng sản Việt Nam"
    assert by_name["Chính phủ"]["kind"] == "state_body"
    assert by_name["Cục Lãnh sự"]["kind"] == "agency"
    assert by_name["Cục Lãnh sự"]["country"] == "VNM"
    assert by_name["Học viện Ngoại giao"]["kind"] == "education"
    assert by_name["TTXVN"]["kind"] == "media"
    assert by_name["Báo Thanh Niên"]["kind"] == "media"
    assert by_name["APEC"]["name"] == by_name["Diễn đàn Hợp tác kinh tế châu Á-Thái Bình Dương"]["name"]
    assert by_name["ASEAN"]["country"] == ""


# -- titles ------------------------------------------------------------------------------


def test_title_scopes_and_ranks(titles):
    for r in titles:
        assert r["scope"] in SCOPES, r
        assert re.fullmatch(r"[1-9]", r["rank"]), r
        assert 1 <= int(r["rank"]) <= 9
        assert r["gloss_en"], r
        assert r["head_of_mission"] in ("", "yes"), r
        assert r["head_of_mission"] != "yes" or r["scope"] == "mission", r
    heads = {r["title"] for r in titles if r["head_of_mission"] == "yes"}
    # heads of mission, not their deputies or staff (kg query ambassadors lists their holders)
    assert {"Đại sứ", "Đại biện", "Tổng Lãnh sự", "Đại diện thường trực"} <= heads
    assert not heads & {"Phó Đại sứ", "Tham tán", "Tham tán Công sứ", "Công sứ", "Lãnh sự", "Phó Tổng Lãnh sự"}


def test_title_spot_checks(titles):
    by_form = {v: r for r in titles for v in names("titles.tsv", r)}
    assert by_form["Thứ trưởng"]["scope"] == "ministry"
    assert by_form["Đại sứ"]["scope"] == "mission"
    assert by_form["Chủ tịch nước"]["scope"] == "country"
    assert by_form["Chủ tịch"]["scope"] == "organization"
    assert by_form["Phó Thủ tướng"]["scope"] == "country"
    assert by_form["Tổng Bí thư"]["scope"] == "country"
    assert by_form["Bí thư"]["scope"] == "party"
    assert by_form["Ủy viên"]["scope"] == "party"
    assert by_form["Uỷ viên"]["title"] == "Ủy viên"
    assert by_form["Tuỳ viên"]["title"] == "Tùy viên"
    assert by_form["thủ tướng"]["title"] == "Thủ tướng"
    assert by_form["Chủ tịch nước"]["rank"] == "1"
    assert by_form["Thủ tướng"]["rank"] == "2"
    assert by_form["Bộ trưởng"]["rank"] == "4"
    assert by_form["Thứ trưởng"]["rank"] == "5"
    for compound in ("Phó Thủ tướng Thường trực", "Thứ trưởng Thường trực",
                     "Đại sứ đặc mệnh toàn quyền", "Trưởng Đại diện thường trú",
                     "Tổng Lãnh sự", "Phó Bí thư Thường trực"):
        assert by_form[compound]["title"] == compound


def body_names():
    """Names of bodies the extractor finds on their own after a title."""
    out = {v for r in load("organizations.tsv") for v in names("organizations.tsv", r)}
    path = DATA / "ministries_vn.tsv"
    if path.exists():
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines()
                 if ln and not ln.startswith("#")]
        for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
            for col in ("name", "variants", "short"):
                out.update(split(r.get(col) or ""))
    return out | {"Chính phủ", "Quốc hội", "Tỉnh ủy", "Thành ủy", "UBND", "HĐND", "Đảng"}


def test_titles_do_not_swallow_bodies(titles):
    # ANNOTATION.md: the title is recorded without its body ("Thứ trưởng Ngoại giao" is the title
    # "Thứ trưởng" of Bộ Ngoại giao), so a title row must not end with a body the extractor finds
    # after it. Exceptions: mission posts named by field (Tùy viên Quốc phòng) and titles that
    # share their last word with the body (Trưởng Ban | Ban Đối ngoại Trung ương).
    bodies = body_names()
    for r in titles:
        if r["scope"] == "mission":
            continue
        for form in names("titles.tsv", r):
            if form.lower().startswith(("trưởng ban ", "phó trưởng ban ")):
                continue
            words = form.split()
            for k in range(1, len(words)):
                tail = " ".join(words[k:])
                assert tail not in bodies, f"title {form!r} ends with the body {tail!r}"


def test_honorifics_not_titles(titles, honorifics):
    title_forms = {v for r in titles for v in names("titles.tsv", r)}
    for r in honorifics:
        for v in names("honorifics.tsv", r):
            assert v not in title_forms, f"{v!r} is both a title and an honorific"


# -- honorifics --------------------------------------------------------------------------


def test_honorific_spot_checks(honorifics):
    forms = {v: r for r in honorifics for v in names("honorifics.tsv", r)}
    for f in ("Ông", "ông", "Bà", "bà", "Ngài", "Đồng chí", "TS.", "GS.", "PGS.TS.", "Tiến sĩ",
              "Thạc sĩ", "Giáo sư", "Phó Giáo sư", "Đại tướng", "Thượng tướng", "Trung tướng",
              "Thiếu tướng", "Đại tá", "Thượng tá", "Nhà báo", "Nghệ sĩ Nhân dân", "Mr.", "Ms.",
              "Dr.", "Sir"):
        assert f in forms, f
    for r in honorifics:
        assert r["gloss_en"], r


# -- event words ----------------------------------------------------------------------------


def test_event_words_are_ordinals_single_generic_syllables_or_known_organizers():
    text = (DATA / "event_words.tsv").read_text(encoding="utf-8")
    assert any(ln.startswith("# source:") for ln in text.splitlines())
    rows = load_table("event_words.tsv", ["word", "kind", "value"])
    org_ids = {org.id.removeprefix("org:") for org in lexicon().orgs}
    for r in rows:
        assert r["word"] == r["word"].lower() and len(r["word"].split()) == 1, r
        assert r["kind"] in ("number", "tens", "generic", "organizer"), r
        if r["kind"] == "organizer":  # an organization's id, and the one word it reads as in event ids
            assert r["word"] in org_ids and len(r["value"].split()) == 1, r
            continue
        assert r["value"].isdigit() if r["kind"] in ("number", "tens") else not r["value"], r
    ordinals = {r["word"]: int(r["value"]) for r in rows if r["kind"] == "number"}
    assert ordinals["nhất"] == 1 and ordinals["ba"] == 3 and ordinals["tư"] == 4 and ordinals["mười"] == 10


# -- local bodies ---------------------------------------------------------------------------


def test_local_bodies_give_a_full_name_from_the_province():
    from kg.resources import ident

    text = (DATA / "local_bodies.tsv").read_text(encoding="utf-8")
    assert any(ln.startswith("# source:") for ln in text.splitlines())
    rows = load_table("local_bodies.tsv", ["name", "qualified"])
    assert len({ident(r["name"]) for r in rows}) == len(rows), "two rows of one name"
    for r in rows:
        assert "{name}" in r["qualified"] and "{province}" in r["qualified"], r
        assert set(re.findall(r"\{(\w+)\}", r["qualified"])) <= {"name", "province", "generic"}, r
        assert r["qualified"].format(name=r["name"], province="Quảng Nam", generic="tỉnh").endswith("Quảng Nam")
