"""Page benchmark: time the main pages and count their queries at two data sizes.

    .venv/bin/python bench/pages.py [--institutions 7 60] [--repeat 20]

Builds a throw-away SQLite database under a temporary VAR_DIR, loads the demo data, adds
member institutions (each with a person) up to each size, then requests every page as the
secretariat with Django's test client and prints the median and 90th-percentile time and the
query count per page. Speed is measured here, never in the test suite; the suite only
guards that query counts stay constant as data grows.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = [
    ("home", "/"),
    ("institutions", "/institutions/"),
    ("institution", "/institutions/{bhas}/"),
    ("group", "/institutions/groups/{group}/"),
    ("meetings", "/meetings/"),
    ("meeting 7", "/meetings/{meeting}/"),
    ("actions", "/meetings/actions/"),
    ("decisions", "/meetings/decisions/"),
    ("work package", "/workpackages/{package}/"),
    ("compliance", "/workpackages/{package}/compliance/"),
    ("review queue", "/workpackages/review/"),
    ("plans overview", "/plans/overview/"),
    ("reports", "/reports/"),
]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--institutions", type=int, nargs="+", default=[7, 60])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    os.environ.setdefault("VAR_DIR", tempfile.mkdtemp(prefix="portal-bench-"))
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from institutions.models import Institution, WorkingGroup
    from tests.factories import PersonFactory, member_institution

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    call_command("demo_data", stdout=open(os.devnull, "w"))  # noqa: SIM115
    group = WorkingGroup.objects.get(short_name="WG-CKM")
    from meetings.models import Meeting
    from workpackages.models import WorkPackage

    ids = {
        "group": group.pk,
        "bhas": Institution.objects.get(acronym="BHAS").pk,
        "meeting": Meeting.objects.get(group=group, number=7).pk,
        "package": WorkPackage.objects.get(group=group).pk,
    }
    from django.contrib.auth import get_user_model

    client = Client()
    client.force_login(get_user_model().objects.get(username="secretariat"))

    print(f"{'page':<16}{'institutions':>13}{'queries':>9}{'median ms':>11}{'p90 ms':>9}")
    for size in sorted(args.institutions):
        while group.memberships.count() < size:
            PersonFactory(institution=member_institution(group))
        for name, template in PAGES:
            path = template.format(**ids)
            reset_queries()  # with DEBUG on, a full query log would hide the count
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
            timings = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                client.get(path)
                timings.append((time.perf_counter() - start) * 1000)
            timings.sort()
            p90 = timings[int(len(timings) * 0.9) - 1]
            print(
                f"{name:<16}{size:>13}{len(queries):>9}{statistics.median(timings):>11.1f}{p90:>9.1f}"
            )


if __name__ == "__main__":
    main()
