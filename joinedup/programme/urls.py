from django.urls import path

from . import views

app_name = "programme"
INITIATIVE = "partnerships/<slug:slug>/programme/<int:pk>/"
urlpatterns = [
    path("partnerships/<slug:slug>/programme/", views.programme, name="programme"),
    path(
        "partnerships/<slug:slug>/programme/exceptions/",
        views.exceptions_list,
        name="exceptions",
    ),
    path(
        "partnerships/<slug:slug>/programme/new/",
        views.initiative_create,
        name="initiative_create",
    ),
    path(INITIATIVE, views.initiative_detail, name="initiative"),
    path(INITIATIVE + "stage/", views.initiative_status, name="initiative_status"),
    path(INITIATIVE + "business-case/", views.business_case, name="business_case"),
    path(INITIATIVE + "business-case/approvals/new/", views.approval_add, name="approval_add"),
    path(INITIATIVE + "pilot/", views.pilot_start, name="pilot_start"),
    path(
        INITIATIVE + "pilot/reviews/<int:review_pk>/",
        views.review_record,
        name="review_record",
    ),
    path(INITIATIVE + "kpis/new/", views.kpi_add, name="kpi_add"),
    path(INITIATIVE + "kpis/<int:kpi_pk>/target/", views.kpi_target, name="kpi_target"),
    path(
        INITIATIVE + "kpis/<int:kpi_pk>/figures/new/", views.kpi_actual_add, name="kpi_actual_add"
    ),
    path(INITIATIVE + "kpis/<int:kpi_pk>/figures/upload/", views.kpi_upload, name="kpi_upload"),
    path(
        INITIATIVE + "kpis/<int:kpi_pk>/figures/<int:actual_pk>/correct/",
        views.kpi_actual_correct,
        name="kpi_actual_correct",
    ),
    path(INITIATIVE + "reports/new/", views.status_report_add, name="status_report_add"),
]
