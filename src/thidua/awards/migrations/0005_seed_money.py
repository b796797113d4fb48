"""Seed the dated base salary (lương cơ sở) and the reward coefficients (hệ số tiền thưởng).

Base salary: Nghị định 47/2016, 47/2017, 72/2018, 38/2019, 24/2023, 73/2024. Coefficients from
2024-01-01: Nghị định 98/2023 Điều 54 (individual Bằng khen and Giấy khen flagged unconfirmed);
from 2017-09-15: Nghị định 91/2017 (all flagged unconfirmed: the text was not checked).
"""

import datetime as dt
from decimal import Decimal

from django.db import migrations

BASE_SALARIES = [
    (dt.date(2016, 5, 1), 1_210_000, "Nghị định 47/2016/NĐ-CP"),
    (dt.date(2017, 7, 1), 1_300_000, "Nghị định 47/2017/NĐ-CP"),
    (dt.date(2018, 7, 1), 1_390_000, "Nghị định 72/2018/NĐ-CP"),
    (dt.date(2019, 7, 1), 1_490_000, "Nghị định 38/2019/NĐ-CP"),
    (dt.date(2023, 7, 1), 1_800_000, "Nghị định 24/2023/NĐ-CP"),
    (dt.date(2024, 7, 1), 2_340_000, "Nghị định 73/2024/NĐ-CP"),
]

ND98 = (dt.date(2024, 1, 1), "Nghị định 98/2023/NĐ-CP, Điều 54")
ND91 = (dt.date(2017, 9, 15), "Nghị định 91/2017/NĐ-CP")

# Rows: award code, recipient type, coefficient, unconfirmed flag.
ND98_COEFFICIENTS = [
    ("CSTD_TQ", "person", "4.5", False),
    ("CSTD_TINH", "person", "3.0", False),
    ("CSTDCS", "person", "1.0", False),
    ("LDTT", "person", "0.3", False),
    ("TTLDXS", "unit", "1.5", False),
    ("TTLDTT", "unit", "0.8", False),
    ("CO_CP", "unit", "12.0", False),
    ("CO_TINH", "unit", "8.0", False),
    ("BANG_KHEN_TTG", "unit", "7.0", False),
    ("BANG_KHEN_TINH", "unit", "3.0", False),
    ("GIAY_KHEN", "unit", "0.6", False),
    ("BANG_KHEN_TTG", "person", "3.5", True),
    ("BANG_KHEN_TINH", "person", "1.5", True),
    ("GIAY_KHEN", "person", "0.3", True),
]
ND91_COEFFICIENTS = [
    ("CSTD_TQ", "person", "4.5"),
    ("CSTD_TINH", "person", "3.0"),
    ("CSTDCS", "person", "1.0"),
    ("LDTT", "person", "0.3"),
    ("TTLDXS", "unit", "1.5"),
    ("TTLDTT", "unit", "0.8"),
    ("CO_CP", "unit", "12.0"),
    ("CO_TINH", "unit", "8.0"),
    ("BANG_KHEN_TTG", "person", "1.0"),
    ("BANG_KHEN_TTG", "unit", "2.0"),
    ("BANG_KHEN_TINH", "person", "1.0"),
    ("BANG_KHEN_TINH", "unit", "2.0"),
    ("GIAY_KHEN", "person", "0.15"),
    ("GIAY_KHEN", "unit", "0.3"),
]


def seed(apps, schema_editor):
    BaseSalary = apps.get_model("awards", "BaseSalary")
    AwardCoefficient = apps.get_model("awards", "AwardCoefficient")
    for effective_from, amount, citation in BASE_SALARIES:
        BaseSalary.objects.get_or_create(
            effective_from=effective_from, defaults={"amount": amount, "citation": citation}
        )
    rows = [
        (*ND98, code, rtype, coef, unconfirmed)
        for code, rtype, coef, unconfirmed in ND98_COEFFICIENTS
    ]
    rows += [(*ND91, code, rtype, coef, True) for code, rtype, coef in ND91_COEFFICIENTS]
    for effective_from, citation, code, rtype, coef, unconfirmed in rows:
        AwardCoefficient.objects.get_or_create(
            award_code=code,
            recipient_type=rtype,
            effective_from=effective_from,
            defaults={
                "coefficient": Decimal(coef),
                "citation": citation,
                "unconfirmed": unconfirmed,
            },
        )


def unseed(apps, schema_editor):
    BaseSalary = apps.get_model("awards", "BaseSalary")
    AwardCoefficient = apps.get_model("awards", "AwardCoefficient")
    BaseSalary.objects.filter(effective_from__in=[row[0] for row in BASE_SALARIES]).delete()
    AwardCoefficient.objects.filter(effective_from__in=[ND98[0], ND91[0]]).delete()


class Migration(migrations.Migration):
    dependencies = [("awards", "0004_disclosure_decisions")]

    operations = [migrations.RunPython(seed, unseed)]
