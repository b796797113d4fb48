"""Factories for the organisation. Units and people go through the services, so paths,
search columns and memberships are what production code would write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory

from thidua.org import services
from thidua.org.enums import Role
from thidua.org.models import Person, Place, Unit, User

_seq = iter(range(1, 10**9))


def make_unit(code: str | None = None, *, parent: Unit | None = None, **kw: Any) -> Unit:
    n = next(_seq)
    unit, _created, _changed = services.upsert_unit(
        code or f"U{n:04d}",
        name=kw.pop("name", f"Đơn vị {n}"),
        kind=kw.pop("kind", "DIVISION" if parent else "AGENCY"),
        parent=parent,
        **kw,
    )
    return unit


def make_person(code: str | None = None, *, unit: Unit, **kw: Any) -> Person:
    n = next(_seq)
    person, _created, _changed = services.upsert_person(
        code or f"P{n:05d}",
        full_name=kw.pop("full_name", f"Nguyễn Văn {n}"),
        gender=kw.pop("gender", "M"),
        staff_type=kw.pop("staff_type", "CONG_CHUC"),
        unit=unit,
        joined_on=kw.pop("joined_on", dt.date(2015, 1, 1)),
        **kw,
    )
    return person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("matkhau-thu-nghiem")


def make_user(role: str | None = None, unit: Unit | None = None, **kw: Any) -> User:
    user = UserFactory(**kw)
    if role is not None:
        assert unit is not None
        services.assign_role(user, role, unit)
    return user


def make_place(
    code: str, *, kind: str = "COMMUNE", parent: Place | None = None, **kw: Any
) -> Place:
    return Place.objects.create(
        code=code, name=kw.pop("name", code), kind=kind, parent=parent, **kw
    )


__all__ = ["Role", "UserFactory", "make_person", "make_place", "make_unit", "make_user"]


def ensure_default_activity_kinds() -> None:
    """Load the default activity-kind catalogue again. Tests on a transactional database
    (live_server, threads) start after a flush that removed what the data migration loaded."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("thidua.results.migrations.0002_activity_kinds")
    migration.load_default_kinds(apps, None)
