import pytest

from thidua.core.money import amount_in_words_vn, format_money_vn, number_in_words_vn


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "không"),
        (1, "một"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi bốn"),
        (25, "hai mươi lăm"),
        (50, "năm mươi"),
        (100, "một trăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (111, "một trăm mười một"),
        (1_000, "một nghìn"),
        (1_005, "một nghìn không trăm linh năm"),
        (1_050, "một nghìn không trăm năm mươi"),
        (21_000, "hai mươi mốt nghìn"),
        (1_000_000, "một triệu"),
        (1_872_000, "một triệu tám trăm bảy mươi hai nghìn"),
        (2_340_000, "hai triệu ba trăm bốn mươi nghìn"),
        (1_000_001, "một triệu không trăm linh một"),
        (12_000_000_000, "mười hai tỷ"),
        (1_500_000_000, "một tỷ năm trăm triệu"),
        (1_000_000_000_000, "một nghìn tỷ"),
    ],
)
def test_number_in_words(number, words):
    assert number_in_words_vn(number) == words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1_000, "Một nghìn đồng"),
        (2_340_000, "Hai triệu ba trăm bốn mươi nghìn đồng"),
        (1_872_000, "Một triệu tám trăm bảy mươi hai nghìn đồng"),
        (12_000_000_000, "Mười hai tỷ đồng"),
    ],
)
def test_amount_in_words(amount, words):
    assert amount_in_words_vn(amount) == words


@pytest.mark.parametrize(
    ("amount", "text"),
    [(0, "0"), (999, "999"), (1_000, "1.000"), (2_340_000, "2.340.000"), (-5_000, "-5.000")],
)
def test_format_money(amount, text):
    assert format_money_vn(amount) == text
