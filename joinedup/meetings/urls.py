from django.urls import path

from . import calendar_views, feeds, views

app_name = "meetings"
urlpatterns = [
    path("meetings/", calendar_views.meeting_calendar, name="calendar"),
    path("meetings/calendar.ics", calendar_views.calendar_feed, name="calendar_feed"),
    path("bodies/<int:body_pk>/meetings/", views.body_meetings, name="list"),
    path("bodies/<int:body_pk>/meetings/new/", views.meeting_schedule, name="schedule"),
    path("bodies/<int:body_pk>/meetings.ics", feeds.body_feed, name="body_feed"),
    path("partnerships/<slug:slug>/meetings.ics", feeds.partnership_feed, name="partnership_feed"),
    path(
        "partnerships/<slug:slug>/actions/overdue/",
        views.overdue_actions,
        name="overdue_actions",
    ),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/notice/", views.meeting_notice, name="notice"),
    path("meetings/<int:pk>/notice/correct/", views.meeting_notice_correct, name="notice_correct"),
    path("meetings/<int:pk>/cancel/", views.meeting_cancel, name="cancel"),
    path("meetings/<int:pk>/attendance/", views.attendance_record, name="attendance"),
    path("meetings/<int:pk>/items/new/", views.item_add, name="item_add"),
    path("meetings/<int:pk>/items/<int:number>/", views.item_detail, name="item"),
    path("meetings/<int:pk>/items/<int:number>/papers/new/", views.paper_add, name="paper_add"),
    path(
        "meetings/<int:pk>/items/<int:number>/declarations/new/",
        views.declaration_add,
        name="declaration_add",
    ),
    path(
        "meetings/<int:pk>/items/<int:number>/decision/",
        views.decision_record,
        name="decision_record",
    ),
    path("meetings/<int:pk>/actions/new/", views.action_add, name="action_add"),
    path("papers/<int:paper_pk>/", views.paper_download, name="paper"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision"),
    path("decisions/<int:pk>/refer/", views.decision_refer, name="refer"),
    path(
        "decisions/<int:pk>/ratification/",
        views.decision_send_for_ratification,
        name="send_for_ratification",
    ),
    path("decisions/<int:pk>/ratify/", views.decision_ratify, name="ratify"),
    path("actions/<int:action_pk>/done/", views.action_complete, name="action_complete"),
]
