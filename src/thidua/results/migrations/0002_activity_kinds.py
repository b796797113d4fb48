# The default catalogue of activity kinds and their indicators: the foreign-information (TTĐN)
# activities of /work/shared/domain/TTDN.md. Every deployment gets them; officers edit the
# catalogue afterwards (names, new kinds and indicators, deactivation). Running this again adds
# only what is missing and never overwrites what an officer changed; reversing it does nothing
# (kinds may already be in use by reported activities).

from django.db import migrations

# (code, name, [(indicator code, indicator name, measure unit), ...])
DEFAULT_KINDS = [
    (
        "PLAN",
        "Văn bản chỉ đạo, kế hoạch về thông tin đối ngoại",
        [
            ("documents", "Văn bản chỉ đạo, kế hoạch ban hành", "văn bản"),
            ("on_time", "Văn bản ban hành đúng hạn", "văn bản"),
        ],
    ),
    (
        "FL_NEWS",
        "Tin, bài về tỉnh bằng tiếng nước ngoài",
        [("items", "Tin, bài đăng tải", "tin, bài")],
    ),
    (
        "FL_WEB",
        "Trang tiếng nước ngoài của cổng thông tin điện tử",
        [("pages", "Trang, chuyên mục được cập nhật", "trang")],
    ),
    (
        "PUBL",
        "Xuất bản phẩm, bản tin song ngữ",
        [("titles", "Đầu xuất bản phẩm", "đầu"), ("copies", "Số bản phát hành", "bản")],
    ),
    (
        "GATE_INFO",
        "Cụm thông tin, pa-nô tại cửa khẩu và khu vực biên giới",
        [("clusters", "Cụm thông tin xây mới hoặc cập nhật", "cụm")],
    ),
    (
        "BORDER_PROP",
        "Tuyên truyền ở khu vực biên giới, phối hợp với Bộ đội Biên phòng",
        [
            ("sessions", "Buổi tuyên truyền", "buổi"),
            ("residents", "Lượt người dân tham dự", "lượt người"),
            ("soldiers", "Lượt cán bộ, chiến sĩ tham dự", "lượt người"),
        ],
    ),
    (
        "LEAFLET",
        "Tờ rơi song ngữ phổ biến pháp luật tại cửa khẩu",
        [("leaflets", "Tờ rơi phát ra", "tờ"), ("people", "Người được tiếp cận", "người")],
    ),
    (
        "SOVEREIGNTY",
        "Thông tin về chủ quyền, biên giới đất liền, biển, đảo",
        [("sessions", "Buổi tuyên truyền, triển lãm", "buổi")],
    ),
    (
        "TRAINING",
        "Bồi dưỡng, tập huấn nghiệp vụ thông tin đối ngoại",
        [
            ("courses", "Lớp bồi dưỡng, tập huấn", "lớp"),
            ("trainees", "Học viên", "người"),
            ("border_trainees", "Học viên ở khu vực biên giới", "người"),
        ],
    ),
    (
        "FOREIGN_PRESS",
        "Đón tiếp, cung cấp thông tin cho phóng viên nước ngoài",
        [("delegations", "Đoàn phóng viên được đón tiếp", "đoàn"), ("interviews", "Cuộc phỏng vấn", "cuộc")],
    ),
    (
        "PRESS_CONF",
        "Họp báo, phát ngôn và cung cấp thông tin cho báo chí",
        [("conferences", "Cuộc họp báo", "cuộc")],
    ),
    (
        "REBUTTAL",
        "Phát hiện, phản bác thông tin sai lệch về Việt Nam, về tỉnh",
        [
            ("cases", "Vụ việc được xử lý", "vụ việc"),
            ("response_days", "Số ngày từ khi phát hiện đến khi phản bác", "ngày"),
        ],
    ),
    (
        "EVENTS",
        "Thông tin tại các sự kiện lớn và hoạt động hợp tác qua biên giới",
        [("events", "Sự kiện được thông tin", "sự kiện")],
    ),
    (
        "WORLD_NEWS",
        "Đưa thông tin thời sự thế giới đến người dân",
        [("sessions", "Buổi thông tin thời sự", "buổi")],
    ),
]


def load_default_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("results", "ActivityKind")
    ActivityIndicator = apps.get_model("results", "ActivityIndicator")
    for kind_order, (code, name, indicators) in enumerate(DEFAULT_KINDS, start=1):
        kind, _created = ActivityKind.objects.get_or_create(
            code=code, defaults={"name": name, "order": kind_order * 10}
        )
        for order, (ind_code, ind_name, measure_unit) in enumerate(indicators, start=1):
            ActivityIndicator.objects.get_or_create(
                kind=kind,
                code=ind_code,
                defaults={"name": ind_name, "measure_unit": measure_unit, "order": order * 10},
            )


class Migration(migrations.Migration):

    dependencies = [
        ("results", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(load_default_kinds, migrations.RunPython.noop, elidable=False),
    ]
