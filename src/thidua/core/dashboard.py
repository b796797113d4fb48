"""The officer's home page is assembled from "attention" providers that each domain app
registers in its ``AppConfig.ready``. ``core`` never imports the apps above it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class AttentionItem:
    """One line of "what needs attention": a label, a count and where to act on it."""

    label: str
    count: int
    url: str
    level: str = "info"  # info, warning, danger


Provider = Callable[[Any], list[AttentionItem]]
_providers: list[Provider] = []


def register(provider: Provider) -> Provider:
    if provider not in _providers:
        _providers.append(provider)
    return provider


def attention_items(user: Any) -> list[AttentionItem]:
    items: list[AttentionItem] = []
    for provider in _providers:
        items.extend(provider(user))
    return items
