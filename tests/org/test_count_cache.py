"""The home page's counts and the people list's total at national scale: cached per scope,
forgotten by an import, and the people import's COPY path on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_person, make_unit, make_user
from tests.org.test_imports import PEOPLE_HEADER, run
from thidua.core.models import AuditEvent, ImportJob
from thidua.org import import_plans, views
from thidua.org.dashboard import attention_items
from thidua.org.enums import Role
from thidua.org.models import Membership, Person, PersonRating
from thidua.org.services import set_person_rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def cached(settings):
    settings.THIDUA_DASHBOARD_CACHE_SECONDS = 300
    settings.THIDUA_COUNT_CACHE_SECONDS = 60
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def later(monkeypatch, seconds: float) -> None:
    """Move the cache's clock ``seconds`` ahead."""
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + seconds)


def unrated(user) -> int:
    return attention_items(user)[0].count


def count_queries(client, url: str, params=None) -> tuple[int, str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    sqls = [q["sql"] for q in ctx.captured_queries]
    return len(sqls), response.content.decode(), sqls


def test_home_counts_are_right_and_cached_within_the_ttl(two_divisions, client_for, cached):
    t = two_divisions
    year = timezone.localdate().year - 1
    assert unrated(t.officer) == 2  # PA and PB, neither rated for last year
    set_person_rating(t.person_a, year, "HTXSNV", actor=t.officer)
    # Within the TTL the cached figure stays (and runs no count).
    client = client_for(t.officer)
    first, _html, _sqls = count_queries(client, "/")
    second, html2, sqls = count_queries(client, "/")
    assert "Cán bộ chưa có xếp loại chất lượng năm" in html2
    assert second == first
    assert not any("COUNT(*)" in sql for sql in sqls)
    assert unrated(t.officer) == 2


def test_home_counts_second_request_runs_fewer_queries(two_divisions, client_for, cached):
    client = client_for(two_divisions.officer)
    first, _html, first_sqls = count_queries(client, "/")
    second, _html, second_sqls = count_queries(client, "/")
    assert sum("COUNT(*)" in s for s in first_sqls) == 2
    assert sum("COUNT(*)" in s for s in second_sqls) == 0
    assert second == first - 2


def test_home_counts_change_after_the_ttl(two_divisions, cached, monkeypatch):
    t = two_divisions
    year = timezone.localdate().year - 1
    assert unrated(t.officer) == 2
    set_person_rating(t.person_b, year, "HTTNV", actor=t.officer)
    assert unrated(t.officer) == 2
    later(monkeypatch, 301)
    assert unrated(t.officer) == 1


def test_home_counts_are_per_scope(two_divisions, cached):
    t = two_divisions
    officer_a = make_user(Role.OFFICER, t.div_a, username="officer_a")
    assert unrated(t.officer) == 2
    assert unrated(officer_a) == 1  # only PA: not the national figure from the cache


def test_an_import_of_ratings_shows_at_once(
    two_divisions, cached, django_capture_on_commit_callbacks
):
    t = two_divisions
    year = timezone.localdate().year - 1
    assert unrated(t.officer) == 2
    header = ["Mã cán bộ", "Năm", "Xếp loại"]
    with django_capture_on_commit_callbacks(execute=True):
        job = run("PERSON_RATINGS", header, [["PA", year, "HTXSNV"]], t.officer)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    assert PersonRating.objects.filter(person=t.person_a, year=year).exists()
    assert unrated(t.officer) == 1


def test_cache_off_counts_every_time(two_divisions, settings):
    settings.THIDUA_DASHBOARD_CACHE_SECONDS = 0
    t = two_divisions
    assert unrated(t.officer) == 2
    set_person_rating(t.person_a, timezone.localdate().year - 1, "HTXSNV", actor=t.officer)
    assert unrated(t.officer) == 1


# --- People list total ---------------------------------------------------------------------


def test_large_unfiltered_total_is_cached_and_said_approximate(
    two_divisions, client_for, cached, monkeypatch
):
    monkeypatch.setattr(views, "CACHED_COUNT_MIN", 2)
    t = two_divisions
    client = client_for(t.officer)
    _n, html, sqls = count_queries(client, "/to-chuc/can-bo/")
    assert any("COUNT(*)" in s for s in sqls)
    assert "2 người" in html
    assert "khoảng" not in html
    make_person("PC", unit=t.div_a, full_name="Phạm Văn Cường")
    _n, html, sqls = count_queries(client, "/to-chuc/can-bo/")
    assert not any("COUNT(*)" in s for s in sqls)
    assert "khoảng 2 người" in html  # the cached total, said to be approximate
    assert "Phạm Văn Cường" in html  # the rows themselves are read fresh
    # A filtered list counts exactly, every time.
    _n, html, sqls = count_queries(client, "/to-chuc/can-bo/", {"q": "van"})
    assert any("COUNT(*)" in s for s in sqls)
    assert "2 người" in html
    assert "khoảng" not in html
    # After the TTL the exact total again.
    later(monkeypatch, 61)
    _n, html, _sqls = count_queries(client, "/to-chuc/can-bo/")
    assert "3 người" in html
    assert "khoảng" not in html


def test_small_total_is_counted_every_time(two_divisions, client_for, cached):
    t = two_divisions
    client = client_for(t.officer)
    count_queries(client, "/to-chuc/can-bo/")
    make_person("PC", unit=t.div_a, full_name="Phạm Văn Cường")
    _n, html, sqls = count_queries(client, "/to-chuc/can-bo/")
    assert any("COUNT(*)" in s for s in sqls)
    assert "3 người" in html
    assert "khoảng" not in html


def test_cached_total_is_per_scope(two_divisions, client_for, cached, monkeypatch):
    monkeypatch.setattr(views, "CACHED_COUNT_MIN", 1)
    t = two_divisions
    _n, html, _sqls = count_queries(client_for(t.officer), "/to-chuc/can-bo/")
    assert "2 người" in html
    _n, html, _sqls = count_queries(client_for(t.head_a), "/to-chuc/can-bo/")
    assert "1 người" in html
    assert "khoảng" not in html


def test_a_people_import_forgets_the_cached_total(
    two_divisions,
    client_for,
    cached,
    monkeypatch,
    django_capture_on_commit_callbacks,
):
    monkeypatch.setattr(views, "CACHED_COUNT_MIN", 1)
    t = two_divisions
    client = client_for(t.officer)
    count_queries(client, "/to-chuc/can-bo/")
    row = ["N1", "Trần Văn An", "Nam", "15/03/1985", "Công chức", "VP", "", "", "", ""]
    with django_capture_on_commit_callbacks(execute=True):
        job = run("PEOPLE", PEOPLE_HEADER, [row], t.officer)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    _n, html, _sqls = count_queries(client, "/to-chuc/can-bo/")
    assert "3 người" in html
    assert "khoảng" not in html


# --- COPY on PostgreSQL ----------------------------------------------------------------------


@pytest.mark.postgres
def test_people_import_through_copy_on_postgresql(two_divisions, monkeypatch):
    monkeypatch.setattr(import_plans, "COPY_MIN_ROWS", 1)
    t = two_divisions
    make_unit("VP2", parent=t.div_a, name="Tổ 2")
    rows = [
        ["N1", "Trần  Văn An", "Nam", dt.date(1985, 3, 15), "CONG_CHUC", "VP", "Trưởng phòng",
         "Có", "Không", "01/02/2010"],
        ["N2", "Lê Thị Bình", "Nữ", "", "Viên chức", "CNTT", "", "", "", ""],
    ]  # fmt: skip
    job = run("PEOPLE", PEOPLE_HEADER, rows, t.officer)
    assert job.status == ImportJob.Status.SUCCEEDED, job.errors
    n1 = Person.objects.get(code="N1")
    n2 = Person.objects.get(code="N2")
    assert (n1.full_name, n1.search, n1.unit, n1.is_leader, n1.is_frontline) == (
        "Trần Văn An",
        "tran van an n1",
        t.div_a,
        True,
        False,
    )
    assert list(n1.memberships.values_list("unit__code", "start", "end", "position")) == [
        ("VP", dt.date(2010, 2, 1), None, "Trưởng phòng")
    ]
    assert list(n2.memberships.values_list("unit__code", "start")) == [
        ("CNTT", timezone.localdate())
    ]
    event = AuditEvent.objects.get(action="org.person.created", object_id=str(n1.pk))
    assert event.after["birth_date"] == "1985-03-15"
    assert event.after["unit"] == t.div_a.pk
    assert event.before is None
    assert event.actor == t.officer
    assert event.at is not None
    # The sequences moved on: records made afterwards get fresh ids.
    later_person = make_person("PX", unit=t.div_b)
    assert later_person.pk > max(n1.pk, n2.pk)
    assert Membership.objects.filter(person__in=[n1, n2]).count() == 2
