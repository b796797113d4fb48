"""Officer and public pages of disclosure: scoping (404/403), publish, answer, hide; the
public list and detail (no DRAFT, no contacts), the comment form with its anti-spam."""

from __future__ import annotations

import time

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from tests.awards.disclosure_world import build, comment_data, open_disclosure, token
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import disclosure as services
from thidua.awards.models import Disclosure, PublicComment
from thidua.core.models import AuditEvent


@pytest.fixture
def dw(world):  # noqa: F811
    return build(world)


def _form(d: Disclosure, **kw) -> dict:
    data = comment_data(d)
    data.pop("client_ip")
    data["website"] = data.pop("honeypot")
    data.update(kw)
    return data


def test_officer_creates_publishes_and_answers(dw, client_for):
    c = client_for(dw.w.officer)
    page = c.get(reverse("awards:disclosure_create"))
    assert page.status_code == 200
    assert str(dw.n_a) in page.content.decode()
    r = c.post(
        reverse("awards:disclosure_create"),
        {"unit": dw.w.agency.code, "nominations": [dw.n_a.pk, dw.n_a2.pk]},
    )
    d = Disclosure.objects.get()
    assert r.status_code == 302
    assert r.url == reverse("awards:disclosure_detail", args=[d.code])
    assert d.working_days == 5
    assert set(d.nominations.all()) == {dw.n_a, dw.n_a2}
    c.post(reverse("awards:disclosure_state", args=[d.code]), {"state": "OPEN"})
    d.refresh_from_db()
    assert d.state == "OPEN"
    comment = services.submit_public_comment(d, **comment_data(d, kind="OBJECTION"))
    detail = c.get(reverse("awards:disclosure_detail", args=[d.code])).content.decode()
    assert "0912 345 678" in detail
    assert "chưa được trả lời" in detail
    c.post(
        reverse("awards:disclosure_answer", args=[d.code, comment.pk]),
        {f"c{comment.pk}-answer": "Đã xác minh, đúng quy định."},
    )
    comment.refresh_from_db()
    assert comment.answer == "Đã xác minh, đúng quy định."
    c.post(
        reverse("awards:disclosure_hide", args=[d.code, comment.pk]),
        {f"h{comment.pk}-reason": "Trùng lặp"},
    )
    comment.refresh_from_db()
    assert comment.hidden
    assert comment.hidden_reason == "Trùng lặp"
    assert reverse("awards:disclosure_list") in c.get(reverse("awards:list")).content.decode()


def test_officer_of_another_division_gets_404_and_cannot_answer(dw, client_for):
    d = open_disclosure(dw)
    comment = services.submit_public_comment(d, **comment_data(d))
    c = client_for(dw.officer_b)
    assert c.get(reverse("awards:disclosure_detail", args=[d.code])).status_code == 404
    r = c.post(
        reverse("awards:disclosure_answer", args=[d.code, comment.pk]),
        {f"c{comment.pk}-answer": "Không được phép"},
    )
    assert r.status_code == 404
    comment.refresh_from_db()
    assert comment.answer == ""
    assert AuditEvent.objects.filter(action="access.denied").exists()
    assert client_for(dw.w.head_a).get(reverse("awards:disclosure_list")).status_code == 403


def test_public_list_and_detail_hide_drafts_and_contacts(dw):
    d = open_disclosure(dw, dw.n_a)
    draft = services.create_disclosure(unit=dw.w.agency, nominations=[dw.n_a2], actor=dw.w.officer)
    answered = services.submit_public_comment(d, **comment_data(d, text="Góp ý về thành tích."))
    services.answer_comment(answered, text="Cảm ơn ý kiến.", actor=dw.w.officer)
    services.submit_public_comment(d, **comment_data(d, text="Chưa trả lời thì không hiện."))
    anon = Client()
    listing = anon.get(reverse("portal:disclosures")).content.decode()
    assert d.title in listing
    assert reverse("portal:disclosure", args=[d.code]) in listing
    assert reverse("portal:disclosure", args=[draft.code]) not in listing
    assert anon.get(reverse("portal:disclosure", args=[draft.code])).status_code == 404
    page = anon.get(reverse("portal:disclosure", args=[d.code])).content.decode()
    assert dw.w.person_a.full_name in page
    assert "Chiến sĩ thi đua cơ sở" in page
    assert "Cảm ơn ý kiến." in page
    assert "Góp ý về thành tích." in page
    assert "Chưa trả lời thì không hiện." not in page
    assert "0912 345 678" not in page
    assert 'name="token"' in page
    assert 'name="website"' in page
    assert reverse("portal:disclosures") in anon.get(reverse("portal:home")).content.decode()


def test_public_comment_form_accepts_and_refuses(dw):
    d = open_disclosure(dw, dw.n_a)
    anon = Client(REMOTE_ADDR="198.51.100.9")
    url = reverse("portal:disclosure", args=[d.code])
    r = anon.post(url, _form(d, nomination=dw.n_a.pk, kind="OBJECTION"))
    assert r.status_code == 302
    saved = PublicComment.objects.get()
    assert (saved.kind, saved.nomination_id) == ("OBJECTION", dw.n_a.pk)
    assert saved.sender_hash == services.sender_hash("198.51.100.9")
    r = anon.post(url, _form(d, website="http://spam.example"))
    assert r.status_code == 422
    assert "Không gửi được ý kiến; hãy tải lại trang rồi gửi lại." in r.content.decode()
    fast = signing.TimestampSigner(salt=services.FORM_SIGNING_NAMESPACE).sign_object(
        {"d": d.code, "t": int(time.time())}
    )
    r = anon.post(url, _form(d, token=fast))
    assert r.status_code == 422
    assert "quá nhanh" in r.content.decode()
    r = anon.post(url, _form(d, contact="không có"))
    assert r.status_code == 422
    assert "ví dụ 0912 345 678" in r.content.decode()
    assert PublicComment.objects.count() == 1


def test_closed_disclosure_takes_no_comment(dw):
    d = open_disclosure(dw, dw.n_a)
    Disclosure.objects.filter(pk=d.pk).update(state="CLOSED")
    anon = Client()
    url = reverse("portal:disclosure", args=[d.code])
    page = anon.get(url).content.decode()
    assert 'name="token"' not in page
    assert anon.post(url, _form(d)).status_code == 409
    assert PublicComment.objects.count() == 0
    assert token(d)
