from django.urls import path

from thidua.portal import views, views_disclosure, views_verify

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("phong-trao/<str:code>/", views.movement_detail, name="movement"),
    path("danh-sach/", views_disclosure.disclosure_list, name="disclosures"),
    path("danh-sach/<str:code>/", views_disclosure.disclosure_detail, name="disclosure"),
    path("xac-minh/<str:token>/", views_verify.verify_document, name="verify_document"),
]
