from django.urls import path

from commsplans import views

app_name = "commsplans"

urlpatterns = [
    path("", views.plan_list, name="list"),
    path("overview/", views.overview, name="overview"),
    path("new/", views.plan_create, name="create"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/sections/<slug:section>/", views.section_edit, name="section_edit"),
    path("<int:pk>/submit/", views.plan_submit, name="submit"),
    path("<int:pk>/revision/", views.plan_revision, name="revision"),
    path("<int:pk>/review/", views.review_create, name="review"),
    path("<int:pk>/approve/", views.plan_approve, name="approve"),
    path("recommendations/<int:pk>/answer/", views.recommendation_answer, name="answer"),
]
