"""Public disclosure (công khai) of proposed nominees before a decision: creating the list,
the one transition function ``set_disclosure_state`` (DRAFT -> OPEN -> CLOSED), the public's
comments and objections (anti-spam: honeypot, signed timestamp, rate limit per sender hash),
the officer's answers, hiding spam, and ``disclosure_blockers`` that decision issuing asks.

Periods are counted in working days (``thidua.core.workdays``): 10 for state-level awards
(Nghị định 98/2023 Điều 46), otherwise ``THIDUA_DISCLOSURE_WORKING_DAYS`` (default 5)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.awards.enums import NominationState
from thidua.awards.models import (
    CommentKind,
    Disclosure,
    DisclosureState,
    Nomination,
    PublicComment,
)
from thidua.awards.queries_nominations import visible_nominations
from thidua.core.audit import record_event, snapshot
from thidua.core.workdays import add_working_days, next_working_day
from thidua.movements.models import Movement
from thidua.org.models import Unit

DISCLOSABLE_STATES = (NominationState.SUBMITTED, NominationState.COUNCIL_PASSED)
# Awards decided at state level: at least 10 working days (Nghị định 98/2023 Điều 46).
STATE_LEVEL_CODES = frozenset({"CSTD_TQ", "CO_CP", "BANG_KHEN_TTG", "HCLD_1", "HCLD_2", "HCLD_3"})
STATE_LEVEL_DAYS = 10
MAX_WORKING_DAYS = 60
DISCLOSURE_TRANSITIONS: dict[str, tuple[str, ...]] = {
    DisclosureState.DRAFT: (DisclosureState.OPEN,),
    DisclosureState.OPEN: (DisclosureState.CLOSED,),
    DisclosureState.CLOSED: (),
}
FORM_SIGNING_NAMESPACE = "thidua.awards.disclosure.comment"
TOKEN_MIN_AGE = 3  # seconds: a person reads before writing
TOKEN_MAX_AGE = 2 * 60 * 60
NAME_MAX, CONTACT_MAX, TEXT_MIN, TEXT_MAX = 200, 200, 10, 4000
PHONE_RE = re.compile(r"^\+?[0-9][0-9 .\-]{7,18}[0-9]$")
DISCLOSURE_PUBLIC = (DisclosureState.OPEN, DisclosureState.CLOSED)
STATE_FIELDS = ("state", "opens_on", "closes_on", "published_at", "closed_at")


def default_working_days(codes: Iterable[str]) -> int:
    """10 when any code is a state-level award, else the deployment's setting."""
    if any(code in STATE_LEVEL_CODES for code in codes):
        return STATE_LEVEL_DAYS
    return int(getattr(settings, "THIDUA_DISCLOSURE_WORKING_DAYS", 5))


def comments_per_hour() -> int:
    return int(getattr(settings, "THIDUA_DISCLOSURE_COMMENTS_PER_HOUR", 5))


def _new_code(year: int) -> str:
    prefix = f"CK-{year}-"
    taken = Disclosure.objects.filter(code__startswith=prefix).count()
    return f"{prefix}{taken + 1:04d}"


def _chosen_nominations(
    actor: Any, ids: list[int], movement: Movement | None
) -> tuple[list[Nomination], dict[str, str]]:
    rows = list(
        visible_nominations(actor)
        .filter(pk__in=ids, state__in=DISCLOSABLE_STATES)
        .select_related("person", "unit")
    )
    errors: dict[str, str] = {}
    missing = sorted(set(ids) - {n.pk for n in rows})
    if not ids:
        errors["nominations"] = _("Chọn ít nhất một đề nghị để công khai.")
    elif missing:
        errors["nominations"] = _(
            "Đề nghị số %(ids)s không thuộc phạm vi của bạn hoặc chưa ở trạng thái "
            "“Đã trình” hay “Hội đồng đề nghị khen thưởng”."
        ) % {"ids": ", ".join(str(i) for i in missing)}
    elif movement is not None and any(n.movement_id != movement.pk for n in rows):
        errors["nominations"] = _("Các đề nghị phải thuộc phong trào “%(movement)s”.") % {
            "movement": movement.name
        }
    return rows, errors


