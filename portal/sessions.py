"""Sessions end after SESSION_IDLE_MINUTES without a request.

The session's expiry (SESSION_COOKIE_AGE, the same number of minutes) is moved on by
saving the session; saving on every request would cost a write per page, so the
middleware records the time of the last activity and saves at most once a minute. A
session that has been idle longer than the limit is flushed here too, whatever its
stored expiry says (a session saved before the limit was lowered, say).

A password change ends the user's other sessions through Django's session auth hash:
``update_session_auth_hash`` keeps the session that changed it, every other one fails
the hash check on its next request and is logged out.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout

LAST_ACTIVITY = "portal_last_activity"
REFRESH_SECONDS = 60


def mark_active(sender, request, user, **kwargs) -> None:
    """``user_logged_in`` receiver: the login is the first activity (saved with the login)."""
    if request is not None and hasattr(request, "session"):
        request.session[LAST_ACTIVITY] = int(time.time())


class IdleTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(LAST_ACTIVITY)
            if last is not None and now - last > settings.SESSION_IDLE_MINUTES * 60:
                logout(request)
            elif last is None or now - last >= REFRESH_SECONDS:
                request.session[LAST_ACTIVITY] = now
        return self.get_response(request)
