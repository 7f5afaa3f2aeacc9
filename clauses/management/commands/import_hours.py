"""python manage.py import_hours FILE [--utilisateur USERNAME]"""

from clauses.imports.monthly_hours import COLUMNS, import_hours
from clauses.management.file_import import FileImportCommand


class Command(FileImportCommand):
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

    file_help = "Chemin du fichier .csv ou .xlsx."
    user_help = "Importer avec les droits de ce compte (politique de permissions du portail)."

    def handle(self, *args, fichier, utilisateur=None, **options):
        path, user = self.source(fichier, utilisateur)
        report = import_hours(path, user=user)
        self.refuse_if_errors(report)
        self.stdout.write(self.style.SUCCESS(report.summary()))