def create_disclosure(
    *,
    unit: Unit,
    nominations: Iterable[Nomination | int],
    actor: Any,
    movement: Movement | None = None,
    title: str = "",
    working_days: int | None = None,
    note: str = "",
) -> Disclosure:
    """A DRAFT list of nominations (SUBMITTED or COUNCIL_PASSED, visible to ``actor``) to be
    published by ``unit``. ``working_days`` defaults to 10 for state-level awards, else the
    setting; fewer than 10 for a state-level award is refused."""
    ids = sorted({n.pk if isinstance(n, Nomination) else int(n) for n in nominations})
    rows, errors = _chosen_nominations(actor, ids, movement)
    required = default_working_days(n.award_code for n in rows)
    if working_days is None:
        working_days = required
    elif not 1 <= working_days <= MAX_WORKING_DAYS:
        errors["working_days"] = _("Số ngày làm việc công khai phải từ 1 đến %(max)s.") % {
            "max": MAX_WORKING_DAYS
        }
    elif required == STATE_LEVEL_DAYS and working_days < STATE_LEVEL_DAYS:
        errors["working_days"] = _(
            "Danh sách có khen thưởng cấp Nhà nước: công khai ít nhất %(days)s ngày làm việc "
            "(Nghị định 98/2023/NĐ-CP, Điều 46)."
        ) % {"days": STATE_LEVEL_DAYS}
    if errors:
        raise ValidationError(errors)
    title = title.strip() or _("Công khai danh sách đề nghị khen thưởng — %(name)s") % {
        "name": movement.name if movement is not None else unit.name
    }
    for attempt in range(3):
        try:
            with transaction.atomic():
                disclosure = Disclosure.objects.create(
                    code=_new_code(timezone.localdate().year),
                    title=title[:400],
                    unit=unit,
                    movement=movement,
                    working_days=working_days,
                    note=note.strip(),
                    created_by=actor if getattr(actor, "is_authenticated", False) else None,
                )
                disclosure.nominations.set(rows)
                record_event(
                    "awards.disclosure.create",
                    disclosure,
                    actor=actor,
                    after={
                        "code": disclosure.code,
                        "unit": unit.pk,
                        "working_days": working_days,
                        "nominations": ids,
                    },
                )
                return disclosure
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def set_disclosure_state(
    disclosure: Disclosure, new_state: str, *, actor: Any, today: dt.date | None = None
) -> Disclosure:
    """DRAFT -> OPEN publishes: the period starts today (or the next working day) and ends
    after ``working_days`` working days. OPEN -> CLOSED only once that period is over
    (``actor`` None: closed automatically by ``close_expired_disclosures``)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
        if new_state not in DISCLOSURE_TRANSITIONS.get(locked.state, ()):
            raise ValidationError(
                {
                    "state": _("Không thể chuyển đợt công khai từ “%(old)s” sang “%(new)s”.")
                    % {
                        "old": DisclosureState(locked.state).label,
                        "new": DisclosureState(new_state).label
                        if new_state in DisclosureState.values
                        else new_state,
                    }
                }
            )
        before = snapshot(locked, STATE_FIELDS)
        now = timezone.now()
        if new_state == DisclosureState.OPEN:
            _check_still_disclosable(locked)
            locked.opens_on = next_working_day(today)
            locked.closes_on = add_working_days(locked.opens_on, locked.working_days)
            locked.published_at = now
            locked.published_by = actor if getattr(actor, "is_authenticated", False) else None
        else:
            if locked.closes_on is not None and today <= locked.closes_on:
                raise ValidationError(
                    {
                        "state": _(
                            "Chưa hết thời hạn công khai: đợt công khai kéo dài đến hết ngày "
                            "%(day)s."
                        )
                        % {"day": locked.closes_on.strftime("%d/%m/%Y")}
                    }
                )
            locked.closed_at = now
        locked.state = new_state
        locked.save(update_fields=[*STATE_FIELDS, "published_by"])
        record_event(
            "awards.disclosure.state",
            locked,
            actor=actor,
            before=before,
            after=snapshot(locked, STATE_FIELDS),
            note="" if actor is not None else "Tự động kết thúc khi hết thời hạn.",
        )
    for field in (*STATE_FIELDS, "published_by_id"):
        setattr(disclosure, field, getattr(locked, field))
    return disclosure


def _check_still_disclosable(disclosure: Disclosure) -> None:
    gone = list(disclosure.nominations.exclude(state__in=DISCLOSABLE_STATES))
    if gone:
        raise ValidationError(
            {
                "state": _("Không thể công khai: đề nghị %(names)s đã rút hoặc bị trả lại.")
                % {"names": "; ".join(str(n) for n in gone)}
            }
        )


def close_expired_disclosures(*, today: dt.date | None = None) -> int:
    """Close every OPEN disclosure whose period is over; safe to run twice (a task or the
    ``close_disclosures`` command)."""
    today = today or timezone.localdate()
    closed = 0
    for disclosure in Disclosure.objects.filter(state=DisclosureState.OPEN, closes_on__lt=today):
        try:
            set_disclosure_state(disclosure, DisclosureState.CLOSED, actor=None, today=today)
        except ValidationError:
            continue  # closed meanwhile by an officer
        closed += 1
    return closed


def is_open_for_comments(disclosure: Disclosure, *, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        disclosure.state == DisclosureState.OPEN
        and disclosure.opens_on is not None
        and disclosure.closes_on is not None
        and disclosure.opens_on <= today <= disclosure.closes_on
    )


# --- the public's comments ------------------------------------------------------------------


def comment_token(disclosure: Disclosure) -> str:
    """A signed, timestamped token the comment form carries (TimestampSigner)."""
    signer = signing.TimestampSigner(salt=FORM_SIGNING_NAMESPACE)
    return signer.sign_object({"d": disclosure.code, "t": int(time.time())})


def sender_hash(client_ip: str) -> str:
    """HMAC-SHA256 of the client's address with the secret key: no address is stored."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, (client_ip or "").encode(), hashlib.sha256).hexdigest()


