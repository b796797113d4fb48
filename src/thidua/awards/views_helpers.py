"""Helpers shared by the awards pages (views*.py)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


@contextmanager
def flash_errors(request: HttpRequest) -> Iterator[None]:
    """Run a POST action's service call: a ``ValidationError`` it raises is shown as one error
    message per line instead of propagating, and the rest of the block (typically the success
    message) is skipped. The view then redirects as it would have anyway."""
    try:
        yield
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
