from django.urls import path

from thidua.portal import views

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("phong-trao/<str:code>/", views.movement_detail, name="movement"),
]
