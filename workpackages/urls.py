from django.urls import path

from workpackages import views

app_name = "workpackages"

urlpatterns = [
    path("", views.work_package_list, name="list"),
    path("new/", views.work_package_create, name="create"),
    path("<int:pk>/", views.work_package_detail, name="detail"),
    path("<int:pk>/edit/", views.work_package_edit, name="edit"),
    path("<int:pk>/delete/", views.work_package_delete, name="delete"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal_delete"),
    path("indicators/<int:pk>/delete/", views.indicator_delete, name="indicator_delete"),
    path("periods/<int:pk>/delete/", views.period_delete, name="period_delete"),
    path("<int:pk>/compliance/", views.compliance, name="compliance"),
    path("<int:work_package_pk>/goals/new/", views.goal_create, name="goal_create"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<int:goal_pk>/indicators/new/", views.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("<int:work_package_pk>/periods/new/", views.period_create, name="period_create"),
    path(
        "<int:work_package_pk>/periods/generate/", views.periods_generate, name="periods_generate"
    ),
    path("periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
    path("periods/<int:pk>/lock/", views.period_lock, name="period_lock"),
    path("periods/<int:pk>/unlock/", views.period_unlock, name="period_unlock"),
    path("export/", views.export, name="export"),
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("report/", views.report, name="report"),
    path("report/<int:period_pk>/<int:indicator_pk>/", views.update_new, name="update_new"),
    path("updates/<int:pk>/", views.update_detail, name="update"),
    path("updates/<int:pk>/edit/", views.update_edit, name="update_edit"),
    path("updates/<int:pk>/evidence/", views.update_evidence, name="update_evidence"),
    path("updates/<int:pk>/review/", views.update_review, name="update_review"),
    path("review/", views.review_queue, name="review_queue"),
    path("group-report/", views.group_report, name="group_report"),
    path(
        "group-report/<int:period_pk>/<int:indicator_pk>/",
        views.group_update_new,
        name="group_update_new",
    ),
    path("group-updates/<int:pk>/edit/", views.group_update_edit, name="group_update_edit"),
]
