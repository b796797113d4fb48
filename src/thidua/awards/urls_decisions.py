from django.urls import path

from thidua.awards import views_decisions as views

urlpatterns = [
    path("", views.decision_list, name="decision_list"),
    path("them/", views.decision_create, name="decision_create"),
    path("dot-xuat/", views.decision_adhoc, name="decision_adhoc"),
    path("xem-xet-lai/", views.reexamination_list, name="reexamination_list"),
    path("xem-xet-lai/<int:pk>/", views.reexamination_resolve, name="reexamination_resolve"),
    path("tien-thuong/", views.money_parameters, name="money_parameters"),
    path("phong-trao/<str:code>/", views.decision_movement, name="decision_movement"),
    path("<int:pk>/", views.decision_detail, name="decision_detail"),
    path("<int:pk>/tu-de-nghi/", views.decision_add_nominations, name="decision_add_nominations"),
    path("<int:pk>/them-dong/", views.decision_add_line, name="decision_add_line"),
    path("<int:pk>/dong/<int:line>/bo/", views.decision_remove_line, name="decision_remove_line"),
    path("<int:pk>/ban-hanh/", views.decision_issue, name="decision_issue"),
]