def _check_token(disclosure: Disclosure, token: str, now: float) -> str | None:
    signer = signing.TimestampSigner(salt=FORM_SIGNING_NAMESPACE)
    try:
        data = signer.unsign_object(token or "", max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        return _("Biểu mẫu đã mở quá 2 giờ; hãy tải lại trang rồi gửi lại ý kiến.")
    except signing.BadSignature:
        return _("Biểu mẫu không hợp lệ; hãy tải lại trang rồi gửi lại ý kiến.")
    if not isinstance(data, dict) or data.get("d") != disclosure.code:
        return _("Biểu mẫu không hợp lệ; hãy tải lại trang rồi gửi lại ý kiến.")
    if now - float(data.get("t", 0)) < TOKEN_MIN_AGE:
        return _("Ý kiến được gửi quá nhanh sau khi mở trang; hãy đợi vài giây rồi gửi lại.")
    return None


def _check_fields(
    disclosure: Disclosure, *, name: str, contact: str, text: str, kind: str, nomination_id: Any
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if len(name) < 2:
        errors["name"] = _("Họ và tên người gửi: ghi đầy đủ họ và tên.")
    elif len(name) > NAME_MAX:
        errors["name"] = _("Họ và tên người gửi: dài quá %(n)s ký tự.") % {"n": NAME_MAX}
    if not _valid_contact(contact):
        errors["contact"] = _(
            "Điện thoại hoặc thư điện tử: ghi số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ "
            "thư điện tử (ví dụ ten@example.vn) để cơ quan trả lời."
        )
    if len(text) < TEXT_MIN:
        errors["text"] = _("Nội dung: ghi ít nhất %(n)s ký tự.") % {"n": TEXT_MIN}
    elif len(text) > TEXT_MAX:
        errors["text"] = _("Nội dung: dài quá %(n)s ký tự.") % {"n": TEXT_MAX}
    if kind not in CommentKind.values:
        errors["kind"] = _("Loại ý kiến: chọn “Góp ý” hoặc “Phản ánh, khiếu nại”.")
    if nomination_id and not disclosure.nominations.filter(pk=nomination_id).exists():
        errors["nomination"] = _("Người, tập thể được chọn không có trong danh sách công khai.")
    return errors


def _valid_contact(contact: str) -> bool:
    if not contact or len(contact) > CONTACT_MAX:
        return False
    if "@" in contact:
        try:
            validate_email(contact)
        except ValidationError:
            return False
        return True
    digits = re.sub(r"\D", "", contact)
    return bool(PHONE_RE.match(contact)) and 9 <= len(digits) <= 12


def submit_public_comment(
    disclosure: Disclosure,
    *,
    name: str,
    contact: str,
    text: str,
    kind: str = CommentKind.COMMENT,
    nomination: Nomination | int | None = None,
    honeypot: str = "",
    token: str = "",
    client_ip: str,
) -> PublicComment:
    """A comment or objection from the public site. Refused (ValidationError, Vietnamese):
    when the disclosure is not open; when the honeypot is filled or the form token is forged,
    younger than 3 seconds or older than 2 hours; when the sender (HMAC of the address) sent
    ``THIDUA_DISCLOSURE_COMMENTS_PER_HOUR`` comments in the last hour; field by field."""
    if not is_open_for_comments(disclosure):
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Đợt công khai không nhận ý kiến (chưa mở hoặc đã kết thúc).")}
        )
    if honeypot:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Không gửi được ý kiến; hãy tải lại trang rồi gửi lại.")}
        )
    token_error = _check_token(disclosure, token, time.time())
    if token_error:
        raise ValidationError({NON_FIELD_ERRORS: token_error})
    name, contact, text = name.strip(), contact.strip(), text.strip()
    nomination_id = nomination.pk if isinstance(nomination, Nomination) else nomination
    errors = _check_fields(
        disclosure, name=name, contact=contact, text=text, kind=kind, nomination_id=nomination_id
    )
    if errors:
        raise ValidationError(errors)
    digest = sender_hash(client_ip)
    since = timezone.now() - dt.timedelta(hours=1)
    limit = comments_per_hour()
    if PublicComment.objects.filter(sender_hash=digest, submitted_at__gte=since).count() >= limit:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "Bạn đã gửi %(n)s ý kiến trong một giờ qua; hãy gửi tiếp sau ít phút."
                )
                % {"n": limit}
            }
        )
    with transaction.atomic():
        comment = PublicComment.objects.create(
            disclosure=disclosure,
            nomination_id=nomination_id or None,
            kind=kind,
            name=name,
            contact=contact,
            text=text,
            sender_hash=digest,
        )
        record_event(
            "awards.disclosure.comment",
            comment,
            after={"disclosure": disclosure.pk, "kind": kind, "nomination": nomination_id},
        )
    return comment


