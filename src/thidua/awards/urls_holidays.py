from django.urls import path

from thidua.awards import views_holidays as views

urlpatterns = [
    path("", views.holiday_list, name="holiday_list"),
    path("them/", views.holiday_add, name="holiday_add"),
    path("<int:pk>/bo/", views.holiday_remove, name="holiday_remove"),
]
