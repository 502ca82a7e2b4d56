from django.urls import path

from meetings import views, views_records

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/status/", views.meeting_status, name="status"),
    path("<int:pk>/calendar.ics", views.meeting_ics, name="ics"),
    path("<int:pk>/agenda/new/", views.agenda_add, name="agenda_add"),
    path(
        "<int:pk>/agenda/matters-arising/",
        views.agenda_matters_arising,
        name="agenda_matters_arising",
    ),
    path("agenda/<int:pk>/edit/", views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:pk>/move/<str:direction>/", views.agenda_move, name="agenda_move"),
    path("agenda/<int:pk>/delete/", views.agenda_delete, name="agenda_delete"),
    path("<int:pk>/attendance/", views.attendance_edit, name="attendance"),
    path("<int:pk>/attendance/export/", views.attendance_export, name="attendance_export"),
    path("<int:pk>/guests/new/", views.guest_add, name="guest_add"),
    path("guests/<int:pk>/delete/", views.guest_delete, name="guest_delete"),
    path("<int:pk>/decisions/new/", views_records.decision_add, name="decision_add"),
    path("decisions/", views_records.decision_list, name="decisions"),
    path("decisions/<int:pk>/edit/", views_records.decision_edit, name="decision_edit"),
    path("<int:pk>/actions/new/", views_records.action_add, name="action_add"),
    path("actions/", views_records.action_list, name="actions"),
    path("actions/<int:pk>/edit/", views_records.action_edit, name="action_edit"),
    path("actions/<int:pk>/done/", views_records.action_done, name="action_done"),
    path("<int:pk>/minutes/", views_records.minutes_edit, name="minutes"),
    path("<int:pk>/minutes/comment/", views_records.minutes_comment, name="comment"),
    path("<int:pk>/files/new/", views_records.attachment_add, name="attachment_add"),
    path("files/<int:pk>/", views_records.attachment_download, name="attachment"),
    path("files/<int:pk>/delete/", views_records.attachment_delete, name="attachment_delete"),
]
