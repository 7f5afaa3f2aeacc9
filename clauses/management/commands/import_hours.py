"""python manage.py import_hours FILE [--utilisateur USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clauses.imports.monthly_hours import COLUMNS, import_hours


class Command(BaseCommand):
    help = (
        "Importe des heures mensuelles depuis un fichier CSV ou XLSX (colonnes : "
        + ", ".join(column.name for column in COLUMNS)
        + "). Chaque ligne est vérifiée ; à la moindre erreur, rien n'est enregistré et la "
        "commande se termine en erreur en listant les erreurs (les 200 premières, puis leur "
        "nombre). Importer deux fois "
        "le même fichier ne change rien. Un fichier de plus de IMPORT_MAX_ROWS lignes de "
        "données, ou plus long à vérifier que IMPORT_MAX_SECONDS secondes, est refusé "
        "(variables d'environnement). Avec --utilisateur, seuls les marchés et "
        "bénéficiaires que ce compte peut modifier sont acceptés ; sans, l'import est fait "
        "par le système, avec tous les droits."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Chemin du fichier .csv ou .xlsx.")
        parser.add_argument(
            "--utilisateur", metavar="IDENTIFIANT",
            help="Importer avec les droits de ce compte (politique de permissions du portail).",
        )

    def handle(self, *args, fichier, utilisateur=None, **options):
        path = Path(fichier)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {fichier}")
        user = None
        if utilisateur:
            user = get_user_model().objects.filter(
                username=utilisateur, is_active=True
            ).first()
            if user is None:
                raise CommandError(f"Compte « {utilisateur} » inconnu ou désactivé.")
        report = import_hours(path, user=user)
        if report.errors:
            for error in report.shown_errors:
                self.stderr.write(str(error))
            if report.more_errors:
                self.stderr.write(report.more_errors)
            raise CommandError(report.summary())
        self.stdout.write(self.style.SUCCESS(report.summary()))
