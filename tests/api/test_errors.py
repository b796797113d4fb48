"""The error handlers on their own, on a throwaway API object (the real one stays untouched)."""

import json

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.test import RequestFactory
from ninja import NinjaAPI

from thidua.api.errors import install_error_handlers
from thidua.core.models import AuditEvent
from thidua.org.models import Person


def _answer(user, exc):
    api = NinjaAPI(urls_namespace="errors-test")
    install_error_handlers(api)
    request = RequestFactory().put("/api/v1/x")
    request.user = user
    response = api.on_exception(request, exc)
    return response.status_code, json.loads(response.content)


def test_bare_permission_denied_is_403_and_recorded(admin_user):
    answer = _answer(admin_user, PermissionDenied("org.change_unit"))
    assert answer == (403, {"detail": "Bạn không có quyền thực hiện thao tác này."})
    denied = AuditEvent.objects.filter(action="access.denied")
    assert [(e.actor.username, e.after) for e in denied] == [
        ("admin", {"permission": "org.change_unit", "path": "/api/v1/x"})
    ]


def test_integrity_error_is_409(admin_user):
    status, body = _answer(admin_user, IntegrityError("UNIQUE constraint failed"))
    assert status == 409
    assert body == {
        "detail": "Xung đột dữ liệu: bản ghi đã bị thay đổi đồng thời; hãy gửi lại yêu cầu."
    }


def test_does_not_exist_is_404(admin_user):
    assert _answer(admin_user, Person.DoesNotExist()) == (
        404,
        {"detail": "Không tìm thấy đối tượng được yêu cầu."},
    )
