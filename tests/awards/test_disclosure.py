"""Public disclosure: creating the list, the period in working days, publishing and closing,
the public's comments (validation, honeypot, signed token, rate limit), answers, hiding spam,
and the blockers decision issuing asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.test import override_settings
from django.utils import timezone

from tests.awards.disclosure_world import build, comment_data, open_disclosure, token
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import disclosure as services
from thidua.awards.models import Disclosure, PublicComment
from thidua.awards.queries_disclosure import visible_disclosures
from thidua.core.models import AuditEvent
from thidua.core.workdays import add_working_days, next_working_day


@pytest.fixture
def dw(world):  # noqa: F811
    return build(world)


def test_create_picks_setting_or_ten_days_for_state_level(dw):
    d = services.create_disclosure(unit=dw.w.agency, nominations=[dw.n_a], actor=dw.w.officer)
    assert (d.state, d.working_days, d.code) == ("DRAFT", 5, f"CK-{timezone.localdate().year}-0001")
    assert set(d.nominations.all()) == {dw.n_a}
    dw.n_a2.award_code = "CSTD_TQ"
    dw.n_a2.save()
    d2 = services.create_disclosure(unit=dw.w.agency, nominations=[dw.n_a2], actor=dw.w.officer)
    assert d2.working_days == 10
    with pytest.raises(ValidationError) as exc:
        services.create_disclosure(
            unit=dw.w.agency, nominations=[dw.n_a2], working_days=5, actor=dw.w.officer
        )
    assert exc.value.message_dict == {
        "working_days": [
            "Danh sách có khen thưởng cấp Nhà nước: công khai ít nhất 10 ngày làm việc "
            "(Nghị định 98/2023/NĐ-CP, Điều 46)."
        ]
    }


@override_settings(THIDUA_DISCLOSURE_WORKING_DAYS=7)
def test_create_reads_the_setting(dw):
    d = services.create_disclosure(unit=dw.w.agency, nominations=[dw.n_a], actor=dw.w.officer)
    assert d.working_days == 7


def test_create_refuses_drafts_and_nominations_out_of_scope(dw):
    dw.n_a.state = "DRAFT"
    dw.n_a.save()
    with pytest.raises(ValidationError) as exc:
        services.create_disclosure(
            unit=dw.w.div_b, nominations=[dw.n_a, dw.n_b], actor=dw.officer_b
        )
    assert exc.value.message_dict == {
        "nominations": [
            f"Đề nghị số {dw.n_a.pk} không thuộc phạm vi của bạn hoặc chưa ở trạng thái "
            "“Đã trình” hay “Hội đồng đề nghị khen thưởng”."
        ]
    }
    with pytest.raises(ValidationError) as exc:
        services.create_disclosure(unit=dw.w.agency, nominations=[], actor=dw.w.officer)
    assert exc.value.message_dict == {"nominations": ["Chọn ít nhất một đề nghị để công khai."]}


def test_publish_sets_the_period_in_working_days_and_close_waits_for_its_end(dw):
    d = services.create_disclosure(unit=dw.w.agency, nominations=[dw.n_a], actor=dw.w.officer)
    services.set_disclosure_state(d, "OPEN", actor=dw.w.officer, today=dt.date(2018, 4, 26))
    d.refresh_from_db()
    assert (d.state, d.opens_on, d.closes_on) == ("OPEN", dt.date(2018, 4, 26), dt.date(2018, 5, 4))
    assert d.published_by == dw.w.officer
    assert d.published_at is not None
    with pytest.raises(ValidationError) as exc:
        services.set_disclosure_state(d, "CLOSED", actor=dw.w.officer, today=dt.date(2018, 5, 4))
    assert exc.value.message_dict == {
        "state": ["Chưa hết thời hạn công khai: đợt công khai kéo dài đến hết ngày 04/05/2018."]
    }
    services.set_disclosure_state(d, "CLOSED", actor=dw.w.officer, today=dt.date(2018, 5, 5))
    d.refresh_from_db()
    assert d.state == "CLOSED"
    assert d.closed_at is not None
    events = AuditEvent.objects.filter(action="awards.disclosure.state").order_by("id")
    assert [e.after["state"] for e in events] == ["OPEN", "CLOSED"]
    with pytest.raises(ValidationError):
        services.set_disclosure_state(d, "OPEN", actor=dw.w.officer)


def test_close_expired_disclosures_closes_only_finished_periods(dw):
    running = open_disclosure(dw, dw.n_a)
    finished = open_disclosure(dw, dw.n_a2)
    Disclosure.objects.filter(pk=finished.pk).update(closes_on=dt.date(2018, 5, 4))
    assert services.close_expired_disclosures() == 1
    assert services.close_expired_disclosures() == 0
    assert Disclosure.objects.get(pk=finished.pk).state == "CLOSED"
    assert Disclosure.objects.get(pk=running.pk).state == "OPEN"
    event = AuditEvent.objects.filter(action="awards.disclosure.state").latest("id")
    assert event.actor is None
    assert event.note == "Tự động kết thúc khi hết thời hạn."


def test_publish_refuses_a_nomination_withdrawn_meanwhile(dw):
    d = services.create_disclosure(unit=dw.w.agency, nominations=[dw.n_a], actor=dw.w.officer)
    dw.n_a.state = "WITHDRAWN"
    dw.n_a.save()
    with pytest.raises(ValidationError) as exc:
        services.set_disclosure_state(d, "OPEN", actor=dw.w.officer)
    assert exc.value.message_dict["state"][0].startswith("Không thể công khai: đề nghị ")


def test_today_opens_and_period(dw):
    d = open_disclosure(dw)
    today = timezone.localdate()
    assert d.opens_on == next_working_day(today)
    assert d.closes_on == add_working_days(d.opens_on, 5)


# --- public comments --------------------------------------------------------------------------


def test_comment_is_recorded_with_a_sender_hash_not_the_address(dw):
    d = open_disclosure(dw)
    c = services.submit_public_comment(d, **comment_data(d, nomination=dw.n_a.pk))
    assert (c.name, c.contact, c.kind, c.nomination_id) == (
        "Trần Văn Bình",
        "0912 345 678",
        "COMMENT",
        dw.n_a.pk,
    )
    assert c.sender_hash == services.sender_hash("203.0.113.7")
    assert "203.0.113" not in c.sender_hash
    assert len(c.sender_hash) == 64


def test_comment_fields_are_validated_with_messages(dw):
    d = open_disclosure(dw)
    with pytest.raises(ValidationError) as exc:
        services.submit_public_comment(
            d,
            **comment_data(d, name="B", contact="abc", text="ngắn", kind="X", nomination=dw.n_b.pk),
        )
    assert exc.value.message_dict == {
        "name": ["Họ và tên người gửi: ghi đầy đủ họ và tên."],
        "contact": [
            "Điện thoại hoặc thư điện tử: ghi số điện thoại (ví dụ 0912 345 678) hoặc địa chỉ "
            "thư điện tử (ví dụ ten@example.vn) để cơ quan trả lời."
        ],
        "text": ["Nội dung: ghi ít nhất 10 ký tự."],
        "kind": ["Loại ý kiến: chọn “Góp ý” hoặc “Phản ánh, khiếu nại”."],
        "nomination": ["Người, tập thể được chọn không có trong danh sách công khai."],
    }
    ok = services.submit_public_comment(d, **comment_data(d, contact="binh@example.vn"))
    assert ok.contact == "binh@example.vn"
    with pytest.raises(ValidationError) as exc:
        services.submit_public_comment(d, **comment_data(d, contact="binh@example"))
    assert list(exc.value.message_dict) == ["contact"]


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"honeypot": "http://spam"}, "Không gửi được ý kiến; hãy tải lại trang rồi gửi lại."),
        (
            {"token": "CK:forged"},
            "Biểu mẫu không hợp lệ; hãy tải lại trang rồi gửi lại ý kiến.",
        ),
        (
            {"token": None},
            "Ý kiến được gửi quá nhanh sau khi mở trang; hãy đợi vài giây rồi gửi lại.",
        ),
    ],
)
def test_spam_is_refused(dw, override, message):
    d = open_disclosure(dw)
    if "token" in override and override["token"] is None:
        override = {"token": token(d, age=0)}
    with pytest.raises(ValidationError) as exc:
        services.submit_public_comment(d, **comment_data(d, **override))
    assert exc.value.message_dict == {NON_FIELD_ERRORS: [message]}
    assert PublicComment.objects.count() == 0


def test_token_of_another_disclosure_is_refused(dw):
    d1 = open_disclosure(dw, dw.n_a)
    d2 = open_disclosure(dw, dw.n_a2)
    with pytest.raises(ValidationError):
        services.submit_public_comment(d2, **comment_data(d2, token=token(d1)))


@override_settings(THIDUA_DISCLOSURE_COMMENTS_PER_HOUR=3)
def test_rate_limit_per_sender_after_n_comments(dw):
    d = open_disclosure(dw)
    for _ in range(3):
        services.submit_public_comment(d, **comment_data(d))
    with pytest.raises(ValidationError) as exc:
        services.submit_public_comment(d, **comment_data(d))
    assert exc.value.message_dict == {
        NON_FIELD_ERRORS: ["Bạn đã gửi 3 ý kiến trong một giờ qua; hãy gửi tiếp sau ít phút."]
    }
    # Another sender is not limited; an hour later the first one may write again.
    services.submit_public_comment(d, **comment_data(d, client_ip="198.51.100.1"))
    PublicComment.objects.update(submitted_at=timezone.now() - dt.timedelta(minutes=61))
    services.submit_public_comment(d, **comment_data(d))
    assert PublicComment.objects.count() == 5


def test_comments_refused_on_draft_and_closed(dw):
    d = services.create_disclosure(unit=dw.w.agency, nominations=[dw.n_a], actor=dw.w.officer)
    with pytest.raises(ValidationError) as exc:
        services.submit_public_comment(d, **comment_data(d))
    assert exc.value.message_dict == {
        NON_FIELD_ERRORS: ["Đợt công khai không nhận ý kiến (chưa mở hoặc đã kết thúc)."]
    }


def test_answer_and_hide(dw):
    d = open_disclosure(dw)
    c = services.submit_public_comment(d, **comment_data(d))
    with pytest.raises(ValidationError) as exc:
        services.answer_comment(c, text="  ", actor=dw.w.officer)
    assert exc.value.message_dict == {"answer": ["Trả lời: ghi nội dung trả lời ý kiến."]}
    services.answer_comment(c, text="Đã xác minh, thành tích đúng.", actor=dw.w.officer)
    c.refresh_from_db()
    assert c.answer == "Đã xác minh, thành tích đúng."
    assert c.answered_by == dw.w.officer
    spam = services.submit_public_comment(d, **comment_data(d, text="Mua hàng giá rẻ tại ..."))
    with pytest.raises(ValidationError) as exc:
        services.hide_comment(spam, reason="", actor=dw.w.officer)
    assert exc.value.message_dict == {"reason": ["Lý do ẩn: ghi vì sao ý kiến này là thư rác."]}
    services.hide_comment(spam, reason="Quảng cáo", actor=dw.w.officer)
    spam.refresh_from_db()
    assert spam.hidden
    assert spam.hidden_reason == "Quảng cáo"
    assert PublicComment.objects.filter(pk=spam.pk).exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert {"awards.disclosure.answer", "awards.disclosure.hide"} <= set(actions)


# --- blockers ---------------------------------------------------------------------------------


def _close(d: Disclosure) -> None:
    services.set_disclosure_state(d, "CLOSED", actor=None, today=d.closes_on + dt.timedelta(1))


def test_blockers_open_disclosure_and_never_disclosed(dw):
    assert services.disclosure_blockers([dw.n_a]) == [f"Đề nghị “{dw.n_a}” chưa được công khai."]
    assert services.disclosure_blockers([dw.n_a], require_disclosure=False) == []
    d = open_disclosure(dw, dw.n_a)
    assert services.disclosure_blockers([dw.n_a]) == [
        f"Đợt công khai “{d.code}” đang mở đến hết ngày {d.closes_on:%d/%m/%Y}."
    ]
    _close(d)
    assert services.disclosure_blockers([dw.n_a]) == []


def test_blockers_unanswered_objection_blocks_until_answered(dw):
    d = open_disclosure(dw, dw.n_a, dw.n_a2)
    objection = services.submit_public_comment(
        d, **comment_data(d, kind="OBJECTION", nomination=dw.n_a.pk)
    )
    comment = services.submit_public_comment(d, **comment_data(d, kind="COMMENT"))
    _close(d)
    expected = [f"Phản ánh của “Trần Văn Bình” trong đợt công khai “{d.code}” chưa được trả lời."]
    assert services.disclosure_blockers([dw.n_a, dw.n_a2]) == expected
    # The objection names n_a: a decision for n_a2 alone is not blocked; a comment never is.
    assert services.disclosure_blockers([dw.n_a2]) == []
    assert comment.answered_at is None
    services.answer_comment(objection, text="Đã xác minh.", actor=dw.w.officer)
    assert services.disclosure_blockers([dw.n_a, dw.n_a2]) == []


def test_blockers_objection_about_the_whole_list_and_hidden_objection(dw):
    d = open_disclosure(dw, dw.n_a)
    general = services.submit_public_comment(d, **comment_data(d, kind="OBJECTION"))
    _close(d)
    assert len(services.disclosure_blockers([dw.n_a])) == 1
    services.hide_comment(general, reason="Thư rác", actor=dw.w.officer)
    assert services.disclosure_blockers([dw.n_a]) == []


def test_blockers_draft_disclosure_is_not_a_disclosure(dw):
    services.create_disclosure(unit=dw.w.agency, nominations=[dw.n_a], actor=dw.w.officer)
    assert services.disclosure_blockers([dw.n_a]) == [f"Đề nghị “{dw.n_a}” chưa được công khai."]


def test_visibility_by_subtree(dw):
    d = open_disclosure(dw, dw.n_a)
    db_ = services.create_disclosure(unit=dw.w.div_b, nominations=[dw.n_b], actor=dw.officer_b)
    assert set(visible_disclosures(dw.w.officer)) == {d, db_}
    assert set(visible_disclosures(dw.officer_b)) == {db_}
    assert list(visible_disclosures(dw.w.head_a)) == []
    assert dw.w.officer.has_perm("awards.manage_disclosure", d)
    assert not dw.officer_b.has_perm("awards.manage_disclosure", d)
