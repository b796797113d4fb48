"""The criteria table editor's reading of a POST: the whole table arrives as indexed fields
(``sections-0-title``, ``sections-0-criteria-1-code``, ``bonus-0-title``,
``penalty-0-points_each``, ``bands-0-min_score``, ...). ``CriteriaEditor.from_post`` reads them
into rows of text as typed, ``to_data`` turns the rows into the plain data
``criteria.save_criteria_table`` takes (with what could not be read, in Vietnamese).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.movements.models import Movement
from thidua.org.forms_edit import EMPTY_LABEL


class CopySourceForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Sao chép từ phong trào"),
        queryset=Movement.objects.none(),
        to_field_name="code",
        empty_label=EMPTY_LABEL,
    )

    def __init__(self, *args: Any, sources: QuerySet[Movement], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = sources  # type: ignore[attr-defined]


# -- Criteria table editor -------------------------------------------------------------------
# The editor posts the whole table as indexed fields (sections-0-title,
# sections-0-criteria-1-code, bonus-0-title, penalty-0-points_each, bands-0-min_score, ...).
# Indexes need not be contiguous: rows added with htmx carry a large, increasing index.

ROW_FIELDS: dict[str, tuple[str, ...]] = {
    "sections": ("title", "max_points"),
    "criteria": ("code", "title", "max_points", "method", "indicator", "target_value", "guidance"),
    "bonus": ("title", "max_points"),
    "penalty": ("title", "points_each"),
    "bands": ("code", "label", "min_score", "min_share"),
}
LISTS = ("bonus", "penalty", "bands")
_KEY = re.compile(
    r"^(?P<list>sections|bonus|penalty|bands)-(?P<i>\d{1,20})-"
    r"(?:criteria-(?P<j>\d{1,20})-)?(?P<field>\w+)$"
)


def _points_text(value: Any) -> str:
    """A number as the editor's number inputs show it: 20, 12.5 (no trailing zeros)."""
    if value in (None, ""):
        return ""
    number = Decimal(str(value))
    return f"{number.normalize():f}" if number == number.to_integral() else f"{number.normalize()}"


def parse_number(text: str, *, places: int = 2, limit: int = 10**6) -> Decimal | None:
    """A non-negative number typed in the editor (a comma is taken as the decimal point);
    ``None`` when empty. Raises ``ValueError`` with the Vietnamese reason."""
    text = text.strip().replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(gettext("không phải là số")) from exc
    if not number.is_finite():
        raise ValueError(gettext("không phải là số"))
    if number < 0:
        raise ValueError(gettext("không được âm"))
    if number >= limit:
        raise ValueError(gettext("quá lớn"))
    if -number.normalize().as_tuple().exponent > places:  # type: ignore[operator]
        raise ValueError(gettext("tối đa %(n)s chữ số thập phân") % {"n": places})
    return number


def _blank(row: dict[str, str], fields: tuple[str, ...]) -> bool:
    return not any(row.get(f, "").strip() for f in fields if f != "method")


