import datetime as dt

from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import make_unit
from tests.movements.conftest import make_draft_movement
from thidua.core.dates import (
    format_date_en,
    format_date_ui,
    format_date_vn,
    format_place_date_vn,
    format_short_date,
)
from thidua.movements import services


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


# --- Dates on web pages: Vietnamese or English with the page (the ``ui_date`` filter) ------


def test_format_date_en_has_english_month_and_no_leading_zero():
    assert format_date_en(dt.date(2018, 5, 10)) == "10 May 2018"
    assert format_date_en(dt.date(2018, 2, 3)) == "3 February 2018"
    assert format_date_en(dt.date(2019, 12, 31)) == "31 December 2019"
    assert format_date_en(None) == ""


def test_format_date_ui_picks_the_form_of_the_language():
    day = dt.date(2018, 5, 10)
    assert format_date_ui(day, language="vi") == "ngày 10 tháng 5 năm 2018"
    assert format_date_ui(day, language="en") == "10 May 2018"
    assert format_date_ui(day, language="en-gb") == "10 May 2018"
    assert format_date_ui(dt.date(2018, 12, 5), language="vi", legal=True) == (
        "ngày 05 tháng 12 năm 2018"
    )
    assert format_date_ui(dt.date(2018, 12, 5), language="en", legal=True) == "5 December 2018"


def _render(source: str, language: str, **context) -> str:
    with translation.override(language):
        return Template("{% load thidua_dates %}" + source).render(Context(context))


def test_ui_date_filter_follows_the_active_language():
    day = dt.date(2018, 5, 10)
    assert _render("{{ d|ui_date }}", "vi", d=day) == "ngày 10 tháng 5 năm 2018"
    assert _render("{{ d|ui_date }}", "en", d=day) == "10 May 2018"
    assert _render('{{ d|ui_date:"legal" }}', "vi", d=dt.date(2018, 1, 5)) == (
        "ngày 05 tháng 01 năm 2018"
    )
    assert _render('{{ d|ui_date:"legal" }}', "en", d=dt.date(2018, 1, 5)) == "5 January 2018"
    assert _render("{{ d|ui_date }}", "en", d=None) == ""


def test_ui_date_writes_a_moment_as_its_local_day():
    # 23:30 UTC on 9 May is already 10 May in Vietnam (UTC+7).
    moment = dt.datetime(2018, 5, 9, 23, 30, tzinfo=dt.UTC)
    with timezone.override("Asia/Ho_Chi_Minh"):
        assert _render("{{ d|ui_date }}", "en", d=moment) == "10 May 2018"
        assert _render("{{ d|ui_date }}", "vi", d=moment) == "ngày 10 tháng 5 năm 2018"


def test_documents_keep_vietnamese_dates_in_english():
    with translation.override("en"):
        assert format_date_vn(dt.date(2018, 5, 10)) == "ngày 10 tháng 5 năm 2018"
        assert format_place_date_vn("Lạng Sơn", dt.date(2018, 5, 7)) == (
            "Lạng Sơn, ngày 07 tháng 5 năm 2018"
        )


def test_public_movement_list_writes_dates_in_the_page_language(db):
    agency = make_unit("STTTT", name="Sở Thông tin và Truyền thông")
    movement = make_draft_movement(
        agency,
        doc_date=dt.date(2018, 5, 10),
        period_start=dt.date(2018, 5, 10),
        period_end=dt.date(2018, 12, 31),
    )
    services.set_participants(movement, [agency])
    movement.state = "LAUNCHED"  # only the page is under test here, not the launch checks
    movement.save(update_fields=["state"])
    client = Client()
    vi_page = client.get(reverse("portal:home")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    en_page = client.get(reverse("portal:home")).content.decode()
    assert (
        'Kế hoạch số 456/KH-STTTT <time datetime="2018-05-10">ngày 10 tháng 5 năm 2018</time> '
        "của Sở Thông tin và Truyền thông"
    ) in vi_page
    assert (
        "Plan No. 456/KH-STTTT of Sở Thông tin và Truyền thông, dated "
        '<time datetime="2018-05-10">10 May 2018</time>'
    ) in en_page
    assert "ngày 10 tháng 5" not in en_page
