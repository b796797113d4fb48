"""Stable codes of results. Never rename a value."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportPeriod(models.TextChoices):
    MONTHLY = "MONTHLY", _("Báo cáo tháng")
    QUARTERLY = "QUARTERLY", _("Báo cáo quý")
    INTERIM = "INTERIM", _("Báo cáo sơ kết")
    FINAL = "FINAL", _("Báo cáo tổng kết")


class ReportState(models.TextChoices):
    DRAFT = "DRAFT", _("Đang soạn")
    SUBMITTED = "SUBMITTED", _("Đã gửi")
    RETURNED = "RETURNED", pgettext_lazy("status", "Trả lại")
    ACCEPTED = "ACCEPTED", _("Đã tiếp nhận")


REPORT_TRANSITIONS: dict[str, set[str]] = {
    ReportState.DRAFT: {ReportState.SUBMITTED},
    ReportState.SUBMITTED: {ReportState.ACCEPTED, ReportState.RETURNED},
    ReportState.RETURNED: {ReportState.SUBMITTED},
    ReportState.ACCEPTED: set(),
}


class AssessmentState(models.TextChoices):
    SELF_DRAFT = "SELF_DRAFT", _("Đang tự chấm")
    SELF_SUBMITTED = "SELF_SUBMITTED", _("Đã gửi tự chấm, chờ thẩm định")
    REVIEWED = "REVIEWED", _("Đã thẩm định")
    FINAL = "FINAL", _("Hội đồng đã chấm, đã khoá")


ASSESSMENT_TRANSITIONS: dict[str, set[str]] = {
    AssessmentState.SELF_DRAFT: {AssessmentState.SELF_SUBMITTED},
    AssessmentState.SELF_SUBMITTED: {AssessmentState.REVIEWED, AssessmentState.SELF_DRAFT},
    AssessmentState.REVIEWED: {AssessmentState.FINAL, AssessmentState.SELF_SUBMITTED},
    AssessmentState.FINAL: set(),
}


class ScoreStage(models.TextChoices):
    """Who gave a score: the assessed unit or person, the reviewer, the council."""

    SELF = "SELF", _("Tự chấm")
    REVIEW = "REVIEW", _("Thẩm định")
    COUNCIL = "COUNCIL", _("Hội đồng")
