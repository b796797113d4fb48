"""Error answers of the API: every error is JSON ``{"detail": ...}``.

422 keeps django-ninja's shape, ``{"detail": [{"loc": [...], "msg": ..., "type": ...}]}``,
for both request validation and the Vietnamese ``ValidationError`` of the services, so a client
reads one format whatever layer refused the data. The handlers are installed by
``install_error_handlers``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any, NoReturn

from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from thidua.core.permissions import record_denied, require

logger = logging.getLogger(__name__)

# Service field names that the API calls by another name.
SERVICE_FIELD_NAMES = {"parent": "parent_code", "unit": "unit_code", "person": "person_code"}
# Service fields that come from the URL, not from the body.
PATH_FIELDS = frozenset({"code", "year"})


class ApiValidationError(Exception):
    """A 422 naming fields: ``{field: message}``, located in ``source`` ("body", "query")."""

    def __init__(self, errors: Mapping[str, str], *, source: str = "body") -> None:
        self.errors = dict(errors)
        self.source = source
        super().__init__(self.errors)


class ApiPermissionDenied(PermissionDenied):
    """A refusal already recorded in the audit trail, whose message (Vietnamese, saying what
    and where) is the 403 ``detail``. Endpoints refuse through ``require_api`` or ``forbid``."""


def forbid(request: HttpRequest, permission: str, obj: Any, message: str) -> NoReturn:
    """Record the refusal and answer 403 with ``message`` (for checks rules cannot express)."""
    record_denied(request.user, permission, obj, path=request.path)
    raise ApiPermissionDenied(message)


def require_api(request: HttpRequest, permission: str, obj: Any, message: str) -> None:
    """``thidua.core.permissions.require`` (which records the refusal), answering 403 with
    ``message``."""
    try:
        require(request.user, permission, obj, path=request.path)
    except PermissionDenied:
        raise ApiPermissionDenied(message) from None


def _item(loc: list[Any], msg: str, type_: str = "value_error") -> dict[str, Any]:
    return {"loc": loc, "msg": msg, "type": type_}


def _service_items(exc: DjangoValidationError) -> list[dict[str, Any]]:
    if not hasattr(exc, "error_dict"):
        return [_item(["body"], message) for message in exc.messages]
    items: list[dict[str, Any]] = []
    for field, messages in exc.message_dict.items():
        if field == NON_FIELD_ERRORS:
            loc = ["body"]
        elif field in PATH_FIELDS:
            loc = ["path", field]
        else:
            loc = ["body", SERVICE_FIELD_NAMES.get(field, field)]
        items.extend(_item(loc, message) for message in messages)
    return items


# Vietnamese messages for the common pydantic error types, by family.
_MESSAGES = {
    "missing": gettext_lazy("Thiếu trường bắt buộc."),
    "choice": gettext_lazy("Giá trị không hợp lệ; chọn một trong: %(expected)s."),
    "date": gettext_lazy("Ngày không hợp lệ; dùng dạng YYYY-MM-DD."),
    "bool": gettext_lazy("Giá trị phải là true hoặc false."),
    "int": gettext_lazy("Giá trị phải là số nguyên."),
    "string_type": gettext_lazy("Giá trị phải là chuỗi ký tự."),
    "string_too_short": gettext_lazy("Cần ít nhất %(min_length)s ký tự."),
    "string_too_long": gettext_lazy("Dài quá %(max_length)s ký tự."),
    "range": gettext_lazy("Giá trị nằm ngoài khoảng cho phép (%(msg)s)."),
    "json_invalid": gettext_lazy("Nội dung không phải JSON hợp lệ."),
}
_FAMILIES = {
    "literal_error": "choice",
    "enum": "choice",
    "less_than": "range",
    "less_than_equal": "range",
    "greater_than": "range",
    "greater_than_equal": "range",
}
_PREFIX_FAMILIES = (("date_", "date"), ("datetime_", "date"), ("bool_", "bool"), ("int_", "int"))


def _family(kind: str) -> str:
    if kind in _FAMILIES:
        return _FAMILIES[kind]
    return next((fam for prefix, fam in _PREFIX_FAMILIES if kind.startswith(prefix)), kind)


def _pydantic_message(item: Mapping[str, Any]) -> str:
    """A Vietnamese message for the common pydantic errors; pydantic's English otherwise."""
    template = _MESSAGES.get(_family(str(item.get("type", ""))))
    if template is None:
        return str(item.get("msg", ""))
    ctx = item.get("ctx") or {}
    return str(template) % {
        "msg": item.get("msg", ""),
        "expected": str(ctx.get("expected", "")).replace(" or ", ", "),
        "min_length": ctx.get("min_length", 1),
        "max_length": ctx.get("max_length", ""),
    }


