"""Checks of the place gazetteers in kg/data: countries.tsv, divisions.tsv, cities.tsv.

No network, no extra packages: the files are read with the csv module.
"""
import re
import unicodedata
from collections import defaultdict

import pytest

from datafiles import DATA, load_table, split

from kg.resources import slug  # place ids are built with it, so it must be unique per country
QID = re.compile(r"^Q[1-9][0-9]*$")
ISO3 = re.compile(r"^[A-Z]{3}$")
ISO2 = re.compile(r"^[A-Z]{2}$")
DATE = re.compile(r"^# compiled: \d{4}-\d{2}-\d{2}$")

HEADERS = {
    "countries.tsv": ["iso3", "iso2", "wikidata", "name_en", "name_vi", "variants", "compound"],
    "divisions.tsv": ["country", "name_vi", "variants", "name_en", "wikidata", "kind"],
    "cities.tsv": ["country", "name_vi", "variants", "name_en", "wikidata"],
}
FILES = list(HEADERS)


def load(name):
    return load_table(name, HEADERS[name])



def names(row, *cols):
    """Every written form in the row's name columns."""
    out = []
    for col in cols:
        out += split(row[col])
    return out



@pytest.fixture(scope="module")
def countries():
    return load("countries.tsv")


@pytest.fixture(scope="module")
def divisions():
    return load("divisions.tsv")


@pytest.fixture(scope="module")
def cities():
    return load("cities.tsv")


@pytest.fixture(scope="module")
def country_forms(countries):
    """written form -> iso3, over name_vi, variants and compound."""
    forms = {}
    for r in countries:
        for f in names(r, "name_vi", "variants", "compound"):
            forms.setdefault(f, r["iso3"])
    return forms


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("name", FILES)
def test_file_has_source_and_date_comments(name):
    text = (DATA / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text), f"{name} is not NFC"
    head = [ln for ln in text.splitlines() if ln.startswith("#")]
    assert any(ln.startswith("# source:") for ln in head), name
    assert any(DATE.match(ln) for ln in head), name
    assert "\r" not in text


@pytest.mark.parametrize("name", FILES)
def test_cells_are_clean(name):
    for r in load(name):
        for col, value in r.items():
            assert value == value.strip(), f"{name}: {col}={value!r} not stripped"
            assert unicodedata.is_normalized("NFC", value), f"{name}: {value!r} not NFC"
            for v in split(value):
                assert v and v == v.strip(), f"{name}: empty or unstripped value in {col}={value!r}"
                assert "  " not in v, f"{name}: double space in {v!r}"


@pytest.mark.parametrize("name", FILES)
def test_wikidata_ids(name):
    for r in load(name):
        assert r["wikidata"] == "" or QID.match(r["wikidata"]), f"{name}: {r}"


@pytest.mark.parametrize("name", FILES)
def test_every_name_has_a_capital(name):
    """Matching is case-sensitive: a lower-case-only string would match everyday words."""
    cols = ("name_vi", "variants", "compound") if name == "countries.tsv" else ("name_vi", "variants")
    for r in load(name):
        assert r["name_vi"], f"{name}: {r}"
        for f in names(r, *cols):
            assert any(c.isupper() for c in f), f"{name}: {f!r} has no capital letter"


# ---------------------------------------------------------------- countries


def test_countries_codes(countries):
    iso3 = [r["iso3"] for r in countries]
    iso2 = [r["iso2"] for r in countries]
    assert len(iso3) == len(set(iso3))
    assert len(iso2) == len(set(iso2))
    assert all(ISO3.match(c) for c in iso3)
    assert all(ISO2.match(c) for c in iso2)
    assert len(countries) >= 250  # 249 ISO 3166-1 entries + Kosovo
    for code in ("VNM", "CHN", "USA", "TWN", "HKG", "MAC", "PSE", "PRI", "XKX", "ATA"):
        assert code in iso3, code
    qids = [r["wikidata"] for r in countries if r["wikidata"]]
    assert len(qids) == len(set(qids)), "a Wikidata id is used twice"


def test_country_strings_unique(countries):
    seen = {}
    for r in countries:
        own = names(r, "name_vi", "variants", "compound")
        assert len(own) == len(set(own)), f"repeated string in row {r['iso3']}"
        for f in own:
            assert f not in seen, f"{f!r} in both {seen.get(f)} and {r['iso3']}"
            seen[f] = r["iso3"]


