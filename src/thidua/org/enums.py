"""Stable codes of the organisation (GLOSSARY.md). Never rename a value: imports, exports and
the API use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitKind(models.TextChoices):
    AGENCY = "AGENCY", _("Cơ quan")
    DIVISION = "DIVISION", _("Phòng, ban")
    SUBORDINATE = "SUBORDINATE", _("Đơn vị trực thuộc")
    OUTSIDE = "OUTSIDE", _("Tổ chức bên ngoài")
    LOCALITY = "LOCALITY", _("Địa phương")


class PlaceKind(models.TextChoices):
    PROVINCE = "PROVINCE", _("Tỉnh, thành phố")
    DISTRICT = "DISTRICT", _("Huyện, thành phố thuộc tỉnh")
    COMMUNE = "COMMUNE", _("Xã, phường, thị trấn")


class BorderGateKind(models.TextChoices):
    INTERNATIONAL = "INTERNATIONAL", _("Cửa khẩu quốc tế")
    MAIN = "MAIN", _("Cửa khẩu chính")
    SECONDARY = "SECONDARY", _("Cửa khẩu phụ, lối mở")


class Gender(models.TextChoices):
    FEMALE = "F", _("Nữ")
    MALE = "M", _("Nam")


class StaffType(models.TextChoices):
    CAN_BO = "CAN_BO", pgettext_lazy("staff type", "Cán bộ")
    CONG_CHUC = "CONG_CHUC", pgettext_lazy("staff type", "Công chức")
    VIEN_CHUC = "VIEN_CHUC", pgettext_lazy("staff type", "Viên chức")
    NGUOI_LAO_DONG = "NGUOI_LAO_DONG", pgettext_lazy("staff type", "Người lao động")


class Rating(models.TextChoices):
    """Yearly quality rating (xếp loại chất lượng), best first."""

    HTXSNV = "HTXSNV", _("Hoàn thành xuất sắc nhiệm vụ")
    HTTNV = "HTTNV", _("Hoàn thành tốt nhiệm vụ")
    HTNV = "HTNV", _("Hoàn thành nhiệm vụ")
    KHTNV = "KHTNV", _("Không hoàn thành nhiệm vụ")


# Higher is better; the eligibility engine compares ratings with these ranks.
RATING_RANK: dict[str, int] = {Rating.HTXSNV: 4, Rating.HTTNV: 3, Rating.HTNV: 2, Rating.KHTNV: 1}


class DisciplineStatus(models.TextChoices):
    UNDER_REVIEW = "UNDER_REVIEW", _("Đang xem xét kỷ luật")
    DECIDED = "DECIDED", _("Đã quyết định")


class DisciplineLevel(models.TextChoices):
    """Discipline levels, lightest first."""

    KHIEN_TRACH = "KHIEN_TRACH", _("Khiển trách")
    CANH_CAO = "CANH_CAO", _("Cảnh cáo")
    HA_BAC_LUONG = "HA_BAC_LUONG", _("Hạ bậc lương")
    GIANG_CHUC = "GIANG_CHUC", _("Giáng chức")
    CACH_CHUC = "CACH_CHUC", _("Cách chức")
    BUOC_THOI_VIEC = "BUOC_THOI_VIEC", _("Buộc thôi việc")


DISCIPLINE_SEVERITY: dict[str, int] = {level: i for i, level in enumerate(DisciplineLevel, start=1)}


class Role(models.TextChoices):
    ADMIN = "ADMIN", _("Quản trị hệ thống")
    OFFICER = "OFFICER", _("Cán bộ thi đua - khen thưởng")
    UNIT_HEAD = "UNIT_HEAD", _("Thủ trưởng đơn vị")
    COUNCIL_MEMBER = "COUNCIL_MEMBER", _("Thành viên Hội đồng")
    COUNCIL_SECRETARY = "COUNCIL_SECRETARY", pgettext_lazy("role", "Thư ký Hội đồng")
    STAFF = "STAFF", _("Cán bộ, công chức, viên chức")


# Roles that let a user see the people and units of the subtree the role is assigned on.
DIRECTORY_ROLES = (
    Role.ADMIN,
    Role.OFFICER,
    Role.UNIT_HEAD,
    Role.COUNCIL_MEMBER,
    Role.COUNCIL_SECRETARY,
)
# Roles that may change organisation data (units, people, ratings, discipline) in the subtree.
ORG_EDITOR_ROLES = (Role.ADMIN, Role.OFFICER)
