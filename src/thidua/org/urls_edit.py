"""Editing pages of the organisation, included by ``org.urls`` (namespace ``org``). No path
here may shadow ``don-vi/<code>/`` or ``can-bo/<code>/`` of the read-only pages."""

from django.urls import path

from thidua.org import views_admin, views_edit

urlpatterns = [
    path("them-don-vi/", views_edit.unit_create, name="unit_create"),
    path("don-vi/<str:code>/sua/", views_edit.unit_edit, name="unit_edit"),
    path("don-vi/<str:code>/dong/", views_edit.unit_close, name="unit_close"),
    path("don-vi/<str:code>/xep-loai/", views_edit.unit_rating, name="unit_rating"),
    path("them-can-bo/", views_edit.person_create, name="person_create"),
    path("can-bo/<str:code>/sua/", views_edit.person_edit, name="person_edit"),
    path("can-bo/<str:code>/xep-loai/", views_edit.person_rating, name="person_rating"),
    path("can-bo/<str:code>/ky-luat/", views_edit.discipline_create, name="discipline_create"),
    path("can-bo/<str:code>/tai-khoan/", views_admin.account_create, name="account_create"),
    path("ky-luat/<int:pk>/quyet-dinh/", views_edit.discipline_decide, name="discipline_decide"),
    path("phan-quyen/", views_admin.role_list, name="role_list"),
    path("phan-quyen/them/", views_admin.role_assign, name="role_assign"),
    path("phan-quyen/<int:pk>/ket-thuc/", views_admin.role_end, name="role_end"),
]
