from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup`: checks its checksums, restores the "
        "stored files and the database, then runs migrate. Refuses a database that already "
        "holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The .tar.gz written by `backup`.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the data of a database that is in use (everything in it is lost).",
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check the archive against its manifest; change nothing.",
        )

    def handle(self, *args, archive: Path, force=False, check=False, verbosity=1, **options):
        def log(message: str) -> None:
            if verbosity > 0:
                self.stdout.write(message)

        try:
            if check:
                manifest = backups.verify_archive(archive)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{archive} is complete: a {manifest['database']['engine']} database "
                        f"and {len(manifest['files'])} files of {manifest['created_at']}."
                    )
                )
                return
            manifest = backups.restore_backup(
                archive, force=force, log=log, migrate_verbosity=verbosity
            )
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {manifest['created_at']}: the database and "
                f"{len(manifest['files'])} files."
            )
        )
