"""Periodic reports, assessments, blocs, rankings and scoring progress, included by
``results.urls`` (namespace ``results``, mounted at ``/ket-qua/``)."""

from django.urls import path

from thidua.results import views_assessments as assessments
from thidua.results import views_blocs as blocs
from thidua.results import views_ranking as ranking
from thidua.results import views_reports as reports

urlpatterns = [
    # Periodic reports.
    path("phong-trao/<str:code>/bao-cao/", reports.report_list, name="report_list"),
    path(
        "phong-trao/<str:code>/don-vi/<str:unit_code>/bao-cao/moi/",
        reports.report_create,
        name="report_create",
    ),
    path("bao-cao/<int:pk>/", reports.report_detail, name="report_detail"),
    path("bao-cao/<int:pk>/trang-thai/", reports.report_state, name="report_state"),
    # Assessments.
    path("phong-trao/<str:code>/danh-gia/", assessments.assessment_list, name="assessment_list"),
    path("phong-trao/<str:code>/danh-gia/mo/", assessments.assessment_open, name="assessment_open"),
    path("phong-trao/<str:code>/cong-bo-ket-qua/", assessments.release, name="release"),
    path("danh-gia/<int:pk>/", assessments.assessment_detail, name="assessment_detail"),
    path(
        "danh-gia/<int:pk>/cham/<str:stage_slug>/",
        assessments.assessment_score,
        name="assessment_score",
    ),
    path("danh-gia/<int:pk>/trang-thai/", assessments.assessment_state, name="assessment_state"),
    # Rankings and progress.
    path("phong-trao/<str:code>/xep-hang/", ranking.ranking, name="ranking"),
    path(
        "phong-trao/<str:code>/tien-do-cham-diem/",
        ranking.scoring_progress,
        name="scoring_progress",
    ),
    # Emulation blocs.
    path("phong-trao/<str:code>/khoi/", blocs.bloc_list, name="bloc_list"),
    path("phong-trao/<str:code>/khoi/moi/", blocs.bloc_create, name="bloc_create"),
    path("phong-trao/<str:code>/khoi/<str:bloc_code>/", blocs.bloc_detail, name="bloc_detail"),
    path("phong-trao/<str:code>/khoi/<str:bloc_code>/sua/", blocs.bloc_edit, name="bloc_edit"),
    path(
        "phong-trao/<str:code>/khoi/<str:bloc_code>/cham-cheo/",
        blocs.peer_scores,
        name="peer_scores",
    ),
]
