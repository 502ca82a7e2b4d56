from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from portal import views
from portal.forms import LoginForm

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", views.account, name="account"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("institutions/", include("institutions.urls")),
    path("meetings/", include("meetings.urls")),
    path("workpackages/", include("workpackages.urls")),
    path("plans/", include("commsplans.urls")),
    path("reports/", include("portal.documents.urls")),
    path("notifications/", include("portal.notifications.urls")),
]
