from django.urls import path

from thidua.awards import views_councils as views

urlpatterns = [
    path("", views.council_list, name="council_list"),
    path("thanh-lap/", views.council_create, name="council_create"),
    path("phien/<int:pk>/", views.session_detail, name="council_session"),
    path("phien/<int:pk>/diem-danh/", views.session_attendance, name="council_attendance"),
    path("phien/<int:pk>/mo-bieu-quyet/", views.session_open, name="council_open"),
    path("phien/<int:pk>/phieu/", views.session_ballots, name="council_ballots"),
    path("phien/<int:pk>/ket-qua/", views.session_results, name="council_results"),
    path("phien/<int:pk>/xep-hang/", views.session_ranking, name="council_ranking"),
    path("phien/<int:pk>/xep-hang/chu-tich/", views.session_tie_break, name="council_tie_break"),
    path("phieu/<int:pk>/bo-phieu/", views.ballot_vote, name="council_vote"),
    path("phieu/<int:pk>/da-bo-phieu/", views.ballot_voted, name="council_voted"),
    path("phieu/<int:pk>/phieu-giay/", views.ballot_paper, name="council_paper"),
    path("phieu/<int:pk>/kiem-phieu/", views.ballot_close, name="council_close"),
    path("hd/<str:code>/", views.council_detail, name="council_detail"),
    path("hd/<str:code>/thanh-vien/", views.council_member_add, name="council_member_add"),
    path(
        "hd/<str:code>/thanh-vien/<int:member_pk>/ket-thuc/",
        views.council_member_end,
        name="council_member_end",
    ),
    path("hd/<str:code>/phien-hop/", views.council_session_create, name="council_session_create"),
]
