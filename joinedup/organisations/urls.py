from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("<str:code>/", views.organisation_detail, name="detail"),
    path("<str:code>/edit/", views.organisation_edit, name="edit"),
    path("<str:code>/people/add/", views.person_add, name="person_add"),
    path("<str:code>/people/import/", views.people_import, name="people_import"),
    path("<str:code>/people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("<str:code>/people/<int:pk>/posts/add/", views.post_add, name="post_add"),
    path("<str:code>/people/<int:pk>/posts/<int:post_pk>/end/", views.post_end, name="post_end"),
]
