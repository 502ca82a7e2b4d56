from django.urls import path

from institutions import views

app_name = "institutions"

urlpatterns = [
    path("", views.institution_list, name="list"),
    path("new/", views.institution_create, name="create"),
    path("<int:pk>/", views.institution_detail, name="detail"),
    path("<int:pk>/edit/", views.institution_edit, name="edit"),
    path("<int:institution_pk>/people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("me/", views.my_contact_details, name="my_contact"),
    path(
        "<int:institution_pk>/memberships/new/", views.membership_create, name="membership_create"
    ),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership_edit"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/new/", views.group_create, name="group_create"),
    path("groups/<int:pk>/", views.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", views.group_edit, name="group_edit"),
]
