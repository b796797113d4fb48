from django.urls import include, path

from thidua.org import views

app_name = "org"

urlpatterns = [
    path("don-vi/", views.unit_list, name="unit_list"),
    path("don-vi/<str:code>/", views.unit_detail, name="unit_detail"),
    path("can-bo/", views.person_list, name="person_list"),
    path("can-bo/<str:code>/", views.person_detail, name="person_detail"),
    path("ky-luat/", views.discipline_list, name="discipline_list"),
    # Editing pages (forms for units, people, ratings, discipline, roles).
    path("", include("thidua.org.urls_edit")),
    # Excel import and export.
    path("", include("thidua.org.urls_io")),
]
