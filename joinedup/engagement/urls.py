from django.urls import path

from . import views

app_name = "engagement"
BASE = "partnerships/<slug:slug>/contact-programme/"
PROGRAMME = BASE + "<int:pk>/"
VISIT = PROGRAMME + "visits/<int:visit_pk>/"
urlpatterns = [
    path(BASE, views.programmes, name="programmes"),
    path(BASE + "new/", views.programme_create, name="programme_create"),
    path(PROGRAMME, views.programme_detail, name="programme"),
    path(PROGRAMME + "coverage/", views.coverage_page, name="coverage"),
    path(PROGRAMME + "visits/new/", views.visit_add, name="visit_add"),
    path(VISIT + "held/", views.visit_held, name="visit_held"),
    path(VISIT + "cancel/", views.visit_cancel, name="visit_cancel"),
    path(PROGRAMME + "roles/new/", views.appointment_add, name="appointment_add"),
    path(PROGRAMME + "staff-meetings/new/", views.staff_meeting_add, name="staff_meeting_add"),
    path(
        PROGRAMME + "staff-meetings/<int:meeting_pk>/held/",
        views.staff_meeting_held,
        name="staff_meeting_held",
    ),
]
