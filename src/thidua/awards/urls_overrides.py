from django.urls import path

from thidua.awards import views_overrides as views

urlpatterns = [
    path("", views.regime_list, name="override_regimes"),
    path("<str:code>/", views.regime_detail, name="override_regime"),
    path(
        "<str:code>/<str:award_code>/<str:rule_code>/<str:parameter>/",
        views.override_edit,
        name="override_edit",
    ),
]