def test_country_spot_checks(countries, country_forms):
    by = {r["iso3"]: r for r in countries}
    assert by["VNM"]["wikidata"] == "Q881" and by["VNM"]["name_vi"] == "Việt Nam"
    assert by["CHN"]["wikidata"] == "Q148"
    assert by["USA"]["wikidata"] == "Q30" and by["USA"]["name_vi"] == "Hoa Kỳ"
    expected = {
        "Mỹ": "USA", "Hợp chủng quốc Hoa Kỳ": "USA", "Úc": "AUS", "Ôxtrâylia": "AUS",
        "Anh": "GBR", "Vương quốc Anh": "GBR", "Liên bang Nga": "RUS", "Nga": "RUS",
        "Trung Quốc": "CHN", "Cộng hòa Nhân dân Trung Hoa": "CHN", "Lào": "LAO",
        "CHDCND Lào": "LAO", "Cam-pu-chia": "KHM", "Campuchia": "KHM", "Thái Lan": "THA",
        "Hàn Quốc": "KOR", "Đại Hàn Dân Quốc": "KOR", "Triều Tiên": "PRK",
        "CHDCND Triều Tiên": "PRK", "Nhật Bản": "JPN", "Đức": "DEU", "Pháp": "FRA",
        "Thụy Sĩ": "CHE", "Thuỵ Sĩ": "CHE", "Thụy Sỹ": "CHE", "Ý": "ITA", "Italy": "ITA",
        "Thổ Nhĩ Kỳ": "TUR", "Türkiye": "TUR", "Ả Rập Xê-út": "SAU", "UAE": "ARE",
        "Đông Timor": "TLS", "Timor-Leste": "TLS", "Séc": "CZE", "Đài Loan": "TWN",
        "Hồng Kông": "HKG", "Ma Cao": "MAC", "Palestine": "PSE", "Kosovo": "XKX",
        "Cộng hòa Xã hội chủ nghĩa Việt Nam": "VNM", "Cộng hoà Xã hội chủ nghĩa Việt Nam": "VNM",
        "Papua New Guinea": "PNG", "Nhà nước độc lập Papua New Guinea": "PNG",
        "Xin-ga-po": "SGP", "Phi-líp-pin": "PHL", "Mi-an-ma": "MMR", "Bru-nây": "BRN",
        "In-đô-nê-xi-a": "IDN", "Ma-lai-xi-a": "MYS", "Vương quốc Bỉ": "BEL", "Cộng hòa Cuba": "CUB",
    }
    for form, iso3 in expected.items():
        assert country_forms.get(form) == iso3, f"{form!r} -> {country_forms.get(form)}, want {iso3}"
    compound = {f: r["iso3"] for r in countries for f in split(r["compound"])}
    for form, iso3 in {"Việt": "VNM", "Trung": "CHN", "Nhật": "JPN", "Hàn": "KOR"}.items():
        assert compound.get(form) == iso3, form
    for ambiguous in ("Congo", "Georgia", "Macedonia"):
        assert ambiguous not in country_forms, ambiguous


# ---------------------------------------------------------------- divisions and cities


@pytest.mark.parametrize("name", ["divisions.tsv", "cities.tsv"])
def test_places_refer_to_known_countries(name, countries):
    iso3 = {r["iso3"] for r in countries}
    for r in load(name):
        assert r["country"] in iso3, f"{name}: unknown country {r['country']!r} in {r}"


@pytest.mark.parametrize("name", ["divisions.tsv", "cities.tsv"])
def test_place_strings_unique(name, country_forms):
    """Within a country no string twice; across countries no shared bare name; none is a country's name."""
    owner = {}
    ids = set()
    for r in load(name):
        key = (r["country"], slug(r["name_vi"]))
        assert key[1], f"{name}: empty slug for {r['name_vi']!r}"
        assert key not in ids, f"{name}: two rows give id {key}"
        ids.add(key)
        own = names(r, "name_vi", "variants")
        assert len(own) == len(set(own)), f"{name}: repeated string in {r['name_vi']}"
        for f in own:
            assert f not in owner, f"{name}: {f!r} in {owner.get(f)} and {r['country']}:{r['name_vi']}"
            owner[f] = f"{r['country']}:{r['name_vi']}"
            assert f not in country_forms, f"{name}: {f!r} is also a name of {country_forms[f]}"


def test_divisions_and_cities_share_names_only_within_a_country(divisions, cities):
    where = defaultdict(set)
    for r in divisions + cities:
        for f in names(r, "name_vi", "variants"):
            where[f].add(r["country"])
    shared = {f: c for f, c in where.items() if len(c) > 1}
    assert not shared, f"names used for places in two countries: {shared}"


def test_division_kinds(divisions):
    for r in divisions:
        assert re.match(r"^[a-z_]+$", r["kind"]), r
    generic = ("tỉnh ", "bang ", "khu tự trị ", "tỉnh bang ")
    for r in divisions:
        assert not r["name_vi"].lower().startswith(generic), r["name_vi"]


