"""The portal's URLs, plus a stand-in meeting page while the meetings app has no URLs yet.

E-mails and the .ics link to ``meetings:detail``; once the meetings app's URLs are merged
into portal.urls this module adds nothing.
"""

from importlib.util import find_spec

from django.http import HttpResponse
from django.urls import include, path

from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = list(portal_urlpatterns)
if find_spec("meetings.urls") is None:
    _meetings = ([path("<int:pk>/", lambda request, pk: HttpResponse(), name="detail")], "meetings")
    urlpatterns.append(path("meetings/", include(_meetings)))
