from typing import Any

from django.http import HttpRequest

TEXT_SIZES = ("sm", "md", "lg", "xl")
TEXT_SIZE_COOKIE = "thidua_text_size"


def text_size_of(request: HttpRequest) -> str:
    size = request.COOKIES.get(TEXT_SIZE_COOKIE, "md")
    return size if size in TEXT_SIZES else "md"


def ui(request: HttpRequest) -> dict[str, Any]:
    return {"text_size": text_size_of(request)}
