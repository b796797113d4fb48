"""Activity pages, included by ``results.urls`` (namespace ``results``, mounted at
``/ket-qua/``): the activities of a movement and their reporting progress, one activity and its
evidence, evidence downloads, and the catalogue of activity kinds."""

from django.urls import path

from thidua.results import views_activities as views

urlpatterns = [
    path("phong-trao/<str:code>/hoat-dong/", views.activity_list, name="activity_list"),
    path("phong-trao/<str:code>/hoat-dong/bao-cao/", views.activity_report, name="activity_report"),
    path(
        "phong-trao/<str:code>/hoat-dong/chi-so/",
        views.activity_indicators,
        name="activity_indicators",
    ),
    path(
        "phong-trao/<str:code>/tien-do-bao-cao/",
        views.activity_progress,
        name="activity_progress",
    ),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("hoat-dong/<int:pk>/sua/", views.activity_edit, name="activity_edit"),
    path("hoat-dong/<int:pk>/rut-lai/", views.activity_withdraw, name="activity_withdraw"),
    path(
        "hoat-dong/<int:pk>/minh-chung/",
        views.activity_add_evidence,
        name="activity_evidence_add",
    ),
    path("minh-chung/<int:pk>/tai-ve/", views.evidence_download, name="evidence_download"),
    path("loai-hoat-dong/", views.activity_kind_list, name="activity_kind_list"),
    path("loai-hoat-dong/them/", views.activity_kind_create, name="activity_kind_create"),
    path(
        "loai-hoat-dong/<str:kind_code>/sua/", views.activity_kind_edit, name="activity_kind_edit"
    ),
    path(
        "loai-hoat-dong/<str:kind_code>/trang-thai/",
        views.activity_kind_toggle,
        name="activity_kind_toggle",
    ),
]
