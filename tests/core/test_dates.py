import datetime as dt

from thidua.core.dates import format_date_vn, format_place_date_vn, format_short_date


def test_format_date_vn_plain():
    assert format_date_vn(dt.date(2018, 5, 10)) == "ngày 10 tháng 5 năm 2018"


def test_format_date_vn_plain_has_no_leading_zeros():
    assert format_date_vn(dt.date(2018, 2, 3)) == "ngày 3 tháng 2 năm 2018"


def test_format_date_vn_legal_pads_day_below_ten():
    assert format_date_vn(dt.date(2018, 12, 5), legal=True) == "ngày 05 tháng 12 năm 2018"


def test_format_date_vn_legal_pads_months_one_and_two():
    assert format_date_vn(dt.date(2018, 2, 3), legal=True) == "ngày 03 tháng 02 năm 2018"
    assert format_date_vn(dt.date(2018, 1, 15), legal=True) == "ngày 15 tháng 01 năm 2018"


def test_format_date_vn_legal_does_not_pad_months_from_three():
    assert format_date_vn(dt.date(2018, 3, 10), legal=True) == "ngày 10 tháng 3 năm 2018"


def test_format_date_vn_none_is_empty():
    assert format_date_vn(None) == ""


def test_format_place_date_vn_uses_legal_form():
    assert (
        format_place_date_vn("Lạng Sơn", dt.date(2018, 5, 7))
        == "Lạng Sơn, ngày 07 tháng 5 năm 2018"
    )


def test_format_short_date():
    assert format_short_date(dt.date(2018, 2, 3)) == "03/02/2018"
    assert format_short_date(None) == ""
