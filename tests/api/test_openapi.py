import pytest

from thidua.org.enums import UnitKind

# The stable contract of API.md, "Organisation and people".
CONTRACT = [
    ("get", "/api/v1/units/{code}"),
    ("put", "/api/v1/units/{code}"),
    ("get", "/api/v1/people/{code}"),
    ("put", "/api/v1/people/{code}"),
    ("put", "/api/v1/people/{code}/ratings/{year}"),
    ("put", "/api/v1/units/{code}/ratings/{year}"),
    ("post", "/api/v1/discipline"),
]


@pytest.fixture
def openapi(db, client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_lists_every_contract_path_with_error_responses(openapi):
    for method, path in CONTRACT:
        operation = openapi["paths"][path][method]
        responses = operation["responses"]
        assert {"401", "404", "422"} <= set(responses), (method, path)
        assert responses["404"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }
        assert responses["422"]["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ValidationErrorOut"
        }
        assert operation["security"] == [{"TokenAuth": []}]


def test_openapi_writes_document_created_and_forbidden(openapi):
    for method, path in CONTRACT:
        if method == "get":
            continue
        assert {"200", "201", "400", "403", "409"} <= set(
            openapi["paths"][path][method]["responses"]
        )


def test_openapi_lists_helper_endpoints(openapi):
    assert {
        "/api/v1/units",
        "/api/v1/people",
        "/api/v1/people/{code}/ratings",
        "/api/v1/units/{code}/ratings",
        "/api/v1/discipline/{record_id}",
    } <= set(openapi["paths"])
    assert "get" in openapi["paths"]["/api/v1/discipline"]


def test_openapi_has_bearer_scheme_description_and_tags(openapi):
    assert openapi["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }
    assert "Authorization: Bearer" in openapi["info"]["description"]
    assert [t["name"] for t in openapi["tags"]] == ["Đơn vị", "Cán bộ", "Xếp loại", "Kỷ luật"]


def test_openapi_codes_are_enums(openapi):
    kind = openapi["components"]["schemas"]["UnitIn"]["properties"]["kind"]
    assert kind["enum"] == list(UnitKind.values)
    error = openapi["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"]


def test_docs_page_is_not_served(db, client):
    # Swagger UI would load scripts from a CDN, which the CSP forbids: no docs page.
    assert client.get("/api/v1/docs").status_code == 404
