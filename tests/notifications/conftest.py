from pathlib import Path

import pytest

TEMPLATES = Path(__file__).parent / "templates"


@pytest.fixture(autouse=True)
def _urls_and_timing(settings):
    settings.ROOT_URLCONF = "tests.notifications.urls"
    settings.SITE_URL = "https://portal.example.org"
    settings.MEETING_REMINDER_DAYS = [7, 1]
    settings.MEETING_UPDATE_QUIET_MINUTES = 5
    settings.NOTIFICATION_RETRY_BASE_SECONDS = 60
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 3600
    settings.NOTIFICATION_MAX_ATTEMPTS = 5
    settings.NOTIFICATION_STALE_MINUTES = 10
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], TEMPLATES]}
    ]
