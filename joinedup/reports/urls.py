from django.urls import path

from . import views

app_name = "reports"
REPORTS = "partnerships/<slug:slug>/reports/"
urlpatterns = [
    path(REPORTS, views.report_list, name="list"),
    path(REPORTS + "new/", views.report_request, name="request"),
    path(REPORTS + "<int:year>/q<int:number>/", views.quarter_report, name="quarter"),
    path(REPORTS + "runs/<int:pk>/", views.run_detail, name="run"),
    path(REPORTS + "runs/<int:pk>/report.docx", views.run_docx, name="run_docx"),
    path(REPORTS + "runs/<int:pk>/report.pdf", views.run_pdf, name="run_pdf"),
    path("partnerships/<slug:slug>/programme.csv", views.programme_csv, name="programme_csv"),
    path("partnerships/<slug:slug>/programme.xlsx", views.programme_xlsx, name="programme_xlsx"),
]
