from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from portal.registry import registry
from portal.roles import sync_role_groups


class Command(BaseCommand):
    help = "Load the demo working group (the seventh meeting in Konjic). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (it creates logins whose password is 'demo').",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: demo data creates logins with the password 'demo'. "
                "Use --force if you really mean it."
            )
        sync_role_groups()
        with transaction.atomic():
            for step in registry.demo_steps:
                self.stdout.write(f"Loading {step.name}…")
                step.load(out=self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(
            f"Log in at {settings.SITE_URL}{reverse('login')} with password 'demo' as:\n"
            "  secretariat  (secretariat: edits everything)\n"
            "  coordinator  (coordinator: reads everything, downloads reports)\n"
            "  statistics   (representative of the Agency for Statistics of BiH)"
        )
