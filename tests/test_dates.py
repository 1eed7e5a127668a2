"""Date expressions in sentences: values, precision, year inference and offsets."""

from __future__ import annotations

import pytest

from kg.extract.dates import DateMention, find_dates, precision, sentence_date


def found(text: str, published: str | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.value) for m in find_dates(text, published)]


# Expressions that carry their own year: the same with or without `published`.
EXPLICIT = [
    ("Ngày 13/8/2016, Bộ trưởng Ngoại giao tiếp Đại sứ Nhật Bản.", [("Ngày 13/8/2016", "2016-08-13")]),
    ("Hai nước ký hiệp định thương mại 13/8/2016 tại Hà Nội.", [("13/8/2016", "2016-08-13")]),
    ("Đoàn đại biểu đến Jakarta 13-8-2016.", [("13-8-2016", "2016-08-13")]),
    ("Hội nghị khai mạc 13.8.2016 tại Singapore.", [("13.8.2016", "2016-08-13")]),
    ("Sáng 2/9/2015, Chủ tịch nước dự lễ kỷ niệm.", [("Sáng 2/9/2015", "2015-09-02")]),
    ("Ngày 13 tháng 8 năm 2016, hai bên ra tuyên bố chung.", [("Ngày 13 tháng 8 năm 2016", "2016-08-13")]),
    ("Ngày 5 tháng Tám năm 2019, Thủ tướng tiếp Đại sứ Pháp.", [("Ngày 5 tháng Tám năm 2019", "2019-08-05")]),
    ("Tháng 12/2013, Việt Nam và Indonesia nâng cấp quan hệ.", [("Tháng 12/2013", "2013-12")]),
    ("Quan hệ được thiết lập tháng 12-2013.", [("tháng 12-2013", "2013-12")]),
    ("Thủ tướng thăm Hàn Quốc tháng 8.2018.", [("tháng 8.2018", "2018-08")]),
    ("Tháng 11 năm 2015, Chủ tịch Trung Quốc thăm Việt Nam.", [("Tháng 11 năm 2015", "2015-11")]),
    ("Hai nước ký thỏa thuận (tháng 11/2015) về hợp tác biển.", [("tháng 11/2015", "2015-11")]),
    ("Năm 2019, kim ngạch thương mại hai chiều đạt 10 tỷ USD.", [("Năm 2019", "2019")]),
    ("Việt Nam đảm nhiệm vai trò Chủ tịch ASEAN năm 2020.", [("năm 2020", "2020")]),
    ("Hai nước thiết lập quan hệ ngoại giao năm1982.", [("năm1982", "1982")]),
    ("Hiệp định Đối tác Toàn diện (2019) có hiệu lực với Việt Nam.", [("2019", "2019")]),
    ("Văn kiện được ký ngày 2021-07-28 tại Hà Nội.", [("ngày 2021-07-28", "2021-07-28")]),
    ("Bản tin cập nhật 2021-07-28T10:15 về chuyến thăm.", [("2021-07-28", "2021-07-28")]),
    ("NGÀY 13/8/2016, THỦ TƯỚNG TIẾP ĐẠI SỨ ÚC.", [("NGÀY 13/8/2016", "2016-08-13")]),
    ("THÁNG 12/2013, HAI NƯỚC NÂNG CẤP QUAN HỆ.", [("THÁNG 12/2013", "2013-12")]),
]

