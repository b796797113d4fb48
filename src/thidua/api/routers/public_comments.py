"""The public's comments on a disclosure, without login: ``GET
/public/disclosures/{code}/comment-token`` and ``POST /public/disclosures/{code}/comments``.

A script cannot see the web form's honeypot, so it proves instead that it waited: it fetches
a signed, timestamped token (``awards.disclosure.comment_token``, the form's own token) and
sends it back at least 3 seconds and at most 2 hours later. Everything else is the web form's
path: ``submit_public_comment`` checks the token, every field and the per-sender hourly limit;
a sender at the limit is answered 429 with ``Retry-After``. A DRAFT disclosure does not exist
for the public (404); a disclosure not taking comments (not yet open, or over) is a 409."""

from __future__ import annotations

import datetime as dt
import math
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from thidua.api.schemas import ErrorOut, ValidationErrorOut
from thidua.awards import disclosure as services
from thidua.awards.models import Disclosure, PublicComment
from thidua.awards.queries_disclosure import public_disclosures
from thidua.portal.views_disclosure import client_ip

router = Router(tags=["Công khai — ý kiến của tổ chức, cá nhân"])

RATE_WINDOW = dt.timedelta(hours=1)


class CommentTokenOut(Schema):
    token: str = Field(..., description="Gửi lại trong trường token của ý kiến.")
    min_age_seconds: int = Field(..., description="Chỉ dùng được sau ít nhất chừng này giây.")
    max_age_seconds: int = Field(..., description="Hết hạn sau chừng này giây.")
    closes_on: dt.date | None = Field(None, description="Ngày cuối nhận ý kiến.")


class PublicCommentIn(Schema):
    name: str = Field(..., description="Họ và tên người gửi.")
    contact: str = Field(..., description="Điện thoại hoặc thư điện tử (không công bố).")
    text: str = Field(..., description="Nội dung ý kiến (10 đến 4000 ký tự).")
    kind: Literal["COMMENT", "OBJECTION"] = Field(
        "COMMENT", description="COMMENT: góp ý; OBJECTION: phản ánh, khiếu nại."
    )
    nomination_id: int | None = Field(
        None, description="Đề nghị trong danh sách công khai mà ý kiến nói về (nếu có)."
    )
    token: str = Field(..., description="Mã lấy từ …/comment-token, ít nhất 3 giây trước.")


class PublicCommentOut(Schema):
    id: int
    disclosure_code: str
    kind: str
    nomination_id: int | None
    submitted_at: dt.datetime
    message: str


def _public(code: str) -> Disclosure:
    disclosure = public_disclosures().filter(code=code).first()
    if disclosure is None:
        raise Http404(_("Không tìm thấy đợt công khai mã “%(code)s”.") % {"code": code})
    return disclosure


def _require_open(disclosure: Disclosure) -> None:
    if not services.is_open_for_comments(disclosure):
        raise HttpError(
            409,
            _("Đợt công khai “%(code)s” không nhận ý kiến (chưa mở hoặc đã kết thúc).")
            % {"code": disclosure.code},
        )


def _retry_after(digest: str) -> int | None:
    """Seconds until the sender may send again, or None when under the hourly limit (the
    same count ``submit_public_comment`` makes, which stays the authority)."""
    since = timezone.now() - RATE_WINDOW
    sent = list(
        PublicComment.objects.filter(sender_hash=digest, submitted_at__gte=since)
        .order_by("-submitted_at")
        .values_list("submitted_at", flat=True)[: services.comments_per_hour()]
    )
    if len(sent) < services.comments_per_hour():
        return None
    freed_at = sent[-1] + RATE_WINDOW
    return max(1, math.ceil((freed_at - timezone.now()).total_seconds()))


@router.get(
    "/public/disclosures/{code}/comment-token",
    auth=None,
    response={200: CommentTokenOut, 404: ErrorOut, 409: ErrorOut},
    summary="Lấy mã gửi ý kiến (không cần đăng nhập)",
)
def get_comment_token(request: HttpRequest, code: str):
    """Mã ký số có thời điểm; gửi ý kiến kèm mã này sau ít nhất 3 giây, trước 2 giờ."""
    disclosure = _public(code)
    _require_open(disclosure)
    return {
        "token": services.comment_token(disclosure),
        "min_age_seconds": services.TOKEN_MIN_AGE,
        "max_age_seconds": services.TOKEN_MAX_AGE,
        "closes_on": disclosure.closes_on,
    }


@router.post(
    "/public/disclosures/{code}/comments",
    auth=None,
    response={
        201: PublicCommentOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ValidationErrorOut,
        429: ErrorOut,
    },
    summary="Gửi góp ý hoặc phản ánh về danh sách công khai (không cần đăng nhập)",
)
def post_public_comment(
    request: HttpRequest, response: HttpResponse, code: str, payload: PublicCommentIn
):
    """Như biểu mẫu trên trang công khai: kiểm tra mã, từng trường và giới hạn số ý kiến mỗi
    giờ của một người gửi (429 kèm ``Retry-After``)."""
    disclosure = _public(code)
    _require_open(disclosure)
    address = client_ip(request)
    wait = _retry_after(services.sender_hash(address))
    if wait is not None:
        response["Retry-After"] = str(wait)
        detail = _("Bạn đã gửi %(n)s ý kiến trong một giờ qua; hãy gửi tiếp sau ít phút.") % {
            "n": services.comments_per_hour()
        }
        return Status(429, {"detail": detail})
    try:
        comment = services.submit_public_comment(
            disclosure,
            name=payload.name,
            contact=payload.contact,
            text=payload.text,
            kind=payload.kind,
            nomination=payload.nomination_id,
            token=payload.token,
            client_ip=address,
        )
    except ValidationError as exc:
        # The service names the field "nomination"; the client sent "nomination_id".
        errors = exc.message_dict
        if "nomination" in errors:
            errors["nomination_id"] = errors.pop("nomination")
        raise ValidationError(errors) from None
    return Status(
        201,
        {
            "id": comment.pk,
            "disclosure_code": disclosure.code,
            "kind": comment.kind,
            "nomination_id": comment.nomination_id,
            "submitted_at": comment.submitted_at,
            "message": _("Cảm ơn Anh/Chị đã gửi ý kiến; cơ quan sẽ xem xét và trả lời."),
        },
    )
