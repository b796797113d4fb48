"""Emulation blocs: weights adding up to 1, members taking part, peer scores and their rules,
the bloc leader as reviewer, and the bloc ranking computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from thidua.core.models import AuditEvent
from thidua.results.assessments import (
    open_assessment,
    release_results,
    save_scores,
    set_assessment_state,
)
from thidua.results.blocs import bloc_results, save_peer_score, upsert_bloc
from thidua.results.models import BlocMember, PeerScore
from thidua.results.queries import visible_assessments
from thidua.results.scoring import bloc_score

D = Decimal


def _bloc(scoring, **kw):
    bloc, _created, _changed = upsert_bloc(
        scoring.movement,
        kw.pop("code", "K1"),
        name=kw.pop("name", "Khối các phòng chuyên môn"),
        leader=kw.pop("leader", scoring.div_a),
        deputy=kw.pop("deputy", scoring.div_b),
        members=kw.pop("members", [scoring.outside]),
        actor=scoring.officer,
        **kw,
    )
    return bloc


def test_weights_must_add_up_to_one(scoring):
    with pytest.raises(ValidationError) as exc:
        _bloc(scoring, weight_self="0.2", weight_peer="0.3", weight_review="0.4")
    assert exc.value.message_dict == {
        "weight_review": [
            "Tổng ba trọng số (tự chấm, chấm chéo, thẩm định) phải bằng 1; hiện là 0,9."
        ]
    }
    with pytest.raises(ValidationError) as exc:
        _bloc(scoring, weight_self="1.5", weight_peer="-0.5", weight_review="0")
    assert sorted(exc.value.message_dict) == ["weight_peer", "weight_self"]
    bloc = _bloc(scoring, weight_self="0.25", weight_peer="0.25", weight_review="0.5")
    assert (bloc.weight_self, bloc.weight_peer, bloc.weight_review) == (
        D("0.25"),
        D("0.25"),
        D(0.5),
    )


def test_leader_and_deputy_are_members_and_members_take_part(scoring):
    from tests.factories import make_unit

    bloc = _bloc(scoring, members=[])
    members = set(BlocMember.objects.filter(bloc=bloc).values_list("unit__code", flat=True))
    assert members == {"TTBCXB", "CNTT"}
    stranger = make_unit("XA", name="UBND xã ngoài phong trào", kind="LOCALITY")
    with pytest.raises(ValidationError) as exc:
        _bloc(scoring, members=[stranger])
    assert exc.value.message_dict["members"] == [
        "Đơn vị “UBND xã ngoài phong trào” không tham gia phong trào này."
    ]
    with pytest.raises(ValidationError) as exc:
        _bloc(scoring, code="K2", leader=scoring.outside, deputy=None, members=[scoring.div_b])
    assert exc.value.message_dict["members"] == [
        "Đơn vị “Phòng Công nghệ thông tin” đã thuộc khối “Khối các phòng chuyên môn”."
    ]


def test_upsert_is_idempotent_and_audited(scoring):
    _bloc(scoring)
    _bloc(scoring)
    bloc = _bloc(scoring, name="Khối thi đua số 1")
    actions = list(
        AuditEvent.objects.for_object(bloc).order_by("id").values_list("action", flat=True)
    )
    assert actions == ["results.bloc.created", "results.bloc.changed"]


def test_peer_score_rules(scoring):
    bloc = _bloc(scoring, members=[])
    with pytest.raises(ValidationError) as exc:
        save_peer_score(bloc, scorer=scoring.outside, subject=scoring.div_a, points=80)
    assert exc.value.message_dict["scorer"] == [
        "Đơn vị “Báo Lạng Sơn” không phải thành viên khối “Khối các phòng chuyên môn”."
    ]
    with pytest.raises(ValidationError) as exc:
        save_peer_score(bloc, scorer=scoring.div_a, subject=scoring.div_a, points=80)
    assert exc.value.message_dict["subject"] == ["Đơn vị không tự chấm chéo cho chính mình."]
    # The scale (100) plus the bonus cap (10).
    with pytest.raises(ValidationError) as exc:
        save_peer_score(bloc, scorer=scoring.div_a, subject=scoring.div_b, points="110.01")
    assert exc.value.message_dict["points"] == [
        "Điểm chấm chéo cho “Phòng Công nghệ thông tin” phải từ 0 đến 110."
    ]
    _score, created = save_peer_score(bloc, scorer=scoring.div_a, subject=scoring.div_b, points=110)
    assert created
    _score, created = save_peer_score(bloc, scorer=scoring.div_a, subject=scoring.div_b, points=85)
    assert (created, PeerScore.objects.get().points) == (False, D(85))
    open_assessment(scoring.movement, unit=scoring.div_b)
    release_results(scoring.movement, actor=scoring.officer)
    with pytest.raises(ValidationError) as exc:
        save_peer_score(bloc, scorer=scoring.div_a, subject=scoring.div_b, points=90)
    assert exc.value.messages == ["Kết quả đã công bố: không thể sửa điểm chấm chéo."]
    assert PeerScore.objects.get().points == D(85)


def test_head_of_the_scoring_unit_enters_peer_scores(scoring):
    assert scoring.head_a.has_perm("results.peer_score", scoring.div_a)
    assert not scoring.head_b.has_perm("results.peer_score", scoring.div_a)
    assert not scoring.staff_a.has_perm("results.peer_score", scoring.div_a)


def test_removing_a_member_removes_its_peer_scores(scoring):
    bloc = _bloc(scoring)
    save_peer_score(bloc, scorer=scoring.outside, subject=scoring.div_a, points=70)
    save_peer_score(bloc, scorer=scoring.div_a, subject=scoring.div_b, points=70)
    _bloc(scoring, members=[])
    assert list(PeerScore.objects.values_list("scorer__code", "subject__code")) == [
        ("TTBCXB", "CNTT")
    ]


def test_the_bloc_leader_reviews_the_members_assessments(scoring):
    _bloc(scoring)
    member = open_assessment(scoring.movement, unit=scoring.div_b)
    own = open_assessment(scoring.movement, unit=scoring.div_a)
    assert scoring.head_a.has_perm("results.score_review", member)
    assert not scoring.head_a.has_perm("results.score_review", own)
    assert not scoring.head_b.has_perm("results.score_review", own)
    assert set(visible_assessments(scoring.head_a)) == {member, own}


def test_bloc_score_by_hand():
    # 0.2 x 33 + 0.3 x mean(80, 70) + 0.5 x 30 = 6.6 + 22.5 + 15 = 44.1
    weights = {"weight_self": D("0.2"), "weight_peer": D("0.3"), "weight_review": D("0.5")}
    assert bloc_score(D(33), [D(80), D(70)], D(30), **weights) == D("44.10")
    # Without peer scores the peer weight moves to the review: 0.2 x 20 + 0.8 x 20 = 20.
    assert bloc_score(D(20), [], D(20), **weights) == D("20.00")
    # Rounded half up to 2 decimals: 0.2 x 33.33 + 0.3 x 66.67 + 0.5 x 50 = 6.666 + 20.001
    # + 25 = 51.667 -> 51.67.
    assert bloc_score(D("33.33"), [D("66.67")], D(50), **weights) == D("51.67")


def _assessed(scoring, unit, head, self_points, review=None):
    assessment = open_assessment(scoring.movement, unit=unit)
    save_scores(assessment, "SELF", scoring.ids(self_points), actor=head)
    set_assessment_state(assessment, "SELF_SUBMITTED", actor=head)
    if review:
        comments = dict.fromkeys(review, "Chưa đạt")
        save_scores(
            assessment,
            "REVIEW",
            scoring.ids(review),
            comments=scoring.ids(comments),
            actor=scoring.officer,
        )
    return assessment


def test_bloc_ranking_combines_self_peer_and_review(scoring):
    bloc = _bloc(scoring)  # weights 0.2 / 0.3 / 0.5 (the defaults)
    _assessed(scoring, scoring.div_a, scoring.head_a, {"1.1": 15, "1.2": 18}, review={"1.1": 12})
    _assessed(scoring, scoring.div_b, scoring.head_b, {"1.1": 20, "1.2": 20})
    _assessed(scoring, scoring.outside, scoring.officer, {"1.1": 10, "1.2": 10})
    save_peer_score(bloc, scorer=scoring.div_b, subject=scoring.div_a, points=80)
    save_peer_score(bloc, scorer=scoring.outside, subject=scoring.div_a, points=70)
    save_peer_score(bloc, scorer=scoring.div_a, subject=scoring.div_b, points=90)
    rows = [
        (r.rank, r.code, r.self_total, r.peer_mean, r.review_total, r.combined)
        for r in bloc_results(bloc)
    ]
    assert rows == [
        # CNTT: 0.2 x 40 + 0.3 x 90 + 0.5 x 40 = 8 + 27 + 20 = 55
        (1, "CNTT", D(40), D(90), D(40), D(55)),
        # TTBCXB: 0.2 x 33 + 0.3 x 75 + 0.5 x 30 = 6.6 + 22.5 + 15 = 44.1
        (2, "TTBCXB", D(33), D(75), D(30), D("44.10")),
        # BAOLS, no peer score: 0.2 x 20 + 0.8 x 20 = 20
        (3, "BAOLS", D(20), None, D(20), D(20)),
    ]


def test_members_not_yet_assessed_come_last_unranked(scoring):
    bloc = _bloc(scoring)
    _assessed(scoring, scoring.div_b, scoring.head_b, {"1.1": 20, "1.2": 20})
    rows = [(r.rank, r.code, r.combined) for r in bloc_results(bloc)]
    assert rows == [(1, "CNTT", D(40)), (None, "BAOLS", None), (None, "TTBCXB", None)]
