"""The interface catalogues: the English one is complete, keeps every placeholder, and is the
one compiled into the committed .mo; the Vietnamese one fills the gaps of Django's own vi
catalogue; and a person who picks English gets English pages."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

LOCALE = Path(settings.LOCALE_PATHS[0])
EN_PO = LOCALE / "en" / "LC_MESSAGES" / "django.po"
VI_PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"


# --- A small .po reader (no polib in the test dependencies) ---------------------------------


@dataclass
class Entry:
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plural index -> text; 0 if singular
    flags: set[str] = field(default_factory=set)
    line: int = 0


def read_po(path: Path) -> list[Entry]:
    """Every active entry of a .po file, the header included (msgid ""). Obsolete entries
    (#~) and comments are skipped; continuation lines are joined; C escapes are decoded."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] = ("", 0)  # the field that continuation lines extend
    flags: set[str] = set()
    keyword = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$')
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if line.startswith("#,"):
            flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            continue
        if not line or line.startswith("#"):
            continue
        if line.startswith('"'):
            assert current is not None, f"{path}:{number}: a string outside an entry"
            name, index = target
            text = ast.literal_eval(line)
            if name == "msgstr":
                current.msgstr[index] += text
            else:
                setattr(current, name, getattr(current, name) + text)
            continue
        match = keyword.match(line)
        assert match, f"{path}:{number}: cannot read {line!r}"
        name, index, text = (
            match.group(1),
            int(match.group(2) or 0),
            ast.literal_eval(match.group(3)),
        )
        starts = name == "msgctxt" or (name == "msgid" and target[0] != "msgctxt")
        if starts:
            if current is not None:
                entries.append(current)
            current = Entry(line=number, flags=flags)
            flags = set()
        assert current is not None, f"{path}:{number}: {name} outside an entry"
        if name == "msgstr":
            current.msgstr[index] = text
        else:
            setattr(current, name, text)
        target = (name, index)
    if current is not None:
        entries.append(current)
    return entries


def messages(path: Path) -> list[Entry]:
    return [e for e in read_po(path) if e.msgid]


def header(path: Path) -> Entry:
    return next(e for e in read_po(path) if e.msgid == "")


def test_reader_reads_contexts_plurals_and_continuations(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, python-format\nmsgctxt "authority"\nmsgid ""\n"KT. "\n"(ký thay)"\n'
        'msgstr "KT. (signing for)"\n\n'
        'msgid "%(n)s người"\nmsgid_plural "%(n)s người"\nmsgstr[0] "%(n)s person"\n'
        'msgstr[1] "%(n)s people"\n\n#~ msgid "cũ"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    entries = read_po(po)
    assert [(e.msgctxt, e.msgid, e.msgid_plural) for e in entries] == [
        (None, "", None),
        ("authority", "KT. (ký thay)", None),
        (None, "%(n)s người", "%(n)s người"),
    ]
    assert entries[0].msgstr == {0: "Language: en\n"}
    assert entries[1].flags == {"python-format"}
    assert entries[1].msgstr == {0: "KT. (signing for)"}
    assert entries[2].msgstr == {0: "%(n)s person", 1: "%(n)s people"}


# --- (a) The English catalogue is complete, and its .mo is the compiled .po -----------------


def test_english_catalogue_is_large_enough_to_be_the_real_one():
    # makemessages over the whole package finds about a thousand strings; a stub would not.
    assert len(messages(EN_PO)) > 900


def test_english_catalogue_has_no_empty_or_fuzzy_entry():
    untranslated = [
        (e.line, e.msgid)
        for e in messages(EN_PO)
        if not e.msgstr or any(not text.strip() for text in e.msgstr.values())
    ]
    fuzzy = [(e.line, e.msgid) for e in read_po(EN_PO) if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_english_plural_entries_have_both_forms():
    plurals = [e for e in messages(EN_PO) if e.msgid_plural is not None]
    assert plurals, "the catalogue has plural entries (e.g. '%(n)s người')"
    assert [(e.msgid, sorted(e.msgstr)) for e in plurals if sorted(e.msgstr) != [0, 1]] == []
    assert "nplurals=2; plural=(n != 1);" in header(EN_PO).msgstr[0]


@pytest.mark.parametrize("po", [EN_PO, VI_PO], ids=["en", "vi"])
def test_committed_mo_matches_the_po(po):
    """CI has no gettext: the committed .mo must be the compiled current .po."""
    with po.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for e in messages(po):
        key = e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}"
        if e.msgid_plural is None:
            got = compiled._catalog.get(key)  # type: ignore[attr-defined]
            if got != e.msgstr[0]:
                stale.append((e.msgid, got))
        else:
            for index, text in e.msgstr.items():
                got = compiled._catalog.get((key, index))  # type: ignore[attr-defined]
                if got != text:
                    stale.append((e.msgid, index, got))
    assert stale == []


# --- (c) Placeholders survive translation ------------------------------------------------


_PERCENT = re.compile(
    r"%(?:\((?P<name>\w+)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?P<conv>[diouxXeEfFgGcrsa%])"
)
_NAMED = re.compile(r"%\((\w+)\)")
_BRACE = re.compile(r"\{\w*\}")
_TAG = re.compile(r"</?(a|abbr|br|code|em|meta|span|strong)\b[^>]*>")


def placeholders(text: str) -> tuple[list[str], int, int]:
    """Named placeholders (sorted), the count of unnamed ones, and the count of %%."""
    named, unnamed, percent = [], 0, 0
    for match in _PERCENT.finditer(text):
        if match.group("conv") == "%":
            percent += 1
        elif match.group("name"):
            named.append(match.group("name"))
        else:
            unnamed += 1
    return sorted(named), unnamed, percent


def _pairs(e: Entry) -> list[tuple[str, str]]:
    """(source, translation) pairs: the singular with msgstr[0], the plural with the rest.
    With one plural form (vi), msgstr[0] stands for every count, so it follows the plural."""
    if e.msgid_plural is None:
        return [(e.msgid, e.msgstr[0])]
    if len(e.msgstr) == 1:
        return [(e.msgid_plural, e.msgstr[0])]
    return [(e.msgid, e.msgstr[0])] + [(e.msgid_plural, e.msgstr[i]) for i in e.msgstr if i]


def _mismatches(po: Path) -> list[tuple[int, str, str]]:
    bad = []
    for e in messages(po):
        for source, text in _pairs(e):
            if "python-format" in e.flags:
                same = placeholders(source) == placeholders(text)
            else:  # not %-formatted: only the unambiguous named ones must match
                same = sorted(_NAMED.findall(source)) == sorted(_NAMED.findall(text))
            same = same and sorted(_BRACE.findall(source)) == sorted(_BRACE.findall(text))
            same = same and _TAG.findall(source) == _TAG.findall(text)
            if not same:
                bad.append((e.line, source, text))
    return bad


def test_placeholder_reader():
    assert placeholders("%(created)4d tạo, %(present)d có (%(seconds).1f giây)") == (
        ["created", "present", "seconds"],
        0,
        0,
    )
    assert placeholders("ít nhất %d ký tự, 50%% điểm, %s") == ([], 2, 1)
    assert placeholders("Trang %(n)s/%(total)s") != placeholders("Page %(n)s")


@pytest.mark.parametrize("po", [EN_PO, VI_PO], ids=["en", "vi"])
def test_every_translation_keeps_the_placeholders_of_its_source(po):
    assert _mismatches(po) == []


def test_placeholder_check_catches_a_dropped_placeholder(tmp_path):
    po = tmp_path / "bad.po"
    po.write_text(
        '#, python-format\nmsgid "Đã thêm đơn vị “%(name)s”."\nmsgstr "Unit added."\n\n'
        '#, python-format\nmsgid "Ví dụ 0.5 là 50%%."\nmsgstr "E.g. 0.5 is 50%."\n',
        encoding="utf-8",
    )
    assert [line for line, _, _ in _mismatches(po)] == [2, 6]


# --- Vietnamese fills Django's gaps ---------------------------------------------------------


def test_vietnamese_overrides_only_hold_django_strings_and_are_complete():
    entries = messages(VI_PO)
    assert entries, "the vi catalogue exists"
    assert [e.msgid for e in entries if not all(t.strip() for t in e.msgstr.values())] == []
    # Django's gaps are English strings: no project (Vietnamese) msgid belongs in this file.
    assert [e.msgid for e in entries if re.search(r"[ạ-ỹđăâêôơư]", e.msgid)] == []
    assert "nplurals=1; plural=0;" in header(VI_PO).msgstr[0]


def test_vietnamese_fills_the_blank_choice_and_password_messages():
    with translation.override("vi"):
        assert translation.gettext("- Select an option -") == "— Chọn —"
        with pytest.raises(ValidationError) as error:
            MinimumLengthValidator(min_length=8).validate("ngan")
        assert error.value.messages == ["Mật khẩu quá ngắn: cần ít nhất 8 ký tự."]
        assert translation.gettext("CSRF verification failed. Request aborted.") == (
            "Kiểm tra CSRF không thành công. Yêu cầu đã bị huỷ."
        )


# --- (b) English in use ---------------------------------------------------------------------


def test_english_gettext_pgettext_and_ngettext():
    with translation.override("en"):
        assert translation.gettext("Trang chủ") == "Home"
        assert translation.pgettext("section", "Đơn vị") == "Units"
        assert translation.gettext("Đơn vị") == "Unit"
        assert translation.pgettext("authority", "KT. (ký thay)") == "KT. (signing for)"
        assert translation.gettext("Lao động tiên tiến") == "Advanced Worker"
        assert translation.gettext("Hoàn thành xuất sắc nhiệm vụ") == (
            "Excellently completed duties"
        )
        plural = "%(n)s đơn vị"
        assert translation.ngettext(plural, plural, 1) % {"n": 1} == "1 unit"
        assert translation.ngettext(plural, plural, 3) % {"n": 3} == "3 units"
    with translation.override("vi"):
        assert translation.gettext("Trang chủ") == "Trang chủ"


def test_home_page_in_english_for_the_language_cookie(two_divisions, client_for):
    client = client_for(two_divisions.head_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("core:home")).content.decode()
    assert '<html lang="en"' in html
    assert ">Home</a>" in html
    assert ">Units</a>" in html
    assert ">Staff</a>" in html
    assert "Trang chủ" not in html
    assert "Đăng xuất" not in html


def test_language_switch_turns_the_home_page_english_and_back(two_divisions, client_for):
    client = client_for(two_divisions.head_a)
    home = reverse("core:home")
    html = client.get(home).content.decode()
    assert '<html lang="vi"' in html
    assert ">Trang chủ</a>" in html

    response = client.post(reverse("set_language"), {"language": "en", "next": home})
    assert response.status_code == 302
    assert response["Location"] == home
    html = client.get(home).content.decode()
    assert '<html lang="en"' in html
    assert ">Home</a>" in html
    assert ">Units</a>" in html
    assert re.search(r"<h1[^>]*>\s*Home\s*</h1>", html)

    client.post(reverse("set_language"), {"language": "vi", "next": home})
    html = client.get(home).content.decode()
    assert '<html lang="vi"' in html
    assert ">Đơn vị</a>" in html


def test_unit_list_title_is_plural_in_english(two_divisions, client_for):
    client = client_for(two_divisions.officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("org:unit_list")).content.decode()
    assert "<title>Units" in html
    assert "Filter units" in html
