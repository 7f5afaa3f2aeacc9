"""python manage.py import_decp FILE [--utilisateur USERNAME]"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from clauses.imports.decp import import_decp


class Command(BaseCommand):
    help = (
        "Importe les marchés attribués des données essentielles de la commande publique "
        "(DECP, fichier JSON publié : {\"marches\": [...]}). Sont retenus les marchés avec "
        "une considération sociale dont le lieu d'exécution est dans les territoires de "
        "l'utilisateur (tous sans --utilisateur) : ils sont créés à l'état « Attribué » ou "
        "mis à jour, leurs titulaires reconnus par leur SIRET (créés s'ils sont inconnus). "
        "Les autres sont écartés, chacun avec son motif. Importer deux fois le même fichier "
        "ne change rien ; un fichier illisible est refusé et rien n'est enregistré."
    )

    def add_arguments(self, parser):
        parser.add_argument("fichier", help="Chemin du fichier .json.")
        parser.add_argument(
            "--utilisateur", metavar="IDENTIFIANT",
            help="Importer avec les droits et les territoires de ce compte.",
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
        report = import_decp(path, user=user)
        if report.errors:
            for error in report.shown_errors:
                self.stderr.write(_line(error))
            if report.more_errors:
                self.stderr.write(report.more_errors)
            raise CommandError(report.summary())
        for skipped in report.shown_skipped:
            self.stdout.write(f"Écarté — {_line(skipped)}")
        if report.more_skipped:
            self.stdout.write(report.more_skipped)
        self.stdout.write(self.style.SUCCESS(report.summary()))


def _line(row) -> str:
    where = f"marché n° {row.line}" if row.line else "fichier"
    if row.column:
        where += f" ({row.column})"
    return f"{where} : {row.message}"
