from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = (
        "Back up the database and every stored file into one .tar.gz "
        "(by default under BACKUP_DIR). Restore it with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The archive to write, or a directory to write it in (default: BACKUP_DIR).",
        )

    def handle(self, *args, output: Path | None = None, verbosity: int = 1, **options):
        def log(message: str) -> None:
            if verbosity > 0:
                self.stderr.write(message)

        try:
            path, manifest = backups.create_backup(output, log=log)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        size = path.stat().st_size
        if verbosity > 0:
            self.stderr.write(
                self.style.SUCCESS(
                    f"Backed up the {manifest['database']['engine']} database and "
                    f"{len(manifest['files'])} files ({size} bytes)."
                )
            )
        # The path alone on stdout, for scripts: `FILE=$(manage.py backup)`.
        self.stdout.write(str(path))
