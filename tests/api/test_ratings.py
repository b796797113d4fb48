from typing import get_args

from tests.api.conftest import error_locs, put
from thidua.api.schemas import RatingCode
from thidua.core.models import AuditEvent
from thidua.org.enums import Rating
from thidua.org.models import PersonRating, UnitRating
from thidua.org.services import set_person_rating


def test_put_person_rating_201_then_200_one_row_one_event(two_divisions, admin_api):
    first = put(admin_api, "/api/v1/people/PA/ratings/2024", {"rating": "HTXSNV"})
    second = put(admin_api, "/api/v1/people/PA/ratings/2024", {"rating": "HTXSNV"})
    assert (first.status_code, first.json()) == (201, {"year": 2024, "rating": "HTXSNV"})
    assert (second.status_code, second.json()) == (200, {"year": 2024, "rating": "HTXSNV"})
    assert list(PersonRating.objects.values_list("person__code", "year", "rating")) == [
        ("PA", 2024, "HTXSNV")
    ]
    events = AuditEvent.objects.for_object(two_divisions.person_a).filter(
        action__startswith="org.rating"
    )
    assert [(e.action, e.after) for e in events] == [
        ("org.rating.set", {"year": 2024, "rating": "HTXSNV"})
    ]


def test_put_person_rating_change_is_200_and_recorded(two_divisions, admin_api):
    put(admin_api, "/api/v1/people/PA/ratings/2024", {"rating": "HTNV"})
    response = put(admin_api, "/api/v1/people/PA/ratings/2024", {"rating": "HTTNV"})
    assert (response.status_code, response.json()) == (200, {"year": 2024, "rating": "HTTNV"})
    assert PersonRating.objects.get(person__code="PA", year=2024).rating == "HTTNV"
    actions = AuditEvent.objects.for_object(two_divisions.person_a).values_list("action", flat=True)
    assert list(actions.filter(action__startswith="org.rating")) == [
        "org.rating.changed",
        "org.rating.set",
    ]


def test_put_rating_bad_code_is_422_on_rating(two_divisions, admin_api):
    response = put(admin_api, "/api/v1/people/PA/ratings/2024", {"rating": "XUATSAC"})
    assert response.status_code == 422
    assert error_locs(response) == [["body", "rating"]]


def test_put_rating_bad_year_is_422_on_year(two_divisions, admin_api):
    response = put(admin_api, "/api/v1/people/PA/ratings/1900", {"rating": "HTNV"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {"loc": ["path", "year"], "msg": "Năm 1900 không hợp lệ.", "type": "value_error"}
    ]
    assert not PersonRating.objects.exists()


def test_put_rating_of_unknown_person_is_404(two_divisions, admin_api):
    response = put(admin_api, "/api/v1/people/KHONGCO/ratings/2024", {"rating": "HTNV"})
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy cán bộ mã “KHONGCO”."}


def test_get_person_ratings_newest_first(two_divisions, admin_api):
    set_person_rating(two_divisions.person_a, 2022, "HTNV")
    set_person_rating(two_divisions.person_a, 2023, "HTTNV")
    set_person_rating(two_divisions.person_b, 2023, "KHTNV")
    response = admin_api.get("/api/v1/people/PA/ratings")
    assert response.json() == [
        {"year": 2023, "rating": "HTTNV"},
        {"year": 2022, "rating": "HTNV"},
    ]


def test_put_unit_rating_201_then_200_one_row(two_divisions, admin_api):
    first = put(admin_api, "/api/v1/units/CNTT/ratings/2024", {"rating": "HTTNV"})
    second = put(admin_api, "/api/v1/units/CNTT/ratings/2024", {"rating": "HTTNV"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == {"year": 2024, "rating": "HTTNV"}
    assert list(UnitRating.objects.values_list("unit__code", "year", "rating")) == [
        ("CNTT", 2024, "HTTNV")
    ]
    events = AuditEvent.objects.for_object(two_divisions.div_b).filter(
        action__startswith="org.unit_rating"
    )
    assert list(events.values_list("action", flat=True)) == ["org.unit_rating.set"]
    assert admin_api.get("/api/v1/units/CNTT/ratings").json() == [{"year": 2024, "rating": "HTTNV"}]


def test_put_unit_rating_of_unknown_unit_is_404(two_divisions, admin_api):
    response = put(admin_api, "/api/v1/units/KHONGCO/ratings/2024", {"rating": "HTNV"})
    assert response.status_code == 404


def test_put_rating_by_unit_head_is_403_and_recorded(two_divisions, api_client_for):
    response = put(
        api_client_for(two_divisions.head_a), "/api/v1/people/PA/ratings/2024", {"rating": "HTNV"}
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền xếp loại cán bộ “PA”."}
    denied = AuditEvent.objects.filter(action="access.denied")
    assert [(e.actor.username, e.after["permission"]) for e in denied] == [
        ("head_a", "org.change_personrating")
    ]
    assert not PersonRating.objects.exists()


def test_rating_codes_are_the_stable_enum_values():
    assert list(get_args(RatingCode)) == list(Rating.values)
