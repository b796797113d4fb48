from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "thidua.org"
    label = "org"
    verbose_name = _("Tổ chức")

    def ready(self) -> None:
        from thidua.core import dashboard
        from thidua.org.dashboard import attention_items

        dashboard.register(attention_items)
