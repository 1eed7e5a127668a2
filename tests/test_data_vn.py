"""Checks of the static Vietnamese gazetteers in kg/data (no network, no extra packages)."""
import re
import unicodedata

import pytest

from datafiles import DATA, load_table, split
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
QID = re.compile(r"^Q[1-9][0-9]*$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

HEADERS = {
    "provinces_vn.tsv": ["id", "name", "variants", "name_en", "gso_code", "wikidata", "kind",
                         "valid_from", "valid_to", "merged_into", "merged_by"],
    "ministries_vn.tsv": ["id", "name", "variants", "short", "name_en", "valid_from", "valid_to",
                          "successor", "wikidata"],
    "ministry_words.tsv": ["field", "variants", "name_en"],
}


def load(name):
    return load_table(name, HEADERS[name])


def comments(name):
    return [ln for ln in (DATA / name).read_text(encoding="utf-8").splitlines()
            if ln.startswith("#")]


@pytest.fixture(scope="module")
def provinces():
    return load("provinces_vn.tsv")


@pytest.fixture(scope="module")
def ministries():
    return load("ministries_vn.tsv")


@pytest.fixture(scope="module")
def words():
    return load("ministry_words.tsv")



def check_strings(rows, key_cols, multi_cols):
    """NFC, stripped, non-empty pieces; no name/variant string shared by two rows."""
    owner = {}
    for r in rows:
        rid = r[key_cols[0]]
        mine = set()
        for col in key_cols + multi_cols:
            values = split(r[col]) if col in multi_cols else [r[col]]
            for v in values:
                assert v, f"{rid}: empty piece in {col}"
                assert v == v.strip(), f"{rid}: {col} not stripped: {v!r}"
                assert unicodedata.is_normalized("NFC", v), f"{rid}: {col} not NFC: {v!r}"
                assert "\t" not in v
                mine.add(v)
        for v in mine:
            assert owner.setdefault(v, rid) == rid, f"{v!r} in both {owner[v]} and {rid}"


def check_common(rows, ref_col):
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for r in rows:
        assert SLUG.match(r["id"]), r["id"]
        assert r["wikidata"] == "" or QID.match(r["wikidata"]), r
        for col in ("valid_from", "valid_to"):
            assert r[col] == "" or DATE.match(r[col]), r
        if r["valid_from"] and r["valid_to"]:
            assert r["valid_from"] <= r["valid_to"], r
        for ref in split(r[ref_col]):
            assert ref in ids, f"{r['id']}: {ref_col} {ref} is not an id"
            assert ref != r["id"]
        assert bool(r[ref_col]) == bool(r["valid_to"]), f"{r['id']}: {ref_col} iff valid_to"
    check_strings(rows, ["name"], ["variants"])


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_files_record_source_and_date(name):
    cs = comments(name)
    assert any(c.startswith("# source:") for c in cs)
    assert any(re.match(r"# compiled: \d{4}-\d{2}-\d{2}$", c) for c in cs)
    text = (DATA / name).read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)


# --- provinces ------------------------------------------------------------------------------

def test_provinces_common(provinces):
    check_common(provinces, "merged_into")


def test_provinces_counts(provinces):
    current = [r for r in provinces if not r["valid_to"]]
    before = [r for r in provinces if not r["valid_from"] or r["valid_from"] < "2025-07-01"]
    assert len(current) == 34
    assert len(before) == 63
    assert sum(r["kind"] == "thanh_pho" for r in current) == 6


def test_provinces_fields(provinces):
    by_id = {r["id"]: r for r in provinces}
    for r in provinces:
        assert r["kind"] in {"tinh", "thanh_pho"}, r
        assert re.fullmatch(r"\d{2}", r["gso_code"]), r
        assert r["name_en"]
        assert bool(r["merged_by"]) == bool(r["merged_into"]), r
        if r["merged_into"]:
            assert r["valid_to"] == "2025-06-30"
            assert not by_id[r["merged_into"]]["valid_to"], "merged into a unit that ended"
    current_codes = [r["gso_code"] for r in provinces if not r["valid_to"]]
    assert len(set(current_codes)) == 34


def lookup(rows):
    table = {}
    for r in rows:
        for v in [r["name"]] + split(r["variants"]):
            table[v] = r["id"]
    return table


def test_provinces_spot_checks(provinces):
    by_id = {r["id"]: r for r in provinces}
    names = lookup(provinces)
    for form in ("TP.HCM", "TP. HCM", "TPHCM", "TP Hồ Chí Minh", "Sài Gòn", "Hồ Chí Minh"):
        assert names[form] == "ho-chi-minh"
    assert names["Thanh Hoá"] == names["Thanh Hóa"] == "thanh-hoa"
    assert names["Khánh Hoà"] == names["Khánh Hòa"] == "khanh-hoa"
    assert names["Hoà Bình"] == names["Hòa Bình"] == "hoa-binh"
    assert names["Đăk Lăk"] == names["Đắc Lắc"] == "dak-lak"
    assert names["BR-VT"] == names["Bà Rịa-Vũng Tàu"] == "ba-ria-vung-tau"
    assert names["Thừa Thiên Huế"] == names["Thừa Thiên - Huế"] == names["Huế"] == "thua-thien-hue"
    assert by_id["ha-giang"]["merged_into"] == "tuyen-quang"
    assert by_id["ba-ria-vung-tau"]["merged_into"] == "ho-chi-minh"
    assert by_id["binh-duong"]["merged_into"] == "ho-chi-minh"
    assert by_id["quang-nam"]["merged_into"] == "da-nang"
    assert by_id["hau-giang"]["merged_into"] == "can-tho"
    assert by_id["ha-noi"]["gso_code"] == "01" and by_id["ha-noi"]["wikidata"] == "Q1858"
    assert by_id["ho-chi-minh"]["gso_code"] == "79" and by_id["ho-chi-minh"]["wikidata"] == "Q1854"
    assert by_id["quang-ninh"]["gso_code"] == "22"
    assert by_id["ho-chi-minh"]["kind"] == "thanh_pho" and by_id["quang-ninh"]["kind"] == "tinh"
    unchanged = ["ha-noi", "thua-thien-hue", "lai-chau", "dien-bien", "son-la", "lang-son",
                 "quang-ninh", "thanh-hoa", "nghe-an", "ha-tinh", "cao-bang"]
    absorbed_into = {r["merged_into"] for r in provinces if r["merged_into"]}
    for rid in unchanged:
        assert not by_id[rid]["valid_to"] and rid not in absorbed_into
    assert len(absorbed_into) == 34 - len(unchanged)


