"""Stable codes of movements. Never rename a value: the API and exports use them."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MovementKind(models.TextChoices):
    REGULAR = "REGULAR", _("Thi đua thường xuyên")
    THEMATIC = "THEMATIC", _("Thi đua theo chuyên đề")
    PERIODIC = "PERIODIC", _("Thi đua theo đợt")


class MovementState(models.TextChoices):
    DRAFT = "DRAFT", _("Dự thảo")
    LAUNCHED = "LAUNCHED", _("Đã phát động")
    UNDER_REVIEW = "UNDER_REVIEW", _("Đang sơ kết, tổng kết")
    CLOSED = "CLOSED", _("Đã kết thúc")


# The allowed moves of a movement; set_movement_state checks this table.
MOVEMENT_TRANSITIONS: dict[str, set[str]] = {
    MovementState.DRAFT: {MovementState.LAUNCHED},
    MovementState.LAUNCHED: {MovementState.UNDER_REVIEW},
    MovementState.UNDER_REVIEW: {MovementState.CLOSED, MovementState.LAUNCHED},
    MovementState.CLOSED: set(),
}


class PhaseKind(models.TextChoices):
    REGISTRATION = "REGISTRATION", _("Đăng ký thi đua")
    IMPLEMENTATION = "IMPLEMENTATION", _("Tổ chức thực hiện")
    INTERIM_REVIEW = "INTERIM_REVIEW", _("Sơ kết")
    FINAL_REVIEW = "FINAL_REVIEW", _("Tổng kết")
    COMMENDATION = "COMMENDATION", _("Khen thưởng")


class SignerAuthority(models.TextChoices):
    """The authority line of an administrative document's signer (Nghị định 30/2020)."""

    NONE = "", _("Ký trực tiếp")
    TM = "TM.", pgettext_lazy("authority", "TM. (thay mặt)")
    KT = "KT.", pgettext_lazy("authority", "KT. (ký thay)")
    Q = "Q.", pgettext_lazy("authority", "Q. (quyền)")
    TL = "TL.", pgettext_lazy("authority", "TL. (thừa lệnh)")
    TUQ = "TUQ.", pgettext_lazy("authority", "TUQ. (thừa ủy quyền)")


class ParticipantRole(models.TextChoices):
    LEAD = "LEAD", _("Đơn vị chủ trì")
    PARTICIPANT = "PARTICIPANT", _("Đơn vị tham gia")


class UnitPlanState(models.TextChoices):
    DRAFT = "DRAFT", _("Đang soạn")
    SUBMITTED = "SUBMITTED", _("Đã gửi, chờ duyệt")
    APPROVED = "APPROVED", _("Đã duyệt")
    RETURNED = "RETURNED", _("Trả lại để sửa")


UNIT_PLAN_TRANSITIONS: dict[str, set[str]] = {
    UnitPlanState.DRAFT: {UnitPlanState.SUBMITTED},
    UnitPlanState.SUBMITTED: {UnitPlanState.APPROVED, UnitPlanState.RETURNED},
    UnitPlanState.RETURNED: {UnitPlanState.SUBMITTED},
    UnitPlanState.APPROVED: set(),
}


class RegistrationState(models.TextChoices):
    SUBMITTED = "SUBMITTED", _("Đã đăng ký, chờ xác nhận")
    CONFIRMED = "CONFIRMED", _("Đã xác nhận")
    REJECTED = "REJECTED", _("Không xác nhận")
    WITHDRAWN = "WITHDRAWN", _("Đã rút")


REGISTRATION_TRANSITIONS: dict[str, set[str]] = {
    RegistrationState.SUBMITTED: {
        RegistrationState.CONFIRMED,
        RegistrationState.REJECTED,
        RegistrationState.WITHDRAWN,
    },
    RegistrationState.CONFIRMED: {RegistrationState.WITHDRAWN},
    RegistrationState.REJECTED: {RegistrationState.SUBMITTED},
    RegistrationState.WITHDRAWN: {RegistrationState.SUBMITTED},
}


class ScoringMethod(models.TextChoices):
    MANUAL = "MANUAL", _("Chấm điểm trực tiếp")
    COUNTED = "COUNTED", _("Tính từ chỉ số hoạt động so với chỉ tiêu")
    YES_NO = "YES_NO", _("Có/Không")
