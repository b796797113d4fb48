"""The app's URLs plus ``/bench/minimal/``: a view that renders nothing and reads nothing,
served by the same settings and middleware (the floor of a Django request)."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("thidua.urls")),
]
