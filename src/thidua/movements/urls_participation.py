"""Taking part in a movement: unit plans, briefings, registrations, progress per unit."""

from django.urls import path

from thidua.movements import views_participation as views
from thidua.movements import views_registration as reg_views

urlpatterns = [
    path("<str:code>/tham-gia/", views.participation_page, name="participation"),
    path("<str:code>/quan-triet/", views.briefing_confirm, name="briefing_confirm"),
    path("<str:code>/tien-do/", views.progress, name="progress"),
    path("<str:code>/tien-do/<str:unit_code>/", views.progress_unit, name="progress_unit"),
    path("<str:code>/ke-hoach-don-vi/", views.unit_plan_list, name="unit_plan_list"),
    path("<str:code>/don-vi/<str:unit_code>/ke-hoach/", views.unit_plan, name="unit_plan"),
    path(
        "<str:code>/don-vi/<str:unit_code>/ke-hoach/them-dong/",
        views.unit_plan_row,
        name="unit_plan_row",
    ),
    path(
        "<str:code>/don-vi/<str:unit_code>/ke-hoach/duyet/",
        views.unit_plan_review,
        name="unit_plan_review",
    ),
    path(
        "<str:code>/don-vi/<str:unit_code>/dang-ky/", reg_views.register_unit, name="register_unit"
    ),
    path("<str:code>/dang-ky/", reg_views.registration_list, name="registration_list"),
    path("<str:code>/dang-ky/ca-nhan/", reg_views.register_self, name="register_self"),
    path(
        "<str:code>/dang-ky/<int:pk>/xac-nhan/",
        reg_views.registration_decide,
        name="registration_decide",
    ),
    path(
        "<str:code>/dang-ky/<int:pk>/rut/",
        reg_views.registration_withdraw,
        name="registration_withdraw",
    ),
]
