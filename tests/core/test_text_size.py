import pytest

from thidua.core.context_processors import TEXT_SIZE_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(two_divisions, client_for):
    return client_for(two_divisions.officer)


def test_text_size_lg_sets_cookie_and_next_page_is_large(client):
    response = client.post("/co-chu/", {"size": "lg", "next": "/to-chuc/can-bo/"})
    assert response.status_code == 302
    assert response["Location"] == "/to-chuc/can-bo/"
    assert response.cookies[TEXT_SIZE_COOKIE].value == "lg"
    assert response.cookies[TEXT_SIZE_COOKIE]["httponly"] is True
    page = client.get("/to-chuc/can-bo/").content.decode()
    assert '<html lang="vi" data-text-size="lg">' in page
    assert 'value="lg" aria-describedby="text-size-label" aria-pressed="true"' in page


def test_text_size_default_page_is_medium(client):
    page = client.get("/").content.decode()
    assert '<html lang="vi" data-text-size="md">' in page


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example", "//evil.example/", "https://evil.example/to-chuc/"]
)
def test_text_size_unsafe_next_is_replaced_by_root(client, unsafe):
    response = client.post("/co-chu/", {"size": "lg", "next": unsafe})
    assert response["Location"] == "/"


def test_text_size_unknown_size_sets_no_cookie(client):
    response = client.post("/co-chu/", {"size": "huge", "next": "/"})
    assert response["Location"] == "/"
    assert TEXT_SIZE_COOKIE not in response.cookies


def test_text_size_forged_cookie_value_falls_back_to_medium(client):
    client.cookies[TEXT_SIZE_COOKIE] = '"><script>'
    page = client.get("/").content.decode()
    assert 'data-text-size="md"' in page


def test_text_size_get_is_not_allowed(client):
    assert client.get("/co-chu/?size=lg").status_code == 405


def test_text_size_works_before_login(db):
    from django.test import Client

    anonymous = Client()
    anonymous.post("/co-chu/", {"size": "xl", "next": "/dang-nhap/"})
    assert 'data-text-size="xl"' in anonymous.get("/dang-nhap/").content.decode()