def answer_comment(comment: PublicComment, *, text: str, actor: Any) -> PublicComment:
    """The officer's written answer (an answer may be corrected; each change is audited)."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"answer": _("Trả lời: ghi nội dung trả lời ý kiến.")})
    if comment.hidden:
        raise ValidationError({"answer": _("Ý kiến đã bị ẩn (thư rác) nên không trả lời.")})
    with transaction.atomic():
        before = snapshot(comment, ("answer", "answered_at"))
        comment.answer = text
        comment.answered_by = actor
        comment.answered_at = timezone.now()
        comment.save(update_fields=["answer", "answered_by", "answered_at"])
        record_event(
            "awards.disclosure.answer",
            comment,
            actor=actor,
            before=before,
            after=snapshot(comment, ("answer", "answered_at")),
        )
    return comment


def hide_comment(comment: PublicComment, *, reason: str, actor: Any) -> PublicComment:
    """Hide spam from the lists (never deleted), with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Lý do ẩn: ghi vì sao ý kiến này là thư rác.")})
    with transaction.atomic():
        comment.hidden = True
        comment.hidden_reason = reason[:300]
        comment.save(update_fields=["hidden", "hidden_reason"])
        record_event(
            "awards.disclosure.hide",
            comment,
            actor=actor,
            before={"hidden": False},
            after={"hidden": True, "hidden_reason": comment.hidden_reason},
        )
    return comment


# --- what decision issuing asks -------------------------------------------------------------


def disclosure_blockers(
    nominations: Iterable[Nomination], *, require_disclosure: bool = True
) -> list[str]:
    """Vietnamese reasons why a decision covering ``nominations`` cannot be issued yet: a
    disclosure containing one of them is still OPEN; an objection (not hidden) about one of
    them, or about the whole list, is unanswered; and, unless ``require_disclosure`` is False
    (ad hoc awards), a nomination was never published. Three queries whatever the count."""
    chosen = {n.pk: n for n in nominations}
    if not chosen:
        return []
    links = list(
        Disclosure.nominations.through.objects.filter(
            nomination_id__in=list(chosen), disclosure__state__in=DISCLOSURE_PUBLIC
        ).values_list(
            "nomination_id",
            "disclosure_id",
            "disclosure__code",
            "disclosure__state",
            "disclosure__closes_on",
        )
    )
    reasons: list[str] = []
    seen_open: set[int] = set()
    disclosed: set[int] = set()
    by_disclosure: dict[int, set[int]] = {}
    for nomination_id, disclosure_id, code, state, closes_on in links:
        disclosed.add(nomination_id)
        by_disclosure.setdefault(disclosure_id, set()).add(nomination_id)
        if state == DisclosureState.OPEN and disclosure_id not in seen_open:
            seen_open.add(disclosure_id)
            reasons.append(
                _("Đợt công khai “%(code)s” đang mở đến hết ngày %(day)s.")
                % {"code": code, "day": closes_on.strftime("%d/%m/%Y") if closes_on else "?"}
            )
    objections = PublicComment.objects.filter(
        disclosure_id__in=list(by_disclosure),
        kind=CommentKind.OBJECTION,
        hidden=False,
        answered_at__isnull=True,
    ).values_list("disclosure_id", "disclosure__code", "nomination_id", "name")
    for disclosure_id, code, nomination_id, name in objections:
        if nomination_id is None or nomination_id in by_disclosure[disclosure_id]:
            reasons.append(
                _("Phản ánh của “%(name)s” trong đợt công khai “%(code)s” chưa được trả lời.")
                % {"name": name, "code": code}
            )
    if require_disclosure:
        for pk in sorted(set(chosen) - disclosed):
            reasons.append(
                _("Đề nghị “%(nomination)s” chưa được công khai.") % {"nomination": chosen[pk]}
            )
    return reasons