def test_division_coverage(divisions):
    count = defaultdict(int)
    for r in divisions:
        count[r["country"]] += 1
    assert count["CHN"] == 27  # 22 provinces + 5 autonomous regions (Taiwan, the SARs and municipalities elsewhere)
    assert count["LAO"] == 17  # provinces; Vientiane Capital is in cities.tsv
    assert count["KHM"] == 24  # provinces; Phnom Penh is in cities.tsv
    assert count["USA"] == 49  # all states but Georgia, whose bare name is the country's
    assert count["JPN"] == 46  # prefectures; Tokyo is in cities.tsv
    assert count["AUS"] == 8
    assert count["CAN"] == 13
    assert count["THA"] >= 75


def test_place_spot_checks(divisions, cities):
    def lookup(rows):
        out = {}
        for r in rows:
            for f in names(r, "name_vi", "variants"):
                out[f] = r["country"]
        return out

    div, city = lookup(divisions), lookup(cities)
    for form, iso3 in {
        "Vân Nam": "CHN", "Yunnan": "CHN", "Quảng Tây": "CHN", "Guangxi": "CHN", "Tân Cương": "CHN",
        "Oregon": "USA", "California": "USA", "Nagasaki": "JPN", "Hủa Phăn": "LAO",
        "Luang Prabang": "LAO", "Savannakhet": "LAO", "Xiêm Riệp": "KHM", "Svay Rieng": "KHM",
        "Gyeonggi": "KOR", "New South Wales": "AUS", "Bayern": "DEU", "Udon Thani": "THA",
        "Primorsky": "RUS", "Kerala": "IND", "Bali": "IDN",
    }.items():
        assert div.get(form) == iso3, f"division {form!r} -> {div.get(form)}, want {iso3}"
    for form, iso3 in {
        "Wellington": "NZL", "Bắc Kinh": "CHN", "Beijing": "CHN", "Washington": "USA",
        "Oa-sinh-tơn": "USA", "Tokyo": "JPN", "Xơ-un": "KOR", "Phnôm Pênh": "KHM",
        "Viêng Chăn": "LAO", "Vientiane": "LAO", "Băng Cốc": "THA", "Mátxcơva": "RUS",
        "Moskva": "RUS", "Luân Đôn": "GBR", "Paris": "FRA", "Canberra": "AUS",
        "La Habana": "CUB", "Havana": "CUB", "Niu Đê-li": "IND", "Bình Nhưỡng": "PRK",
        "Ulan Bato": "MNG", "Geneva": "CHE", "Thượng Hải": "CHN", "Hạ Long": "VNM",
        "Biên Hòa": "VNM", "Biên Hoà": "VNM", "Giơ-ne-vơ": "CHE", "New York": "USA",
    }.items():
        assert city.get(form) == iso3, f"city {form!r} -> {city.get(form)}, want {iso3}"
    for ambiguous in ("Georgia", "Victoria", "Punjab"):
        assert ambiguous not in city, ambiguous
    assert "Georgia" not in div and "Punjab" not in div
    assert "Victoria" in div  # the Australian state


def test_wikidata_ids_unique_across_files():
    seen = {}
    for name in FILES:
        for r in load(name):
            q = r["wikidata"]
            if q:
                assert q not in seen, f"{q} used by {seen[q]} and {name}:{r['name_vi']}"
                seen[q] = f"{name}:{r['name_vi']}"


def test_names_shared_across_countries_are_only_viet_nams_provinces_and_resolve_by_the_text():
    """All place gazetteers together (countries.tsv, provinces_vn.tsv, divisions.tsv, cities.tsv):
    a written form may name places of two countries only where one is a Vietnamese province; each
    such form reads as Viet Nam's by default and as the other country's when the text names it."""
    from kg.resources import lexicon
    from mention_docs import context
    from kg.extract.mentions_places import find_places

    lex = lexicon()
    where = defaultdict(set)
    for place in [*lex.countries.values(), *lex.places]:
        for form in place.names:
            where[form].add((place.type, place.country))
    shared = {f: owners for f, owners in where.items() if len({c for _, c in owners}) > 1}
    assert all(("Province", "VNM") in owners and not any(t == "Country" for t, _ in owners)
               for owners in shared.values()), f"names of places in two countries: {shared}"
    assert "Hà Nam" in shared  # Henan: the case this rule exists for
    for form, owners in sorted(shared.items()):
        ctx = context(f"Chủ tịch UBND tỉnh {form} tiếp khách.")
        find_places(ctx)
        assert {f.props.get("country") for f in ctx.ents.by_key.values() if f.type == "Province"} == {"VNM"}, form
        for _, iso3 in sorted(o for o in owners if o[1] != "VNM"):
            ctx = context(f"Đoàn đã thăm tỉnh {form} ({lex.countries[iso3].name}).")
            find_places(ctx)
            assert {f.props.get("country") for f in ctx.ents.by_key.values() if f.type == "Province"} == {iso3}, form
