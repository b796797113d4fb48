from django.urls import path

from thidua.awards import views_analytics as views

urlpatterns = [
    path("", views.unrecognised_page, name="unrecognised"),
]
