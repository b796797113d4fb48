import io

from django.core.management import call_command

from thidua.demo import data_people


def test_load_demo_command_prints_summary_and_demo_logins_prints_table(db):
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    lines = out.getvalue().splitlines()
    assert "  Cán bộ                           69 tạo mới,    0 đã có" in lines
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert "  Cán bộ                            0 tạo mới,   69 đã có" in out.getvalue()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    rows = {line.split()[0]: line for line in out.getvalue().splitlines()[2:-1]}
    assert set(rows) == {a.username for a in data_people.ACCOUNTS}
    assert "ThiDua@2018" in rows["truongphong"]
    assert "TTBCXB: Phòng Thông tin - Báo chí - Xuất bản" in rows["truongphong"]
    assert "Lương Văn Minh (NV034)" in rows["truongphong"]
