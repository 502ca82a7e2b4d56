"""Login limits: per username and address, and per address across usernames.

django-axes counts failures for each of ``AXES_LOCKOUT_PARAMETERS`` but compares them all
with one limit (``AXES_FAILURE_LIMIT``). An address that tries many usernames must be
allowed more failures than one username from that address (an office behind one NAT
address mistypes too), so the address-only count is scaled onto the per-username
limit: the address is locked out once it reaches ``LOGIN_ADDRESS_FAILURE_LIMIT``.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class LoginLimitHandler(AxesDatabaseHandler):
    """Expects AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        per_username, per_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        limit = settings.AXES_FAILURE_LIMIT
        # floor(n * limit / address_limit) reaches ``limit`` exactly when n reaches
        # the address limit.
        scaled = per_address * limit // settings.LOGIN_ADDRESS_FAILURE_LIMIT
        return max(per_username, scaled)
