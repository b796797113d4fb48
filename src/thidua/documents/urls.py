from django.urls import path

from thidua.documents import views

app_name = "documents"

urlpatterns = [
    path("quyet-dinh/<int:pk>/", views.decision_documents, name="decision"),
    path("quyet-dinh/<int:pk>/tao/", views.generate_decision, name="generate_decision"),
    path(
        "quyet-dinh/<int:pk>/giay-khen/", views.generate_certificates, name="generate_certificates"
    ),
    path("phong-trao/<str:code>/", views.movement_documents, name="movement"),
    path("phong-trao/<str:code>/ke-hoach/", views.generate_plan, name="generate_plan"),
    path("phong-trao/<str:code>/bao-cao/", views.generate_report, name="generate_report"),
    path(
        "phong-trao/<str:code>/to-trinh/<str:unit_code>/",
        views.generate_proposal,
        name="generate_proposal",
    ),
    path("phien-hop/<int:pk>/bien-ban/", views.generate_minutes, name="generate_minutes"),
    path("dot-tao/<int:pk>/", views.job_detail, name="job"),
    path("dot-tao/<int:pk>/tai-ve/<str:fmt>/", views.download_job, name="job_download"),
    path("tep/<int:pk>/<str:fmt>/", views.download_document, name="download"),
    path("mau/", views.template_list, name="templates"),
    path("mau/phien-ban/<int:pk>/dung/", views.activate_template_version, name="activate"),
    path("mau/phien-ban/<int:pk>/tep/", views.template_file, name="template_file"),
]
