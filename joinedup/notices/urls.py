from django.urls import path

from . import feeds, views

app_name = "notices"
urlpatterns = [
    path("", views.board, name="board"),
    path("search/", views.search_page, name="search"),
    path("new/", views.create, name="create"),
    path("coming-up/", views.coming_up, name="coming_up"),
    path("subscriptions/", views.subscriptions, name="subscriptions"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/areas/new/", views.area_add, name="area_add"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("<int:pk>/corrections/new/", views.correct, name="correct"),
    path("<int:pk>/consultation/", views.consultation, name="consultation"),
    path("<int:pk>/consultation/new/", views.consultation_open, name="consultation_open"),
    path("<int:pk>/consultation/respond/", views.respond, name="respond"),
    path("areas/<str:code>/feed.atom", feeds.area_atom, name="area_atom_feed"),
    path("areas/<str:code>/feed.rss", feeds.area_rss, name="area_rss_feed"),
    path("publishers/<str:code>/feed.atom", feeds.publisher_atom, name="publisher_atom_feed"),
    path("publishers/<str:code>/feed.rss", feeds.publisher_rss, name="publisher_rss_feed"),
]
