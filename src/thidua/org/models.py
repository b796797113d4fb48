"""Organisation data. Fields, small properties and Meta only: changes go through ``services``."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thidua.org.enums import (
    BorderGateKind,
    DisciplineLevel,
    DisciplineStatus,
    Gender,
    PlaceKind,
    Rating,
    Role,
    StaffType,
    UnitKind,
)

CODE_HELP = _("Mã ổn định, không đổi; dùng trong nhập/xuất Excel và API.")


class User(AbstractUser):
    """A login. Linked to at most one person (``person``) of the directory."""

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = _("tài khoản")


class Place(models.Model):
    """An administrative place: province, district or commune, with its validity dates."""

    code = models.CharField(_("mã"), max_length=32, unique=True, help_text=CODE_HELP)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("cấp"), max_length=16, choices=PlaceKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thuộc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_border = models.BooleanField(_("khu vực biên giới"), default=False)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search = models.CharField(max_length=200, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("địa bàn")
        verbose_name_plural = _("địa bàn")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class BorderGate(models.Model):
    code = models.CharField(_("mã"), max_length=32, unique=True, help_text=CODE_HELP)
    name = models.CharField(_("tên"), max_length=200)
    kind = models.CharField(_("loại"), max_length=16, choices=BorderGateKind.choices)
    place = models.ForeignKey(
        Place, verbose_name=_("địa bàn"), on_delete=models.PROTECT, related_name="border_gates"
    )

    class Meta:
        verbose_name = _("cửa khẩu")
        verbose_name_plural = _("cửa khẩu")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit of the tree. ``path`` is a materialized path of fixed-width segments, one per
    ancestor, so a whole subtree is ``path LIKE 'prefix%'`` on one index. A unit is closed
    (``valid_to``) and a new one opened rather than renamed in place, so history stays true."""

    SEGMENT_WIDTH = 7  # base-36 digits per level: 78 billion ids

    code = models.CharField(_("mã đơn vị"), max_length=32, unique=True, help_text=CODE_HELP)
    name = models.CharField(_("tên đơn vị"), max_length=300)
    short_name = models.CharField(_("tên viết tắt"), max_length=64, blank=True, default="")
    kind = models.CharField(_("loại đơn vị"), max_length=16, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    place = models.ForeignKey(
        Place,
        verbose_name=_("địa bàn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    valid_from = models.DateField(_("hiệu lực từ"), default=dt.date(2000, 1, 1))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    search = models.CharField(max_length=300, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_range",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or self.valid_to >= day)


class Person(models.Model):
    code = models.CharField(_("mã cán bộ"), max_length=32, unique=True, help_text=CODE_HELP)
    full_name = models.CharField(_("họ và tên"), max_length=200)
    gender = models.CharField(_("giới tính"), max_length=1, choices=Gender.choices)
    birth_date = models.DateField(_("ngày sinh"), null=True, blank=True)
    staff_type = models.CharField(_("loại cán bộ"), max_length=16, choices=StaffType.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("Đơn vị hiện tại; lịch sử công tác nằm ở quá trình công tác."),
    )
    position = models.CharField(_("chức vụ"), max_length=200, blank=True, default="")
    is_leader = models.BooleanField(_("lãnh đạo, quản lý"), default=False)
    is_frontline = models.BooleanField(_("người trực tiếp làm việc"), default=True)
    joined_on = models.DateField(_("ngày vào cơ quan"), null=True, blank=True)
    left_on = models.DateField(_("ngày thôi việc"), null=True, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True, default="")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    search = models.CharField(max_length=200, editable=False, db_index=True, default="")

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["search", "code"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"


class Membership(models.Model):
    """A period a person worked in a unit (quá trình công tác)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships")
    position = models.CharField(_("chức vụ"), max_length=200, blank=True, default="")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("quá trình công tác")
        verbose_name_plural = _("quá trình công tác")
        ordering = ["person", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(end__isnull=True), name="one_open_membership"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.unit_id} {self.start}..{self.end or ''}"


class PersonRating(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=8, choices=Rating.choices)

    class Meta:
        verbose_name = _("xếp loại cá nhân")
        verbose_name_plural = _("xếp loại cá nhân")
        ordering = ["person", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["person", "year"], name="person_rating_once")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year} {self.rating}"


class UnitRating(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="ratings")
    year = models.PositiveSmallIntegerField(_("năm"))
    rating = models.CharField(_("xếp loại"), max_length=8, choices=Rating.choices)

    class Meta:
        verbose_name = _("xếp loại tập thể")
        verbose_name_plural = _("xếp loại tập thể")
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="unit_rating_once")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.year} {self.rating}"


class DisciplineRecord(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="discipline")
    status = models.CharField(_("trạng thái"), max_length=16, choices=DisciplineStatus.choices)
    level = models.CharField(
        _("hình thức kỷ luật"),
        max_length=16,
        choices=DisciplineLevel.choices,
        null=True,
        blank=True,
    )
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    effective_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    effective_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=64, blank=True, default="")
    note = models.TextField(_("ghi chú"), blank=True, default="")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kỷ luật")
        verbose_name_plural = _("kỷ luật")
        ordering = ["person", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="UNDER_REVIEW")
                | (Q(level__isnull=False) & Q(decided_on__isnull=False)),
                name="decided_discipline_has_level_and_date",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.status} {self.level or ''}"


class RoleAssignment(models.Model):
    """A role held by a user on a unit and its whole subtree, between two dates."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("vai trò"), max_length=24, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("phạm vi (đơn vị và cấp dưới)"),
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    valid_from = models.DateField(_("từ ngày"), default=dt.date(2000, 1, 1))
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        ordering = ["user", "role"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.role} @ {self.unit_id}"
