from django.urls import path

from . import views

app_name = "agreements"
urlpatterns = [
    path("partnerships/", views.partnership_list, name="partnerships"),
    path("partnerships/new/", views.partnership_create, name="partnership_create"),
    path("partnerships/<slug:slug>/", views.partnership_detail, name="partnership"),
    path("partnerships/<slug:slug>/edit/", views.partnership_edit, name="partnership_edit"),
    path("partnerships/<slug:slug>/parties/add/", views.party_add, name="party_add"),
    path(
        "partnerships/<slug:slug>/parties/<int:pk>/withdraw/",
        views.party_withdraw,
        name="party_withdraw",
    ),
    path(
        "partnerships/<slug:slug>/agreements/new/", views.agreement_create, name="agreement_create"
    ),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement_edit"),
    path("agreements/<int:pk>/revise/", views.agreement_revise, name="agreement_revise"),
    path("agreements/<int:pk>/accede/", views.agreement_accede, name="agreement_accede"),
    path("agreements/<int:pk>/terminate/", views.agreement_terminate, name="agreement_terminate"),
    path("agreements/<int:pk>/versions/<int:number>/", views.version_detail, name="version"),
    path(
        "agreements/<int:pk>/versions/<int:number>/sign/", views.version_sign, name="version_sign"
    ),
]
