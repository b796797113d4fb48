from django.urls import path

from thidua.awards import views_disclosure as views

urlpatterns = [
    path("", views.disclosure_list, name="disclosure_list"),
    path("tao/", views.disclosure_create, name="disclosure_create"),
    path("<str:code>/", views.disclosure_detail, name="disclosure_detail"),
    path("<str:code>/trang-thai/", views.disclosure_state, name="disclosure_state"),
    path("<str:code>/y-kien/<int:pk>/tra-loi/", views.comment_answer, name="disclosure_answer"),
    path("<str:code>/y-kien/<int:pk>/an/", views.comment_hide, name="disclosure_hide"),
]
