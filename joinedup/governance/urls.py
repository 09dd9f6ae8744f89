from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("partnerships/<slug:slug>/bodies/", views.body_list, name="body_list"),
    path(
        "partnerships/<slug:slug>/popolo.json", views.partnership_popolo, name="partnership_popolo"
    ),
    path("partnerships/<slug:slug>/bodies/new/", views.body_create, name="body_create"),
    path("bodies/<int:pk>/", views.body_detail, name="body"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body_edit"),
    path("bodies/<int:pk>/rules/", views.body_rules, name="body_rules"),
    path("bodies/<int:pk>/schedule/", views.body_schedule, name="body_schedule"),
    path("bodies/<int:pk>/popolo.json", views.body_popolo, name="body_popolo"),
    path("bodies/<int:pk>/seats/add/", views.seat_add, name="seat_add"),
    path("bodies/<int:pk>/seats/<int:seat_pk>/remove/", views.seat_remove, name="seat_remove"),
    path("bodies/<int:pk>/quorum/add/", views.quorum_add, name="quorum_add"),
    path(
        "bodies/<int:pk>/quorum/<int:requirement_pk>/remove/",
        views.quorum_remove,
        name="quorum_remove",
    ),
    path("bodies/<int:pk>/members/add/", views.member_add, name="member_add"),
    path("bodies/<int:pk>/members/<int:membership_pk>/end/", views.member_end, name="member_end"),
]
