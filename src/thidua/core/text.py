"""Vietnamese text normalisation for search.

``normalize_search("Nguyễn Văn Đức")`` gives ``"nguyen van duc"``: accents removed, đ to d,
lower case, runs of white space folded. Search columns store this form, and queries normalise
the user's words the same way, so "nguyen van duc" finds "Nguyễn Văn Đức".
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D_TABLE = str.maketrans({"đ": "d", "Đ": "d"})


def normalize_search(value: str | None) -> str:
    if not value:
        return ""
    text = value.translate(_D_TABLE)
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def normalize_name(value: str | None) -> str:
    """Tidy a person's or unit's name as typed: NFC, single spaces, trimmed."""
    if not value:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()
