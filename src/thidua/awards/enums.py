"""Stable codes of the award register (GLOSSARY.md). Never rename a value."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardKind(models.TextChoices):
    """Loại hình khen thưởng (Luật 2022 Art 8). MOVEMENT and ADHOC awards never count toward
    the prerequisites of higher MERIT awards."""

    MERIT = "MERIT", _("Công trạng")
    MOVEMENT = "MOVEMENT", _("Theo phong trào thi đua")
    ADHOC = "ADHOC", _("Đột xuất")
    CONTRIBUTION = "CONTRIBUTION", _("Quá trình cống hiến")
    SENIORITY = "SENIORITY", _("Niên hạn")
    FOREIGN = "FOREIGN", _("Đối ngoại")


class RecipientType(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    UNIT = "unit", _("Tập thể")


class AwardStatus(models.TextChoices):
    ACTIVE = "ACTIVE", _("Có hiệu lực")
    REVOKED = "REVOKED", _("Đã thu hồi")


class AwardSource(models.TextChoices):
    DECISION = "DECISION", _("Từ quyết định trong hệ thống")
    IMPORT = "IMPORT", _("Nhập từ Excel")
    API = "API", _("Qua API")
    MANUAL = "MANUAL", _("Nhập tay")


class InitiativeScope(models.TextChoices):
    SCOPE_CO_SO = "SCOPE_CO_SO", _("Phạm vi ảnh hưởng cấp cơ sở")
    SCOPE_TINH = "SCOPE_TINH", _("Phạm vi ảnh hưởng cấp bộ, ban, ngành, tỉnh")
    SCOPE_TOAN_QUOC = "SCOPE_TOAN_QUOC", _("Phạm vi ảnh hưởng toàn quốc")


SCOPE_RANK: dict[str, int] = {
    InitiativeScope.SCOPE_CO_SO: 1,
    InitiativeScope.SCOPE_TINH: 2,
    InitiativeScope.SCOPE_TOAN_QUOC: 3,
}


class Verdict(models.TextChoices):
    ELIGIBLE = "ELIGIBLE", _("Đủ điều kiện")
    NOT_ELIGIBLE = "NOT_ELIGIBLE", _("Chưa đủ điều kiện")
    ON_HOLD = "ON_HOLD", _("Tạm dừng xét")
    NEEDS_REVIEW = "NEEDS_REVIEW", _("Cần xem xét thêm")


class NominationState(models.TextChoices):
    """States of a nomination (đề nghị khen thưởng). Council states come later: add them here
    and in NOMINATION_TRANSITIONS / QUOTA_HOLDING_STATES."""

    DRAFT = "DRAFT", _("Đang soạn")
    SUBMITTED = "SUBMITTED", _("Đã trình")
    WITHDRAWN = "WITHDRAWN", _("Đã rút")
    RETURNED = "RETURNED", _("Trả lại để bổ sung")


NOMINATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    NominationState.DRAFT: (NominationState.SUBMITTED, NominationState.WITHDRAWN),
    NominationState.SUBMITTED: (NominationState.RETURNED, NominationState.WITHDRAWN),
    NominationState.RETURNED: (NominationState.SUBMITTED, NominationState.WITHDRAWN),
    NominationState.WITHDRAWN: (),
}

# A nomination in one of these states holds a slot of its cap (QuotaCounter.used).
QUOTA_HOLDING_STATES: frozenset[str] = frozenset({NominationState.SUBMITTED})
