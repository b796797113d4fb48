from django.urls import path

from thidua.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("co-chu/", views.set_text_size, name="text_size"),
    path("lich-su/<str:app_label>/<str:model>/<str:pk>/", views.history, name="history"),
]
