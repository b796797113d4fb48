import datetime as dt
import itertools
import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_person
from tests.movements.conftest import TODAY, make_draft_movement
from thidua.core.context_processors import TEXT_SIZE_COOKIE
from thidua.core.dates import format_date_vn
from thidua.movements import services

LIST_URL = "/cong-khai/"
PAGE_URL = "/cong-khai/phong-trao/TTDN-2018/"


def _launch(movement):
    services.set_movement_state(movement, "LAUNCHED")


def _complete(world):
    """The world's movement with everything the founding plan says, launched."""
    movement = world.movement
    plan = services.upsert_parent_plan(
        "KH05-2018",
        number="05/KH-UBND",
        issued_on=dt.date(2018, 1, 17),
        issuer="UBND tỉnh Lạng Sơn",
        title="Hoạt động thông tin đối ngoại trên địa bàn tỉnh năm 2018",
        tasks=[("NV1", "Tuyên truyền khu vực biên giới"), ("NV2", "Trang tin đối ngoại")],
    )
    services.upsert_movement(
        movement.code,
        parent_plan=plan,
        purposes="Nâng cao chất lượng công tác thông tin đối ngoại.",
        requirements="Các phòng quán triệt đến toàn thể công chức.",
        signer_authority="KT.",
        signer_title="Phó Giám đốc",
    )
    movement.refresh_from_db()
    services.set_legal_bases(movement, ["Luật Thi đua, Khen thưởng ngày 26/11/2003"])
    services.set_sections(
        movement,
        [
            {"number": 1, "title": "Quán triệt, triển khai kế hoạch", "parent_task_codes": []},
            {
                "number": 2,
                "title": "Thông tin đối ngoại khu vực biên giới",
                "parent_task_codes": ["NV1"],
            },
        ],
    )
    services.set_foreseen_awards(movement, ["LDTT", "GIAY_KHEN"])
    _launch(movement)
    return movement


def test_list_shows_launched_movement_to_anonymous_visitor(world):
    _launch(world.movement)
    response = Client().get(LIST_URL)
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{PAGE_URL}">{world.movement.name}</a>' in page
    doc_date = world.movement.doc_date
    assert (
        f'Kế hoạch số 456/KH-STTTT <time datetime="{doc_date:%Y-%m-%d}">'
        f"{format_date_vn(doc_date)}</time> của Sở Thông tin và Truyền thông"
    ) in page
    assert "Thi đua theo chuyên đề" in page
    assert "Đã phát động" in page


def test_list_orders_newest_plan_first(world):
    _launch(world.movement)
    older = make_draft_movement(
        world.agency,
        code="CU-2017",
        name="Phong trào năm trước",
        doc_number="12/KH-STTTT",
        doc_date=TODAY - dt.timedelta(days=400),
        period_start=TODAY - dt.timedelta(days=400),
        period_end=TODAY - dt.timedelta(days=40),
    )
    services.set_participants(older, [world.div_a])
    older.state = "CLOSED"
    older.save(update_fields=["state"])
    page = Client().get(LIST_URL).content.decode()
    assert page.index(world.movement.name) < page.index("Phong trào năm trước")


def test_movement_page_shows_founding_document_and_every_section(world):
    movement = _complete(world)
    response = Client().get(PAGE_URL)
    page = response.content.decode()
    assert response.status_code == 200
    expected = [
        "Kế hoạch số 456/KH-STTTT",
        f'<time datetime="{movement.doc_date:%Y-%m-%d}">{format_date_vn(movement.doc_date)}</time>',
        "<dd>Lạng Sơn</dd>",
        "<dd>Sở Thông tin và Truyền thông</dd>",
        "Phó Giám đốc <strong>Nguyễn Văn A</strong>, KT. (ký thay)",
        "<li>Luật Thi đua, Khen thưởng ngày 26/11/2003</li>",
        'Kế hoạch số 05/KH-UBND <time datetime="2018-01-17">ngày 17 tháng 1 năm 2018</time> '
        "của UBND tỉnh Lạng Sơn về Hoạt động thông tin đối ngoại",
        "Tuyên truyền khu vực biên giới",
        "Nâng cao chất lượng công tác thông tin đối ngoại.",
        "Các phòng quán triệt đến toàn thể công chức.",
        '<h3 id="noi-dung-1">1. Quán triệt, triển khai kế hoạch</h3>',
        '<h3 id="noi-dung-2">2. Thông tin đối ngoại khu vực biên giới</h3>',
        "Gắn với nhiệm vụ của kế hoạch cấp trên: NV1",
        "<li>Phòng Thông tin - Báo chí - Xuất bản</li>",
        "<li>Phòng Công nghệ thông tin</li>",
        "<li>Báo Lạng Sơn (tổ chức ngoài ngành)</li>",
        "<li>Lao động tiên tiến</li>",
        "<li>Giấy khen</li>",
    ]
    missing = [text for text in expected if text not in page]
    assert missing == []
    # Titles and forms of commendation are kept apart.
    assert page.index("Danh hiệu thi đua") < page.index("Lao động tiên tiến")
    assert page.index("Hình thức khen thưởng") < page.index("<li>Giấy khen</li>")
    assert page.index("Lao động tiên tiến") < page.index("Hình thức khen thưởng")


