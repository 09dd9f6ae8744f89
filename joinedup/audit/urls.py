from django.urls import path

from . import views

app_name = "audit"
urlpatterns = [
    path("<str:model_label>/<int:pk>/", views.record_history, name="history"),
    path("export/", views.export_page, name="export"),
    path("export/<str:code>.csv", views.export_csv, name="export_csv"),
]
