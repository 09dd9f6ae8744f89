from django.urls import path

from . import views

app_name = "procurement"
urlpatterns = [
    path(
        "partnerships/<slug:slug>/procurement/",
        views.partnership_procurements,
        name="partnership_procurements",
    ),
    path(
        "partnerships/<slug:slug>/procurement/new/", views.procurement_add, name="procurement_add"
    ),
    path(
        "partnerships/<slug:slug>/procurement/opportunities/",
        views.opportunities_page,
        name="opportunities",
    ),
    path(
        "partnerships/<slug:slug>/procurement/ocds.json",
        views.partnership_ocds,
        name="partnership_ocds",
    ),
    path("procurement/<int:pk>/", views.procurement_detail, name="procurement"),
    path("procurement/<int:pk>/edit/", views.procurement_edit, name="procurement_edit"),
    path("procurement/<int:pk>/join/", views.procurement_join, name="procurement_join"),
    path("organisations/<str:code>/contracts/", views.register, name="register"),
    path("organisations/<str:code>/contracts.csv", views.register_csv, name="register_csv"),
    path("organisations/<str:code>/contracts/ocds.json", views.register_ocds, name="register_ocds"),
    path(
        "organisations/<str:code>/contracts/import/", views.register_import, name="register_import"
    ),
]