def test_movement_page_marks_the_current_phases_only(world):
    services.set_phases(
        world.movement,
        {
            "REGISTRATION": (TODAY - dt.timedelta(days=25), TODAY - dt.timedelta(days=5)),
            "IMPLEMENTATION": (TODAY - dt.timedelta(days=4), TODAY + dt.timedelta(days=100)),
            "FINAL_REVIEW": (TODAY + dt.timedelta(days=101), TODAY + dt.timedelta(days=120)),
        },
    )
    _launch(world.movement)
    page = Client().get(PAGE_URL).content.decode()
    timeline = page[page.index('<ol class="timeline">') :]
    timeline = timeline[: timeline.index("</ol>")]
    items = re.findall(r"<li([^>]*)>\s*<strong>([^<]+)</strong>", timeline)
    assert items == [
        ("", "Đăng ký thi đua"),
        (' aria-current="step" class="timeline__current"', "Tổ chức thực hiện"),
        ("", "Tổng kết"),
    ]


def test_movement_page_headings_in_order_and_landmarks(world):
    _complete(world)
    page = Client().get(PAGE_URL).content.decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", page)]
    assert levels[0] == 1
    assert levels.count(1) == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert '<main id="main" tabindex="-1">' in page
    assert '<nav class="toc" aria-label="Mục lục trang">' in page
    assert '<html lang="vi"' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page


def test_draft_is_absent_from_list_and_its_page_is_404(world):
    listing = Client().get(LIST_URL).content.decode()
    assert world.movement.name not in listing
    assert "Chưa có phong trào thi đua nào được phát động." in listing
    response = Client().get(PAGE_URL)
    assert response.status_code == 404
    assert world.movement.name not in response.content.decode()
    assert "456/KH-STTTT" not in response.content.decode()


def test_draft_page_is_404_even_for_its_officer(world, client_for):
    assert client_for(world.officer).get(PAGE_URL).status_code == 404


def test_unknown_movement_is_404(world):
    assert Client().get("/cong-khai/phong-trao/KHONG-CO/").status_code == 404


def test_pages_offer_skip_link_text_size_login_and_portal_links(world):
    _launch(world.movement)
    for url in (LIST_URL, PAGE_URL):
        page = Client().get(url).content.decode()
        assert '<a class="skip-link" href="#main">Bỏ qua, đến nội dung chính</a>' in page
        assert '<form class="text-size" method="post" action="/co-chu/"' in page
        assert 'name="csrfmiddlewaretoken"' in page
        assert f'<a class="login-link" href="/dang-nhap/?next={url}">Đăng nhập</a>' in page
        assert '<a href="/cong-khai/"' in page


def test_signed_in_user_sees_portal_link_and_no_login_link(world, client_for):
    page = client_for(world.head_a).get(LIST_URL).content.decode()
    assert '<a href="/cong-khai/" aria-current="page">Trang công khai</a>' in page
    assert "login-link" not in page
    home = client_for(world.head_a).get("/").content.decode()
    assert '<a href="/cong-khai/" >Trang công khai</a>' in home


def test_text_size_form_works_for_anonymous_visitor_with_csrf(world):
    _launch(world.movement)
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get(PAGE_URL).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = visitor.post(
        "/co-chu/", {"size": "xl", "next": PAGE_URL, "csrfmiddlewaretoken": token}
    )
    assert (response.status_code, response["Location"]) == (302, PAGE_URL)
    assert response.cookies[TEXT_SIZE_COOKIE].value == "xl"
    assert 'data-text-size="xl"' in visitor.get(PAGE_URL).content.decode()


def test_text_size_post_without_csrf_token_is_refused(world):
    response = Client(enforce_csrf_checks=True).post("/co-chu/", {"size": "xl", "next": "/"})
    assert response.status_code == 403


def _list_queries() -> int:
    client = Client()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(LIST_URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow_with_movements(world):
    _launch(world.movement)
    one = _list_queries()
    for code in ("M2", "M3"):
        movement = make_draft_movement(world.agency, code=code, name=f"Phong trào {code}")
        services.set_sections(movement, [{"number": 1, "title": "Nội dung"}])
        services.set_participants(movement, [world.div_a])
        services.set_phases(movement, {"REGISTRATION": (TODAY, TODAY + dt.timedelta(days=5))})
        _launch(movement)
    three = _list_queries()
    assert Client().get(LIST_URL).content.decode().count("/cong-khai/phong-trao/") == 3
    assert one == three


def _page_queries() -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(PAGE_URL)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_movement_page_query_count_does_not_grow_with_sections_and_units(world):
    _complete(world)
    few = _page_queries()
    services.set_sections(
        world.movement,
        [
            {"number": n, "title": f"Nội dung {n}", "parent_task_codes": ["NV2"]}
            for n in range(1, 6)
        ],
    )
    services.set_foreseen_awards(world.movement, ["LDTT", "CSTDCS", "GIAY_KHEN", "TTLDXS"])
    assert _page_queries() == few


def test_no_staff_names_on_public_pages(world):
    make_person("PSECRET", unit=world.div_a, full_name="Hà Thị Kín Đáo", email="kin@example.vn")
    make_person("POUT", unit=world.outside, full_name="Đinh Văn Phóng Viên")
    _complete(world)
    names = ["Hà Thị Kín Đáo", "Đinh Văn Phóng Viên", "Lương Thị Hoa", "Vi Văn Tùng"]
    for url in (LIST_URL, PAGE_URL):
        page = Client().get(url).content.decode()
        assert "Phòng Thông tin - Báo chí - Xuất bản" in page or url == LIST_URL
        assert [n for n in names if n in page] == []
        assert "kin@example.vn" not in page
        assert "head_a@example.vn" not in page
