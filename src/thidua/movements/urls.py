from django.urls import include, path

app_name = "movements"

urlpatterns = [
    # Movements: list, detail, create/edit, launch and state, criteria table.
    path("", include("thidua.movements.urls_movement")),
    # Taking part: unit plans, briefings, registrations, progress per unit.
    path("", include("thidua.movements.urls_participation")),
]
