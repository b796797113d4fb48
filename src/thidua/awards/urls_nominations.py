from django.urls import path

from thidua.awards import views_nominations as views

urlpatterns = [
    path("phong-trao/<str:code>/", views.nomination_list, name="nomination_list"),
    path("phong-trao/<str:code>/them/", views.nomination_create, name="nomination_create"),
    path("<int:pk>/", views.nomination_detail, name="nomination_detail"),
    path("<int:pk>/can-cu/", views.nomination_cite, name="nomination_cite"),
    path("<int:pk>/trang-thai/", views.nomination_state, name="nomination_state"),
    path("<int:pk>/y-kien/", views.nomination_override, name="nomination_override"),
]
