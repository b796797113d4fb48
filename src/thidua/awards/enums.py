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
    """States of a nomination (đề nghị khen thưởng). COUNCIL_PASSED / COUNCIL_FAILED are set
    only by a closing council ballot (``councils.close_ballot``); a passed one keeps its slot
    of the cap (QUOTA_HOLDING_STATES), a failed one releases it."""

    DRAFT = "DRAFT", _("Đang soạn")
    SUBMITTED = "SUBMITTED", _("Đã trình")
    WITHDRAWN = "WITHDRAWN", _("Đã rút")
    RETURNED = "RETURNED", _("Trả lại để bổ sung")
    COUNCIL_PASSED = "COUNCIL_PASSED", _("Hội đồng đề nghị khen thưởng")
    COUNCIL_FAILED = "COUNCIL_FAILED", _("Hội đồng không đề nghị")


NOMINATION_TRANSITIONS: dict[str, tuple[str, ...]] = {
    NominationState.DRAFT: (NominationState.SUBMITTED, NominationState.WITHDRAWN),
    NominationState.SUBMITTED: (
        NominationState.RETURNED,
        NominationState.WITHDRAWN,
        NominationState.COUNCIL_PASSED,
        NominationState.COUNCIL_FAILED,
    ),
    NominationState.RETURNED: (NominationState.SUBMITTED, NominationState.WITHDRAWN),
    NominationState.WITHDRAWN: (),
    NominationState.COUNCIL_PASSED: (),
    NominationState.COUNCIL_FAILED: (),
}

# Only a closing council ballot (``councils.close_ballot``) moves a nomination into these.
COUNCIL_STATES: frozenset[str] = frozenset(
    {NominationState.COUNCIL_PASSED, NominationState.COUNCIL_FAILED}
)

# A nomination in one of these states holds a slot of its cap (QuotaCounter.used).
QUOTA_HOLDING_STATES: frozenset[str] = frozenset(
    {NominationState.SUBMITTED, NominationState.COUNCIL_PASSED}
)


# --- councils (hội đồng thi đua - khen thưởng) -------------------------------------------


class CouncilRole(models.TextChoices):
    CHAIR = "CHAIR", _("Chủ tịch Hội đồng")
    VICE_CHAIR = "VICE_CHAIR", _("Phó Chủ tịch Hội đồng")
    MEMBER = "MEMBER", _("Ủy viên")
    SECRETARY = "SECRETARY", _("Thư ký")


class SessionState(models.TextChoices):
    OPEN = "OPEN", _("Đang điểm danh")
    VOTING = "VOTING", _("Đang bỏ phiếu")
    CLOSED = "CLOSED", _("Đã kết thúc")


class BallotState(models.TextChoices):
    OPEN = "OPEN", _("Đang bỏ phiếu")
    CLOSED = "CLOSED", _("Đã kiểm phiếu")


class VoteVia(models.TextChoices):
    ONLINE = "ONLINE", _("Trực tuyến")
    PAPER = "PAPER", _("Phiếu giấy (thư ký nhập)")


class VoteChoice(models.TextChoices):
    """Never stored with a member: only the ballot's tallies count it."""

    YES = "YES", _("Đồng ý")
    NO = "NO", _("Không đồng ý")
    BLANK = "BLANK", _("Phiếu trắng")
