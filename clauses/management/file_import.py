"""What the file-import commands share: the file and the account they import as, and the
report of a refused file (the first errors, then how many more)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class FileImportCommand(BaseCommand):
    file_help = "Chemin du fichier."
    user_help = "Importer avec les droits de ce compte."

    def add_arguments(self, parser):
        parser.add_argument("fichier", help=self.file_help)
        parser.add_argument("--utilisateur", metavar="IDENTIFIANT", help=self.user_help)

    def source(self, fichier: str, utilisateur: str | None):
        """The file to read and the account to import as (None: the system)."""
        path = Path(fichier)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        if not utilisateur:
            return path, None
        user = get_user_model().objects.filter(username=utilisateur, is_active=True).first()
        if user is None:
            raise CommandError(f"Compte « {utilisateur} » inconnu ou désactivé.")
        return path, user

    def refuse_if_errors(self, report, line=str) -> None:
        if not report.errors:
            return
        for error in report.shown_errors:
            self.stderr.write(line(error))
        if report.more_errors:
            self.stderr.write(report.more_errors)
        raise CommandError(report.summary())
