from django.urls import path

from portal.documents import views

app_name = "documents"

urlpatterns = [
    path("", views.reports, name="reports"),
    path("list/", views.document_list, name="list"),
    path("request/<slug:kind>/", views.request_document, name="request"),
    path("<int:pk>/download/", views.download, name="download"),
    path("<int:pk>/retry/", views.retry, name="retry"),
]