class CriteriaEditor:
    """The criteria table as the editor shows it: every value as typed (strings), rows in
    order. Built from the database (``from_data``) or from a POST (``from_post``); turned into
    the plain data ``criteria.save_criteria_table`` takes by ``to_data``."""

    def __init__(self, scale: str = "100", bonus_cap: str = "0", notes: str = "") -> None:
        self.scale, self.bonus_cap, self.notes = scale, bonus_cap, notes
        self.sections: list[dict[str, Any]] = []
        self.rows: dict[str, list[dict[str, str]]] = {name: [] for name in LISTS}

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> CriteriaEditor:
        editor = cls(_points_text(data["scale"]), _points_text(data["bonus_cap"]), data["notes"])
        for s in data["sections"]:
            criteria = [
                {f: _points_text(c[f]) if f in NUMERIC else str(c[f] or "") for f in CRIT}
                for c in s["criteria"]
            ]
            editor.sections.append(
                {
                    "key": len(editor.sections),
                    "title": s["title"],
                    "max_points": _points_text(s["max_points"]),
                    "criteria": criteria,
                }
            )
        for name, key in (
            ("bonus", "bonus_items"),
            ("penalty", "penalty_items"),
            ("bands", "bands"),
        ):
            editor.rows[name] = [
                {f: _points_text(r.get(f)) if f in NUMERIC else str(r[f]) for f in ROW_FIELDS[name]}
                for r in data[key]
            ]
        return editor

    @classmethod
    def blank(cls) -> CriteriaEditor:
        """A new table: one empty section, the bands TTDN.md proposes as a starting point."""
        editor = cls()
        editor.add_row("section")
        editor.rows["bands"] = [
            {"code": "XUAT_SAC", "label": gettext("Xuất sắc"), "min_score": "90", "min_share": ""},
            {"code": "TOT", "label": gettext("Tốt"), "min_score": "80", "min_share": ""},
            {
                "code": "HOAN_THANH",
                "label": gettext("Hoàn thành"),
                "min_score": "70",
                "min_share": "",
            },
        ]
        return editor

    @classmethod
    def from_post(cls, post: Any) -> CriteriaEditor:
        editor = cls(
            post.get("scale", "").strip(), post.get("bonus_cap", "").strip(), post.get("notes", "")
        )
        found: dict[str, dict[int, dict[str, str]]] = {name: {} for name in ("sections", *LISTS)}
        criteria: dict[int, dict[int, dict[str, str]]] = {}
        for key in post:
            match = _KEY.match(key)
            if match is None:
                continue
            i, field = int(match["i"]), match["field"]
            if match["j"] is not None:
                row = criteria.setdefault(i, {}).setdefault(int(match["j"]), {})
            else:
                row = found[match["list"]].setdefault(i, {})
            row[field] = post.get(key, "")
        for i in sorted(set(found["sections"]) | set(criteria)):
            section = found["sections"].get(i, {})
            rows = [r for _j, r in sorted(criteria.get(i, {}).items())]
            kept = [
                {f: r.get(f, "").strip() for f in CRIT}
                for r in rows
                if not r.get("DELETE") and not _blank(r, CRIT)
            ]
            if section.get("DELETE") or (not kept and _blank(section, ROW_FIELDS["sections"])):
                continue
            editor.sections.append(
                {
                    "key": i,
                    "title": section.get("title", "").strip(),
                    "max_points": section.get("max_points", "").strip(),
                    "criteria": kept,
                }
            )
        for name in LISTS:
            fields = ROW_FIELDS[name]
            editor.rows[name] = [
                {f: r.get(f, "").strip() for f in fields}
                for _i, r in sorted(found[name].items())
                if not r.get("DELETE") and not _blank(r, fields)
            ]
        return editor

    def add_row(self, what: str) -> bool:
        """Append an empty row: "section", "criterion-<section index as posted>", "bonus",
        "penalty" or "bands". False when ``what`` names nothing."""
        if what == "section":
            self.sections.append(
                {
                    "key": len(self.sections),
                    "title": "",
                    "max_points": "",
                    "criteria": [empty_row("criteria")],
                }
            )
            return True
        if what in LISTS:
            self.rows[what].append(empty_row(what))
            return True
        key = what.removeprefix("criterion-")
        for section in self.sections:
            if key.isdigit() and section["key"] == int(key):
                section["criteria"].append(empty_row("criteria"))
                return True
        return False

    def totals(self) -> dict[str, Any]:
        """Per section the sum of its criteria against its maximum, and the sum of the
        sections against the scale (numbers that do not parse count as missing)."""
        sections: list[dict[str, Any]] = []
        for s in self.sections:
            subtotal = sum((_safe(c["max_points"]) for c in s["criteria"]), Decimal(0))
            maximum = _safe(s["max_points"])
            sections.append({"sum": subtotal, "max": maximum, "ok": subtotal == maximum})
        total = sum((t["max"] for t in sections), Decimal(0))
        scale = _safe(self.scale)
        return {"sections": sections, "sum": total, "scale": scale, "ok": total == scale}

    def to_data(self) -> tuple[dict[str, Any], list[str]]:
        """The plain data of ``save_criteria_table``, and what could not be read (numbers that
        are not numbers, missing names), in Vietnamese."""
        errors: list[str] = []

        def number(text: str, where: str, *, required: bool = True, **kw: Any) -> Any:
            try:
                value = parse_number(text, **kw)
            except ValueError as exc:
                errors.append(
                    gettext("%(where)s: “%(v)s” %(why)s.") % {"where": where, "v": text, "why": exc}
                )
                return Decimal(0)
            if value is None and required:
                errors.append(gettext("%(where)s: chưa nhập điểm.") % {"where": where})
            return value

        data: dict[str, Any] = {
            "scale": number(self.scale, gettext("Thang điểm")),
            "bonus_cap": number(self.bonus_cap, gettext("Điểm thưởng tối đa"), required=False)
            or Decimal(0),
            "notes": self.notes.strip(),
            "sections": [],
        }
        for n, s in enumerate(self.sections, 1):
            where = gettext("Nhóm %(n)s") % {"n": n}
            if not s["title"]:
                errors.append(gettext("%(where)s: chưa có tên nhóm.") % {"where": where})
            criteria = []
            for m, c in enumerate(s["criteria"], 1):
                at = gettext("%(where)s, tiêu chí dòng %(m)s") % {"where": where, "m": m}
                if not c["title"]:
                    errors.append(gettext("%(where)s: chưa có tên tiêu chí.") % {"where": at})
                criteria.append(
                    {
                        **c,
                        "max_points": number(c["max_points"], at),
                        "target_value": number(c["target_value"], at, required=False, limit=10**10),
                    }
                )
            data["sections"].append(
                {
                    "order": n,
                    "title": s["title"],
                    "max_points": number(s["max_points"], where),
                    "criteria": criteria,
                }
            )
        data["bonus_items"] = self._list("bonus", gettext("Điểm thưởng"), number, errors)
        data["penalty_items"] = self._list("penalty", gettext("Điểm trừ"), number, errors)
        data["bands"] = self._list("bands", gettext("Mức xếp loại"), number, errors)
        return data, errors

    def _list(self, name: str, label: str, number: Any, errors: list[str]) -> list[dict]:
        result = []
        for n, row in enumerate(self.rows[name], 1):
            where = gettext("%(what)s dòng %(n)s") % {"what": label, "n": n}
            item: dict[str, Any] = dict(row)
            if "title" in row and not row["title"]:
                errors.append(gettext("%(where)s: chưa nhập nội dung.") % {"where": where})
            if "code" in row and not (row["code"] and row["label"]):
                errors.append(gettext("%(where)s: chưa nhập đủ mã và tên mức.") % {"where": where})
            for field in ("max_points", "points_each", "min_score"):
                if field in row:
                    item[field] = number(row[field], where)
            if "min_share" in row:
                item["min_share"] = number(row["min_share"], where, required=False, places=3)
            result.append(item)
        return result


CRIT = ROW_FIELDS["criteria"]
NUMERIC = {"max_points", "target_value", "points_each", "min_score", "min_share"}


def empty_row(name: str) -> dict[str, str]:
    row = dict.fromkeys(ROW_FIELDS[name], "")
    if name == "criteria":
        row["method"] = "MANUAL"
    return row


def _safe(text: str) -> Decimal:
    try:
        return parse_number(text) or Decimal(0)
    except ValueError:
        return Decimal(0)
