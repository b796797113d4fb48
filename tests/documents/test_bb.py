"""The council minutes (BB): attendance and quorum, each secret ballot's tallies against its
threshold counted on all voting members, the ranking under a cap with the chair's tie-break,
the public's comments with their answers, and the PDF text. Nothing links a member to a vote."""

from __future__ import annotations

import pytest

from tests.awards.test_councils import ballots_for, build_council, submitted, vote_all
from tests.documents.h8_docx import (
    assert_legal_frame,
    check_template_matches,
    is_bold,
    lines,
    needs_soffice,
    paragraph,
    pdf_text,
    read,
    render,
    squash,
    table_rows,
)
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import councils
from thidua.awards.models import Disclosure, PublicComment
from thidua.documents import contexts_minutes
from thidua.documents.contexts_minutes import KNOWN_VARIABLES_BB, build_minutes_context

PLACE_DATE = "Lạng Sơn, ngày 10 tháng 01 năm 2025"


@pytest.fixture
def session_world(world):  # noqa: F811
    """10 voting members: 8 present, 1 voting in writing, 1 absent. Four CSTĐCS nominations
    with 9, 8, 8 and 5 YES votes: three pass (80% of all ten members), two tie at 8."""
    cw = build_council(world, present=8, in_writing=1)
    councils.open_session(cw.session, actor=cw.secretary.user)
    noms = submitted(world, 4)
    voters = cw.members[:9]
    for ballot, yes in zip(ballots_for(cw, noms), [9, 8, 8, 5], strict=True):
        vote_all(ballot, voters, ["YES"] * yes + ["NO"] * (9 - yes))
    disclosure = Disclosure.objects.create(
        code="CK-1", title="Công khai", unit=world.agency, movement=world.movement
    )
    PublicComment.objects.create(
        disclosure=disclosure,
        nomination=noms[0],
        name="Người dân",
        contact="0900000000",
        text="Đồng chí rất tích cực <ở> biên giới.",
        answer="Hội đồng ghi nhận.",
    )
    PublicComment.objects.create(
        disclosure=disclosure,
        nomination=noms[1],
        name="Thư rác",
        contact="x",
        text="Quảng cáo",
        hidden=True,
        hidden_reason="Thư rác",
    )
    return cw, noms


def names(noms):
    for n in noms:
        n.refresh_from_db()
    return [n.person.full_name for n in noms]


def test_minutes_attendance_quorum_and_tallies(session_world):
    cw, noms = session_world
    ctx = build_minutes_context(cw.session, number=2)
    doc = read(render("BB", ctx))
    assert_legal_frame(
        doc,
        parent="",
        issuer="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        number="02/BB-HĐTĐKT",
        place_date=PLACE_DATE,
        doc_type="BIÊN BẢN",
    )
    assert is_bold(
        paragraph(
            doc,
            "Họp Hội đồng Thi đua - Khen thưởng Sở xét đề nghị khen thưởng phong trào thi đua "
            "chuyên đề “Thi đua thực hiện hiệu quả công tác thông tin đối ngoại”",
        )
    )
    text = lines(doc)
    assert "Chủ trì: Thành viên 0, Chủ tịch Hội đồng Thi đua - Khen thưởng Sở." in text
    present = text[text.index("Thành viên có mặt:") + 1 : text.index("Thành viên có mặt:") + 9]
    assert present[0] == "- Thành viên 0 - Chủ tịch Hội đồng;"
    assert present[-1] == "- Thành viên 7 - Ủy viên."
    written = text.index("Thành viên vắng mặt, biểu quyết bằng văn bản:")
    assert text[written + 1] == "- Thành viên 8 - Ủy viên."
    assert text[text.index("Thành viên vắng mặt:") + 1] == "- Thành viên 9 - Ủy viên."
    assert (
        "Số thành viên có quyền biểu quyết: 10; có mặt 08, biểu quyết bằng văn bản 01, vắng 01; "
        "tỷ lệ có mặt hoặc biểu quyết bằng văn bản 90,0%. Đủ điều kiện biểu quyết (ít nhất hai "
        "phần ba số thành viên)." in text
    )
    who = names(noms)
    rows = {r[1]: r for r in table_rows(doc) if len(r) == 9}
    assert rows[who[0]][:7] == ["1", who[0], "Chiến sĩ thi đua cơ sở", "9", "0", "0", "90,0%"]
    assert rows[who[0]][7].startswith("Từ 80,0%")
    assert rows[who[0]][8] == "Đạt"
    assert rows[who[1]][3:7] == ["8", "1", "0", "80,0%"]
    assert rows[who[1]][8] == "Đạt"
    assert rows[who[3]][3:7] == ["5", "4", "0", "50,0%"]
    assert rows[who[3]][8] == "Không đạt"
    assert "Số đề nghị đạt tỷ lệ phiếu đồng ý theo quy định: 03; số đề nghị không đạt: 01." in text
    # secrecy: no member's name anywhere in the tallies
    tallies = " ".join(" ".join(r) for r in rows.values())
    assert all(m.full_name not in tallies for m in cw.members)


