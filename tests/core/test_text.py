from thidua.core.text import normalize_name, normalize_search


def test_normalize_search_removes_accents_and_lowercases():
    assert normalize_search("Nguyễn Văn Đức") == "nguyen van duc"


def test_normalize_search_upper_case_d_with_stroke():
    assert normalize_search("ĐƯỜNG") == "duong"


def test_normalize_search_folds_and_trims_spaces():
    assert normalize_search("  Hoàng \t Thị\n\nLan  ") == "hoang thi lan"


def test_normalize_search_none_and_empty_give_empty_string():
    assert normalize_search(None) == ""
    assert normalize_search("") == ""


def test_normalize_search_decomposed_input_matches_composed():
    # Text pasted from some sources arrives in NFD (base letter + combining marks).
    decomposed = "Nguye\u0302\u0303n"
    assert normalize_search(decomposed) == normalize_search("Nguyễn") == "nguyen"


def test_normalize_name_keeps_accents_and_tidies_spaces():
    assert normalize_name("  Nguyễn   Văn  Đức ") == "Nguyễn Văn Đức"
