"""The screening page, included by ``awards/urls.py`` (namespace ``awards``)."""

from django.urls import path

from thidua.awards import views_eligibility

urlpatterns = [
    path("", views_eligibility.screening, name="eligibility"),
]
