from django.urls import path

from . import views

app_name = "committees"
urlpatterns = [
    path("organisations/<str:code>/committee-system/", views.system, name="system"),
    path(
        "partnerships/<slug:slug>/council-meetings/",
        views.council_meetings,
        name="council_meetings",
    ),
    path("partnerships/<slug:slug>/council-meetings/committees/", views.choose, name="choose"),
]
