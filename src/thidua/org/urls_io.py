"""Excel import and export (under the "nhap-xuat/" prefix, clear of "don-vi/<code>/")."""

from django.urls import path

from thidua.org import views_io

urlpatterns = [
    path("nhap-xuat/", views_io.import_start, name="import_start"),
    path("nhap-xuat/lan-nhap/<int:pk>/", views_io.import_job, name="import_job"),
    path("nhap-xuat/mau/<slug:kind>/", views_io.import_template, name="import_template"),
    path("nhap-xuat/xuat/<slug:kind>/", views_io.export_data, name="export_data"),
]
