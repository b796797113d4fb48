from django.contrib.auth import views as auth_views
from django.urls import include, path

from thidua.api.urls import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("dang-nhap/", auth_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("api/v1/", api.urls),
    path("to-chuc/", include("thidua.org.urls")),
    path("phong-trao/", include("thidua.movements.urls")),
    path("ket-qua/", include("thidua.results.urls")),
    path("khen-thuong/", include("thidua.awards.urls")),
    path("van-ban/", include("thidua.documents.urls")),
    path("cong-khai/", include("thidua.portal.urls")),
    path("", include("thidua.core.urls")),
]