# Expressions without a year, resolved against a publication date of 2024-06-10.
PUBLISHED = "2024-06-10"
YEARLESS = [
    ("Ngày 13/8, Thủ tướng tiếp Đại sứ Hoa Kỳ.", [("Ngày 13/8", "2023-08-13")]),
    ("Hai bên hội đàm 13/5 tại Hà Nội.", [("13/5", "2024-05-13")]),
    ("Sáng 11/3, Bộ trưởng tiếp Đại sứ Đức.", [("Sáng 11/3", "2024-03-11")]),
    ("Tối 9/12, đoàn về tới Nội Bài.", [("Tối 9/12", "2023-12-09")]),
    ("Chiều 5/2, Thủ tướng tiếp Đại sứ Lào.", [("Chiều 5/2", "2024-02-05")]),
    ("Trưa 11-8, đoàn rời Bangkok.", [("Trưa 11-8", "2024-08-11")]),
    ("Đêm 22/3, hai bên ra thông cáo.", [("Đêm 22/3", "2024-03-22")]),
    ("Đại sứ trình quốc thư hôm 22/3.", [("hôm 22/3", "2024-03-22")]),
    ("Rạng sáng 23/3, tàu cá bị bắt giữ.", [("Rạng sáng 23/3", "2024-03-23")]),
    ("Sáng ngày 1/6, hội nghị khai mạc.", [("Sáng ngày 1/6", "2024-06-01")]),
    ("Ngày 13 tháng 8, hai bên ký bản ghi nhớ.", [("Ngày 13 tháng 8", "2023-08-13")]),
    ("Tháng 8, Thủ tướng sẽ thăm Nhật Bản.", [("Tháng 8", "2024-08")]),
    ("Tháng 9, hai nước tổ chức đối thoại.", [("Tháng 9", "2023-09")]),
    ("Hồi tháng Tám, Bộ trưởng sẽ thăm Ấn Độ.", [("tháng Tám", "2024-08")]),
    ("Hồi tháng Giêng, hai bên trao đổi thư.", [("tháng Giêng", "2024-01")]),
    ("Diễn đàn họp vào tháng Năm.", [("tháng Năm", "2024-05")]),
    ("Hội nghị dự kiến diễn ra vào tháng Mười một.", [("tháng Mười một", "2023-11")]),
    ("Đoàn công tác lên đường tháng Mười hai.", [("tháng Mười hai", "2023-12")]),
    ("Lễ đón được tổ chức từ tháng Chạp.", [("tháng Chạp", "2023-12")]),
]

# Things that look like dates but are not dates of events.
NOT_DATES = [
    "Chương trình hợp tác giai đoạn 2016-2020 đã hoàn thành.",
    "Kế hoạch hành động 2023 - 2026 được thông qua.",
    "Cố Thủ tướng (1955-2020) được truy tặng huân chương.",
    "Hai nước ưu tiên hợp tác trong năm 2016-2020.",
    "Hai bên nhất trí nâng kim ngạch lên 10 tỷ USD.",
    "Hơn 2.000 sinh viên Lào đang học tập tại Việt Nam.",
    "Khoảng 13.000 người tham dự lễ hội.",
    "Chuyến bay hạ cánh lúc 20:10, sớm hơn dự kiến.",
    "Bản tin phát lúc 09:26.",
    "Hôm nay, Bộ trưởng tiếp Đại sứ Canada.",
    "Hôm qua, hai bên hội đàm tại Hà Nội.",
    "Tuần trước, đoàn công tác thăm Thái Lan.",
    "Ngày 31/2, đoàn đại biểu rời Hà Nội.",
    "Ngày 30/2/2016, hai bên ký biên bản.",
    "Tháng 13/2016, dự án khởi công.",
    "Hai bên họp mỗi tháng hai lần.",
    "Đoàn công tác ở lại 2 tháng 10 ngày.",
    "Theo Nghị định 36/2019/NĐ-CP, thủ tục được rút gọn.",
    "Đội tuyển thắng 2-1 trong trận giao hữu.",
    "Lãi suất giảm 2.5 điểm.",
    "Năm 1930, sự kiện diễn ra tại Hồng Kông.",
]


