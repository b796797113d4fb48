"""Excel import and export of the award register and of initiatives (under "nhap/")."""

from django.urls import path

from thidua.awards import views_imports

urlpatterns = [
    path("", views_imports.import_start, name="import_start"),
    path("lan-nhap/<int:pk>/", views_imports.import_job, name="import_job"),
    path("mau/<slug:kind>/", views_imports.import_template, name="import_template"),
    path("xuat/<slug:kind>/", views_imports.export_data, name="export_data"),
]
