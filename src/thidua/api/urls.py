"""The API object mounted at ``/api/v1/``: bearer-token auth, JSON errors, one router per
resource. Other apps add their routers here with ``api.add_router``."""

from __future__ import annotations

from ninja import NinjaAPI

from thidua.api.auth import TokenAuth
from thidua.api.errors import install_error_handlers
from thidua.api.routers import (
    activities,
    analytics,
    assessments,
    award_imports,
    awards,
    councils,
    decisions,
    discipline,
    disclosures,
    documents,
    eligibility,
    movements,
    nominations,
    participation,
    people,
    public_comments,
    regimes,
    units,
)

DESCRIPTION = """\
API tích hợp của hệ thống thi đua - khen thưởng (thidua).

* Xác thực: tiêu đề `Authorization: Bearer <mã truy cập>`; mã được tạo bằng
  `python -m thidua create_api_token USERNAME`.
* Bản ghi được gọi bằng mã ổn định. `PUT` tạo mới (201) hoặc cập nhật (200); gửi lại cùng
  yêu cầu không tạo bản ghi thứ hai.
* Lỗi: JSON `{"detail": ...}` với mã 400, 401, 403, 404, 409, 422; lỗi 422 liệt kê từng trường
  không hợp lệ (`loc`, `msg`, `type`). Ngày theo dạng ISO `YYYY-MM-DD`.
* Dữ liệu trả về giới hạn trong phạm vi của tài khoản, như trên giao diện web.
"""

api = NinjaAPI(
    title="thidua API",
    version="1",
    urls_namespace="api",
    description=DESCRIPTION,
    auth=TokenAuth(),
    # The Swagger page loads its scripts from a CDN, which the strict CSP forbids (and the
    # server never reaches the network): only the OpenAPI document is served.
    docs_url=None,
    openapi_extra={
        "tags": [
            {"name": "Đơn vị", "description": "Cây đơn vị (units)."},
            {"name": "Cán bộ", "description": "Cán bộ, công chức, viên chức (people)."},
            {"name": "Xếp loại", "description": "Xếp loại chất lượng hằng năm (ratings)."},
            {"name": "Kỷ luật", "description": "Kỷ luật và xem xét kỷ luật (discipline)."},
        ]
    },
)
install_error_handlers(api)

api.add_router("/", units.router)
api.add_router("/", people.router)
api.add_router("/", discipline.router)
api.add_router("/", movements.router)
api.add_router("/", participation.router)
api.add_router("/", activities.router)
api.add_router("/", assessments.router)
# before awards: "/awards/imports" would match "/awards/{award_id}" (POST refused there)
api.add_router("/", award_imports.router)
api.add_router("/", awards.router)
api.add_router("/", eligibility.router)
api.add_router("/", nominations.router)
api.add_router("/", disclosures.router)
api.add_router("/", public_comments.router)
api.add_router("/", analytics.router)
api.add_router("/", councils.router)
api.add_router("/", regimes.router)
api.add_router("/", decisions.router)
api.add_router("/", documents.router)
