from django.urls import include, path

from thidua.awards import views

app_name = "awards"

urlpatterns = [
    path("", views.award_list, name="list"),
    path("ghi/", views.award_create, name="create"),
    path("<int:pk>/", views.award_detail, name="detail"),
    path("<int:pk>/thu-hoi/", views.award_revoke, name="revoke"),
    path("sang-kien/", views.initiative_list, name="initiative_list"),
    path("sang-kien/them/", views.initiative_form, name="initiative_create"),
    path("sang-kien/<str:code>/sua/", views.initiative_form, name="initiative_edit"),
    path("xet-dieu-kien/", include("thidua.awards.urls_eligibility")),
    path("de-nghi/", include("thidua.awards.urls_nominations")),
    path("hoi-dong/", include("thidua.awards.urls_councils")),
    path("tham-so/", include("thidua.awards.urls_overrides")),
    path("quyet-dinh/", include("thidua.awards.urls_decisions")),
    path("cong-khai/", include("thidua.awards.urls_disclosure")),
    path("nhap/", include("thidua.awards.urls_imports")),
    path("ngay-nghi/", include("thidua.awards.urls_holidays")),
    path("phat-hien/", include("thidua.awards.urls_analytics")),
]
