from django.urls import path

from workpackages.views import exports, imports, packages, reporting, review

app_name = "workpackages"

urlpatterns = [
    path("", packages.work_package_list, name="list"),
    path("new/", packages.work_package_create, name="create"),
    path("<int:pk>/", packages.work_package_detail, name="detail"),
    path("<int:pk>/edit/", packages.work_package_edit, name="edit"),
    path("<int:pk>/delete/", packages.work_package_delete, name="delete"),
    path("goals/<int:pk>/delete/", packages.goal_delete, name="goal_delete"),
    path("indicators/<int:pk>/delete/", packages.indicator_delete, name="indicator_delete"),
    path("periods/<int:pk>/delete/", packages.period_delete, name="period_delete"),
    path("<int:pk>/compliance/", packages.compliance, name="compliance"),
    path("<int:work_package_pk>/goals/new/", packages.goal_create, name="goal_create"),
    path("goals/<int:pk>/edit/", packages.goal_edit, name="goal_edit"),
    path("goals/<int:goal_pk>/indicators/new/", packages.indicator_create, name="indicator_create"),
    path("indicators/<int:pk>/", packages.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", packages.indicator_edit, name="indicator_edit"),
    path("<int:work_package_pk>/periods/new/", packages.period_create, name="period_create"),
    path(
        "<int:work_package_pk>/periods/generate/",
        packages.periods_generate,
        name="periods_generate",
    ),
    path("periods/<int:pk>/edit/", packages.period_edit, name="period_edit"),
    path("periods/<int:pk>/lock/", packages.period_lock, name="period_lock"),
    path("periods/<int:pk>/unlock/", packages.period_unlock, name="period_unlock"),
    path("export/", exports.export, name="export"),
    path("import/", imports.import_upload, name="import"),
    path("import/confirm/", imports.import_confirm, name="import_confirm"),
    path("report/", reporting.report, name="report"),
    path("report/<int:period_pk>/<int:indicator_pk>/", reporting.update_new, name="update_new"),
    path("updates/<int:pk>/", reporting.update_detail, name="update"),
    path("updates/<int:pk>/edit/", reporting.update_edit, name="update_edit"),
    path("updates/<int:pk>/evidence/", reporting.update_evidence, name="update_evidence"),
    path("updates/<int:pk>/review/", review.update_review, name="update_review"),
    path("review/", review.review_queue, name="review_queue"),
    path("group-report/", reporting.group_report, name="group_report"),
    path(
        "group-report/<int:period_pk>/<int:indicator_pk>/",
        reporting.group_update_new,
        name="group_update_new",
    ),
    path("group-updates/<int:pk>/edit/", reporting.group_update_edit, name="group_update_edit"),
]
