"""Movement pages, included by ``movements.urls`` (namespace ``movements``) before the
participation pages. Fixed words come before ``<code>/`` so a movement code cannot hide them;
the participation pages use other words after ``<code>/``."""

from django.urls import path

from thidua.movements import views_criteria, views_movement

urlpatterns = [
    path("", views_movement.movement_list, name="list"),
    path("tao/", views_movement.movement_create, name="create"),
    path("ke-hoach-cap-tren/tao/", views_movement.parent_plan_create, name="parent_plan_create"),
    path("<str:code>/", views_movement.movement_detail, name="detail"),
    path("<str:code>/sua/", views_movement.movement_edit, name="edit"),
    path("<str:code>/can-cu/", views_movement.movement_legal_bases, name="edit_legal_bases"),
    path("<str:code>/noi-dung/", views_movement.movement_sections, name="edit_sections"),
    path("<str:code>/giai-doan/", views_movement.movement_phases, name="edit_phases"),
    path(
        "<str:code>/don-vi-tham-gia/",
        views_movement.movement_participants,
        name="edit_participants",
    ),
    path("<str:code>/khen-thuong-du-kien/", views_movement.movement_awards, name="edit_awards"),
    path("<str:code>/trang-thai/", views_movement.movement_state, name="state"),
    path("<str:code>/tieu-chi/", views_criteria.criteria, name="criteria"),
    path("<str:code>/tieu-chi/dong-moi/", views_criteria.criteria_row, name="criteria_row"),
    path("<str:code>/tieu-chi/sao-chep/", views_criteria.criteria_copy, name="criteria_copy"),
]
