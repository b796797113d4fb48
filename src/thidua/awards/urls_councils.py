from django.urls import path

from thidua.awards import views_councils as views

urlpatterns = [
    path("phien/<int:pk>/", views.session_detail, name="council_session"),
    path("phien/<int:pk>/diem-danh/", views.session_attendance, name="council_attendance"),
    path("phien/<int:pk>/mo-bieu-quyet/", views.session_open, name="council_open"),
    path("phien/<int:pk>/phieu/", views.session_ballots, name="council_ballots"),
    path("phien/<int:pk>/ket-qua/", views.session_results, name="council_results"),
    path("phieu/<int:pk>/bo-phieu/", views.ballot_vote, name="council_vote"),
    path("phieu/<int:pk>/da-bo-phieu/", views.ballot_voted, name="council_voted"),
    path("phieu/<int:pk>/phieu-giay/", views.ballot_paper, name="council_paper"),
    path("phieu/<int:pk>/kiem-phieu/", views.ballot_close, name="council_close"),
]
