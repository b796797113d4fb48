"""Money written the way Vietnamese documents write it: in figures with dots between thousands
(``format_money_vn(2340000) == "2.340.000"``) and in words
(``amount_in_words_vn(2340000) == "Hai triệu ba trăm bốn mươi nghìn đồng"``)."""

from __future__ import annotations

__all__ = ["amount_in_words_vn", "format_money_vn", "number_in_words_vn"]

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", "nghìn", "triệu")
_BILLION = 1_000_000_000


def format_money_vn(amount: int) -> str:
    """2340000 -> "2.340.000"; negative amounts keep their sign."""
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(int(amount)):,}".replace(",", ".")


def _units_word(units: int, tens: int) -> str:
    if units == 1 and tens >= 2:
        return "mốt"
    if units == 5 and tens >= 1:
        return "lăm"
    return _DIGITS[units]


def _group_words(group: int, *, leading: bool) -> list[str]:
    """Words for 0 < group < 1000. A group that follows a larger one says its hundreds even when
    zero ("không trăm") and "linh" before a lone unit (1.005 -> "một nghìn không trăm linh năm")."""
    hundreds, rest = divmod(group, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    words += ["mười"] if tens == 1 else [_DIGITS[tens], "mươi"]
    if units:
        words.append(_units_word(units, tens))
    return words


def _below_billion(number: int, *, leading: bool) -> list[str]:
    groups = []
    while number:
        number, group = divmod(number, 1000)
        groups.append(group)
    words: list[str] = []
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if not group:
            continue
        words += _group_words(group, leading=leading and not words)
        if _SCALES[index]:
            words.append(_SCALES[index])
    return words


def _words(number: int, *, leading: bool = True) -> list[str]:
    if number >= _BILLION:
        high, low = divmod(number, _BILLION)
        return [*_words(high, leading=leading), "tỷ", *_below_billion(low, leading=False)]
    return _below_billion(number, leading=leading)


def number_in_words_vn(number: int) -> str:
    """A non-negative whole number in lower-case words: 21 -> "hai mươi mốt",
    105 -> "một trăm linh năm", 12_000_000_000 -> "mười hai tỷ"."""
    number = int(number)
    if number < 0:
        return "âm " + number_in_words_vn(-number)
    if number == 0:
        return _DIGITS[0]
    return " ".join(_words(number))


def amount_in_words_vn(amount: int) -> str:
    """An amount in đồng in words with a capital first letter:
    2340000 -> "Hai triệu ba trăm bốn mươi nghìn đồng"."""
    text = number_in_words_vn(amount)
    return f"{text[0].upper()}{text[1:]} đồng"
