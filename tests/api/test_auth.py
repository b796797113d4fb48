import hashlib
import io

from django.core.management import call_command

from tests.api.conftest import bearer_client, token_for
from tests.factories import make_unit, make_user
from thidua.api.models import ApiToken
from thidua.api.tokens import revoke_api_token
from thidua.org.models import Unit, User

UNAUTHORIZED = "Chưa xác thực: cần tiêu đề Authorization: Bearer <mã truy cập> với mã còn hiệu lực."


def test_request_without_token_is_401_json(db, client):
    response = client.get("/api/v1/units")
    assert response.status_code == 401
    assert response.json() == {"detail": UNAUTHORIZED}
    assert response["WWW-Authenticate"] == "Bearer"


def test_request_with_wrong_or_malformed_token_is_401(admin_user):
    good = token_for(admin_user)
    forged = good[:-4] + ("AAAA" if not good.endswith("AAAA") else "BBBB")
    for token in (forged, "thidua_deadbeef_x", "not-a-token", ""):
        response = bearer_client(token).get("/api/v1/units")
        assert (token, response.status_code) == (token, 401)


def test_basic_scheme_is_not_accepted(admin_user, client):
    token = token_for(admin_user)
    response = client.get("/api/v1/units", headers={"Authorization": f"Basic {token}"})
    assert response.status_code == 401


def test_revoked_token_is_401(admin_user):
    token = token_for(admin_user)
    assert bearer_client(token).get("/api/v1/units").status_code == 200
    revoke_api_token(ApiToken.objects.get(user=admin_user))
    assert bearer_client(token).get("/api/v1/units").status_code == 401


def test_token_of_inactive_user_is_401(admin_user):
    token = token_for(admin_user)
    User.objects.filter(pk=admin_user.pk).update(is_active=False)
    assert bearer_client(token).get("/api/v1/units").status_code == 401


def test_session_login_does_not_authenticate_the_api(admin_user, client_for):
    assert client_for(admin_user).get("/api/v1/units").status_code == 401


def test_token_is_stored_as_prefix_and_sha256_only(admin_user):
    token = token_for(admin_user)
    row = ApiToken.objects.get(user=admin_user)
    assert row.key_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token.split("_")[1] == row.prefix
    stored = [str(v) for v in ApiToken.objects.filter(pk=row.pk).values().get().values()]
    assert all(token not in value for value in stored)


def test_last_used_at_is_set_by_a_request(admin_user):
    token = token_for(admin_user)
    assert ApiToken.objects.get(user=admin_user).last_used_at is None
    bearer_client(token).get("/api/v1/units")
    assert ApiToken.objects.get(user=admin_user).last_used_at is not None


def test_write_with_token_needs_no_csrf_token(admin_user):
    client = bearer_client(token_for(admin_user), enforce_csrf_checks=True)
    response = client.put(
        "/api/v1/units/ROOT",
        '{"name": "Gốc", "kind": "AGENCY", "parent_code": null}',
        content_type="application/json",
    )
    assert response.status_code == 201


def _run_command(*args: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue()


def test_create_api_token_prints_one_line_that_authenticates(db):
    output = _run_command("integration")
    lines = output.splitlines()
    assert len(lines) == 1
    assert output == lines[0] + "\n"
    user = User.objects.get(username="integration")
    assert (user.is_superuser, user.is_staff, user.has_usable_password()) == (False, False, False)
    # Authenticated (not 401) but the new account holds no role yet: 403.
    response = bearer_client(lines[0]).get("/api/v1/units")
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền xem danh sách đơn vị."}


def test_create_api_token_superuser_sees_all_units(db):
    root = make_unit("R1", name="Tỉnh A")
    make_unit("R1-1", parent=root, name="Sở 1")
    make_unit("R2", name="Tỉnh B")
    token = _run_command("sysadmin", "--superuser").strip()
    user = User.objects.get(username="sysadmin")
    assert (user.is_superuser, user.is_staff) == (True, True)
    body = bearer_client(token).get("/api/v1/units").json()
    assert body["count"] == Unit.objects.count() == 3
    assert sorted(item["code"] for item in body["items"]) == ["R1", "R1-1", "R2"]


def test_create_api_token_for_existing_user_adds_a_token(db):
    user = make_user(username="existing")
    first = _run_command("existing").strip()
    second = _run_command("existing").strip()
    assert first != second
    assert User.objects.filter(username="existing").count() == 1
    assert ApiToken.objects.filter(user=user).count() == 2
