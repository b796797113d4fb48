from django.urls import include, path

app_name = "results"

urlpatterns = [
    # Activities and evidence files.
    path("", include("thidua.results.urls_activities")),
    # Periodic reports, assessments, blocs, rankings and progress.
    path("", include("thidua.results.urls_assessments")),
]
