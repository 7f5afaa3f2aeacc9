"""python manage.py import_decp FILE [--utilisateur USERNAME]"""

from clauses.imports.decp import import_decp
from clauses.management.file_import import FileImportCommand


class Command(FileImportCommand):
    help = (
        "Importe les marchés attribués des données essentielles de la commande publique "
        "(DECP, fichier JSON publié : {\"marches\": [...]}). Sont retenus les marchés avec "
        "une considération sociale dont le lieu d'exécution est dans les territoires de "
        "l'utilisateur (tous sans --utilisateur) : ils sont créés à l'état « Attribué » ou "
        "mis à jour, leurs titulaires reconnus par leur SIRET (créés s'ils sont inconnus). "
        "Les autres sont écartés, chacun avec son motif. Importer deux fois le même fichier "
        "ne change rien ; un fichier illisible est refusé et rien n'est enregistré."
    )

    file_help = "Chemin du fichier .json."
    user_help = "Importer avec les droits et les territoires de ce compte."

    def handle(self, *args, fichier, utilisateur=None, **options):
        path, user = self.source(fichier, utilisateur)
        report = import_decp(path, user=user)
        self.refuse_if_errors(report, _line)
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