def _request_items(exc: NinjaValidationError) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for error in exc.errors:
        loc = list(error.get("loc", ()))
        # ninja puts the body parameter's name after "body"; clients know fields, not our
        # Python parameter names, so every body error reads ["body", field, ...].
        if len(loc) >= 2 and loc[0] == "body" and loc[1] == "payload":
            del loc[1]
        item = _item(loc, _pydantic_message(error), error.get("type", "value_error"))
        if error.get("ctx"):
            item["ctx"] = {k: str(v) for k, v in error["ctx"].items()}
        items.append(item)
    return items


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, detail: Any, status: int) -> HttpResponse:
        return api.create_response(request, {"detail": detail}, status=status)

    def on_request_invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return respond(request, _request_items(exc), 422)

    def on_service_invalid(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return respond(request, _service_items(exc), 422)

    def on_api_invalid(request: HttpRequest, exc: ApiValidationError) -> HttpResponse:
        items = [_item([exc.source, field], msg) for field, msg in exc.errors.items()]
        return respond(request, items, 422)

    def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        detail = _(
            "Chưa xác thực: cần tiêu đề Authorization: Bearer <mã truy cập> với mã còn hiệu lực."
        )
        response = respond(request, detail, 401)
        response["WWW-Authenticate"] = "Bearer"
        return response

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        if isinstance(exc, ApiPermissionDenied):
            return respond(request, str(exc), 403)
        if getattr(exc, "recorded", False):
            return respond(request, _("Bạn không có quyền thực hiện thao tác này."), 403)
        # A bare PermissionDenied did not go through require_api/forbid: record it here so
        # no refusal escapes the audit trail.
        permission = str(exc.args[0]) if exc.args else ""
        record_denied(request.user, permission, None, path=request.path)
        return respond(request, _("Bạn không có quyền thực hiện thao tác này."), 403)

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        message = str(exc) if isinstance(exc, Http404) and exc.args else ""
        return respond(request, message or _("Không tìm thấy đối tượng được yêu cầu."), 404)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and str(exc) == "Cannot parse request body":
            return respond(request, _("Yêu cầu không hợp lệ: nội dung không đọc được (JSON)."), 400)
        return respond(request, str(exc), exc.status_code)

    def on_conflict(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
        # Two writers racing on the same code: the loser gets 409 and may retry (PUT is
        # idempotent). Logged, since a constraint the services failed to check lands here too.
        logger.warning("API write conflict on %s", request.path, exc_info=exc)
        detail = _("Xung đột dữ liệu: bản ghi đã bị thay đổi đồng thời; hãy gửi lại yêu cầu.")
        return respond(request, detail, 409)

    handlers: list[tuple[type[Exception], Any]] = [
        (NinjaValidationError, on_request_invalid),
        (DjangoValidationError, on_service_invalid),
        (ApiValidationError, on_api_invalid),
        (AuthenticationError, on_unauthenticated),
        (PermissionDenied, on_denied),
        (Http404, on_not_found),
        (ObjectDoesNotExist, on_not_found),
        (HttpError, on_http_error),
        (IntegrityError, on_conflict),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)