def test_minutes_ranking_tie_break_and_comments(session_world):
    cw, noms = session_world
    who = names(noms)
    ctx = build_minutes_context(cw.session, caps={"CSTDCS": 2})
    assert ctx["rankings"][0]["tie_break"].startswith("Có đề nghị bằng số phiếu")
    assert [r["selected"] for r in ctx["rankings"][0]["rows"]] == ["Được đề nghị", "", ""]

    councils.chair_break_tie(cw.session, [noms[2].pk, noms[1].pk], actor=cw.chair.user)
    doc = read(render("BB", build_minutes_context(cw.session, caps={"CSTDCS": 2})))
    text = lines(doc)
    assert "Xếp thứ tự Chiến sĩ thi đua cơ sở theo chỉ tiêu 02:" in text
    ranking = [r for r in table_rows(doc) if len(r) == 4 and r[0] in {"1", "2", "3"}]
    assert ranking == [
        ["1", who[0], "9", "Được đề nghị"],
        ["2", who[2], "8", "Được đề nghị"],
        ["3", who[1], "8", ""],
    ]
    assert f"Chủ tịch Hội đồng quyết định thứ tự khi bằng số phiếu: {who[2]}, {who[1]}" in text
    comment = (
        f"- Góp ý về {who[0]}: Đồng chí rất tích cực <ở> biên giới. Trả lời: Hội đồng ghi nhận."
    )
    assert comment in text
    assert not any("Quảng cáo" in t for t in text)  # hidden spam stays out
    foot = text[text.index("THƯ KÝ") :]
    assert foot[:4] == ["THƯ KÝ", "thuky", "CHỦ TỊCH HỘI ĐỒNG", "Thành viên 0"]
    assert foot[-3:] == ["Nơi nhận:", "- Thành viên Hội đồng;", "- Lưu: VT, HĐTĐKT."]


def test_minutes_without_caps_or_comments(session_world):
    cw, _noms = session_world
    PublicComment.objects.all().delete()
    ctx = build_minutes_context(cw.session, caps={"CSTDCS": 5})
    assert ctx["rankings"] == []  # fewer passed than the cap: nothing to rank
    text = lines(read(render("BB", ctx)))
    assert "Không có ý kiến, phản ánh về danh sách đề nghị khen thưởng." in text
    assert not any(t.startswith("Xếp thứ tự") for t in text)


def test_minutes_template_variables_and_sample():
    check_template_matches("BB", KNOWN_VARIABLES_BB, contexts_minutes.sample_context())


@needs_soffice
def test_minutes_pdf_text(session_world):
    cw, _noms = session_world
    text = squash(pdf_text(render("BB", build_minutes_context(cw.session, number=2)), "BB"))
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 02/BB-HĐTĐKT",
        PLACE_DATE,
        "BIÊN BẢN",
        "III. KẾT QUẢ BỎ PHIẾU KÍN",
        "CHỦ TỊCH HỘI ĐỒNG",
        "Nơi nhận:",
    ):
        assert part in text, part