@pytest.mark.parametrize(("text", "expected"), EXPLICIT)
def test_explicit_dates_without_published(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(("text", "expected"), EXPLICIT)
def test_explicit_dates_ignore_published(text: str, expected: list[tuple[str, str]]) -> None:
    mentions = find_dates(text, PUBLISHED)
    assert [(m.text, m.value) for m in mentions] == expected
    assert not any(m.approximate for m in mentions)


@pytest.mark.parametrize(("text", "expected"), YEARLESS)
def test_yearless_dates_take_the_publication_year(text: str, expected: list[tuple[str, str]]) -> None:
    mentions = find_dates(text, PUBLISHED)
    assert [(m.text, m.value) for m in mentions] == expected
    assert all(m.approximate for m in mentions)


@pytest.mark.parametrize(("text", "expected"), YEARLESS)
def test_yearless_dates_are_skipped_without_published(text: str, expected: list[tuple[str, str]]) -> None:
    assert find_dates(text) == []


@pytest.mark.parametrize(
    ("published", "text", "value"),
    [
        ("2024-01-05", "Ngày 20/12, Thủ tướng tiếp Đại sứ Singapore.", "2023-12-20"),
        ("2024-01-05", "Tháng 12, hai nước ký hiệp định.", "2023-12"),
        ("2024-01-05", "Ngày 20/2, Thủ tướng sẽ thăm Úc.", "2024-02-20"),  # within two months: ahead
        ("2024-01-05", "Ngày 5/3, đoàn sẽ sang Lào.", "2024-03-05"),
        ("2024-01-05", "Ngày 10/3, đoàn sẽ sang Lào.", "2023-03-10"),  # more than two months ahead
        ("2024-12-30", "Ngày 2/1, đoàn sẽ sang Lào.", "2024-01-02"),  # never the following year
        ("2024", "Ngày 20/12, hai bên hội đàm.", "2024-12-20"),  # a year only: its last day
        ("2024-01", "Ngày 25/3, hai bên hội đàm.", "2024-03-25"),  # a month only: its last day
        ("2024-01-05T08:30:00+07:00", "Ngày 20/12, hai bên hội đàm.", "2023-12-20"),
        ("2024-02-10", "Ngày 29/2, hai bên hội đàm.", "2024-02-29"),
    ],
)
def test_year_inference(published: str, text: str, value: str) -> None:
    assert [m.value for m in find_dates(text, published)] == [value]


def test_yearless_date_invalid_in_the_inferred_year_is_skipped() -> None:
    assert find_dates("Ngày 29/2, hai bên hội đàm.", "2023-01-10") == []


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_dates(text: str) -> None:
    assert found(text, PUBLISHED) == []


@pytest.mark.parametrize("text", [text for text, _ in EXPLICIT + YEARLESS])
def test_offsets_point_at_the_text(text: str) -> None:
    mentions = find_dates(text, PUBLISHED)
    assert mentions
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.text


def test_several_dates_in_order_with_offsets() -> None:
    text = "Sau chuyến thăm tháng 11/2015, ngày 13/8/2016 hai bên ký kết, và Sáng 11/3 ra tuyên bố."
    assert find_dates(text, "2024-06-10") == [
        DateMention(16, 29, "tháng 11/2015", "2015-11", False),
        DateMention(31, 45, "ngày 13/8/2016", "2016-08-13", False),
        DateMention(65, 74, "Sáng 11/3", "2024-03-11", True),
    ]


def test_a_longer_expression_is_not_split() -> None:
    # The year of "tháng 11 năm 2015" is not reported again as "năm 2015".
    assert found("Tháng 11 năm 2015, Chủ tịch nước thăm Cuba.") == [("Tháng 11 năm 2015", "2015-11")]


def test_a_period_does_not_hide_a_date_beside_it() -> None:
    text = "Ngày 13/8/2016, hai bên thông qua kế hoạch giai đoạn 2016-2020."
    assert found(text) == [("Ngày 13/8/2016", "2016-08-13")]


@pytest.mark.parametrize(
    ("text", "published", "value"),
    [
        ("Tháng 11/2015, hai bên ký thỏa thuận, có hiệu lực ngày 20/11/2015.", None, "2015-11-20"),
        ("Năm 2023, sau hội đàm sáng 11/3, hai bên ra tuyên bố.", "2024-06-10", "2024-03-11"),
        ("Năm 2023, sau hội đàm sáng 11/3, hai bên ra tuyên bố.", None, "2023"),
        ("Năm 2019 và tháng 12/2013 là những mốc quan trọng.", None, "2019"),
        ("Hai bên nhất trí tăng cường hợp tác quốc phòng.", None, None),
        ("Hôm qua, Bộ trưởng tiếp Đại sứ Nga.", "2024-06-10", None),
    ],
)
def test_sentence_date_prefers_a_full_date(text: str, published: str | None, value: str | None) -> None:
    assert sentence_date(text, published) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [("2016-08-21", "day"), ("2015-11", "month"), ("2018", "year")],
)
def test_precision(value: str, expected: str) -> None:
    assert precision(value) == expected


@pytest.mark.parametrize("value", ["", "21/08/2016", "2016-8", "2016-08-21T10:00", "16"])
def test_precision_rejects_other_strings(value: str) -> None:
    with pytest.raises(ValueError):
        precision(value)


@pytest.mark.parametrize("published", ["10/06/2024", "2024-13-01", "2024-02-30", "yesterday"])
def test_malformed_published_is_an_error(published: str) -> None:
    with pytest.raises(ValueError):
        find_dates("Ngày 13/8, hai bên hội đàm.", published)


def test_a_date_that_starts_a_period_is_not_the_events():
    text = "Nagano có quan hệ hữu nghị với Quảng Nam từ năm 2017 và vừa ký thỏa thuận tháng 5/2019."
    assert sentence_date(text) == "2019-05"
    assert sentence_date("Hai bên hợp tác kể từ năm 2010.") is None