def test_no_generic_word_in_province_names(provinces):
    for r in provinces:
        for v in [r["name"]] + split(r["variants"]):
            assert not re.match(r"(?i)(tỉnh|thành phố) ", v), v


# --- ministries -----------------------------------------------------------------------------

def test_ministries_common(ministries):
    check_common(ministries, "successor")


def test_ministries_current_structure(ministries):
    current = [r for r in ministries if not r["valid_to"]]
    assert len(current) == 17  # 14 ministries + 3 ministry-level bodies since 2025-03-01
    on_2024 = [r for r in ministries
               if (not r["valid_from"] or r["valid_from"] <= "2024-12-31")
               and (not r["valid_to"] or r["valid_to"] >= "2024-12-31")]
    assert len(on_2024) == 22  # 18 ministries + 4 ministry-level bodies, 2007-2025


def test_ministries_spot_checks(ministries):
    by_id = {r["id"]: r for r in ministries}
    names = lookup(ministries)
    assert by_id["bo-ngoai-giao"]["short"] == "Ngoại giao"
    assert by_id["bo-cong-thuong"]["short"] == "Công Thương"
    assert by_id["bo-ke-hoach-va-dau-tu"]["successor"] == "bo-tai-chinh"
    assert by_id["bo-thong-tin-va-truyen-thong"]["successor"].split("|")[0] == "bo-khoa-hoc-va-cong-nghe"
    assert by_id["bo-lao-dong-thuong-binh-va-xa-hoi"]["successor"].split("|")[0] == "bo-noi-vu"
    assert by_id["bo-giao-thong-van-tai"]["successor"] == "bo-xay-dung"
    assert by_id["uy-ban-dan-toc"]["successor"] == "bo-dan-toc-va-ton-giao"
    for old in ("bo-tai-nguyen-va-moi-truong", "bo-nong-nghiep-va-phat-trien-nong-thon"):
        assert by_id[old]["successor"] == "bo-nong-nghiep-va-moi-truong"
        assert by_id[old]["valid_to"] == "2025-02-28"
    expected = {
        "Bộ Công thương": "bo-cong-thuong",
        "Bộ Lao động, Thương binh và Xã hội": "bo-lao-dong-thuong-binh-va-xa-hoi",
        "Bộ LĐ-TB&XH": "bo-lao-dong-thuong-binh-va-xa-hoi",
        "Bộ GD&ĐT": "bo-giao-duc-va-dao-tao",
        "Bộ KH&ĐT": "bo-ke-hoach-va-dau-tu",
        "Bộ TT&TT": "bo-thong-tin-va-truyen-thong",
        "Bộ NN&PTNT": "bo-nong-nghiep-va-phat-trien-nong-thon",
        "Bộ TN&MT": "bo-tai-nguyen-va-moi-truong",
        "Bộ GTVT": "bo-giao-thong-van-tai",
        "Bộ VHTTDL": "bo-van-hoa-the-thao-va-du-lich",
        "Bộ Văn hoá, Thể thao và Du lịch": "bo-van-hoa-the-thao-va-du-lich",
        "NHNN": "ngan-hang-nha-nuoc",
        "Ngân hàng Nhà nước Việt Nam": "ngan-hang-nha-nuoc",
        "Uỷ ban Dân tộc": "uy-ban-dan-toc",
    }
    for form, rid in expected.items():
        assert names[form] == rid, form


# --- ministry words -------------------------------------------------------------------------

def test_ministry_words(words):
    fields = [r["field"] for r in words]
    assert len(fields) == len(set(fields))
    check_strings(words, ["field"], ["variants"])
    forms = lookup([{"id": r["field"], "name": r["field"], "variants": r["variants"]} for r in words])
    for f in ("Ngoại giao", "Phát triển", "Ngân khố", "Thương mại", "Công nghệ Thông tin",
              "Truyền thông", "Năng lượng", "Việc làm", "An ninh Nội địa", "Đất đai", "Hạ tầng",
              "Du lịch", "Quốc phòng", "Tư pháp", "Nội vụ", "Môi trường", "Nông nghiệp",
              "Khối thịnh vượng chung", "Châu Âu"):
        assert f in forms, f
    assert forms["Văn hoá"] == "Văn hóa" and forms["Thuỷ sản"] == "Thủy sản"
    for r in words:
        assert r["name_en"], r
